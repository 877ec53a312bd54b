"""The field-level history of a dossier (issue 16): rows written with the acting person when the
dossier is edited through its page, its authors are added, corrected or removed and its benefit
is claimed and verified; the history page with each field's old and new value, its rules
(officers in scope), the confidential section kept from those who may not read it, and its query
count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from awards.enums import BenefitStatus
from awards.models import BenefitRecord
from awards.services.benefits import benefit_claim, benefit_verify
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative, InitiativeAuthor
from initiatives.services import initiative_save_draft
from tests.factories import (
    MembershipFactory,
    RoleGrantFactory,
    UserFactory,
    author_row,
    dossier_values,
    make_initiative,
    unit_officer,
)
from tests.initiatives.test_views import form_data
from unions.enums import Role

S = InitiativeStatus
CONFIDENTIAL = "Sơ đồ mạch điều khiển chi tiết."


@pytest.fixture
def member(tree):
    user = UserFactory(first_name="Bình", last_name="Trần Thị", email="binh@example.vn")
    MembershipFactory(user=user, unit=tree.grassroots_a1x)
    return user


@pytest.fixture
def officer(tree):
    """An officer of the grassroots union itself: the unit that decides."""
    return unit_officer(tree.grassroots_a1x)


def history_url(initiative: Initiative) -> str:
    return reverse("awards:dossier_changes", args=[initiative.pk])


def page(client, user, initiative, **params):
    client.force_login(user)
    return client.get(history_url(initiative), params)


def test_editing_the_dossier_through_its_page_records_the_editor_and_the_change(
    client, tree, member, officer
):
    initiative = make_initiative(tree.grassroots_a1x, member)
    old_title = initiative.title
    client.force_login(member)

    response = client.post(
        reverse("initiatives:edit", args=[initiative.pk]),
        form_data(tree.grassroots_a1x, title="Đồ gá hàn khung xe điều chỉnh nhanh"),
    )

    assert response.status_code == 302
    last = Initiative.history.filter(id=initiative.pk).order_by("-history_id").first()
    assert (last.history_type, last.history_user) == ("~", member)
    content = page(client, officer, initiative).content.decode()
    assert f"<del>{escape(old_title)}</del> → <ins>Đồ gá hàn khung xe điều chỉnh nhanh</ins>" in (
        content
    )
    assert "<del>120.000.000 ₫</del> → <ins>50.000.000 ₫</ins>" in content
    assert escape(member.get_full_name()) in content
    # The dossier page links to it for the officer.
    detail = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert history_url(initiative) in detail


def test_saving_without_a_change_writes_no_history(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member)
    values = {
        name: getattr(initiative, name) for name in dossier_values() if name != "benefit_claimed"
    }
    values["benefit_claimed"] = initiative.benefit_claimed
    dossier_rows = Initiative.history.filter(id=initiative.pk).count()
    author_rows = InitiativeAuthor.history.filter(initiative_id=initiative.pk).count()

    initiative_save_draft(
        actor=member,
        unit=initiative.unit,
        values=values,
        authors=[author_row(member)],
        initiative=initiative,
        employer=initiative.employer,
    )

    assert Initiative.history.filter(id=initiative.pk).count() == dossier_rows
    assert InitiativeAuthor.history.filter(initiative_id=initiative.pk).count() == author_rows


def test_authors_added_corrected_and_removed_each_keep_their_history(tree, member, officer):
    second = UserFactory(first_name="Cường", last_name="Lê Văn")
    initiative = make_initiative(
        tree.grassroots_a1x, member, authors=[author_row(member, 60), author_row(second, 40)]
    )
    first_row, second_row = InitiativeAuthor.objects.filter(initiative=initiative).order_by("order")
    values = dossier_values()

    initiative_save_draft(
        actor=member,
        unit=initiative.unit,
        values=values,
        authors=[author_row(member, 100, workplace="Phân xưởng 2")],
        initiative=initiative,
    )

    first_history = list(first_row.history.order_by("history_id"))
    assert [(row.history_type, row.history_user) for row in first_history] == [
        ("+", member),
        ("~", member),
    ]
    assert (first_history[-1].contribution, first_history[-1].workplace) == (100, "Phân xưởng 2")
    removed = second_row.history.order_by("-history_id").first()
    assert (removed.history_type, removed.history_user) == ("-", member)
    assert InitiativeAuthor.objects.get(initiative=initiative).pk == first_row.pk


def test_history_page_tells_author_and_benefit_changes(client, tree, member, officer):
    second = UserFactory(first_name="Cường", last_name="Lê Văn")
    initiative = make_initiative(
        tree.grassroots_a1x,
        member,
        S.RECOGNISED,
        officer=officer,
        authors=[author_row(member, 60), author_row(second, 40)],
    )
    year = initiative.first_applied_on.year
    record = benefit_claim(initiative=initiative, year=year, claimed_vnd=30_000_000, actor=member)
    verifier = unit_officer(tree.district_a1)
    benefit_verify(
        record=record,
        actor=verifier,
        status=BenefitStatus.ADJUSTED,
        verified_vnd=25_000_000,
        method="Đối chiếu sổ sách kế toán.",
        verified_on=timezone.localdate(),
    )

    rows = list(BenefitRecord.history.filter(id=record.pk).order_by("history_id"))
    assert [(row.history_type, row.history_user) for row in rows] == [
        ("+", member),
        ("~", verifier),
    ]
    response = page(client, officer, initiative)
    content = response.content.decode()
    assert "<del>—</del> → <ins>25.000.000 ₫</ins>" in content
    assert f"<ins>{escape(str(BenefitStatus.ADJUSTED.label))}</ins>" in content
    assert escape(verifier.get_full_name()) in content
    assert escape(second.get_full_name()) in content  # the author's row, as created
    # Newest first.
    dates = [entry.at for entry in response.context["page"].object_list]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("author", 404),  # the authors follow the dossier on its page, not this one
        ("officer", 200),  # the grassroots union itself
        ("province_a", 200),  # an officer above it
        ("viewer_district_a1", 200),  # a viewer above it reads dossiers too
        ("province_b", 404),  # another branch
        ("grassroots_a1y", 404),  # a sibling union
        ("stranger", 404),
    ],
)
def test_history_page_rules(client, tree, member, officer, who, expected):

    initiative = make_initiative(tree.grassroots_a1x, member, S.SUBMITTED)
    if who == "author":
        user = member
    elif who == "officer":
        user = officer
    elif who == "stranger":
        user = UserFactory()
    elif who == "viewer_district_a1":
        user = UserFactory()
        RoleGrantFactory(user=user, unit=tree.district_a1, role=Role.VIEWER)
    else:
        user = unit_officer(getattr(tree, who))

    response = page(client, user, initiative)

    assert response.status_code == expected
    detail = client.get(reverse("initiatives:detail", args=[initiative.pk]))
    if detail.status_code == 200:
        assert (history_url(initiative) in detail.content.decode()) == (expected == 200)


def test_history_page_sends_anonymous_visitors_to_sign_in(client, tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member)

    response = client.get(history_url(initiative))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_confidential_section_is_told_only_to_those_who_may_read_it(client, tree, member, officer):
    initiative = make_initiative(tree.grassroots_a1x, member)
    values = dossier_values(confidential_info="Bản vẽ mạch mới, chưa công bố.")
    initiative_save_draft(
        actor=member,
        unit=initiative.unit,
        values=values,
        authors=[author_row(member)],
        initiative=initiative,
    )

    deciding = page(client, officer, initiative).content.decode()
    above = page(client, unit_officer(tree.province_a), initiative).content.decode()

    assert "Bản vẽ mạch mới, chưa công bố." in deciding
    assert escape(CONFIDENTIAL) in deciding
    assert "Bản vẽ mạch mới, chưa công bố." not in above
    assert escape(CONFIDENTIAL) not in above
    assert escape(gettext("changed (hidden: you may not read this section)")) in above


def test_dossier_without_recorded_changes_reads_well(client, tree, member, officer):
    initiative = make_initiative(tree.grassroots_a1x, member)
    # A dossier from before the history was switched on has no rows.
    Initiative.history.filter(id=initiative.pk).delete()
    InitiativeAuthor.history.filter(initiative_id=initiative.pk).delete()

    response = page(client, officer, initiative)

    assert response.status_code == 200
    assert 'id="no-changes"' in response.content.decode()


def _queries(client, officer, initiative, **params) -> int:
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(history_url(initiative), params)
    assert response.status_code == 200
    return len(queries)


def test_history_page_queries_do_not_grow_with_the_changes(client, tree, member, officer):
    def dossier_with_changes(edits: int) -> Initiative:
        initiative = make_initiative(tree.grassroots_a1x, member)
        for number in range(edits):
            initiative_save_draft(
                actor=member,
                unit=initiative.unit,
                values=dossier_values(title=f"Tên sửa lần {number}"),
                authors=[author_row(member, 100, workplace=f"Tổ {number}")],
                initiative=initiative,
            )
        return initiative

    # A page holding the dossier's creation (it names the unit, the employer, the people)
    # reads those names once, whatever the number of rows; a page of edits alone reads fewer.
    few = _queries(client, officer, dossier_with_changes(1))
    fifteen = dossier_with_changes(15)  # 32 rows: the creations fall on page 2
    thirty = dossier_with_changes(30)  # 62 rows: pages 1 and 2 hold edits only

    assert _queries(client, officer, fifteen, page=2) == few
    assert _queries(client, officer, fifteen) == _queries(client, officer, thirty)
    assert _queries(client, officer, thirty, page=2) == _queries(client, officer, thirty)
    assert _queries(client, officer, thirty) <= few
