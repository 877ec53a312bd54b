"""Writes to emulation blocks and their pledges (giao ước thi đua): the block's members and its
chair per year, a pledge's indicators and signatory units, its signing, the units' mid-year and
year-end self-reports with evidence, the chair's cross-check and scores, closing the year, and
proposing the leader for the emulation flag.

Who may do what comes from ``emulation.rules``: ``manage_block`` on the block (its managing
unit), ``manage_pledge``/``score_pledge`` on the pledge (the managing unit or the unit chairing
the block that year), ``report_pledge`` on a report (the reporting unit). Pledge steps and report
steps write a ``PledgeEvent``; block members and leaderships are themselves dated records (a row
per membership period, a row per year). Errors are ``ApplicationError``; nothing is saved when
one is raised.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.services import notification_create
from accounts.uploads import checked_upload
from accounts.workflow import TransitionNotAllowed, transition_for
from emulation import flags, indicators
from emulation.enums import (
    BlockKind,
    IndicatorDirection,
    IndicatorSourceKind,
    MovementStatus,
    PledgeStatus,
    ReportPeriod,
    ReportStatus,
)
from emulation.models import (
    BlockLeadership,
    BlockMember,
    EmulationBlock,
    Movement,
    Pledge,
    PledgeEvent,
    PledgeIndicator,
    PledgeReport,
    PledgeSignatory,
    ReportEvidence,
    ReportValue,
)
from emulation.workflow import (
    PLEDGE_EDITABLE,
    PLEDGE_REPORTING,
    PLEDGE_TRANSITIONS,
)
from unions.enums import Capability, roles_with
from unions.models import RoleGrant, Unit

P = PledgeStatus
S = ReportStatus
CENT = Decimal("0.01")
# The largest value the decimal columns hold (18 digits, 2 of them decimals; 7 for scores).
MAX_VALUE = Decimal("9999999999999999.99")
MAX_SCORE = Decimal("99999.99")


# --- shared checks -------------------------------------------------------------------------


def _require(actor: User, permission: str, obj, message: str | None = None) -> None:
    if not actor.has_perm(permission, obj):
        raise ApplicationError(message or _("You may not do this in this emulation block."))


def _today() -> date:
    return timezone.localdate()


def _text(value: str | None) -> str:
    return (value or "").strip()


def _current_members(block: EmulationBlock) -> Q:
    return Q(block=block, left_on__isnull=True)


def is_current_member(block: EmulationBlock, unit: Unit) -> bool:
    return BlockMember.objects.filter(_current_members(block), unit=unit).exists()


def _check_year(year: int, field: str = "year") -> None:
    if not 2000 <= year <= 2100:
        raise ApplicationError(_("Give a year between 2000 and 2100."), field=field)


def period_end(year: int, period: str) -> date:
    """The last day a report of ``period`` covers."""
    return date(year, 6, 30) if period == ReportPeriod.MID_YEAR else date(year, 12, 31)


def _amount(value, *, field: str, limit: Decimal = MAX_VALUE) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("Give a number."), field=field) from None
    if not number.is_finite() or abs(number) > limit:
        raise ApplicationError(_("This number is too large."), field=field)
    return number


# --- blocks --------------------------------------------------------------------------------


def _locked_block(block: EmulationBlock) -> EmulationBlock:
    return (
        EmulationBlock.objects.select_for_update().select_related("managing_unit").get(pk=block.pk)
    )


def _clean_block_name(managing_unit: Unit, name: str, exclude_pk: int | None = None) -> str:
    name = _text(name)
    if not name:
        raise ApplicationError(_("Give the block a name."), field="name")
    same = EmulationBlock.objects.filter(managing_unit=managing_unit, name__iexact=name)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ApplicationError(
            _("%(unit)s already has a block named “%(name)s”.")
            % {"unit": managing_unit.name, "name": name},
            field="name",
        )
    return name


@transaction.atomic
def block_create(
    *,
    managing_unit: Unit,
    name: str,
    actor: User,
    kind: str = BlockKind.BLOCK,
    description: str = "",
) -> EmulationBlock:
    """A new block organised by ``managing_unit``. Raises ApplicationError when the actor does
    not run emulation at that unit, the unit has ended, or the name is empty or taken."""
    _require(
        actor,
        "emulation.manage_block",
        managing_unit,
        _("You may only organise blocks of units where you run emulation."),
    )
    if not managing_unit.is_active:
        raise ApplicationError(
            _("%(unit)s is no longer active.") % {"unit": managing_unit.name},
            field="managing_unit",
        )
    if kind not in BlockKind.values:
        raise ApplicationError(_("Choose a kind from the list."), field="kind")
    name = _clean_block_name(managing_unit, name)
    try:
        with transaction.atomic():
            return EmulationBlock.objects.create(
                managing_unit=managing_unit,
                name=name,
                kind=kind,
                description=_text(description),
            )
    except IntegrityError:
        raise ApplicationError(
            _("%(unit)s already has a block named “%(name)s”.")
            % {"unit": managing_unit.name, "name": name},
            field="name",
        ) from None


@transaction.atomic
def block_update(
    *,
    block: EmulationBlock,
    actor: User,
    name: str,
    kind: str,
    description: str = "",
    is_active: bool = True,
) -> EmulationBlock:
    """Rename, describe, or retire a block (a retired block takes no new pledge)."""
    block = _locked_block(block)
    _require(actor, "emulation.manage_block", block)
    if kind not in BlockKind.values:
        raise ApplicationError(_("Choose a kind from the list."), field="kind")
    block.name = _clean_block_name(block.managing_unit, name, exclude_pk=block.pk)
    block.kind = kind
    block.description = _text(description)
    block.is_active = bool(is_active)
    block.save(update_fields=["name", "kind", "description", "is_active"])
    return block


@transaction.atomic
def block_member_add(
    *, block: EmulationBlock, unit: Unit, joined_on: date, actor: User
) -> BlockMember:
    """``unit`` joins the block on ``joined_on``. The unit must be active and lie beneath the
    managing unit; a unit is a current member once at a time."""
    block = _locked_block(block)
    _require(actor, "emulation.manage_block", block)
    managing = block.managing_unit
    if unit.pk == managing.pk or not unit.path.startswith(managing.path):
        raise ApplicationError(
            _("Only units beneath %(unit)s can be members of its blocks.")
            % {"unit": managing.name},
            field="unit",
        )
    if not unit.is_active:
        raise ApplicationError(
            _("%(unit)s is no longer active.") % {"unit": unit.name}, field="unit"
        )
    if joined_on > _today():
        raise ApplicationError(_("The date cannot be in the future."), field="joined_on")
    if BlockMember.objects.filter(_current_members(block), unit=unit).exists():
        raise ApplicationError(
            _("%(unit)s is already a member of this block.") % {"unit": unit.name}, field="unit"
        )
    last_left = (
        BlockMember.objects.filter(block=block, unit=unit)
        .aggregate(last=Max("left_on"))
        .get("last")
    )
    if last_left is not None and joined_on < last_left:
        raise ApplicationError(
            _("%(unit)s left this block on %(date)s; it can only rejoin from that day.")
            % {"unit": unit.name, "date": last_left.strftime("%d/%m/%Y")},
            field="joined_on",
        )
    return BlockMember.objects.create(block=block, unit=unit, joined_on=joined_on)


@transaction.atomic
def block_member_remove(*, member: BlockMember, left_on: date, actor: User) -> BlockMember:
    """End a unit's membership on ``left_on`` (kept as history). Refused while the unit chairs
    or vice-chairs the block in that year or later: record another chair first."""
    block = _locked_block(member.block)
    _require(actor, "emulation.manage_block", block)
    member = BlockMember.objects.select_for_update().select_related("unit").get(pk=member.pk)
    if member.left_on is not None:
        raise ApplicationError(_("This unit has already left the block."))
    if left_on < member.joined_on:
        raise ApplicationError(
            _("A unit cannot leave before it joined (%(date)s).")
            % {"date": member.joined_on.strftime("%d/%m/%Y")},
            field="left_on",
        )
    if left_on > _today():
        raise ApplicationError(_("The date cannot be in the future."), field="left_on")
    leading = (
        BlockLeadership.objects.filter(block=block, year__gte=left_on.year)
        .filter(Q(chair=member.unit) | Q(vice_chair=member.unit))
        .order_by("year")
        .first()
    )
    if leading is not None:
        raise ApplicationError(
            _("%(unit)s leads the block in %(year)s; record another chair or vice-chair first.")
            % {"unit": member.unit.name, "year": leading.year},
            field="left_on",
        )
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    return member


@transaction.atomic
def block_leadership_set(
    *,
    block: EmulationBlock,
    year: int,
    chair: Unit,
    actor: User,
    vice_chair: Unit | None = None,
) -> BlockLeadership:
    """Record who chairs (and vice-chairs) the block in ``year``; one record per year keeps the
    rotation. Both must be current members and different units; a year whose pledge is closed
    keeps its chair."""
    block = _locked_block(block)
    _require(actor, "emulation.manage_block", block)
    _check_year(year)
    if vice_chair is not None and vice_chair.pk == chair.pk:
        raise ApplicationError(
            _("The chair and the vice-chair must be different units."), field="vice_chair"
        )
    for unit, field in ((chair, "chair"), (vice_chair, "vice_chair")):
        if unit is not None and not is_current_member(block, unit):
            raise ApplicationError(
                _("%(unit)s is not a current member of the block.") % {"unit": unit.name},
                field=field,
            )
    if Pledge.objects.filter(block=block, year=year, status=P.CLOSED).exists():
        raise ApplicationError(
            _("The pledge of %(year)s is closed; its chair can no longer change.") % {"year": year},
            field="year",
        )
    leadership, _created = BlockLeadership.objects.update_or_create(
        block=block, year=year, defaults={"chair": chair, "vice_chair": vice_chair}
    )
    return leadership


# --- pledges -------------------------------------------------------------------------------


def _locked_pledge(pledge: Pledge) -> Pledge:
    # The movement is optional (an outer join): lock the pledge's row only.
    return (
        Pledge.objects.select_for_update(of=("self",))
        .select_related("block", "block__managing_unit", "movement")
        .get(pk=pledge.pk)
    )


def _event(
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
    block = _locked_block(block)
    _require(actor, "emulation.manage_pledge", Pledge(block=block, year=year))
    _check_year(year)
    if not block.is_active:
        raise ApplicationError(_("This block is no longer active."))
    title = _text(title)
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
    _event(pledge, "create", actor)
    return pledge


@transaction.atomic
def pledge_update(
    *, pledge: Pledge, title: str, actor: User, movement: Movement | None = None
) -> Pledge:
    """Change a draft pledge's title and movement."""
    pledge = _locked_pledge(pledge)
    _require(actor, "emulation.manage_pledge", pledge)
    _require_editable(pledge)
    title = _text(title)
    if not title:
        raise ApplicationError(_("Give the pledge a title."), field="title")
    if movement is not None:
        movement = Movement.objects.select_related("launching_unit").get(pk=movement.pk)
    _check_movement(movement, pledge.block, pledge.year)
    pledge.title = title
    pledge.movement = movement
    pledge.save(update_fields=["title", "movement"])
    _event(pledge, "edit", actor)
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
    name = _text(values.name)
    if not name:
        raise ApplicationError(_("Name the indicator."), field="name")
    unit_of_measure = _text(values.unit_of_measure)
    if not unit_of_measure:
        raise ApplicationError(_("Give the unit of measure."), field="unit_of_measure")
    target = _amount(values.target, field="target")
    if target < 0:
        raise ApplicationError(_("The target cannot be negative."), field="target")
    max_score = _amount(values.max_score, field="max_score", limit=MAX_SCORE)
    if max_score <= 0:
        raise ApplicationError(_("The maximum score must be above zero."), field="max_score")
    if values.direction not in IndicatorDirection.values:
        raise ApplicationError(_("Choose a direction from the list."), field="direction")
    if values.source not in IndicatorSourceKind.values:
        raise ApplicationError(_("Choose a source from the list."), field="source")
    key = _text(values.computed_key)
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
        "guidance": _text(values.guidance),
    }


