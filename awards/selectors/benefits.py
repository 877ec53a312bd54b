"""Reads of the verified benefit of initiatives."""

from django.db.models import QuerySet

from accounts.models import User
from awards.models import BenefitRecord
from initiatives.models import Initiative
from initiatives.selectors import initiatives_visible_to


def benefit_records_of(initiative: Initiative) -> list[BenefitRecord]:
    """The initiative's benefit by year, with who verified it and the evidence. Two queries."""
    return list(
        BenefitRecord.objects.filter(initiative=initiative)
        .select_related("verified_by", "recorded_by")
        .prefetch_related("evidence")
        .order_by("year")
    )


def benefit_records_visible_to(user: User) -> QuerySet[BenefitRecord]:
    """Benefit records of the dossiers the user may read (the rules decide what they may do)."""
    return BenefitRecord.objects.filter(
        initiative__in=initiatives_visible_to(user).values("pk")
    ).select_related("initiative__unit", "verified_by", "recorded_by")
