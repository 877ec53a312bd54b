"""The block and pledge pages: who sees what, forms that refuse bad input without saving,
reports with evidence, scoring, the ranking and the flag, and query counts that do not grow
with the number of blocks or units."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import AwardDecision
from emulation.enums import PledgeStatus, ReportPeriod, ReportStatus
from emulation.models import (
    BlockMember,
    EmulationBlock,
    Pledge,
    PledgeIndicator,
    PledgeReport,
    ReportEvidence,
)
from emulation.services.pledges import (
    pledge_report_open,
    pledge_transition,
    report_evidence_add,
)
from tests.factories import make_unit
from tests.factories.movements import officer_of
from tests.factories.pledges import (
    computed,
    indicator_source,
    make_block,
    make_pledge,
    reported,
    score_report,
    submit_report,
)
from unions.enums import Role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
YEAR_END = datetime.date(2025, 12, 31)


def login(client, user):
    client.force_login(user)
    return client


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def block(tree, officer):
    return make_block(
        tree.province_a,
        [tree.district_a1, tree.district_a2],
        chair=tree.district_a1,
        year=2025,
        name="Cụm thi đua các LĐLĐ huyện",
        actor=officer,
    )


@pytest.fixture
def pledge(block, officer):
    return make_pledge(
        block,
        year=2025,
        indicators=[reported("Tỷ lệ văn bản ký số", target="90", max_score="10")],
        signed=True,
        signed_on=datetime.date(2025, 1, 15),
        actor=officer,
    )


# --- the block list and pages --------------------------------------------------------------


def test_block_list_shows_the_blocks_the_user_sees(client, tree, block):
    other = make_block(tree.province_b, [tree.district_b1], name="Khối tỉnh B")
    response = login(client, officer_of(tree.district_a2)).get(reverse("pledges:block_list"))
    assert response.status_code == 200
    blocks = list(response.context["page"].object_list)
    assert blocks == [block]
    assert other not in blocks
    assert "Cụm thi đua các LĐLĐ huyện" in response.content.decode()


def test_block_list_queries_do_not_grow_with_blocks(client, tree, officer):
    make_block(tree.province_a, [tree.district_a1], chair=tree.district_a1, actor=officer)
    client = login(client, officer)
    url = reverse("pledges:block_list") + "?year=2026"
    few = count_queries(client, url)
    for number in range(12):
        block = make_block(
            tree.province_a,
            [tree.district_a1, tree.district_a2],
            chair=tree.district_a2,
            actor=officer,
            name=f"Khối số {number}",
        )
        if number % 2:
            make_pledge(block, year=2026, actor=officer)
    assert count_queries(client, url) == few


def test_block_create_page(client, tree, officer):
    client = login(client, officer)
    url = reverse("pledges:block_create")
    response = client.post(
        url, {"managing_unit": tree.province_b.code, "name": "Khối", "kind": "block"}
    )
    assert response.status_code == 400
    assert "managing_unit" in response.context["form"].errors
    response = client.post(
        url, {"managing_unit": tree.province_a.code, "name": " ", "kind": "block"}
    )
    assert response.status_code == 400
    assert not EmulationBlock.objects.exists()
    response = client.post(
        url, {"managing_unit": tree.province_a.code, "name": "Khối doanh nghiệp", "kind": "block"}
    )
    block = EmulationBlock.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("pledges:block_detail", args=[block.pk])


def test_block_create_page_needs_the_capability(client, tree):
    viewer = officer_of(tree.province_a, Role.VIEWER)
    assert login(client, viewer).get(reverse("pledges:block_create")).status_code == 403


def test_block_detail_shows_members_rotation_and_pledges(client, tree, block, officer):
    make_pledge(block, year=2025, actor=officer)
    response = login(client, officer_of(tree.district_a2, Role.VIEWER)).get(
        reverse("pledges:block_detail", args=[block.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert tree.district_a1.name in page and tree.district_a2.name in page
    assert 'data-year="2025"' in page
    assert not response.context["can_manage"]
    assert 'id="add-member"' not in page


@pytest.mark.parametrize(
    ("position", "role", "status"),
    [
        ("province_a", Role.OFFICER, 200),
        ("district_a1", Role.VIEWER, 200),
        ("province_b", Role.OFFICER, 404),
        ("grassroots_b1x", Role.VIEWER, 404),
    ],
)
def test_block_and_pledge_pages_matrix(client, tree, block, pledge, position, role, status):
    client = login(client, officer_of(getattr(tree, position), role))
    assert client.get(reverse("pledges:block_detail", args=[block.pk])).status_code == status
    assert client.get(reverse("pledges:pledge_detail", args=[pledge.pk])).status_code == status
    assert client.get(reverse("pledges:pledge_ranking", args=[pledge.pk])).status_code == status


def test_pages_need_a_login(client, block):
    response = client.get(reverse("pledges:block_detail", args=[block.pk]))
    assert response.status_code == 302 and "/dang-nhap/" in response.url


def test_member_forms(client, tree, block, officer):
    client = login(client, officer)
    url = reverse("pledges:member_add", args=[block.pk])
    response = client.post(url, {"unit": tree.district_b1.code, "joined_on": "01/03/2025"})
    assert response.status_code == 400
    response = client.post(url, {"unit": tree.grassroots_a1x.code, "joined_on": "31/02/2025"})
    assert response.status_code == 400
    response = client.post(url, {"unit": tree.grassroots_a1x.code, "joined_on": "01/03/2025"})
    assert response.status_code == 302
    member = BlockMember.objects.get(block=block, unit=tree.grassroots_a1x)
    assert member.joined_on == datetime.date(2025, 3, 1)
    leave = reverse("pledges:member_leave", args=[block.pk, member.pk])
    response = client.post(leave, {"left_on": "01/01/2025"})
    assert response.status_code == 400
    assert client.post(leave, {"left_on": "01/04/2025"}).status_code == 302
    member.refresh_from_db()
    assert member.left_on == datetime.date(2025, 4, 1)
    # A member's officer may not change the block.
    member_client = login(client, officer_of(tree.district_a1))
    assert member_client.get(url).status_code == 403


def test_leadership_form(client, tree, block, officer):
    client = login(client, officer)
    url = reverse("pledges:leadership", args=[block.pk])
    response = client.post(
        url,
        {"year": 2026, "chair": tree.district_a2.pk, "vice_chair": tree.district_a2.pk},
    )
    assert response.status_code == 400
    assert "vice_chair" in response.context["form"].errors
    response = client.post(
        url, {"year": 2026, "chair": tree.district_a2.pk, "vice_chair": tree.district_a1.pk}
    )
    assert response.status_code == 302
    assert block.leaderships.get(year=2026).chair == tree.district_a2


# --- drafting and signing through the pages ------------------------------------------------


def test_pledge_drafting_pages(client, tree, block, officer):
    client = login(client, officer)
    response = client.post(
        reverse("pledges:pledge_create", args=[block.pk]),
        {"title": "Giao ước thi đua năm 2026", "year": 2026, "movement": ""},
    )
    pledge = Pledge.objects.get()
    assert response.status_code == 302
    add = reverse("pledges:indicator_add", args=[pledge.pk])
    values = {
        "name": "Số sáng kiến",
        "unit_of_measure": "sáng kiến",
        "target": "5",
        "direction": "higher",
        "max_score": "20",
        "source": "computed",
        "computed_key": "",
    }
    response = client.post(add, values)
    assert response.status_code == 400
    assert "computed_key" in response.context["form"].errors
    response = client.post(add, {**values, "max_score": "0", "source": "reported"})
    assert response.status_code == 400
    assert not PledgeIndicator.objects.exists()
    assert client.post(add, {**values, "source": "reported"}).status_code == 302
    indicator = PledgeIndicator.objects.get()
    remove = reverse("pledges:indicator_remove", args=[pledge.pk, indicator.pk])
    assert client.get(remove).status_code == 405
    # Signing refuses while a member has not signed.
    signatory = reverse("pledges:signatory_add", args=[pledge.pk])
    client.post(signatory, {"unit": tree.district_a1.pk, "signer_name": "Lê Văn Tám"})
    sign = reverse("pledges:pledge_sign", args=[pledge.pk])
    response = client.post(sign, {"signed_on": "15/01/2026", "signed_at_place": "Đông Hà"})
    assert response.status_code == 400
    assert tree.district_a2.name in response.content.decode()
    client.post(signatory, {"unit": tree.district_a2.pk, "signer_name": "Hồ Thị Lý"})
    assert client.post(sign, {"signed_on": "15/01/2026"}).status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SIGNED


def test_pledge_drafting_is_for_the_managing_unit_and_the_chair(client, tree, block, officer):
    pledge = make_pledge(block, year=2025, actor=officer)
    url = reverse("pledges:indicator_add", args=[pledge.pk])
    assert login(client, officer_of(tree.district_a2)).get(url).status_code == 403
    assert login(client, officer_of(tree.district_a1)).get(url).status_code == 200


# --- the pledge page and its query counts --------------------------------------------------


def _populated(tree, count: int, officer):
    units = [
        make_unit(tree.province_a, name=f"Liên đoàn Lao động huyện {n:02d}") for n in range(count)
    ]
    block = make_block(tree.province_a, units, chair=units[0], year=2025, actor=officer)
    pledge = make_pledge(
        block, year=2025, signed=True, signed_on=datetime.date(2025, 1, 15), actor=officer
    )
    for index, unit in enumerate(units):
        mid = submit_report(
            pledge, unit, period=ReportPeriod.MID_YEAR, as_of=datetime.date(2025, 6, 30)
        )
        score_report(mid, [index % 3, 5], actor=officer)
        report = submit_report(pledge, unit, as_of=YEAR_END)
        if index % 4:
            score_report(report, [index % 3, 5], actor=officer)
    return pledge


def test_pledge_page_queries_do_not_grow_with_units(client, tree, officer):
    client = login(client, officer)
    one = _populated(tree, 1, officer)
    few = count_queries(client, reverse("pledges:pledge_detail", args=[one.pk]))
    few_ranking = count_queries(client, reverse("pledges:pledge_ranking", args=[one.pk]))
    many = _populated(tree, 12, officer)
    assert count_queries(client, reverse("pledges:pledge_detail", args=[many.pk])) == few
    assert count_queries(client, reverse("pledges:pledge_ranking", args=[many.pk])) == few_ranking


def test_pledge_page_shows_the_ranking_with_ties(client, tree, block, pledge, officer):
    score_report(submit_report(pledge, tree.district_a1, as_of=YEAR_END), [7], actor=officer)
    score_report(submit_report(pledge, tree.district_a2, as_of=YEAR_END), [7], actor=officer)
    response = login(client, officer_of(tree.district_a2, Role.VIEWER)).get(
        reverse("pledges:pledge_detail", args=[pledge.pk])
    )
    ranks = [row.rank for row in response.context["ranking"]]
    assert ranks == [1, 1]
    page = response.content.decode()
    assert 'id="ranking-table"' in page
    assert page.count('data-rank="1"') == 2


# --- reports through the pages -------------------------------------------------------------


def test_report_pages_open_fill_and_submit(client, tree, pledge):
    unit_officer = officer_of(tree.district_a2)
    client = login(client, unit_officer)
    response = client.post(
        reverse("pledges:report_open", args=[pledge.pk]),
        {"unit": tree.district_a2.pk, "period": ReportPeriod.YEAR_END},
    )
    report = PledgeReport.objects.get()
    assert response.url == reverse("pledges:report_detail", args=[report.pk])
    indicator = pledge.indicators.get()
    url = reverse("pledges:report_detail", args=[report.pk])
    response = client.post(
        url, {"as_of": "31/12/2025", "note": "", f"value_{indicator.pk}": "nhiều"}
    )
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.values.get().reported_value is None
    response = client.post(
        url,
        {
            "as_of": "31/12/2025",
            "note": "Hoàn thành",
            f"value_{indicator.pk}": "95,5",
            f"comment_{indicator.pk}": "Theo hệ thống quản lý văn bản",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.values.get().reported_value == Decimal("95.50")
    # Another member's officer cannot open a report for the unit, nor read it.
    other = login(client, officer_of(tree.district_a1, Role.VIEWER))
    assert other.get(url).status_code == 404
    response = other.post(
        reverse("pledges:report_open", args=[pledge.pk]),
        {"unit": tree.district_a2.pk, "period": ReportPeriod.MID_YEAR},
    )
    assert response.status_code == 403


def test_report_page_shows_the_live_computed_figure(client, tree, block, officer):
    with indicator_source("test_live", value="4") as key:
        pledge = make_pledge(
            block,
            year=2025,
            indicators=[computed(key, "Số sáng kiến được công nhận")],
            signed=True,
            signed_on=datetime.date(2025, 1, 15),
            actor=officer,
        )
        unit_officer = officer_of(tree.district_a1)
        report = pledge_report_open(
            pledge=pledge, unit=tree.district_a1, period=ReportPeriod.YEAR_END, actor=unit_officer
        )
        response = login(client, unit_officer).get(
            reverse("pledges:report_detail", args=[report.pk])
        )
    page = response.content.decode()
    assert 'class="live-value">4<' in page
    assert "Hằng số thử cho" in page
    # No field to type a computed value.
    assert f'name="value_{pledge.indicators.get().pk}"' not in page


def test_evidence_upload_and_download_matrix(client, tree, pledge, officer):
    unit_officer = officer_of(tree.district_a2)
    report = pledge_report_open(
        pledge=pledge, unit=tree.district_a2, period=ReportPeriod.YEAR_END, actor=unit_officer
    )
    client = login(client, unit_officer)
    upload_url = reverse("pledges:evidence_add", args=[report.pk])
    response = client.post(upload_url, {"upload": SimpleUploadedFile("a.pdf", b"not a pdf")})
    assert response.status_code == 400
    assert not ReportEvidence.objects.exists()
    response = client.post(
        upload_url, {"upload": SimpleUploadedFile("bien-ban.pdf", PDF), "description": "BB"}
    )
    assert response.status_code == 302
    evidence = ReportEvidence.objects.get()
    url = reverse("pledges:evidence_download", args=[report.pk, evidence.pk])
    cases = [
        (unit_officer, 200),
        (officer_of(tree.district_a1), 200),  # the chair of 2025
        (officer, 200),  # the managing unit
        (officer_of(tree.district_a2, Role.VIEWER), 200),
        (officer_of(tree.district_a1, Role.VIEWER), 404),  # the chair's viewer does not score
        (officer_of(tree.province_b), 404),
    ]
    for user, status in cases:
        response = login(client, user).get(url)
        assert response.status_code == status, user
        if status == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Disposition"].startswith("attachment")


def test_evidence_of_another_report_is_not_found(client, tree, pledge):
    first = pledge_report_open(
        pledge=pledge,
        unit=tree.district_a2,
        period=ReportPeriod.YEAR_END,
        actor=officer_of(tree.district_a2),
    )
    second = pledge_report_open(
        pledge=pledge,
        unit=tree.district_a1,
        period=ReportPeriod.YEAR_END,
        actor=officer_of(tree.district_a1),
    )
    evidence = report_evidence_add(
        report=first, upload=SimpleUploadedFile("a.pdf", PDF), actor=officer_of(tree.district_a2)
    )
    url = reverse("pledges:evidence_download", args=[second.pk, evidence.pk])
    assert login(client, officer_of(tree.district_a1)).get(url).status_code == 404


# --- scoring, closing and the flag through the pages ---------------------------------------


def test_score_page_refuses_a_score_above_the_maximum(client, tree, pledge):
    report = submit_report(
        pledge, tree.district_a2, as_of=YEAR_END, values={"Tỷ lệ văn bản ký số": 45}
    )
    indicator = pledge.indicators.get()
    chair_client = login(client, officer_of(tree.district_a1))
    url = reverse("pledges:report_score", args=[report.pk])
    response = chair_client.get(url)
    assert response.status_code == 200
    assert response.context["form"].initial[f"score_{indicator.pk}"] == Decimal("5.00")
    response = chair_client.post(
        url,
        {
            f"checked_{indicator.pk}": "45",
            f"score_{indicator.pk}": "12",
            f"note_{indicator.pk}": "",
        },
    )
    assert response.status_code == 400
    assert f"score_{indicator.pk}" in response.context["form"].errors
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    response = chair_client.post(
        url, {f"checked_{indicator.pk}": "45", f"score_{indicator.pk}": "4,5"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.total_score == Decimal("4.50")
    member_client = login(client, officer_of(tree.district_a2))
    assert member_client.get(url).status_code == 403


def test_close_and_propose_the_flag_through_the_pages(client, tree, pledge, officer):
    score_report(submit_report(pledge, tree.district_a2, as_of=YEAR_END), [9], actor=officer)
    score_report(submit_report(pledge, tree.district_a1, as_of=YEAR_END), [6], actor=officer)
    chair_client = login(client, officer_of(tree.district_a1))
    close = reverse("pledges:pledge_close", args=[pledge.pk])
    assert chair_client.get(close).status_code == 405
    assert chair_client.post(close).status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.CLOSED
    detail = reverse("pledges:pledge_detail", args=[pledge.pk])
    response = chair_client.get(detail)
    assert response.context["flag_form"] is not None
    response = chair_client.post(
        reverse("pledges:flag_propose", args=[pledge.pk]), {"unit": tree.district_a1.pk}
    )
    assert response.status_code == 302
    assert not AwardDecision.objects.exists()
    chair_client.post(
        reverse("pledges:flag_propose", args=[pledge.pk]), {"unit": tree.district_a2.pk}
    )
    decision = AwardDecision.objects.get()
    assert decision.issuer == tree.province_a
    response = login(client, officer).get(detail)
    assert response.context["flag_url"] == reverse("honours:decision_detail", args=[decision.pk])
    assert 'id="flag-proposal-link"' in response.content.decode()


def test_close_is_refused_with_a_message_when_unscored(client, tree, pledge, officer):
    submit_report(pledge, tree.district_a2, as_of=YEAR_END)
    client = login(client, officer)
    response = client.post(reverse("pledges:pledge_close", args=[pledge.pk]), follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])[0].level_tag == "error"
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SIGNED


def test_report_return_through_the_page(client, tree, pledge, officer):
    report = submit_report(pledge, tree.district_a2, as_of=YEAR_END)
    client = login(client, officer)
    url = reverse("pledges:report_return", args=[report.pk])
    assert client.post(url, {"note": ""}).status_code == 400
    assert client.post(url, {"note": "Bổ sung minh chứng"}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_closed_pledge_offers_no_report_writing(client, tree, pledge, officer):
    score_report(submit_report(pledge, tree.district_a2, as_of=YEAR_END), [9], actor=officer)
    pledge_transition(pledge=pledge, action="close", actor=officer)
    response = login(client, officer_of(tree.district_a1)).get(
        reverse("pledges:pledge_detail", args=[pledge.pk])
    )
    assert 'class="inline report-open"' not in response.content.decode()
