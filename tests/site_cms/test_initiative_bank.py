"""The public initiative bank: only recognised initiatives, the search without diacritics, each
filter, pagination and bad input, the public detail page that shows nothing confidential, the
download of public files only, and a constant number of queries for the list."""

import datetime
import itertools
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.search import fold
from awards.enums import BenefitStatus, Outcome, RoundPurpose, RoundStatus
from awards.models import BenefitRecord, Decision, ReviewRound, RoundEntry
from awards.services.standing import bank_standing_refresh
from initiatives.enums import InitiativeField, InitiativeKind, InitiativeStatus
from initiatives.models import Attachment, Initiative
from site_cms.selectors.bank import PER_PAGE
from tests.factories import MembershipFactory, UserFactory, author_row, make_initiative
from tests.factories.awards import make_round_in, make_rubric
from tests.factories.pages import make_initiative_bank
from tests.initiatives.test_views import form_data, pdf

S = InitiativeStatus
_numbers = itertools.count(1)

CONFIDENTIAL = "Bí quyết pha chế dung dịch XJ-77 tuyệt mật"
AUTHOR_NAME = "Lê Thị Thu Hằng"
AUTHOR_EMAIL = "thuhang.bimat@example.vn"
AUTHOR_PHONE = "0912345678"
AUTHOR_BIRTH = datetime.date(1984, 7, 23)
PRIVATE_FILE = "bang-luong-noi-bo.pdf"
PUBLIC_FILE = "ban-ve-do-ga.pdf"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def bank(db):
    return make_initiative_bank()


def recognised(unit, **fields) -> Initiative:
    """A dossier at ``unit`` recognised through the workflow (no round: grassroots level, the
    year of the step)."""
    return make_initiative(unit, UserFactory(), S.RECOGNISED, **fields)


def recognise_in_round(initiative: Initiative, unit, *, year: int) -> Decision:
    """Record that a closed round of ``unit`` recognised ``initiative`` by a decision of
    ``year`` (a nomination round above grassroots level)."""
    officer = UserFactory()
    review_round = ReviewRound.objects.create(
        unit=unit,
        title=f"Xét chọn sáng kiến tiêu biểu năm {year}",
        purpose=RoundPurpose.NOMINATION,
        year=year,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        intake_closes=datetime.date(year, 3, 1),
        scoring_closes=datetime.date(year, 4, 1),
        rubric_version=make_rubric(),
        created_by=officer,
        status=RoundStatus.CLOSED,
    )
    RoundEntry.objects.create(
        round=review_round, initiative=initiative, entered_by=officer, outcome=Outcome.RECOGNISED
    )
    number = next(_numbers)
    decision = Decision.objects.create(
        round=review_round,
        unit=unit,
        year=year,
        sequence=number,
        number=f"{number}/QĐ-LĐLĐ",
        decided_on=datetime.date(year, 6, 15),
        signer_name="Trần Văn Bình",
        signer_title="Chủ tịch",
        created_by=officer,
    )
    # What ``round_close`` does once the round is closed (issue 14 §4).
    bank_standing_refresh(initiative_ids=[initiative.pk])
    return decision


def attach(initiative: Initiative, name: str, *, public: bool) -> Attachment:
    return Attachment.objects.create(
        initiative=initiative,
        file=SimpleUploadedFile(name, PDF, content_type="application/pdf"),
        original_name=name,
        content_type="application/pdf",
        size=len(PDF),
        is_public=public,
        uploaded_by=initiative.created_by,
    )


def listed(response) -> list[str]:
    return [row["initiative"].title for row in response.context["rows"]]


# --- what the bank holds -----------------------------------------------------------------


def test_bank_lists_only_recognised_initiatives(client, tree, bank):
    shown = recognised(tree.grassroots_a1x, title="Sáng kiến đã công nhận")
    for status in (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.WITHDRAWN, S.REFUSED):
        make_initiative(tree.grassroots_a1x, UserFactory(), status, title=f"Hồ sơ {status}")
    make_initiative(
        tree.grassroots_a1x, UserFactory(), S.NOT_RECOGNISED, title="Hồ sơ không công nhận"
    )

    response = client.get(bank.url)

    assert response.status_code == 200
    assert listed(response) == [shown.title]
    content = response.content.decode()
    assert "Hồ sơ " not in content
    assert f'href="{bank.url}{shown.pk}/"' in content


