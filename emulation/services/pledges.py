"""Writes to pledges (giao ước thi đua) of emulation blocks: a pledge's indicators and
signatory units, its signing, closing the year, and proposing the leader for the emulation flag.
The units' reports on a pledge are written by ``emulation.services.reports``, the blocks by
``emulation.services.blocks``.

Who may do what comes from ``emulation.rules``: ``manage_pledge``/``score_pledge`` on the
pledge (the managing unit or the unit chairing the block that year). Pledge steps write a
``PledgeEvent``. Errors are ``ApplicationError``; nothing is saved when one is raised.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.transitions import Lifecycle, transition_applied
from awards.models import AwardDecision
from emulation import indicators
from emulation.enums import (
    IndicatorDirection,
    IndicatorSourceKind,
    MovementStatus,
    PledgeStatus,
    ReportPeriod,
    ReportStatus,
)
from emulation.models import (
    BlockMember,
    EmulationBlock,
    Movement,
    Pledge,
    PledgeEvent,
    PledgeIndicator,
    PledgeReport,
    PledgeSignatory,
)
from emulation.services.blocks import locked_block
from emulation.services.checks import (
    MAX_SCORE,
    check_year,
    clean_amount,
    clean_text,
    current_members,
    is_current_member,
    require,
    today_local,
)
from emulation.services.flags import flag_decision_draft
from emulation.workflow import (
    PLEDGE_EDITABLE,
    PLEDGE_TRANSITIONS,
)
from unions.changes import units_changed
from unions.models import Unit

P = PledgeStatus
S = ReportStatus


# --- pledges -------------------------------------------------------------------------------


def locked_pledge(pledge: Pledge) -> Pledge:
    # The movement is optional (an outer join): lock the pledge's row only.
    return (
        Pledge.objects.select_for_update(of=("self",))
        .select_related("block", "block__managing_unit", "movement")
        .get(pk=pledge.pk)
    )


def pledge_event(
    pledge: Pledge,
    action: str,
    actor: User | None,
    *,
    report: PledgeReport | None = None,
    note: str = "",
) -> PledgeEvent:
    return PledgeEvent.objects.create(
        pledge=pledge, report=report, action=action, note=note, actor=actor
    )


def _require_editable(pledge: Pledge) -> None:
    if pledge.status not in PLEDGE_EDITABLE:
        raise ApplicationError(
            _("A signed pledge cannot change: its indicators and signatories are fixed.")
        )


def _check_movement(movement: Movement | None, block: EmulationBlock, year: int) -> None:
    if movement is None:
        return
    if movement.status == MovementStatus.CLOSED:
        raise ApplicationError(
            _("“%(movement)s” is closed.") % {"movement": movement.name}, field="movement"
        )
    if year not in movement.years:
        raise ApplicationError(
            _("“%(movement)s” does not run in %(year)s.")
            % {"movement": movement.name, "year": year},
            field="movement",
        )
    if not block.managing_unit.path.startswith(movement.launching_unit.path):
        raise ApplicationError(
            _("“%(movement)s” was launched outside %(unit)s.")
            % {"movement": movement.name, "unit": block.managing_unit.name},
            field="movement",
        )


@transaction.atomic
def pledge_create(
    *,
    block: EmulationBlock,
    year: int,
    title: str,
    actor: User,
    movement: Movement | None = None,
) -> Pledge:
    """A draft pledge of ``block`` for ``year``, by the managing unit or that year's chair.
    Raises ApplicationError when the block is retired, the year has a pledge already, or the
    movement is closed, does not run that year or was launched elsewhere."""
    units_changed(units=[block.managing_unit_id])
    block = locked_block(block)
    require(actor, "emulation.manage_pledge", Pledge(block=block, year=year))
    check_year(year)
    if not block.is_active:
        raise ApplicationError(_("This block is no longer active."))
    title = clean_text(title)
    if not title:
        raise ApplicationError(_("Give the pledge a title."), field="title")
    if movement is not None:
        movement = Movement.objects.select_related("launching_unit").get(pk=movement.pk)
    _check_movement(movement, block, year)
    if Pledge.objects.filter(block=block, year=year).exists():
        raise ApplicationError(
            _("The block already has a pledge for %(year)s.") % {"year": year}, field="year"
        )
    pledge = Pledge.objects.create(
        block=block, year=year, title=title, movement=movement, created_by=actor
    )
    pledge_event(pledge, "create", actor)
    return pledge


@transaction.atomic
def pledge_update(
    *, pledge: Pledge, title: str, actor: User, movement: Movement | None = None
) -> Pledge:
    """Change a draft pledge's title and movement."""
    units_changed(units=[pledge.block.managing_unit_id])
    pledge = locked_pledge(pledge)
    require(actor, "emulation.manage_pledge", pledge)
    _require_editable(pledge)
    title = clean_text(title)
    if not title:
        raise ApplicationError(_("Give the pledge a title."), field="title")
    if movement is not None:
        movement = Movement.objects.select_related("launching_unit").get(pk=movement.pk)
    _check_movement(movement, pledge.block, pledge.year)
    pledge.title = title
    pledge.movement = movement
    pledge.save(update_fields=["title", "movement"])
    pledge_event(pledge, "edit", actor)
    return pledge