@transaction.atomic
def pledge_indicator_add(
    *, pledge: Pledge, values: IndicatorValues, actor: User
) -> PledgeIndicator:
    """Add an indicator to a draft pledge, after the others."""
    pledge = _locked_pledge(pledge)
    _require(actor, "emulation.manage_pledge", pledge)
    _require_editable(pledge)
    cleaned = _clean_indicator(values)
    last = pledge.indicators.aggregate(last=Max("position"))["last"]
    indicator = PledgeIndicator.objects.create(pledge=pledge, position=(last or 0) + 1, **cleaned)
    _event(pledge, "indicator_add", actor, note=indicator.name)
    return indicator


@transaction.atomic
def pledge_indicator_update(
    *, indicator: PledgeIndicator, values: IndicatorValues, actor: User
) -> PledgeIndicator:
    pledge = _locked_pledge(indicator.pledge)
    _require(actor, "emulation.manage_pledge", pledge)
    _require_editable(pledge)
    indicator = PledgeIndicator.objects.select_for_update().get(pk=indicator.pk, pledge=pledge)
    for name, value in _clean_indicator(values).items():
        setattr(indicator, name, value)
    indicator.save()
    _event(pledge, "indicator_edit", actor, note=indicator.name)
    return indicator


@transaction.atomic
def pledge_indicator_remove(*, indicator: PledgeIndicator, actor: User) -> None:
    pledge = _locked_pledge(indicator.pledge)
    _require(actor, "emulation.manage_pledge", pledge)
    _require_editable(pledge)
    name = indicator.name
    PledgeIndicator.objects.filter(pk=indicator.pk, pledge=pledge).delete()
    _event(pledge, "indicator_remove", actor, note=name)


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
    pledge = _locked_pledge(pledge)
    _require(actor, "emulation.manage_pledge", pledge)
    _require_editable(pledge)
    if not is_current_member(pledge.block, unit):
        raise ApplicationError(
            _("%(unit)s is not a current member of the block.") % {"unit": unit.name},
            field="unit",
        )
    signer_name = _text(signer_name)
    if not signer_name:
        raise ApplicationError(_("Give the name of the person who signs."), field="signer_name")
    signatory, created = PledgeSignatory.objects.update_or_create(
        pledge=pledge,
        unit=unit,
        defaults={"signer_name": signer_name[:200], "signer_title": _text(signer_title)[:200]},
    )
    _event(pledge, "signatory_add" if created else "signatory_edit", actor, note=unit.name)
    return signatory