def test_sitemap_lists_the_public_page_of_every_recognised_initiative(client, tree, bank):
    shown = recognised(tree.grassroots_a1x)
    hidden = make_initiative(tree.grassroots_a1x, UserFactory(), S.SUBMITTED)

    response = client.get("/sitemap.xml")

    locations = [
        loc.text
        for loc in ET.fromstring(response.content).iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
        )
    ]
    assert any(location.endswith(f"{bank.url}{shown.pk}/") for location in locations)
    assert not any(location.endswith(f"{bank.url}{hidden.pk}/") for location in locations)
    assert all(location.startswith("http") for location in locations)


def test_bank_keeps_an_initiative_recognised_by_a_real_round(client, tree, bank):
    setup = make_round_in(RoundStatus.CLOSED, tree.grassroots_a1x, dossiers=1)
    initiative = setup.initiatives[0]

    response = client.get(bank.url)

    assert initiative.status == S.RECOGNISED
    assert listed(response) == [initiative.title]
    row = response.context["rows"][0]
    assert row["initiative"].recognised_year == setup.decision.year
    assert row["initiative"].highest_level == 4


def test_bank_list_says_which_employer_recognised_each_initiative(client, tree, bank):
    setup = make_round_in(RoundStatus.CLOSED, tree.grassroots_a1x, dossiers=1)
    employer = setup.decision.employer or setup.round.employer

    response = client.get(bank.url)

    assert response.context["rows"][0]["recognition"].body == employer.name
    assert f"Được {employer.name} công nhận" in response.content.decode()


# --- search and filters ------------------------------------------------------------------


def test_search_ignores_diacritics(client, tree, bank):
    found = recognised(tree.grassroots_a1x, title="Sáng kiến tiết kiệm điện năng")
    recognised(tree.grassroots_a1x, title="Cải tiến đồ gá hàn")

    assert listed(client.get(bank.url, {"q": "sang kien tiet kiem"})) == [found.title]
    assert listed(client.get(bank.url, {"q": "SÁNG KIẾN"})) == [found.title]
    assert listed(client.get(bank.url, {"q": "không có gì"})) == []


def test_search_reads_description_unit_and_field(client, tree, bank):
    by_purpose = recognised(
        tree.grassroots_a1x, title="Giải pháp A", solution_purpose="Giảm hao phí nhiên liệu."
    )
    by_unit = recognised(tree.grassroots_b1x, title="Giải pháp B")
    by_field = recognised(tree.grassroots_a1y, title="Giải pháp C", field=InitiativeField.HEALTH)
    recognised(tree.grassroots_a1y, title="Không liên quan", confidential_info="nhiên liệu")

    assert listed(client.get(bank.url, {"q": "nhien lieu"})) == [by_purpose.title]
    assert listed(client.get(bank.url, {"q": "giay bai bang"})) == [by_unit.title]
    # The field's label in the active language (Vietnamese in tests), whatever it reads.
    label = fold(by_field.get_field_display())
    assert listed(client.get(bank.url, {"q": label})) == [by_field.title]


def test_filters_by_field_and_kind(client, tree, bank):
    health = recognised(
        tree.grassroots_a1x,
        title="Y tế",
        field=InitiativeField.HEALTH,
        kind=InitiativeKind.MANAGEMENT,
    )
    digital = recognised(
        tree.grassroots_a1x,
        title="Số hoá",
        field=InitiativeField.DIGITAL,
        kind=InitiativeKind.TECHNICAL,
    )

    assert listed(client.get(bank.url, {"field": "health"})) == [health.title]
    assert listed(client.get(bank.url, {"kind": "technical"})) == [digital.title]
    assert listed(client.get(bank.url, {"field": "health", "kind": "technical"})) == []


def test_filters_by_province(client, tree, bank):
    in_a = recognised(tree.grassroots_a1x, title="Của Quảng Trị")
    in_b = recognised(tree.grassroots_b1x, title="Của Phú Thọ")

    response = client.get(bank.url, {"province": tree.province_a.code})

    assert listed(response) == [in_a.title]
    assert listed(client.get(bank.url, {"province": tree.province_b.code})) == [in_b.title]
    content = response.content.decode()
    assert f'<option value="{tree.province_a.code}" selected>' in content
    # The unit's province is named in the list.
    assert tree.province_a.name in content


def test_filters_by_year_and_level(client, tree, bank):
    grassroots = recognised(tree.grassroots_a1x, title="Chỉ cấp cơ sở")
    provincial = recognised(tree.grassroots_a1y, title="Lên cấp tỉnh")
    recognise_in_round(provincial, tree.province_a, year=2024)
    national = recognised(tree.grassroots_b1x, title="Lên toàn quốc")
    recognise_in_round(national, tree.province_b, year=2023)
    recognise_in_round(national, tree.national, year=2025)
    this_year = grassroots.transitions.get(to_status=S.RECOGNISED).at.year

    assert listed(client.get(bank.url, {"level": "grassroots"})) == [grassroots.title]
    assert listed(client.get(bank.url, {"level": "provincial"})) == [provincial.title]
    assert listed(client.get(bank.url, {"level": "national"})) == [national.title]
    assert listed(client.get(bank.url, {"year": 2024})) == [provincial.title]
    # The year of the first decision recognising it.
    assert listed(client.get(bank.url, {"year": 2023})) == [national.title]
    assert grassroots.title in listed(client.get(bank.url, {"year": this_year}))


