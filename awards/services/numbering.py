"""Decision numbers: one sequence per unit and year shared by every decision the unit signs
(a round's recognition decision and its award decisions alike), so a number is never drawn
twice."""

from django.db.models import Max

from awards.models import AwardDecision, Decision
from unions.models import Unit


def format_decision_number(unit: Unit, year: int, sequence: int) -> str:
    return f"{sequence:02d}/QĐ-{unit.code}/{year}"


def next_decision_number(unit: Unit, year: int) -> tuple[int, str]:
    """The next sequence and number of ``unit`` for ``year``. Locks the unit row until the
    transaction ends: two decisions signed at once draw different numbers. Call inside a
    transaction."""
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    last_round = Decision.objects.filter(unit=unit, year=year).aggregate(last=Max("sequence"))
    last_award = AwardDecision.objects.filter(issuer=unit, year=year).aggregate(
        last=Max("sequence")
    )
    sequence = max(last_round["last"] or 0, last_award["last"] or 0) + 1
    return sequence, format_decision_number(unit, year, sequence)
