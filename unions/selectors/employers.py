"""Reading employers: the employer of a grassroots union on a day, and an employer's unions."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from unions.models import Employer, EmployerUnion, Unit


def _on(on: date | None) -> date:
    return on or timezone.localdate()


def _current(on: date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))


def employer_of(unit: Unit, on: date | None = None) -> Employer | None:
    """The employer the grassroots union ``unit`` sat at on ``on`` (today by default)."""
    link = (
        EmployerUnion.objects.filter(_current(_on(on)), unit=unit)
        .select_related("employer")
        .order_by("-valid_from")
        .first()
    )
    return link.employer if link else None


def employer_unions(employer: Employer, on: date | None = None) -> QuerySet[Unit]:
    """The grassroots unions at ``employer`` on ``on`` (today by default)."""
    day = _on(on)
    return Unit.objects.filter(
        employer_links__in=EmployerUnion.objects.filter(_current(day), employer=employer)
    ).order_by("path")