@dataclass(frozen=True)
class IndicatorValues:
    """What an indicator says; checked by ``pledge_indicator_add``/``_update``."""

    name: str
    unit_of_measure: str
    target: Decimal
    max_score: Decimal
    direction: str = IndicatorDirection.HIGHER
    source: str = IndicatorSourceKind.REPORTED
    computed_key: str = ""
    guidance: str = ""


def _clean_indicator(values: IndicatorValues) -> dict:
    name = clean_text(values.name)
    if not name:
        raise ApplicationError(_("Name the indicator."), field="name")
    unit_of_measure = clean_text(values.unit_of_measure)
    if not unit_of_measure:
        raise ApplicationError(_("Give the unit of measure."), field="unit_of_measure")
    target = clean_amount(values.target, field="target")
    if target < 0:
        raise ApplicationError(_("The target cannot be negative."), field="target")
    max_score = clean_amount(values.max_score, field="max_score", limit=MAX_SCORE)
    if max_score <= 0:
        raise ApplicationError(_("The maximum score must be above zero."), field="max_score")
    if values.direction not in IndicatorDirection.values:
        raise ApplicationError(_("Choose a direction from the list."), field="direction")
    if values.source not in IndicatorSourceKind.values:
        raise ApplicationError(_("Choose a source from the list."), field="source")
    key = clean_text(values.computed_key)
    if values.source == IndicatorSourceKind.COMPUTED:
        if not key or indicators.indicator_source(key) is None:
            raise ApplicationError(
                _("Choose which registry figure the indicator is computed from."),
                field="computed_key",
            )
    else:
        key = ""
    return {
        "name": name[:255],
        "unit_of_measure": unit_of_measure[:50],
        "target": target,
        "max_score": max_score,
        "direction": values.direction,
        "source": values.source,
        "computed_key": key,
        "guidance": clean_text(values.guidance),
    }


@transaction.atomic
def pledge_indicator_add(
    *, pledge: Pledge, values: IndicatorValues, actor: User
) -> PledgeIndicator:
    """Add an indicator to a draft pledge, after the others."""
    pledge = locked_pledge(pledge)
    require(actor, "emulation.manage_pledge", pledge)
    _require_editable(pledge)
    cleaned = _clean_indicator(values)
    last = pledge.indicators.aggregate(last=Max("position"))["last"]
    indicator = PledgeIndicator.objects.create(pledge=pledge, position=(last or 0) + 1, **cleaned)
    pledge_event(pledge, "indicator_add", actor, note=indicator.name)
    return indicator


