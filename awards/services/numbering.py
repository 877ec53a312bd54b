"""Decision numbers: one sequence per unit and year shared by every decision the unit signs
(a round's recognition decision and its award decisions alike), so a number is never drawn
twice; and one sequence per employer and year for the recognition decisions of the councils
run for the employer (Decree 13/2012/NĐ-CP Art. 7: the decision is the employer's act)."""

from django.db.models import Max

from awards.enums import DecisionNumbering
from awards.models import AwardDecision, Decision
from unions.models import Employer, Unit


def format_decision_number(unit: Unit, year: int, sequence: int) -> str:
    return f"{sequence:02d}/QĐ-{unit.code}/{year}"


def format_employer_decision_number(employer: Employer, year: int, sequence: int) -> str:
    # The form of a recognition decision (Circular 18/2013/TT-BKHCN, appendix): "Số: …/QĐ-…".
    return f"{sequence:02d}/QĐ-{employer.code}/{year}"


def next_decision_number(unit: Unit, year: int) -> tuple[int, str]:
    """The next sequence and number of ``unit`` for ``year``. Locks the unit row until the
    transaction ends: two decisions signed at once draw different numbers. Call inside a
    transaction."""
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    last_round = Decision.objects.filter(
        unit=unit, year=year, numbering=DecisionNumbering.UNIT
    ).aggregate(last=Max("sequence"))
    last_award = (
        AwardDecision.objects.filter(issuer=unit, year=year)
        .exclude(round_decision__numbering=DecisionNumbering.EMPLOYER)
        .aggregate(last=Max("sequence"))
    )
    sequence = max(last_round["last"] or 0, last_award["last"] or 0) + 1
    return sequence, format_decision_number(unit, year, sequence)


def next_employer_decision_number(employer: Employer, year: int) -> tuple[int, str]:
    """The next sequence and number of ``employer``'s recognition decisions for ``year``.
    Locks the employer row until the transaction ends. Call inside a transaction."""
    Employer.objects.select_for_update().filter(pk=employer.pk).first()
    last = Decision.objects.filter(
        employer=employer, year=year, numbering=DecisionNumbering.EMPLOYER
    ).aggregate(last=Max("sequence"))["last"]
    sequence = (last or 0) + 1
    return sequence, format_employer_decision_number(employer, year, sequence)
