"""The initiatives' section of the registry figures (``emulation.statistics.registry_figures``)."""

from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear

from initiatives.enums import InitiativeField, InitiativeStatus, WorkType
from initiatives.models import Initiative
from unions.statistics import FigureScope

# --- initiatives -------------------------------------------------------------------------

UNSPECIFIED = "unspecified"


def initiatives_in_scope(scope: FigureScope) -> QuerySet[Initiative]:
    """Dossiers of the scope's subtree; with a year, those first submitted in that year (drafts
    never submitted have no year and drop out)."""
    queryset = Initiative.objects.filter(scope.unit_q())
    if scope.year is not None:
        queryset = queryset.filter(submitted_at__year=scope.year)
    return queryset


def initiative_figures(scope: FigureScope) -> dict[str, Any]:
    """Total (drafts included), submitted (dossiers that were ever sent), by status, by year of
    submission, by field, by kind of work (initiative, experience initiative, research topic),
    and the benefit claimed (VND a year, summed over dossiers that left the draft stage). Five
    queries."""
    initiatives = initiatives_in_scope(scope).order_by()
    by_status = dict.fromkeys(InitiativeStatus.values, 0)
    for status, count in initiatives.values_list("status").annotate(n=Count("pk")):
        by_status[status] = count
    by_year = {
        str(year): count
        for year, count in initiatives.filter(submitted_at__isnull=False)
        .annotate(year=ExtractYear("submitted_at"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    }
    by_field = dict.fromkeys(InitiativeField.values, 0)
    for field, count in initiatives.values_list("field").annotate(n=Count("pk")):
        key = field or UNSPECIFIED
        by_field[key] = by_field.get(key, 0) + count
    # Experience initiatives and research topics are counted apart from initiatives proper.
    by_work_type = dict.fromkeys(WorkType.values, 0)
    for work_type, count in initiatives.values_list("work_type").annotate(n=Count("pk")):
        by_work_type[work_type] = count
    benefit = initiatives.exclude(status=InitiativeStatus.DRAFT).aggregate(
        total=Sum("benefit_claimed")
    )["total"]
    return {
        "total": sum(by_status.values()),
        "submitted": sum(by_year.values()),
        "by_status": by_status,
        "by_year": by_year,
        "by_field": by_field,
        "by_work_type": by_work_type,
        "benefit_claimed_vnd": int(benefit or 0),
    }