@pytest.mark.parametrize(
    "junk",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "9999"},
        {"year": "x"},
        {"year": "20244"},
        {"province": "KHONG-CO"},
        {"field": "nope"},
        {"kind": "'; drop"},
        {"level": "galaxy"},
        {"q": "x" * 500},
    ],
)
def test_bad_query_strings_are_ignored(client, tree, bank, junk):
    first = recognised(tree.grassroots_a1x, title="Sáng kiến một")

    response = client.get(bank.url, junk)

    assert response.status_code == 200
    assert listed(response) == [first.title]


def test_bank_is_paginated_keeping_the_filters(client, tree, bank):
    for number in range(PER_PAGE + 2):
        recognised(tree.grassroots_a1x, title=f"Sáng kiến số {number:02d}", kind="management")
    recognised(tree.grassroots_a1x, title="Loại khác", kind="technical")

    first = client.get(bank.url, {"kind": "management"})
    second = client.get(bank.url, {"kind": "management", "page": 2})

    assert len(listed(first)) == PER_PAGE
    assert len(listed(second)) == 2
    assert "Loại khác" not in listed(first) + listed(second)
    assert 'href="?kind=management&amp;page=2" rel="next"' in first.content.decode()
    assert 'href="?kind=management&amp;page=1" rel="prev"' in second.content.decode()


# --- the detail page ---------------------------------------------------------------------


@pytest.fixture
def secretive(tree):
    """A recognised initiative full of what must stay private, with a public and a private
    file and a verified benefit."""
    author = UserFactory(
        email=AUTHOR_EMAIL, phone=AUTHOR_PHONE, date_of_birth=AUTHOR_BIRTH, first_name="Hằng"
    )
    initiative = make_initiative(
        tree.grassroots_a1x,
        author,
        S.RECOGNISED,
        authors=[
            author_row(
                author,
                full_name=AUTHOR_NAME,
                date_of_birth=AUTHOR_BIRTH,
                workplace="Phân xưởng 3",
            )
        ],
        title="Sáng kiến tiết kiệm vải vụn",
        solution_purpose="Tận dụng vải vụn để may túi.",
        solution_steps="Phân loại vải; cắt theo mẫu; may ghép.",
        confidential_info=CONFIDENTIAL,
        owner_address="Số 9 ngõ Bí Mật, Đông Hà",
        social_benefits="Giảm rác thải dệt may.",
    )
    attach(initiative, PUBLIC_FILE, public=True)
    attach(initiative, PRIVATE_FILE, public=False)
    BenefitRecord.objects.create(
        initiative=initiative,
        year=2025,
        claimed_vnd=150_000_000,
        status=BenefitStatus.ADJUSTED,
        verified_vnd=98_765_000,
        method="Đối chiếu sổ kho nội bộ",
        recorded_by=author,
    )
    return initiative


def test_detail_shows_the_public_record(client, tree, bank, secretive):
    response = client.get(f"{bank.url}{secretive.pk}/")

    assert response.status_code == 200
    content = response.content.decode()
    assert f"<h1>{secretive.title}</h1>" in content
    assert AUTHOR_NAME in content
    assert tree.grassroots_a1x.name in content
    assert tree.province_a.name in content
    assert secretive.get_field_display() in content
    assert secretive.get_kind_display() in content
    assert "Tận dụng vải vụn để may túi." in content
    assert "Giảm rác thải dệt may." in content
    assert "98.765.000" in content
    assert PUBLIC_FILE in content
    public = secretive.attachments.get(is_public=True)
    assert f'href="{bank.url}{secretive.pk}/tep/{public.pk}/"' in content


def test_detail_shows_nothing_confidential(client, bank, secretive):
    content = client.get(f"{bank.url}{secretive.pk}/").content.decode()

    for hidden in (
        CONFIDENTIAL,
        AUTHOR_EMAIL,
        AUTHOR_PHONE,
        "23/07/1984",
        "1984-07-23",
        "1984",
        "Số 9 ngõ Bí Mật",
        PRIVATE_FILE,
        "150.000.000",  # claimed, not verified
        "Đối chiếu sổ kho nội bộ",
    ):
        assert hidden not in content, hidden
    private = secretive.attachments.get(is_public=False)
    assert f"/tep/{private.pk}/" not in content