@transaction.atomic
def pledge_signatory_remove(*, signatory: PledgeSignatory, actor: User) -> None:
    pledge = _locked_pledge(signatory.pledge)
    _require(actor, "emulation.manage_pledge", pledge)
    _require_editable(pledge)
    name = signatory.unit.name
    PledgeSignatory.objects.filter(pk=signatory.pk, pledge=pledge).delete()
    _event(pledge, "signatory_remove", actor, note=name)


def _check_signing(pledge: Pledge, signed_on: date | None) -> date:
    if signed_on is None:
        raise ApplicationError(_("Give the date of the signing."), field="signed_on")
    if signed_on > _today():
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
        BlockMember.objects.filter(_current_members(pledge.block)).values_list(
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
    pledge = _locked_pledge(pledge)
    try:
        step = transition_for(PLEDGE_TRANSITIONS, action, pledge.status)
    except TransitionNotAllowed:
        raise ApplicationError(
            _("This cannot be done while the pledge is “%(status)s”.")
            % {"status": pledge.get_status_display()}
        ) from None
    _require(actor, step.permission, pledge)
    note = _text(note)
    if step.note_required and not note:
        raise ApplicationError(_("Give the reasons."), field="note")
    fields = ["status"]
    if action == "sign":
        pledge.signed_on = _check_signing(pledge, signed_on)
        pledge.signed_at_place = _text(signed_at_place)[:255]
        fields += ["signed_on", "signed_at_place"]
    elif action == "close":
        _check_closing(pledge)
        pledge.closed_at = timezone.now()
        fields.append("closed_at")
    pledge.status = step.target
    pledge.save(update_fields=fields)
    _event(pledge, action, actor, note=note)
    return pledge


# --- reports -------------------------------------------------------------------------------


def _locked_report(report: PledgeReport) -> PledgeReport:
    return (
        PledgeReport.objects.select_for_update()
        .select_related("pledge", "pledge__block", "pledge__block__managing_unit", "unit")
        .get(pk=report.pk)
    )


def _require_reporting(pledge: Pledge) -> None:
    if pledge.status not in PLEDGE_REPORTING:
        if pledge.status == P.DRAFT:
            raise ApplicationError(_("The pledge is not signed yet; reports start after it."))
        raise ApplicationError(_("The pledge is closed; its reports and scores are fixed."))


def _require_draft_report(report: PledgeReport) -> None:
    if report.status != S.DRAFT:
        raise ApplicationError(
            _("A submitted report cannot change; the chair may return it to the unit.")
        )


def _check_as_of(pledge: Pledge, period: str, as_of: date | None) -> date:
    if as_of is None:
        raise ApplicationError(_("Give the date the figures are counted up to."), field="as_of")
    if as_of.year != pledge.year or as_of > period_end(pledge.year, period):
        raise ApplicationError(
            _("The figures of this report are counted up to a day between %(start)s and %(end)s.")
            % {
                "start": date(pledge.year, 1, 1).strftime("%d/%m/%Y"),
                "end": period_end(pledge.year, period).strftime("%d/%m/%Y"),
            },
            field="as_of",
        )
    return as_of


def default_as_of(year: int, period: str) -> date:
    """The end of the period, or today while it is running."""
    return min(period_end(year, period), max(_today(), date(year, 1, 1)))


@transaction.atomic
def pledge_report_open(
    *, pledge: Pledge, unit: Unit, period: str, actor: User, as_of: date | None = None
) -> PledgeReport:
    """The draft report of signatory ``unit`` for ``period`` (opened once: an existing report
    is returned as it is). Raises ApplicationError when the pledge is not signed or closed, the
    unit did not sign it, or the actor may not report for the unit."""
    pledge = _locked_pledge(pledge)
    if period not in ReportPeriod.values:
        raise ApplicationError(_("Choose the mid-year or the year-end report."), field="period")
    _require(
        actor,
        "emulation.report_pledge",
        PledgeReport(pledge=pledge, unit=unit, period=period),
        _("Only the officers of %(unit)s report for it.") % {"unit": unit.name},
    )
    existing = PledgeReport.objects.filter(pledge=pledge, unit=unit, period=period).first()
    if existing is not None:
        return existing
    _require_reporting(pledge)
    if not pledge.signatory_rows.filter(unit=unit).exists():
        raise ApplicationError(
            _("%(unit)s did not sign this pledge.") % {"unit": unit.name}, field="unit"
        )
    as_of = _check_as_of(pledge, period, as_of or default_as_of(pledge.year, period))
    report = PledgeReport.objects.create(pledge=pledge, unit=unit, period=period, as_of=as_of)
    ReportValue.objects.bulk_create(
        ReportValue(report=report, indicator=indicator) for indicator in pledge.indicators.all()
    )
    _event(pledge, "report_open", actor, report=report)
    return report


@dataclass(frozen=True)
class ReportedValue:
    """What a unit reports for one of the pledge's reported indicators."""

    indicator_id: int
    value: Decimal | None
    comment: str = ""


@transaction.atomic
def pledge_report_save(
    *,
    report: PledgeReport,
    actor: User,
    as_of: date,
    note: str = "",
    values: Iterable[ReportedValue] = (),
) -> PledgeReport:
    """Save a draft report: the date its figures are counted to, a summary, and the values and
    comments of reported indicators (computed ones are filled at submission, never typed)."""
    report = _locked_report(report)
    _require(actor, "emulation.report_pledge", report)
    _require_reporting(report.pledge)
    _require_draft_report(report)
    report.as_of = _check_as_of(report.pledge, report.period, as_of)
    report.note = _text(note)
    report.save(update_fields=["as_of", "note"])
    rows = {row.indicator_id: row for row in report.values.select_related("indicator")}
    changed = []
    for item in values:
        row = rows.get(item.indicator_id)
        if row is None:
            raise ApplicationError(_("This indicator is not part of the pledge."))
        field = f"value_{item.indicator_id}"
        if row.indicator.is_computed:
            raise ApplicationError(
                _("“%(indicator)s” is computed from the registry; it cannot be typed in.")
                % {"indicator": row.indicator.name},
                field=field,
            )
        row.reported_value = None if item.value is None else _amount(item.value, field=field)
        row.comment = _text(item.comment)
        changed.append(row)
    ReportValue.objects.bulk_update(changed, ["reported_value", "comment"])
    _event(report.pledge, "report_save", actor, report=report)
    return report


@transaction.atomic
def report_evidence_add(
    *,
    report: PledgeReport,
    upload: UploadedFile,
    actor: User,
    indicator: PledgeIndicator | None = None,
    description: str = "",
) -> ReportEvidence:
    """Attach a document to a draft report (for one indicator or the whole report). Its type is
    read from its content and its size checked; it is kept in the private storage."""
    report = _locked_report(report)
    _require(actor, "emulation.report_pledge", report)
    _require_reporting(report.pledge)
    _require_draft_report(report)
    if indicator is not None and indicator.pledge_id != report.pledge_id:
        raise ApplicationError(_("This indicator is not part of the pledge."), field="indicator")
    mime, name = checked_upload(upload, max_bytes=settings.INITIATIVE_ATTACHMENT_MAX_BYTES)
    evidence = ReportEvidence(
        report=report,
        indicator=indicator,
        original_name=name,
        content_type=mime,
        size=upload.size,
        description=_text(description)[:255],
        uploaded_by=actor,
    )
    evidence.file.save(name, upload, save=False)
    evidence.save()
    _event(report.pledge, "evidence_add", actor, report=report, note=name)
    return evidence


@transaction.atomic
def report_evidence_remove(*, evidence: ReportEvidence, actor: User) -> None:
    report = _locked_report(evidence.report)
    _require(actor, "emulation.report_pledge", report)
    _require_reporting(report.pledge)
    _require_draft_report(report)
    name = evidence.file.name
    storage = evidence.file.storage
    original = evidence.original_name
    ReportEvidence.objects.filter(pk=evidence.pk, report=report).delete()
    transaction.on_commit(lambda: storage.delete(name))
    _event(report.pledge, "evidence_remove", actor, report=report, note=original)


def _computed_figures(report: PledgeReport, rows: list[ReportValue]) -> None:
    start = date(report.pledge.year, 1, 1)
    for row in rows:
        if not row.indicator.is_computed:
            continue
        try:
            figure = indicators.compute_indicator(
                row.indicator.computed_key, unit=report.unit, start=start, end=report.as_of
            )
        except KeyError:
            raise ApplicationError(
                _("The registry figure of “%(indicator)s” is not available; tell the block.")
                % {"indicator": row.indicator.name}
            ) from None
        row.reported_value = _amount(figure.value, field=f"value_{row.indicator_id}")
        row.explanation = figure.explanation


@transaction.atomic
def pledge_report_submit(*, report: PledgeReport, actor: User, notify: bool = True) -> PledgeReport:
    """Submit a draft report to the block: computed indicators are counted from the registry up
    to ``as_of`` (keeping how), every reported one needs a value. The officers of the unit
    chairing the block that year hear of it after the commit (unless ``notify`` is off)."""
    report = _locked_report(report)
    _require(actor, "emulation.report_pledge", report)
    _require_reporting(report.pledge)
    _require_draft_report(report)
    if report.as_of > _today():
        raise ApplicationError(
            _("The figures cannot be counted up to a day still to come; change the date."),
            field="as_of",
        )
    rows = list(report.values.select_related("indicator"))
    missing = [
        row.indicator.name
        for row in rows
        if not row.indicator.is_computed and row.reported_value is None
    ]
    if missing:
        raise ApplicationError(
            _("Give a value for every indicator; missing: %(indicators)s.")
            % {"indicators": ", ".join(missing)}
        )
    _computed_figures(report, rows)
    ReportValue.objects.bulk_update(rows, ["reported_value", "explanation"])
    report.status = S.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.save(update_fields=["status", "submitted_at", "submitted_by"])
    event = _event(report.pledge, "report_submit", actor, report=report)
    if notify:
        transaction.on_commit(lambda: _notify(event.pk))
    return report


@transaction.atomic
def pledge_report_return(
    *, report: PledgeReport, actor: User, note: str, notify: bool = True
) -> PledgeReport:
    """Send a submitted (or scored) report back to its unit as a draft, with the reasons; its
    scores are cleared."""
    report = _locked_report(report)
    _require(actor, "emulation.score_pledge", report.pledge)
    _require_reporting(report.pledge)
    if report.status == S.DRAFT:
        raise ApplicationError(_("This report has not been submitted."))
    note = _text(note)
    if not note:
        raise ApplicationError(_("Give the reasons."), field="note")
    report.values.update(checked_value=None, score=None, score_note="")
    report.status = S.DRAFT
    report.total_score = None
    report.scored_at = None
    report.scored_by = None
    report.save(update_fields=["status", "total_score", "scored_at", "scored_by"])
    event = _event(report.pledge, "report_return", actor, report=report, note=note)
    if notify:
        transaction.on_commit(lambda: _notify(event.pk))
    return report


@dataclass(frozen=True)
class IndicatorScore:
    """The chair's finding for one indicator of a report."""

    indicator_id: int
    score: Decimal
    checked_value: Decimal | None = None
    note: str = ""


@transaction.atomic
def pledge_report_score(
    *,
    report: PledgeReport,
    actor: User,
    scores: Iterable[IndicatorScore],
    notify: bool = True,
) -> PledgeReport:
    """Cross-check and score a submitted report (or score it again while the pledge is open).

    Every indicator gets a score between zero and its maximum (a score above the maximum is
    refused, never cut down); the checked value defaults to the reported one. The report's
    total is the sum. The unit's officers hear of it after the commit (unless ``notify`` is
    off).
    """
    report = _locked_report(report)
    _require(actor, "emulation.score_pledge", report.pledge)
    _require_reporting(report.pledge)
    if report.status == S.DRAFT:
        raise ApplicationError(_("Only a submitted report can be scored."))
    rows = {row.indicator_id: row for row in report.values.select_related("indicator")}
    given = {}
    for item in scores:
        if item.indicator_id not in rows:
            raise ApplicationError(_("This indicator is not part of the pledge."))
        given[item.indicator_id] = item
    total = Decimal("0")
    for indicator_id, row in rows.items():
        item = given.get(indicator_id)
        field = f"score_{indicator_id}"
        if item is None or item.score is None:
            raise ApplicationError(
                _("Give a score for “%(indicator)s”.") % {"indicator": row.indicator.name},
                field=field,
            )
        score = _amount(item.score, field=field, limit=MAX_SCORE)
        if score < 0:
            raise ApplicationError(_("A score cannot be negative."), field=field)
        if score > row.indicator.max_score:
            raise ApplicationError(
                _("“%(indicator)s” scores at most %(max)s; %(score)s is above it.")
                % {
                    "indicator": row.indicator.name,
                    "max": _plain(row.indicator.max_score),
                    "score": _plain(score),
                },
                field=field,
            )
        row.score = score
        row.checked_value = (
            row.reported_value
            if item.checked_value is None
            else _amount(item.checked_value, field=f"checked_{indicator_id}")
        )
        row.score_note = _text(item.note)
        total += score
    ReportValue.objects.bulk_update(list(rows.values()), ["score", "checked_value", "score_note"])
    report.total_score = total
    report.status = S.SCORED
    report.scored_at = timezone.now()
    report.scored_by = actor
    report.save(update_fields=["total_score", "status", "scored_at", "scored_by"])
    event = _event(report.pledge, "report_score", actor, report=report, note=_plain(total))
    if notify:
        transaction.on_commit(lambda: _notify(event.pk))
    return report


def _plain(number: Decimal) -> str:
    """A score as people write it: ``8.50`` → ``8,5``."""
    text = f"{number.normalize():f}"
    return text.replace(".", ",")


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
def pledge_flag_propose(*, pledge: Pledge, unit: Unit, actor: User):
    """Propose ``unit``, first in the closed pledge's year-end ranking (one of the first when
    several share it), for the emulation flag: the awards app drafts the decision of the block's
    managing unit. Returns that draft. Raises ApplicationError when the pledge is not closed, a
    proposal exists, the unit is not first, or the award catalogue refuses."""
    pledge = _locked_pledge(pledge)
    _require(actor, "emulation.score_pledge", pledge)
    if pledge.status != P.CLOSED:
        raise ApplicationError(_("Close the year first: the flag goes to the final leader."))
    if pledge.flag_unit_id is not None:
        raise ApplicationError(_("The leader of this pledge has already been proposed."))
    leaders = block_leaders(pledge)
    if unit.pk not in {leader.pk for leader in leaders}:
        raise ApplicationError(
            _("%(unit)s is not first in the ranking.") % {"unit": unit.name}, field="unit"
        )
    proposal = flags.propose_flag(pledge, unit, actor)
    pledge.flag_unit = unit
    pledge.flag_proposed_at = timezone.now()
    pledge.save(update_fields=["flag_unit", "flag_proposed_at"])
    _event(pledge, "flag_propose", actor, note=unit.name)
    return proposal


# --- notifications -------------------------------------------------------------------------


def _managers_of(unit: Unit) -> list[User]:
    today = _today()
    grants = RoleGrant.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today),
        valid_from__lte=today,
        unit=unit,
        role__in=roles_with(Capability.MANAGE_EMULATION),
        user__is_active=True,
    ).select_related("user")
    return list({grant.user_id: grant.user for grant in grants}.values())


