"""The movements index and a movement's public page: the page tree rules, the live figures read
from the registry (equal to ``registry_figures`` for the launching unit and a year), the leading
units, the movement's news, junk in the query string, nothing confidential, and constant
queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from awards.enums import BenefitStatus, RoundStatus
from awards.services.benefits import benefit_claim, benefit_verify
from emulation.enums import MovementStatus, RegistrationStatus
from emulation.rollup import figures_rebuild
from emulation.statistics import registry_figures
from initiatives.models import Initiative
from site_cms.models import HomePage, MovementIndexPage, MovementPage
from site_cms.selectors.movements import movement_figures, movements_figures
from tests.factories import make_unit, unit_officer
from tests.factories.awards import accepted_dossier, make_round_in, member_of
from tests.factories.movements import make_movement, make_registration
from tests.factories.pages import (
    home_page,
    make_movement_index,
    make_movement_page,
    make_news_index,
    make_news_page,
)

TODAY = timezone.localdate()
THIS_YEAR = TODAY.year
SECRET = "Bí mật công nghệ: tỷ lệ pha trộn 3:7"


@pytest.fixture
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


def two_year_movement(unit, **values):
    """A running movement of ``unit`` over this year and the next."""
    values.setdefault("period_start", datetime.date(THIS_YEAR, 1, 1))
    values.setdefault("period_end", datetime.date(THIS_YEAR + 1, 12, 31))
    return make_movement(launching_unit=unit, **values)


def verified_benefit(initiative: Initiative, amount: int, *, year: int = THIS_YEAR) -> None:
    """Claim ``amount`` for ``year`` of the recognised ``initiative`` and have an officer of
    the unit above verify it."""
    Initiative.objects.filter(pk=initiative.pk).update(first_applied_on=datetime.date(year, 1, 15))
    initiative = Initiative.objects.select_related("unit").get(pk=initiative.pk)
    record = benefit_claim(
        initiative=initiative, year=year, claimed_vnd=amount, actor=initiative.created_by
    )
    parent = initiative.unit.__class__.objects.get(path=initiative.unit.parent_path)
    benefit_verify(
        record=record,
        actor=unit_officer(parent),
        status=BenefitStatus.VERIFIED,
        method="Đối chiếu sổ sách kế toán.",
        verified_on=TODAY,
    )


@pytest.fixture
def activity(tree):
    """A movement of province A over this year and next, with: district A1 and grassroots A1y
    registered and approved (A2 only sent), two members' registrations approved; two dossiers
    of grassroots A1x and one of A1y recognised this year, 12.500.000 ₫ verified for one of A1x
    and 3.000.000 ₫ for A1y's; and, outside the province, a recognised dossier of B1x with
    verified benefit that never counts."""
    movement = two_year_movement(tree.province_a)
    make_registration(movement=movement, unit=tree.district_a1, status=RegistrationStatus.APPROVED)
    make_registration(
        movement=movement, unit=tree.grassroots_a1y, status=RegistrationStatus.APPROVED
    )
    make_registration(
        movement=movement, unit=tree.district_a2, status=RegistrationStatus.AWAITING_APPROVAL
    )
    for _ in range(2):
        make_registration(
            movement=movement,
            person=member_of(tree.grassroots_a1x),
            status=RegistrationStatus.APPROVED,
        )
    a1x = make_round_in(RoundStatus.CLOSED, tree.grassroots_a1x, dossiers=2)
    a1x.reload()
    verified_benefit(a1x.initiatives[0], 12_500_000)
    a1y = make_round_in(
        RoundStatus.CLOSED,
        tree.grassroots_a1y,
        dossiers=[accepted_dossier(tree.grassroots_a1y, confidential_info=SECRET)],
    )
    a1y.reload()
    verified_benefit(a1y.initiatives[0], 3_000_000)
    outside = make_round_in(RoundStatus.CLOSED, tree.grassroots_b1x, dossiers=1)
    outside.reload()
    verified_benefit(outside.initiatives[0], 99_000_000)
    figures_rebuild()
    return movement


def shown_figures(content: str) -> dict[str, str]:
    """The figures of the first figure list of the page, by name, as shown."""
    import re

    return dict(re.findall(r'<dd data-figure="(\w+)">([^<]*)</dd>', content))


# --- page tree -------------------------------------------------------------------------------


def test_movement_index_sits_under_the_home_page_only_and_holds_movement_pages(db):
    assert MovementIndexPage.allowed_parent_page_models() == [HomePage]
    assert MovementIndexPage.allowed_subpage_models() == [MovementPage]
    assert MovementIndexPage.can_create_at(home_page())
    assert not MovementIndexPage.can_create_at(Page.get_first_root_node())
    make_movement_index()
    # One index at most.
    assert not MovementIndexPage.can_create_at(home_page())


def test_movement_page_lives_only_in_the_movements_index(tree):
    index = make_movement_index()
    page = make_movement_page(make_movement(launching_unit=tree.national), index)

    assert MovementPage.allowed_parent_page_models() == [MovementIndexPage]
    assert MovementPage.allowed_subpage_models() == []
    assert MovementPage.can_create_at(index)
    assert not MovementPage.can_create_at(home_page())
    assert not MovementPage.can_create_at(page)
    assert not MovementPage.can_create_at(make_news_index())


# --- the figures -----------------------------------------------------------------------------


def test_movement_figures_equal_the_registry_figures_of_the_launching_unit(activity, tree):
    registry = registry_figures(unit=tree.province_a, year=THIS_YEAR)
    figures = movement_figures(activity, year=THIS_YEAR)

    approved = registry["emulation"]["registrations_by_state"]
    assert figures.units_taking_part == approved["units"][RegistrationStatus.APPROVED] == 2
    assert figures.members_taking_part == approved["people"][RegistrationStatus.APPROVED] == 2
    recognised = registry["reviews"]["recognised_by_level_and_year"]
    assert figures.initiatives_recognised == 3
    assert figures.initiatives_recognised == sum(
        by_year.get(str(THIS_YEAR), 0) for by_year in recognised.values()
    )
    assert figures.verified_benefit_vnd == registry["awards"]["verified_benefit_vnd"]
    assert figures.verified_benefit_vnd == 15_500_000


def test_movement_figures_over_the_period_and_for_a_year_without_activity(activity):
    whole = movement_figures(activity)
    next_year = movement_figures(activity, year=THIS_YEAR + 1)
    outside = movement_figures(activity, year=THIS_YEAR + 5)

    assert whole.year is None
    assert (whole.initiatives_recognised, whole.verified_benefit_vnd) == (3, 15_500_000)
    assert next_year.year == THIS_YEAR + 1
    assert (next_year.units_taking_part, next_year.initiatives_recognised) == (0, 0)
    assert next_year.verified_benefit_vnd == 0
    # A year outside the period falls back on the whole period.
    assert outside.year is None
    assert outside.initiatives_recognised == 3


def test_leading_units_rank_by_initiatives_recognised_then_benefit(activity, tree):
    leading = movement_figures(activity).leading_units

    assert [(row.unit, row.recognised, row.verified_benefit_vnd) for row in leading] == [
        (tree.grassroots_a1x, 2, 12_500_000),
        (tree.grassroots_a1y, 1, 3_000_000),
    ]


def test_movement_of_selected_units_counts_only_their_subtrees(activity, tree):
    selected = two_year_movement(
        tree.province_a, whole_subtree=False, participants=[tree.grassroots_a1y]
    )
    figures = movement_figures(selected, year=THIS_YEAR)

    assert figures.initiatives_recognised == 1
    assert figures.verified_benefit_vnd == 3_000_000
    assert [row.unit for row in figures.leading_units] == [tree.grassroots_a1y]


def test_figures_of_many_movements_cost_the_same_queries(tree):
    def count(movements) -> int:
        with CaptureQueriesContext(connection) as queries:
            movements_figures(movements)
        return len(queries)

    one = [two_year_movement(tree.province_a, whole_subtree=False, participants=[tree.district_a1])]
    many = one + [
        two_year_movement(unit, whole_subtree=index % 2 == 0, participants=[tree.district_b1])
        if unit == tree.province_b
        else two_year_movement(unit)
        for index, unit in enumerate([tree.province_a, tree.province_b, tree.national] * 17)
    ]

    assert count(one) == count(many)
    assert movements_figures([]) == {}


# --- the movement page -----------------------------------------------------------------------


def test_movement_page_shows_the_movement_and_its_live_figures(client, activity, tree):
    page = make_movement_page(activity, introduction="Thi đua lao động sáng tạo.")

    response = client.get(page.url)

    assert response.status_code == 200
    content = response.content.decode()
    assert f"<h1>{page.title}</h1>" in content
    assert tree.province_a.display_name in content
    assert f"01/01/{THIS_YEAR}" in content and f"31/12/{THIS_YEAR + 1}" in content
    assert "Thi đua lao động sáng tạo." in content
    assert shown_figures(content) == {
        "units_taking_part": "2",
        "members_taking_part": "2",
        "initiatives_recognised": "3",
        "verified_benefit_vnd": "15.500.000 ₫",
    }
    leading = response.context["figures"].leading_units
    assert [row.unit for row in leading] == [tree.grassroots_a1x, tree.grassroots_a1y]
    assert tree.grassroots_a1x.display_name in content
    assert "12.500.000 ₫" in content
    assert tree.grassroots_b1x.display_name not in content


def test_movement_page_figures_follow_the_registry_when_it_changes(
    client, activity, tree, django_capture_on_commit_callbacks
):
    page = make_movement_page(activity)
    before = shown_figures(client.get(page.url).content.decode())

    # After the commit the queued refresh of the figures runs (at once under test settings).
    with django_capture_on_commit_callbacks(execute=True):
        make_round_in(RoundStatus.CLOSED, tree.grassroots_a1y, dossiers=1)

    after = shown_figures(client.get(page.url).content.decode())
    assert (before["initiatives_recognised"], after["initiatives_recognised"]) == ("3", "4")


def test_movement_page_shows_the_figures_of_a_chosen_year(client, activity):
    page = make_movement_page(activity)

    response = client.get(page.url, {"year": THIS_YEAR + 1})

    assert response.context["year"] == THIS_YEAR + 1
    assert shown_figures(response.content.decode())["initiatives_recognised"] == "0"


@pytest.mark.parametrize("junk", ["abc", "1990", "-1", "2026.5", "9" * 30, "２０２６"])
def test_movement_page_ignores_junk_years_and_pages(client, activity, junk):
    page = make_movement_page(activity)

    response = client.get(page.url, {"year": junk, "page": junk})

    assert response.status_code == 200
    assert response.context["year"] is None
    assert shown_figures(response.content.decode())["initiatives_recognised"] == "3"


def test_movement_page_never_shows_confidential_or_unrecognised_dossiers(client, activity, tree):
    pending = accepted_dossier(tree.grassroots_a1x, title="Sáng kiến đang chờ xét")
    page = make_movement_page(activity)

    content = client.get(page.url).content.decode()

    assert SECRET not in content
    assert pending.title not in content
    assert "@" not in content.split("<main", 1)[-1].split("</main>", 1)[0]


def test_movement_page_lists_its_live_news_paginated(client, tree):
    movement = make_movement(launching_unit=tree.national)
    other = make_movement(launching_unit=tree.national)
    page = make_movement_page(movement)
    index = make_news_index()
    about = [
        make_news_page(index, movements=[movement], date=datetime.date(2026, 1, day))
        for day in range(1, 13)
    ]
    make_news_page(index, title="Tin phong trào khác", movements=[other])
    make_news_page(index, title="Tin nháp", movements=[movement], publish=False)
    private = make_news_page(index, title="Tin nội bộ", movements=[movement])
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    first = client.get(page.url)
    second = client.get(page.url, {"page": 2})

    listed = [item.title for item in first.context["news"].object_list]
    assert listed == [item.title for item in reversed(about)][:10]
    assert [item.title for item in second.context["news"].object_list] == [
        about[1].title,
        about[0].title,
    ]
    content = first.content.decode()
    assert "Tin phong trào khác" not in content and "Tin nháp" not in content
    assert "Tin nội bộ" not in content
    assert f'href="{about[-1].url}"' in content


def test_movement_page_without_news_or_recognitions_renders(client, db):
    movement = make_movement(launching_unit=make_unit())
    page = make_movement_page(movement)

    response = client.get(page.url)

    assert response.status_code == 200
    assert shown_figures(response.content.decode()) == {
        "units_taking_part": "0",
        "members_taking_part": "0",
        "initiatives_recognised": "0",
        "verified_benefit_vnd": "0 ₫",
    }


def test_movement_page_costs_the_same_queries_for_1_and_20_news_items(client, tree, no_page_cache):
    movement = make_movement(launching_unit=tree.national)
    page = make_movement_page(movement)
    index = make_news_index()
    make_news_page(index, movements=[movement], tags=("sáng kiến",))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        return len(queries)

    count()  # warm up: site root paths and the like
    once = count()
    for _ in range(19):
        make_news_page(index, movements=[movement], tags=("sáng kiến", "năng suất"))

    assert count() == once


# --- the movements index ---------------------------------------------------------------------


def test_movement_index_lists_its_live_pages_with_kind_period_status_and_figures(
    client, activity, tree
):
    index = make_movement_index(introduction="Các phong trào thi đua của công đoàn.")
    shown = make_movement_page(activity, index)
    closed = make_movement(
        launching_unit=tree.national,
        status=MovementStatus.CLOSED,
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2020, 12, 31),
    )
    closed_page = make_movement_page(closed, index)
    draft = make_movement_page(make_movement(launching_unit=tree.national), index)
    draft.unpublish()

    response = client.get(index.url)

    assert response.status_code == 200
    rows = response.context["movement_rows"]
    assert [row_page.pk for row_page, _figures in rows] == [shown.pk, closed_page.pk]
    assert rows[0][1].initiatives_recognised == 3
    content = response.content.decode()
    assert f'href="{shown.url}"' in content and f'href="{closed_page.url}"' in content
    assert draft.title not in content
    assert "status-running" in content and "status-closed" in content
    assert "01/01/2020" in content
    assert "15.500.000 ₫" in content
    assert SECRET not in content


def test_movement_index_costs_the_same_queries_for_1_and_50_movements(client, tree, no_page_cache):
    index = make_movement_index()
    make_movement_page(make_movement(launching_unit=tree.province_a), index)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(index.url).status_code == 200
        return len(queries)

    count()
    once = count()
    for number in range(49):
        unit = [tree.national, tree.province_b, tree.district_a1][number % 3]
        movement = make_movement(
            launching_unit=unit,
            whole_subtree=number % 2 == 0,
            participants=[] if number % 2 == 0 else [make_unit(unit)],
        )
        make_movement_page(movement, index)

    assert len(index.movement_pages()) == 50
    assert count() == once
