"""The province stored on a dossier for the public bank (issue 14 §4) follows its unit when the
unit, with its subtree, moves to another province, or is handed over by a dissolution: the bank
filters it under the new province, the figures count it there, and the rows are updated in
batches whose number of queries does not depend on the rows per batch."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from emulation.live_figures import live_registry_figures
from emulation.rollup import figures_rebuild
from emulation.statistics import registry_figures
from initiatives.enums import InitiativeStatus as S
from initiatives.models import Initiative
from initiatives.standing import initiative_province_follow_move
from tests.factories import UserFactory, make_initiative
from tests.factories.pages import make_initiative_bank
from tests.site_cms.test_initiative_bank import listed
from unions.models import Unit
from unions.services import unit_dissolve, unit_move

TODAY = timezone.localdate()


@pytest.fixture
def bank(db):
    return make_initiative_bank()


def recognised(unit, title: str) -> Initiative:
    return make_initiative(unit, UserFactory(), S.RECOGNISED, title=title)


def provinces(*initiatives) -> list[int | None]:
    return [Initiative.objects.get(pk=i.pk).province_id for i in initiatives]


def fresh(unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


def test_moved_subtree_takes_its_recognised_dossiers_to_the_new_province(
    client, tree, bank, django_capture_on_commit_callbacks
):
    moving = recognised(tree.grassroots_a1x, "Sáng kiến đi theo huyện")
    staying = recognised(tree.grassroots_b1x, "Sáng kiến ở Phú Thọ")
    draft = make_initiative(tree.grassroots_a1y, UserFactory(), S.SUBMITTED)
    figures_rebuild()
    before = registry_figures(unit=fresh(tree.province_b))
    assert f'<option value="{tree.province_a.code}"' in client.get(bank.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        unit_move(
            unit=fresh(tree.district_a1), new_parent=fresh(tree.province_b), effective_date=TODAY
        )

    assert provinces(moving, staying, draft) == [tree.province_b.pk, tree.province_b.pk, None]
    by_province = {"province": tree.province_b.code}
    assert sorted(listed(client.get(bank.url, by_province))) == sorted(
        [moving.title, staying.title]
    )
    # Province A holds no recognised dossier any more: the bank no longer offers it.
    assert f'<option value="{tree.province_a.code}"' not in client.get(bank.url).content.decode()
    # The figures were refreshed after the commit (the move logged a tree change).
    after = registry_figures(unit=fresh(tree.province_b))
    assert after == live_registry_figures(unit=fresh(tree.province_b))
    assert after != before
    assert registry_figures(unit=fresh(tree.province_a)) == live_registry_figures(
        unit=fresh(tree.province_a)
    )


def test_sub_units_handed_over_by_a_dissolution_follow_too(tree):
    moving = recognised(tree.grassroots_b1x, "Sáng kiến của công đoàn chuyển tỉnh")

    unit_dissolve(
        unit=fresh(tree.province_b), receiver=fresh(tree.province_a), effective_date=TODAY
    )

    assert provinces(moving) == [tree.province_a.pk]


def test_a_unit_moved_up_to_be_a_province_becomes_its_dossiers_province(tree):
    moving = recognised(tree.grassroots_a1x, "Sáng kiến của ngành")

    unit_move(unit=fresh(tree.district_a1), new_parent=fresh(tree.national), effective_date=TODAY)

    assert provinces(moving) == [tree.district_a1.pk]


def test_batches_cost_two_queries_each_whatever_their_size(tree):
    """One query for the province, per batch one choosing ids and one UPDATE, one to end."""
    dossiers = [recognised(tree.grassroots_a1x, f"Sáng kiến số {n}") for n in range(4)]
    Initiative.objects.filter(pk__in=[d.pk for d in dossiers]).update(province=tree.province_b)

    district = fresh(tree.district_a1)
    with CaptureQueriesContext(connection) as whole:
        changed = initiative_province_follow_move(district, batch_size=10)
    assert changed == 4
    assert len(whole.captured_queries) == 1 + 2 + 1

    Initiative.objects.filter(pk__in=[d.pk for d in dossiers]).update(province=tree.province_b)
    with CaptureQueriesContext(connection) as batched:
        changed = initiative_province_follow_move(district, batch_size=2)
    assert changed == 4
    assert len(batched.captured_queries) == 1 + 2 * 2 + 1
    assert provinces(*dossiers) == [tree.province_a.pk] * 4