def _scorers(pledge: Pledge) -> list[User]:
    leadership = BlockLeadership.objects.filter(block=pledge.block, year=pledge.year).first()
    unit = leadership.chair if leadership is not None else pledge.block.managing_unit
    return _managers_of(unit)


def _notify(event_id: int) -> None:
    event = PledgeEvent.objects.select_related("pledge__block__managing_unit", "report__unit").get(
        pk=event_id
    )
    report = event.report
    pledge = event.pledge
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "unit": report.unit.name,
            "period": report.get_period_display().lower(),
            "pledge": pledge.title,
            "year": pledge.year,
        }
        if event.action == "report_submit":
            users = _scorers(pledge)
            message = (
                _(
                    "%(unit)s submitted its %(period)s report on “%(pledge)s” (%(year)s) for "
                    "cross-checking."
                )
                % values
            )
        elif event.action == "report_score":
            users = _managers_of(report.unit)
            message = _(
                "The %(period)s report of %(unit)s on “%(pledge)s” (%(year)s) has been scored: "
                "%(total)s points."
            ) % {**values, "total": event.note}
        else:
            users = _managers_of(report.unit)
            message = _(
                "The %(period)s report of %(unit)s on “%(pledge)s” (%(year)s) was returned: "
                "%(reason)s"
            ) % {**values, "reason": event.note}
        notification_create(
            users=[user for user in users if user.pk != event.actor_id],
            message=message,
            url=reverse("pledges:report_detail", args=[report.pk]),
        )
