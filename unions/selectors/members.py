"""Reads of the members' register, scoped to the units where the asking user may see members.

A register row is a membership that is current or that ended for a reason (retired, moved away,
left, died); the rows a move closed are the history of the row that followed them.
"""

from django.db.models import DateField, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
from unions.enums import GRASSROOTS_KINDS, Capability
from unions.models import Membership, Unit
from unions.selectors import units_visible_to


def _first_start() -> Subquery:
    return Subquery(
        Membership.objects.filter(user=OuterRef("user"))
        .values("user")
        .annotate(first=Min("valid_from"))
        .values("first")[:1],
        output_field=DateField(),
    )


def register_rows() -> QuerySet[Membership]:
    """Every register row (current or ended for a reason), with the person, the unit and
    ``joined_union_on`` (the day the person joined the union, else the start of their first
    membership)."""
    return (
        Membership.objects.filter(Q(valid_to__isnull=True) | ~Q(end_reason=""))
        .select_related("user", "unit")
        .annotate(joined_union_on=Coalesce(F("joined_on"), _first_start()))
    )


def members_visible_to(
    user: User, capability: str = Capability.VIEW_MEMBERS
) -> QuerySet[Membership]:
    """The register rows of the units where ``user`` holds ``capability``, sorted by name."""
    rows = register_rows()
    if not (user.is_authenticated and user.is_active and user.is_superuser):
        rows = rows.filter(unit__in=units_visible_to(user, capability))
    # The person's id before the row's: the order an index on the people's names gives
    # (accounts ``user_name_idx``), so a page of a long search is read in order, not sorted.
    return rows.order_by("user__first_name", "user__last_name", "user_id", "pk")


def member_history(person: User) -> QuerySet[Membership]:
    """All of a person's memberships, latest first, with their units and who recorded them."""
    return (
        Membership.objects.filter(user=person)
        .select_related("unit", "recorded_by")
        .order_by("-valid_from", "-pk")
    )


def member_units(user: User, capability: str = Capability.MANAGE_MEMBERS) -> QuerySet[Unit]:
    """Active grassroots units where ``user`` may register or move members."""
    return (
        units_visible_to(user, capability)
        .filter(is_active=True, kind__in=GRASSROOTS_KINDS)
        .order_by("name", "pk")
    )
