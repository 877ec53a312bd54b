"""Scoped reads of dossiers: who sees what, the officer's inbox, diacritic-free search, similar
initiatives and overdue dossiers. These run on SQLite and on PostgreSQL alike."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative, SimilarInitiative
from initiatives.selectors import (
    initiative_history,
    initiative_inbox,
    initiatives_of_member,
    initiatives_visible_to,
    overdue_q,
    search_initiatives,
    similar_candidates,
    similar_initiatives,
)
from initiatives.services import AuthorData, initiative_save_draft, initiative_transition
from tests.factories import (
    RoleGrantFactory,
    UserFactory,
    author_row,
    dossier_values,
    make_initiative,
    unit_officer,
)
from unions.enums import Role

S = InitiativeStatus


def pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


@pytest.fixture
def member(db):
    return UserFactory(first_name="Hoa", last_name="Nguyễn Thị")


@pytest.fixture
def dossiers(tree, member):
    """A draft and a submitted dossier at each of a1x, a1y and b1x, all by ``member``."""
    built = {}
    for unit_name in ("grassroots_a1x", "grassroots_a1y", "grassroots_b1x"):
        unit = getattr(tree, unit_name)
        built[f"{unit_name}_draft"] = make_initiative(unit, member)
        built[f"{unit_name}_submitted"] = make_initiative(unit, member, status=S.SUBMITTED)
    return built


def named(dossiers, *names) -> set[int]:
    return {dossiers[name].pk for name in names}


# --- scope -------------------------------------------------------------------------------


def test_officer_sees_every_dossier_of_the_subtree_and_nothing_beside_it(tree, dossiers):
    officer = unit_officer(tree.district_a1)

    assert pks(initiatives_visible_to(officer)) == named(
        dossiers,
        "grassroots_a1x_draft",
        "grassroots_a1x_submitted",
        "grassroots_a1y_draft",
        "grassroots_a1y_submitted",
    )


def test_viewer_of_the_province_sees_its_subtree(tree, dossiers):
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.province_b, role=Role.VIEWER)

    assert pks(initiatives_visible_to(viewer)) == named(
        dossiers, "grassroots_b1x_draft", "grassroots_b1x_submitted"
    )


def test_member_sees_what_they_wrote_entered_or_co_authored(tree, member):
    colleague = UserFactory()
    officer = unit_officer(tree.district_a1)
    own = make_initiative(tree.grassroots_a1x, member)
    co_authored = make_initiative(
        tree.grassroots_a1x,
        colleague,
        authors=[author_row(colleague, 50), author_row(member, 50)],
    )
    entered_for_them = make_initiative(tree.grassroots_a1y, member, entered_by=officer)
    make_initiative(tree.grassroots_a1x, colleague)

    expected = {own.pk, co_authored.pk, entered_for_them.pk}
    assert pks(initiatives_visible_to(member)) == expected
    assert pks(initiatives_of_member(member)) == expected
    assert pks(initiatives_of_member(officer)) == {entered_for_them.pk}


def test_a_dossier_is_listed_once_for_an_author_in_scope(tree):
    officer = unit_officer(tree.grassroots_a1x)
    colleague = UserFactory()
    make_initiative(
        tree.grassroots_a1x,
        officer,
        authors=[author_row(officer, 50), author_row(colleague, 50)],
    )

    assert initiatives_visible_to(officer).count() == 1
    assert initiatives_of_member(officer).count() == 1
    assert len(list(initiatives_visible_to(officer))) == 1


def test_superuser_sees_everything_and_anonymous_nothing(tree, dossiers):
    superuser = UserFactory(is_superuser=True)

    assert pks(initiatives_visible_to(superuser)) == {d.pk for d in dossiers.values()}
    assert pks(initiatives_visible_to(AnonymousUser())) == set()
    assert pks(initiative_inbox(AnonymousUser())) == set()


def test_inbox_holds_the_subtrees_dossiers_that_left_the_draft_stage(tree, member, dossiers):
    officer = unit_officer(tree.district_a1)
    returned = make_initiative(tree.grassroots_a1x, member, status=S.RETURNED)
    accepted = make_initiative(tree.grassroots_a1y, member, status=S.ACCEPTED)

    assert pks(initiative_inbox(officer)) == named(
        dossiers, "grassroots_a1x_submitted", "grassroots_a1y_submitted"
    ) | {returned.pk, accepted.pk}


def test_inbox_of_a_grassroots_officer_stays_in_the_unit(tree, dossiers):
    officer = unit_officer(tree.grassroots_a1y)

    assert pks(initiative_inbox(officer)) == named(dossiers, "grassroots_a1y_submitted")


def test_inbox_is_empty_for_a_member_even_of_their_own_dossiers(dossiers, member):
    assert pks(initiative_inbox(member)) == set()


def test_inbox_reads_a_page_in_a_fixed_number_of_queries(tree, member):
    officer = unit_officer(tree.district_a1)

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            for initiative in initiative_inbox(officer)[:50]:
                str(initiative.unit)
                [author.full_name for author in initiative.authors.all()]
        return len(captured)

    make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED)
    queries_for_page()  # reads the officer's grants once; they are cached on the user
    one = queries_for_page()
    for _ in range(9):
        make_initiative(tree.grassroots_a1y, member, status=S.SUBMITTED)

    assert queries_for_page() == one == 2


# --- search ------------------------------------------------------------------------------


@pytest.fixture
def searchable(tree, member):
    outside = AuthorData(full_name="Đặng Thị Huệ", contribution=30)
    return {
        "title": make_initiative(
            tree.grassroots_a1x,
            member,
            status=S.SUBMITTED,
            title="Máy cắt vải tự động điều khiển bằng PLC",
        ),
        "description": make_initiative(
            tree.grassroots_a1x,
            member,
            status=S.SUBMITTED,
            title="Cải tiến băng chuyền",
            solution_steps="Lắp bộ biến tần để điều chỉnh tốc độ động cơ.",
        ),
        "author": make_initiative(
            tree.grassroots_a1y,
            member,
            status=S.SUBMITTED,
            title="Sổ tay an toàn lao động",
            authors=[author_row(member, 70), outside],
        ),
    }


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("may cat vai", {"title"}),
        ("MÁY CẮT", {"title"}),
        ("plc", {"title"}),
        ("bien tan", {"description"}),
        ("biến tần động cơ", {"description"}),
        ("dang thi hue", {"author"}),
        ("Huệ", {"author"}),
        ("hoa nguyen", {"author", "title", "description"}),
        ("so tay hue", {"author"}),
        ("khong co gi", set()),
    ],
)
def test_search_ignores_diacritics_over_title_description_and_authors(
    tree, searchable, query, found
):
    officer = unit_officer(tree.district_a1)
    everything = initiative_inbox(officer)

    result = pks(search_initiatives(everything, query))

    assert result == {searchable[name].pk for name in found}


def test_search_stays_within_the_given_queryset(tree, searchable):
    officer = unit_officer(tree.grassroots_a1y)

    assert pks(search_initiatives(initiative_inbox(officer), "may cat vai")) == set()
    assert pks(search_initiatives(initiative_inbox(officer), "hue")) == {searchable["author"].pk}


@pytest.mark.parametrize("query", [None, "", "   "])
def test_blank_search_returns_the_queryset(tree, searchable, query):
    officer = unit_officer(tree.district_a1)

    assert pks(search_initiatives(initiative_inbox(officer), query)) == {
        d.pk for d in searchable.values()
    }


# --- similar initiatives -----------------------------------------------------------------

ORIGINAL = {
    "title": "Cải tiến máy cắt vải tự động bằng cảm biến quang học",
    "solution_purpose": "Giảm lỗi cắt lệch và tiết kiệm vải thừa trong xưởng may.",
}
NEAR_COPY = {
    "title": "Cải tiến máy cắt vải tự động dùng cảm biến quang học",
    "solution_purpose": "Giảm lỗi cắt lệch, tiết kiệm vải thừa trong xưởng may.",
}
UNRELATED = {
    "title": "Phần mềm quản lý hồ sơ bệnh án điện tử",
    "solution_purpose": "Tra cứu nhanh lịch sử khám chữa bệnh của người lao động.",
}
SHARES_A_WORD = {
    "title": "Cải tiến quy trình thanh toán lương qua ngân hàng",
    "solution_purpose": "Rút ngắn thời gian chi trả tiền lương hằng tháng.",
}


def test_similar_initiatives_find_a_near_copy_and_ignore_unrelated_texts(tree, member):
    original = make_initiative(tree.grassroots_a1x, member, status=S.ACCEPTED, **ORIGINAL)
    copy = make_initiative(tree.grassroots_b1x, member, status=S.SUBMITTED, **NEAR_COPY)
    make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED, **UNRELATED)
    make_initiative(tree.grassroots_a1y, member, status=S.SUBMITTED, **SHARES_A_WORD)

    found = similar_initiatives(copy, unit_officer(tree.national))

    assert [s.initiative.pk for s in found] == [original.pk]
    assert found[0].similarity >= 0.6
    assert found[0].similarity <= 1.0
    assert found[0].initiative.unit == tree.grassroots_a1x


def test_similar_initiatives_ignore_drafts_and_the_dossier_itself(tree, member):
    copy = make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED, **NEAR_COPY)
    make_initiative(tree.grassroots_a1y, member, **ORIGINAL)  # still a draft

    assert similar_initiatives(copy, unit_officer(tree.national)) == []
    assert [pk for pk, _score in similar_candidates(copy)] == []


def test_similar_initiatives_rank_the_closest_first_and_respect_the_limit(tree, member):
    exact = make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED, **NEAR_COPY)
    close = make_initiative(tree.grassroots_a1y, member, status=S.SUBMITTED, **ORIGINAL)
    copy = make_initiative(tree.grassroots_b1x, member, **NEAR_COPY)

    found = similar_initiatives(copy, unit_officer(tree.national))

    assert [s.initiative.pk for s in found] == [exact.pk, close.pk]
    assert found[0].similarity == pytest.approx(1.0)
    assert found[0].similarity > found[1].similarity
    assert [pk for pk, _score in similar_candidates(copy, limit=1)] == [exact.pk]
    assert [s.initiative.pk for s in similar_initiatives(copy, member, limit=1)] == [exact.pk]


def test_similar_initiatives_ignore_diacritics(tree, member):
    original = make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED, **ORIGINAL)
    unaccented = make_initiative(
        tree.grassroots_a1y,
        member,
        title="Cai tien may cat vai tu dong bang cam bien quang hoc",
        solution_purpose="Giam loi cat lech va tiet kiem vai thua trong xuong may.",
    )

    found = similar_initiatives(unaccented, member)

    assert [s.initiative.pk for s in found] == [original.pk]
    assert found[0].similarity == pytest.approx(1.0)


def test_similar_initiatives_are_stored_when_submitted_and_read_both_ways(tree, member):
    original = make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED, **ORIGINAL)
    copy = make_initiative(tree.grassroots_a1y, member, status=S.SUBMITTED, **NEAR_COPY)
    officer = unit_officer(tree.national)

    assert list(
        SimilarInitiative.objects.filter(initiative=copy).values_list("other_id", flat=True)
    ) == [original.pk]
    # The older dossier's page shows the newer one too, though it was found from the newer.
    assert [s.initiative.pk for s in similar_initiatives(original, officer)] == [copy.pk]


def test_similar_initiatives_change_with_the_title(tree, member):
    original = make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED, **ORIGINAL)
    draft = make_initiative(tree.grassroots_a1y, member, **NEAR_COPY)
    officer = unit_officer(tree.national)
    assert [s.initiative.pk for s in similar_initiatives(draft, officer)] == [original.pk]

    initiative_save_draft(
        actor=member,
        unit=draft.unit,
        initiative=draft,
        values=dossier_values(**UNRELATED),
        authors=[author_row(member)],
    )

    assert similar_initiatives(draft, officer) == []


def test_similar_initiatives_show_only_what_the_reader_may_read(tree, member):
    """Another province's dossier is not shown to a provincial officer, nor to another member:
    its title and unit are not for them."""
    elsewhere = make_initiative(tree.grassroots_b1x, member, status=S.SUBMITTED, **ORIGINAL)
    here = make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED, **NEAR_COPY)
    provincial = unit_officer(tree.province_a)
    stranger = UserFactory()

    assert similar_initiatives(here, unit_officer(tree.national))[0].initiative == elsewhere
    assert similar_initiatives(here, provincial) == []
    assert similar_initiatives(here, stranger) == []
    assert [s.initiative for s in similar_initiatives(here, member)] == [elsewhere]


def test_similar_initiatives_read_in_constant_queries(tree, member, django_assert_max_num_queries):
    copies = [
        make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED, **ORIGINAL)
        for _ in range(4)
    ]
    officer = unit_officer(tree.national)
    similar_initiatives(copies[-1], officer)  # warm the officer's scope cache

    with django_assert_max_num_queries(4):
        found = similar_initiatives(copies[-1], officer)

    assert len(found) == 3


# --- deadlines and history ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "days_past_due", "overdue"),
    [
        (S.ACCEPTED, 1, True),
        (S.ACCEPTED, 0, False),
        (S.ACCEPTED, -5, False),
        (S.UNDER_REVIEW, 30, True),
        (S.RECOGNISED, 30, False),
        (S.NOT_RECOGNISED, 30, False),
        (S.WITHDRAWN, 30, False),
    ],
)
def test_overdue_means_waiting_for_a_decision_past_the_due_date(
    tree, member, status, days_past_due, overdue
):
    initiative = make_initiative(tree.grassroots_a1x, member, status=status)
    today = timezone.localdate()
    Initiative.objects.filter(pk=initiative.pk).update(
        decision_due=today - timedelta(days=days_past_due)
    )

    assert Initiative.objects.filter(overdue_q(), pk=initiative.pk).exists() is overdue
    later = today + timedelta(days=10)
    if status in (S.ACCEPTED, S.UNDER_REVIEW):
        assert Initiative.objects.filter(overdue_q(later), pk=initiative.pk).exists()


def test_fresh_acceptance_is_not_overdue(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member, status=S.ACCEPTED)

    assert not Initiative.objects.filter(overdue_q(), pk=initiative.pk).exists()
    assert Initiative.objects.filter(
        overdue_q(initiative.decision_due + timedelta(days=1)), pk=initiative.pk
    ).exists()


def test_history_lists_the_steps_in_order_with_their_actors(tree, member):
    officer = unit_officer(tree.grassroots_a1x)
    initiative = make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED)
    initiative_transition(initiative=initiative, action="return", actor=officer, note="Bổ sung")

    steps = list(initiative_history(initiative))

    assert [(s.action, s.actor) for s in steps] == [
        ("create", member),
        ("submit", member),
        ("return", officer),
    ]


@pytest.mark.parametrize("query", ["?!", " - "])
def test_search_of_punctuation_alone_finds_nothing(tree, searchable, query):
    officer = unit_officer(tree.district_a1)

    assert pks(search_initiatives(initiative_inbox(officer), query)) == set()
