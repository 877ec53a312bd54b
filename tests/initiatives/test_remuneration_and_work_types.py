"""Issue 13 §5: author remuneration recorded where paid (Decree 13/2012/NĐ-CP Art. 10), the
kinds of work the union counts besides initiatives, the receipt given on arrival and the
figures."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.errors import ApplicationError
from initiatives.documents import receipt_html
from initiatives.enums import InitiativeStatus, WorkType
from initiatives.models import Initiative, Remuneration
from initiatives.services import initiative_save_draft, remuneration_record
from initiatives.statistics import initiative_figures
from tests.factories import (
    MembershipFactory,
    UserFactory,
    author_row,
    dossier_values,
    make_initiative,
    unit_officer,
)
from unions.statistics import FigureScope

S = InitiativeStatus


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def member(tree):
    user = UserFactory(first_name="Bình", last_name="Trần Thị")
    MembershipFactory(user=user, unit=tree.grassroots_a1x)
    return user


@pytest.fixture
def officer(tree):
    return unit_officer(tree.grassroots_a1x)


@pytest.fixture
def recognised(tree, member, officer):
    co_author = UserFactory(first_name="An", last_name="Lê Văn")
    return make_initiative(
        tree.grassroots_a1x,
        member,
        S.RECOGNISED,
        officer=officer,
        authors=[author_row(member, 70), author_row(co_author, 30)],
    )


def pay(initiative, actor, **changes):
    values = {
        "amount_vnd": 5_000_000,
        "paid_on": timezone.localdate() - timedelta(days=3),
        "payer": "Công ty Cổ phần May Sông Hiếu",
        **changes,
    }
    return remuneration_record(initiative=initiative, actor=actor, **values)


# --- remuneration ---------------------------------------------------------------------------


def test_remuneration_recorded_for_the_authors_and_for_one_author(recognised, officer):
    together = pay(recognised, officer)
    author = recognised.authors.order_by("order").last()
    share = pay(recognised, officer, amount_vnd=1_500_000, author=author, note="Phần 30%")

    assert (together.author, together.author_name, together.recorded_by) == (None, "", officer)
    assert (share.author, share.author_name, share.note) == (author, "Lê Văn An", "Phần 30%")
    assert sum(Remuneration.objects.values_list("amount_vnd", flat=True)) == 6_500_000


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount_vnd": 0}, "amount_vnd"),
        ({"amount_vnd": -5}, "amount_vnd"),
        ({"paid_on": date.today() + timedelta(days=400)}, "paid_on"),
        ({"payer": "   "}, "payer"),
    ],
)
def test_remuneration_refuses_bad_input_and_saves_nothing(recognised, officer, changes, field):
    with pytest.raises(ApplicationError) as error:
        pay(recognised, officer, **changes)

    assert error.value.field == field
    assert not Remuneration.objects.exists()


def test_remuneration_refuses_an_author_of_another_dossier(tree, recognised, officer, member):
    other = make_initiative(tree.grassroots_a1x, member, S.RECOGNISED, officer=officer)

    with pytest.raises(ApplicationError, match="not an author"):
        pay(recognised, officer, author=other.authors.get())


@pytest.mark.parametrize("status", [S.SUBMITTED, S.ACCEPTED, S.UNDER_REVIEW, S.NOT_RECOGNISED])
def test_remuneration_only_for_recognised_initiatives(tree, member, officer, status):
    initiative = make_initiative(tree.grassroots_a1x, member, status, officer=officer)

    with pytest.raises(ApplicationError, match="recognised initiatives only"):
        pay(initiative, officer)


def test_remuneration_refused_to_authors_and_officers_elsewhere(tree, recognised, member):
    for actor in (member, unit_officer(tree.grassroots_a1y)):
        with pytest.raises(ApplicationError, match="may not"):
            pay(recognised, actor)
    assert not Remuneration.objects.exists()


def test_remuneration_page_records_and_shows_payments(client, recognised, officer):
    client.force_login(officer)
    url = reverse("initiatives:detail", args=[recognised.pk])
    assert 'id="remuneration-form"' in client.get(url).content.decode()

    response = client.post(
        reverse("initiatives:remuneration_add", args=[recognised.pk]),
        {
            "amount_vnd": "5.000.000",
            "paid_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "payer": "Công ty Cổ phần May Sông Hiếu",
            "author": "",
        },
    )

    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Công ty Cổ phần May Sông Hiếu" in page
    assert "5.000.000 ₫" in page


def test_remuneration_page_bad_input_answers_400_with_the_error(client, recognised, officer):
    client.force_login(officer)

    response = client.post(
        reverse("initiatives:remuneration_add", args=[recognised.pk]),
        {"amount_vnd": "năm triệu", "paid_on": "", "payer": ""},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Nhập số tiền là số nguyên" in page  # the page answers in Vietnamese
    assert 'id="remuneration-form"' in page
    assert not Remuneration.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("author", 403), ("officer_elsewhere", 404), ("officer_above", 302)],
)
def test_remuneration_page_permissions(client, tree, recognised, member, who, status):
    user = {
        "author": lambda: member,
        "officer_elsewhere": lambda: unit_officer(tree.grassroots_a1y),
        "officer_above": lambda: unit_officer(tree.province_a),
    }[who]()
    client.force_login(user)

    response = client.post(
        reverse("initiatives:remuneration_add", args=[recognised.pk]),
        {"amount_vnd": "1000000", "paid_on": "2026-01-05", "payer": "Công ty"},
    )

    assert response.status_code == status
    assert Remuneration.objects.exists() is (status == 302)


def test_remuneration_shown_to_the_authors_without_the_form(client, recognised, officer, member):
    pay(recognised, officer)
    client.force_login(member)

    page = client.get(reverse("initiatives:detail", args=[recognised.pk])).content.decode()

    assert "5.000.000 ₫" in page
    assert 'id="remuneration-form"' not in page


# --- kinds of work --------------------------------------------------------------------------


def test_work_type_defaults_to_initiative_and_is_kept(tree, member):
    default = initiative_save_draft(
        actor=member,
        unit=tree.grassroots_a1x,
        values=dossier_values(),
        authors=[author_row(member)],
    )
    research = initiative_save_draft(
        actor=member,
        unit=tree.grassroots_a1x,
        values=dossier_values(work_type=WorkType.RESEARCH),
        authors=[author_row(member)],
    )

    assert default.work_type == WorkType.INITIATIVE
    assert Initiative.objects.get(pk=research.pk).work_type == WorkType.RESEARCH


def test_work_type_unknown_is_refused(tree, member):
    with pytest.raises(ApplicationError) as error:
        initiative_save_draft(
            actor=member,
            unit=tree.grassroots_a1x,
            values=dossier_values(work_type="poem"),
            authors=[author_row(member)],
        )

    assert error.value.field == "work_type"
    assert not Initiative.objects.exists()


def test_work_type_counted_apart_in_the_figures(tree, member, officer):
    make_initiative(tree.grassroots_a1x, member, S.SUBMITTED)
    make_initiative(tree.grassroots_a1x, member, S.SUBMITTED, work_type=WorkType.EXPERIENCE)
    make_initiative(tree.grassroots_a1x, member, S.DRAFT, work_type=WorkType.EXPERIENCE)
    make_initiative(tree.grassroots_a1y, member, S.SUBMITTED, work_type=WorkType.RESEARCH)

    figures = initiative_figures(FigureScope(unit=tree.national))

    assert figures["by_work_type"] == {"initiative": 1, "experience": 2, "research": 1}


def test_work_type_shown_and_filtered_in_the_inbox(client, tree, member, officer):
    research = make_initiative(
        tree.grassroots_a1x, member, S.SUBMITTED, work_type=WorkType.RESEARCH, title="Đề tài A"
    )
    make_initiative(tree.grassroots_a1x, member, S.SUBMITTED, title="Sáng kiến B")
    client.force_login(officer)

    inbox = client.get(reverse("initiatives:inbox"), {"work_type": "research"}).content.decode()
    detail = client.get(reverse("initiatives:detail", args=[research.pk])).content.decode()

    assert "Đề tài A" in inbox and "Sáng kiến B" not in inbox
    assert "Đề tài nghiên cứu khoa học" in detail


# --- the receipt ----------------------------------------------------------------------------


def test_receipt_is_dated_on_arrival_before_acceptance(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member, S.SUBMITTED)

    html = receipt_html(initiative)

    assert initiative.receipt_number in html
    assert timezone.localdate(initiative.submitted_at).strftime("%d/%m/%Y") in html
    assert "Ngày chấp nhận đơn" not in html
    assert "thời hạn xét công nhận sáng kiến được tính từ ngày chấp nhận đơn" in html


def test_receipt_of_an_accepted_dossier_names_the_acceptance_and_the_due_date(
    tree, member, officer
):
    initiative = make_initiative(tree.grassroots_a1x, member, S.ACCEPTED, officer=officer)

    html = receipt_html(initiative)

    assert "Ngày chấp nhận đơn" in html
    assert initiative.decision_due.strftime("%d/%m/%Y") in html


def test_member_downloads_the_receipt_once_submitted(client, tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member, S.SUBMITTED)
    client.force_login(member)

    page = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    response = client.get(reverse("initiatives:receipt_pdf", args=[initiative.pk]))

    assert 'id="receipt-pdf"' in page
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