def test_detail_of_unknown_or_unrecognised_initiatives_is_404(client, tree, bank):
    under_review = make_initiative(tree.grassroots_a1x, UserFactory(), S.UNDER_REVIEW)
    withdrawn = make_initiative(tree.grassroots_a1x, UserFactory(), S.WITHDRAWN)
    not_recognised = make_initiative(tree.grassroots_a1x, UserFactory(), S.NOT_RECOGNISED)

    for pk in (under_review.pk, withdrawn.pk, not_recognised.pk, 999_999):
        assert client.get(f"{bank.url}{pk}/").status_code == 404
    assert client.get(f"{bank.url}abc/").status_code == 404


# --- files -------------------------------------------------------------------------------


def test_public_file_of_a_recognised_initiative_downloads(client, bank, secretive):
    public = secretive.attachments.get(is_public=True)

    response = client.get(f"{bank.url}{secretive.pk}/tep/{public.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert PUBLIC_FILE in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_private_or_foreign_files_answer_404(client, tree, bank, secretive):
    private = secretive.attachments.get(is_public=False)
    other = recognised(tree.grassroots_b1x)
    public_of_other = attach(other, "khac.pdf", public=True)
    draft = make_initiative(tree.grassroots_a1x, UserFactory())
    public_of_draft = attach(draft, "nhap.pdf", public=True)

    assert client.get(f"{bank.url}{secretive.pk}/tep/{private.pk}/").status_code == 404
    # A public file asked for under another initiative.
    assert client.get(f"{bank.url}{secretive.pk}/tep/{public_of_other.pk}/").status_code == 404
    # A file marked public of a dossier that is not recognised.
    assert client.get(f"{bank.url}{draft.pk}/tep/{public_of_draft.pk}/").status_code == 404
    assert client.get(f"{bank.url}{secretive.pk}/tep/999999/").status_code == 404


def test_author_marks_files_public_in_the_dossier_form(client, tree):
    # The author row of ``form_data`` names this member by e-mail.
    member = UserFactory(first_name="Bình", last_name="Trần Thị", email="binh@example.vn")
    MembershipFactory(user=member, unit=tree.grassroots_a1x)
    initiative = make_initiative(tree.grassroots_a1x, member)
    client.force_login(member)
    edit = reverse("initiatives:edit", args=[initiative.pk])

    client.post(edit, {**form_data(tree.grassroots_a1x), "files": [pdf("ban-ve.pdf")]})
    client.post(
        edit,
        {**form_data(tree.grassroots_a1x), "files": [pdf("cong-khai.pdf")], "files_public": "on"},
    )

    assert dict(initiative.attachments.values_list("original_name", "is_public")) == {
        "ban-ve.pdf": False,
        "cong-khai.pdf": True,
    }
    assert 'name="files_public"' in client.get(edit).content.decode()


def test_attachments_are_private_by_default(tree):
    initiative = make_initiative(tree.grassroots_a1x, UserFactory())
    attachment = Attachment.objects.create(
        initiative=initiative,
        file=SimpleUploadedFile("a.pdf", PDF),
        original_name="a.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=initiative.created_by,
    )

    assert attachment.is_public is False


# --- queries -----------------------------------------------------------------------------


def _list_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def test_bank_list_costs_the_same_queries_for_1_and_50_initiatives(client, tree, bank):
    units = [tree.grassroots_a1x, tree.grassroots_a1y, tree.grassroots_b1x]

    def add(number: int) -> None:
        author = UserFactory()
        initiative = make_initiative(
            units[number % 3],
            author,
            S.RECOGNISED,
            authors=[author_row(author, 60), author_row(UserFactory(), 40)],
            title=f"Sáng kiến tiết kiệm số {number}",
        )
        if number % 5 == 0:
            recognise_in_round(initiative, tree.province_a, year=2020 + number % 4)

    add(0)
    one = _list_queries(client, bank.url)
    filtered_one = _list_queries(client, bank.url, {"q": "sang kien", "province": "QTR"})
    for number in range(1, 50):
        add(number)
    assert Initiative.objects.filter(status=S.RECOGNISED).count() == 50
    fifty = _list_queries(client, bank.url)
    filtered_fifty = _list_queries(client, bank.url, {"q": "sang kien", "province": "QTR"})
    second_page = _list_queries(client, bank.url, {"page": 2, "level": "provincial"})

    assert one == fifty == second_page
    assert filtered_one == filtered_fifty
