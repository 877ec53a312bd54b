"""Reading employers: the employer of a grassroots union on a day, an employer's unions, and the
employers a user may see (those linked, now or before, to a unit in the user's scope)."""

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.search import search
from unions.enums import Capability
from unions.enums import EmployerEventAction as A
from unions.models import Employer, EmployerEvent, EmployerUnion, EmployerVersion, Unit
from unions.selectors import has_capability_on, scope_paths


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


# --- scope ---------------------------------------------------------------------------------


def _links_within(paths: list[str]) -> Q:
    condition = Q()
    for path in paths:
        condition |= Q(unit__path__startswith=path)
    return condition


def employers_in_scope(user: User, capability: str = Capability.VIEW_UNIT) -> QuerySet[Employer]:
    """Employers linked, now or before, to a unit where ``user`` holds ``capability``."""
    employers = Employer.objects.all()
    if not user.is_authenticated or not user.is_active:
        return employers.none()
    if user.is_superuser:
        return employers
    paths = scope_paths(user, capability)
    if not paths:
        return employers.none()
    return employers.filter(
        pk__in=EmployerUnion.objects.filter(_links_within(paths)).values("employer_id")
    )


def employers_visible_to(user: User) -> QuerySet[Employer]:
    """Employers ``user`` may open: linked to a unit they may view (``Capability.VIEW_UNIT``)."""
    return employers_in_scope(user, Capability.VIEW_UNIT)


def employers_managed_by(user: User) -> QuerySet[Employer]:
    """Employers ``user`` may change: linked to a unit they may restructure."""
    return employers_in_scope(user, Capability.RESTRUCTURE_UNIT)


def employer_linked_units(employer: Employer) -> list[Unit]:
    """Every unit ever linked to ``employer`` (cached on the object for the request)."""
    cached = getattr(employer, "_linked_units", None)
    if cached is None:
        cached = list(Unit.objects.filter(employer_links__employer=employer).distinct())
        employer._linked_units = cached
    return cached


def has_capability_on_employer(user: User, capability: str, employer: Employer) -> bool:
    """True when ``user`` holds ``capability`` on a unit linked (now or before) to
    ``employer``."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(
        has_capability_on(user, capability, unit) for unit in employer_linked_units(employer)
    )


# --- lists and pages -----------------------------------------------------------------------


def _current_links(on: date | None = None) -> Prefetch:
    return Prefetch(
        "union_links",
        queryset=EmployerUnion.objects.filter(_current(_on(on)))
        .select_related("unit")
        .order_by("unit__name", "pk"),
        to_attr="current_links",
    )


def employer_list(
    user: User,
    *,
    query: str | None = None,
    kind: str | None = None,
    active: bool | None = None,
) -> QuerySet[Employer]:
    """Employers ``user`` may see, searched by name, code, tax code or head (diacritics
    ignored), ordered by name, each with ``current_links`` (its unions today) prefetched."""
    employers = employers_visible_to(user)
    if query:
        employers = search(employers, query, ["name", "code", "tax_code", "head_name"])
    if kind:
        employers = employers.filter(kind=kind)
    if active is not None:
        employers = employers.filter(is_active=active)
    return employers.prefetch_related(_current_links()).order_by("-is_active", "name", "pk")


def employer_versions(employer: Employer) -> QuerySet[EmployerVersion]:
    return employer.versions.order_by("-valid_from", "-pk")


def employer_history(employer: Employer) -> QuerySet[EmployerEvent]:
    return EmployerEvent.objects.filter(employer=employer).select_related(
        "related_employer", "unit", "recorded_by"
    )


def employer_links(employer: Employer) -> QuerySet[EmployerUnion]:
    """Every grassroots union linked to ``employer``, the current ones first."""
    return (
        EmployerUnion.objects.filter(employer=employer)
        .select_related("unit")
        .order_by("-valid_to", "unit__name", "-valid_from")
    )


def _related(employer: Employer, actions: list[str]) -> list[Employer]:
    events = EmployerEvent.objects.filter(employer=employer, action__in=actions).select_related(
        "related_employer"
    )
    return [event.related_employer for event in events if event.related_employer]


def employer_successors(employer: Employer) -> list[Employer]:
    return _related(employer, [A.MERGED_INTO, A.SPLIT_INTO, A.DISSOLVED])


def employer_predecessors(employer: Employer) -> list[Employer]:
    return _related(employer, [A.ABSORBED, A.SPLIT_FROM])


def unit_employer_links(unit: Unit) -> QuerySet[EmployerUnion]:
    """The employers a grassroots union was at, the latest first."""
    return (
        EmployerUnion.objects.filter(unit=unit)
        .select_related("employer")
        .order_by("-valid_from", "-pk")
    )


def employers_for_dossier(unit: Unit | None, user: User) -> QuerySet[Employer]:
    """Employers a dossier of ``unit`` may be addressed to: those ever linked to that union,
    and for an officer those linked to a grassroots union where they receive dossiers."""
    condition = Q(pk__in=[])
    if unit is not None:
        condition |= Q(pk__in=EmployerUnion.objects.filter(unit=unit).values("employer_id"))
    if user.is_authenticated and user.is_active and not user.is_superuser:
        paths = scope_paths(user, Capability.RECEIVE_INITIATIVES)
        if paths:
            condition |= Q(
                pk__in=EmployerUnion.objects.filter(_links_within(paths)).values("employer_id")
            )
    elif user.is_superuser:
        condition = Q()
    return Employer.objects.filter(condition).order_by("-is_active", "name", "pk")


def employer_may_address(employer: Employer, unit: Unit, user: User) -> bool:
    """True when a dossier of ``unit`` entered by ``user`` may be addressed to ``employer``."""
    return employers_for_dossier(unit, user).filter(pk=employer.pk).exists()


def active_employers_under(unit: Unit | None) -> int:
    """Active employers with a grassroots union (now linked) in ``unit``'s subtree; all active
    employers without a unit."""
    employers = Employer.objects.filter(is_active=True)
    if unit is None:
        return employers.count()
    return employers.filter(
        pk__in=EmployerUnion.objects.filter(
            valid_to__isnull=True, unit__path__startswith=unit.path
        ).values("employer_id")
    ).count()