@transaction.atomic
def pledge_indicator_update(
    *, indicator: PledgeIndicator, values: IndicatorValues, actor: User
) -> PledgeIndicator:
    pledge = locked_pledge(indicator.pledge)
    require(actor, "emulation.manage_pledge", pledge)
    _require_editable(pledge)
    indicator = PledgeIndicator.objects.select_for_update().get(pk=indicator.pk, pledge=pledge)
    for name, value in _clean_indicator(values).items():
        setattr(indicator, name, value)
    indicator.save()
    pledge_event(pledge, "indicator_edit", actor, note=indicator.name)
    return indicator


@transaction.atomic
def pledge_indicator_remove(*, indicator: PledgeIndicator, actor: User) -> None:
    pledge = locked_pledge(indicator.pledge)
    require(actor, "emulation.manage_pledge", pledge)
    _require_editable(pledge)
    name = indicator.name
    PledgeIndicator.objects.filter(pk=indicator.pk, pledge=pledge).delete()
    pledge_event(pledge, "indicator_remove", actor, note=name)


@transaction.atomic
def pledge_signatory_set(
    *,
    pledge: Pledge,
    unit: Unit,
    actor: User,
    signer_name: str,
    signer_title: str = "",
) -> PledgeSignatory:
    """Record (or correct) who signs the draft pledge for ``unit``, a current member."""
    pledge = locked_pledge(pledge)
    require(actor, "emulation.manage_pledge", pledge)
    _require_editable(pledge)
    if not is_current_member(pledge.block, unit):
        raise ApplicationError(
            _("%(unit)s is not a current member of the block.") % {"unit": unit.name},
            field="unit",
        )
    signer_name = clean_text(signer_name)
    if not signer_name:
        raise ApplicationError(_("Give the name of the person who signs."), field="signer_name")
    signatory, created = PledgeSignatory.objects.update_or_create(
        pledge=pledge,
        unit=unit,
        defaults={"signer_name": signer_name[:200], "signer_title": clean_text(signer_title)[:200]},
    )
    pledge_event(pledge, "signatory_add" if created else "signatory_edit", actor, note=unit.name)
    return signatory


@transaction.atomic
def pledge_signatory_remove(*, signatory: PledgeSignatory, actor: User) -> None:
    pledge = locked_pledge(signatory.pledge)
    require(actor, "emulation.manage_pledge", pledge)
    _require_editable(pledge)
    name = signatory.unit.name
    PledgeSignatory.objects.filter(pk=signatory.pk, pledge=pledge).delete()
    pledge_event(pledge, "signatory_remove", actor, note=name)


def _check_signing(pledge: Pledge, signed_on: date | None) -> date:
    if signed_on is None:
        raise ApplicationError(_("Give the date of the signing."), field="signed_on")
    if signed_on > today_local():
        raise ApplicationError(_("The signing cannot be dated in the future."), field="signed_on")
    if not pledge.year - 1 <= signed_on.year <= pledge.year:
        raise ApplicationError(
            _("A pledge for %(year)s is signed in %(year)s or late in the year before.")
            % {"year": pledge.year},
            field="signed_on",
        )
    if not pledge.indicators.exists():
        raise ApplicationError(_("Add at least one indicator before the signing."))
    signed = set(pledge.signatory_rows.values_list("unit_id", flat=True))
    if not signed:
        raise ApplicationError(_("Record the signatory units before the signing."))
    members = dict(
        BlockMember.objects.filter(current_members(pledge.block)).values_list(
            "unit_id", "unit__name"
        )
    )
    outsiders = signed - set(members)
    if outsiders:
        names = (
            Unit.objects.filter(pk__in=outsiders).order_by("name").values_list("name", flat=True)
        )
        raise ApplicationError(
            _("These signatories are no longer members of the block: %(units)s.")
            % {"units": ", ".join(names)}
        )
    missing = sorted(name for unit_id, name in members.items() if unit_id not in signed)
    if missing:
        raise ApplicationError(
            _("Every member signs the pledge; still missing: %(units)s.")
            % {"units": ", ".join(missing)}
        )
    return signed_on


