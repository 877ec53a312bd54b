"""Rounds follow their unit when it is merged: open rounds carry on at the successor, closed
ones stay with the unit that decided them."""

from django.utils import timezone

from awards.enums import RoundStatus
from awards.models import ReviewRound
from tests.factories.awards import make_round, make_round_in
from unions.services import unit_merge


def test_open_rounds_move_to_the_unit_a_merged_unit_joins(tree):
    open_round = make_round(tree.grassroots_a1y)
    closed = make_round_in(RoundStatus.CLOSED, tree.grassroots_a1y).round

    unit_merge(
        sources=[tree.grassroots_a1y],
        target=tree.grassroots_a1x,
        effective_date=timezone.localdate(),
        note="Sáp nhập hai công đoàn cơ sở",
    )

    assert ReviewRound.objects.get(pk=open_round.pk).unit == tree.grassroots_a1x
    assert ReviewRound.objects.get(pk=closed.pk).unit == tree.grassroots_a1y
