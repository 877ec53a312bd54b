"""Writes of scoring rubrics, their versions and criteria: the only way they change.

Every service checks the rule ``awards.manage_rubric`` on the rubric (``actor`` None only when
the system seeds one), locks the rows it changes and keeps the history the Wagtail admin shows
(``wagtail.log_actions``). A version freezes when the first score is saved under it
(``rubric_version_freeze``); a frozen version never changes nor goes away: a new version is
made from it (``rubric_version_copy``). The admin screens in ``awards.wagtail_hooks`` call these
services. Errors are ``ApplicationError``; nothing is saved when one is raised.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.errors import ApplicationError
from accounts.models import User
from awards.models import Criterion, Rubric, RubricVersion
from unions.models import Unit


@dataclass(frozen=True)
class CriterionData:
    """One criterion as a rubric version is given it. ``pk`` names a criterion of the version
    being changed (``rubric_version_update``); new criteria have none."""

    name: str
    max_points: Decimal
    guidance: str = ""
    weight: Decimal = Decimal(1)
    eliminatory: bool = False
    bands: tuple[tuple[Decimal, Decimal, str], ...] = ()
    pk: int | None = None


# --- checks ----------------------------------------------------------------------------------


def _require_rubric(actor: User | None, rubric: Rubric) -> None:
    if actor is not None and not actor.has_perm("awards.manage_rubric", rubric):
        raise ApplicationError(_("You may not change this rubric."))


def _check_criteria(criteria: Sequence[CriterionData]) -> None:
    if not criteria:
        raise ApplicationError(_("A rubric needs at least one criterion."))
    for criterion in criteria:
        if not criterion.name.strip():
            raise ApplicationError(_("Every criterion needs a name."))
        if criterion.max_points <= 0 or criterion.weight <= 0:
            raise ApplicationError(
                _("“%(name)s”: points and weight must be greater than 0.")
                % {"name": criterion.name}
            )
        for low, high, _label in criterion.bands:
            if not (0 <= low <= high <= criterion.max_points):
                raise ApplicationError(
                    _("“%(name)s”: every band lies between 0 and %(max)s points.")
                    % {"name": criterion.name, "max": criterion.max_points}
                )


def _frozen_error() -> ApplicationError:
    return ApplicationError(
        _(
            "This version is frozen: scores have been given under it. Make a new version "
            "to change the criteria."
        )
    )


def rubric_deletion_problem(rubric: Rubric) -> str | None:
    """Why ``rubric`` cannot be deleted (a version of it is frozen or used by a round), or
    None."""
    if rubric.versions.filter(Q(frozen_at__isnull=False) | Q(rounds__isnull=False)).exists():
        return _(
            "This rubric cannot be deleted: scores have been given under one of its versions "
            "or a round uses one."
        )
    return None


def version_deletion_problem(version: RubricVersion) -> str | None:
    """Why ``version`` cannot be deleted (it is frozen, or a round uses it), or None."""
    if version.is_frozen:
        return _("This version is frozen: scores have been given under it. It cannot be deleted.")
    if version.rounds.exists():
        return _("A round uses this version, so it cannot be deleted.")
    return None


# --- criteria as rows ------------------------------------------------------------------------


def _number(value: Decimal) -> str:
    # 30.00 is kept as "30" and 24.50 as "24.5", as the admin shows them.
    return format(value.normalize(), "f")


def _bands_json(bands) -> list[dict]:
    return [
        {"min": _number(low), "max": _number(high), "label": label} for low, high, label in bands
    ]


CRITERION_FIELDS = (
    "sort_order",
    "name",
    "guidance",
    "max_points",
    "weight",
    "eliminatory",
    "bands",
)


def _criterion_values(data: CriterionData, order: int) -> dict:
    return {
        "sort_order": order,
        "name": data.name.strip(),
        "guidance": data.guidance,
        "max_points": data.max_points,
        "weight": data.weight,
        "eliminatory": data.eliminatory,
        "bands": _bands_json(data.bands),
    }


def _data_of(criterion: Criterion) -> CriterionData:
    return CriterionData(
        name=criterion.name,
        guidance=criterion.guidance,
        max_points=criterion.max_points,
        weight=criterion.weight,
        eliminatory=criterion.eliminatory,
        bands=tuple(
            (Decimal(b["min"]), Decimal(b["max"]), b.get("label", "")) for b in criterion.bands
        ),
    )


def _shape(version: RubricVersion) -> tuple:
    """What a change of the version changes, to tell the history whether anything did."""
    rows = version.criteria.order_by("sort_order", "pk").values_list("pk", *CRITERION_FIELDS)
    return (version.pass_threshold, version.note, list(rows))


def _next_number(rubric: Rubric) -> int:
    return (rubric.versions.aggregate(last=Max("number"))["last"] or 0) + 1


def _version_create(
    rubric: Rubric,
    number: int,
    pass_threshold: Decimal,
    criteria: Sequence[CriterionData],
    actor: User | None,
    note: str,
) -> RubricVersion:
    version = RubricVersion.objects.create(
        rubric=rubric,
        number=number,
        pass_threshold=pass_threshold,
        note=note.strip(),
        created_by=actor,
    )
    Criterion.objects.bulk_create(
        Criterion(version=version, **_criterion_values(c, order))
        for order, c in enumerate(criteria)
    )
    log(instance=version, action="wagtail.create", user=actor, content_changed=True)
    return version


# --- rubrics ---------------------------------------------------------------------------------


@transaction.atomic
def rubric_create(
    *,
    name: str,
    unit: Unit | None,
    description: str = "",
    pass_threshold: Decimal,
    criteria: list[CriterionData],
    actor: User | None,
) -> RubricVersion:
    """Create a rubric and its first version. ``actor`` None: seeding the system."""
    rubric = Rubric(name=name, unit=unit, description=description)
    _require_rubric(actor, rubric)
    _check_criteria(criteria)
    rubric.save()
    log(instance=rubric, action="wagtail.create", user=actor, content_changed=True)
    return _version_create(rubric, 1, pass_threshold, criteria, actor, note="")


@transaction.atomic
def rubric_save(
    *,
    actor: User,
    name: str,
    unit: Unit | None,
    description: str = "",
    rubric: Rubric | None = None,
) -> Rubric:
    """Create a rubric without a version yet (the admin asks for its first version next), or
    change the name, keeper (a unit, None: shared by every unit) and description of
    ``rubric``. The actor manages rubrics at the keeper, before and after the change."""
    if rubric is None:
        rubric, action, before = Rubric(), "wagtail.create", None
    else:
        rubric = (
            Rubric.objects.select_for_update(of=("self",)).select_related("unit").get(pk=rubric.pk)
        )
        _require_rubric(actor, rubric)
        action, before = "wagtail.edit", (rubric.name, rubric.unit_id, rubric.description)
    rubric.name, rubric.unit, rubric.description = name.strip(), unit, description
    _require_rubric(actor, rubric)
    rubric.save()
    changed = before != (rubric.name, rubric.unit_id, rubric.description)
    log(instance=rubric, action=action, user=actor, content_changed=changed)
    return rubric


@transaction.atomic
def rubric_delete(*, rubric: Rubric, actor: User) -> None:
    """Delete a rubric with its versions, unless scores were given under one of them or a
    round uses one (``rubric_deletion_problem``)."""
    rubric = Rubric.objects.select_for_update(of=("self",)).select_related("unit").get(pk=rubric.pk)
    _require_rubric(actor, rubric)
    problem = rubric_deletion_problem(rubric)
    if problem is not None:
        raise ApplicationError(problem)
    log(instance=rubric, action="wagtail.delete", user=actor)
    for version in rubric.versions.all():
        version.delete()
    rubric.delete()


# --- versions --------------------------------------------------------------------------------


@transaction.atomic
def rubric_version_create(
    *,
    rubric: Rubric,
    pass_threshold: Decimal,
    criteria: Sequence[CriterionData],
    actor: User,
    note: str = "",
) -> RubricVersion:
    """Add a version to ``rubric``, numbered after its last one, with ``criteria`` in order."""
    rubric = Rubric.objects.select_for_update(of=("self",)).select_related("unit").get(pk=rubric.pk)
    _require_rubric(actor, rubric)
    _check_criteria(criteria)
    return _version_create(rubric, _next_number(rubric), pass_threshold, criteria, actor, note)


@transaction.atomic
def rubric_version_update(
    *,
    version: RubricVersion,
    pass_threshold: Decimal,
    criteria: Sequence[CriterionData],
    actor: User,
    note: str = "",
) -> RubricVersion:
    """Change a version that no score has been given under: its threshold, its note and its
    criteria, which become ``criteria`` in that order (those with a ``pk`` are changed in
    place, those left out are removed, the others added). Raises ApplicationError for a
    frozen version, even one frozen since the page was opened."""
    version = (
        RubricVersion.objects.select_for_update(of=("self",))
        .select_related("rubric__unit")
        .get(pk=version.pk)
    )
    _require_rubric(actor, version.rubric)
    if version.is_frozen:
        raise _frozen_error()
    _check_criteria(criteria)
    before = _shape(version)
    existing = {c.pk: c for c in version.criteria.all()}
    kept = {c.pk for c in criteria if c.pk is not None}
    if kept - set(existing):
        raise ValueError(f"criteria {sorted(kept - set(existing))} are not of version {version}")
    Criterion.objects.filter(version=version).exclude(pk__in=kept).delete()
    changed = []
    for order, data in enumerate(criteria):
        values = _criterion_values(data, order)
        if data.pk is None:
            Criterion.objects.create(version=version, **values)
            continue
        row = existing[data.pk]
        for name, value in values.items():
            setattr(row, name, value)
        changed.append(row)
    Criterion.objects.bulk_update(changed, CRITERION_FIELDS)
    version.pass_threshold = pass_threshold
    version.note = note.strip()
    version.save(update_fields=["pass_threshold", "note"])
    changed = _shape(version) != before
    log(instance=version, action="wagtail.edit", user=actor, content_changed=changed)
    return version


@transaction.atomic
def rubric_version_copy(*, version: RubricVersion, actor: User, note: str = "") -> RubricVersion:
    """A new, unfrozen version of the rubric with the criteria of ``version``, to edit."""
    rubric = Rubric.objects.select_for_update().get(pk=version.rubric_id)
    _require_rubric(actor, rubric)
    criteria = [_data_of(c) for c in version.criteria.all()]
    return _version_create(
        rubric, _next_number(rubric), version.pass_threshold, criteria, actor, note
    )


@transaction.atomic
def rubric_version_delete(*, version: RubricVersion, actor: User) -> None:
    """Delete a version with its criteria, unless it is frozen or a round uses it
    (``version_deletion_problem``)."""
    version = (
        RubricVersion.objects.select_for_update(of=("self",))
        .select_related("rubric__unit")
        .get(pk=version.pk)
    )
    _require_rubric(actor, version.rubric)
    problem = version_deletion_problem(version)
    if problem is not None:
        raise ApplicationError(problem)
    log(instance=version, action="wagtail.delete", user=actor)
    version.delete()


def rubric_version_freeze(*, version_id: int) -> None:
    """Freeze the version once the first score is saved under it (call inside the scoring
    transaction). One UPDATE: two members saving their first scores at once both leave it
    frozen, at the first moment."""
    RubricVersion.objects.filter(pk=version_id, frozen_at__isnull=True).update(
        frozen_at=timezone.now()
    )