def _check_closing(pledge: Pledge) -> None:
    year_end = PledgeReport.objects.filter(pledge=pledge, period=ReportPeriod.YEAR_END)
    if year_end.filter(status=S.SUBMITTED).exists():
        raise ApplicationError(
            _("Score every submitted year-end report (or return it) before closing the year.")
        )
    if not year_end.filter(status=S.SCORED).exists():
        raise ApplicationError(_("No year-end report is scored yet: there is nothing to rank."))


PLEDGE_LIFECYCLE: Lifecycle[Pledge] = Lifecycle(
    table=PLEDGE_TRANSITIONS,
    lock=locked_pledge,
    not_allowed=lambda pledge: (
        _("This cannot be done while the pledge is “%(status)s”.")
        % {"status": pledge.get_status_display()}
    ),
    forbidden=lambda pledge: _("You may not do this in this emulation block."),
    record=lambda step: pledge_event(step.obj, step.action, step.actor, note=step.note),
)
# The fields each step writes besides the status.
_STEP_FIELDS = {"sign": ["signed_on", "signed_at_place"], "close": ["closed_at"]}


@transaction.atomic
def pledge_transition(
    *,
    pledge: Pledge,
    action: str,
    actor: User,
    signed_on: date | None = None,
    signed_at_place: str = "",
    note: str = "",
) -> Pledge:
    """Sign or close ``pledge`` following ``PLEDGE_TRANSITIONS``.

    Signing (the managing unit or the chair) needs the date, at least one indicator and every
    current member as a signatory. Closing (the scorers) needs every submitted year-end report
    scored and at least one of them; it fixes the ranking. Raises ApplicationError.
    """
    units_changed(units=[pledge.block.managing_unit_id])
    with transition_applied(
        PLEDGE_LIFECYCLE,
        pledge,
        action=action,
        actor=actor,
        note=note,
        update_fields=["status", *_STEP_FIELDS.get(action, [])],
    ) as step:
        pledge = step.obj
        if action == "sign":
            pledge.signed_on = _check_signing(pledge, signed_on)
            pledge.signed_at_place = clean_text(signed_at_place)[:255]
        elif action == "close":
            _check_closing(pledge)
            pledge.closed_at = timezone.now()
    return pledge


# --- the flag ------------------------------------------------------------------------------


def block_leaders(pledge: Pledge) -> list[Unit]:
    """The units sharing the best scored year-end total of ``pledge`` (by name)."""
    scored = PledgeReport.objects.filter(
        pledge=pledge, period=ReportPeriod.YEAR_END, status=S.SCORED
    )
    best = scored.aggregate(best=Max("total_score"))["best"]
    if best is None:
        return []
    return [
        report.unit
        for report in scored.filter(total_score=best).select_related("unit").order_by("unit__name")
    ]


@transaction.atomic
def pledge_flag_propose(*, pledge: Pledge, unit: Unit, actor: User) -> AwardDecision:
    """Propose ``unit``, first in the closed pledge's year-end ranking (one of the first when
    several share it), for the emulation flag: a draft award decision of the block's managing
    unit (``emulation.services.flags``). Returns that draft. Raises ApplicationError when the
    pledge is not closed, a proposal exists, the unit is not first, or the award catalogue
    refuses."""
    pledge = locked_pledge(pledge)
    require(actor, "emulation.score_pledge", pledge)
    if pledge.status != P.CLOSED:
        raise ApplicationError(_("Close the year first: the flag goes to the final leader."))
    if pledge.flag_unit_id is not None:
        raise ApplicationError(_("The leader of this pledge has already been proposed."))
    leaders = block_leaders(pledge)
    if unit.pk not in {leader.pk for leader in leaders}:
        raise ApplicationError(
            _("%(unit)s is not first in the ranking.") % {"unit": unit.name}, field="unit"
        )
    decision = flag_decision_draft(pledge, unit, actor)
    pledge.flag_unit = unit
    pledge.flag_proposed_at = timezone.now()
    pledge.flag_decision = decision
    pledge.save(update_fields=["flag_unit", "flag_proposed_at", "flag_decision"])
    pledge_event(pledge, "flag_propose", actor, note=unit.name)
    return decision
