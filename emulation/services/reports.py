"""Writes to the units' mid-year and year-end self-reports on a pledge: opening, saving values and
evidence, submitting, the chair's return or scores; the people concerned are told after commit.
Who may: ``emulation.report_pledge`` on a report (the reporting unit), ``score_pledge`` on the
pledge (the managing unit or the unit chairing the block that year). Each step writes a
``PledgeEvent``. Errors are ``ApplicationError``; nothing is saved when one is raised."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.services import notification_create
from accounts.uploads import checked_upload
from emulation import indicators
from emulation.enums import (
    PledgeStatus,
    ReportPeriod,
    ReportStatus,
)
from emulation.models import (
    BlockLeadership,
    Pledge,
    PledgeEvent,
    PledgeIndicator,
    PledgeReport,
    ReportEvidence,
    ReportValue,
)
from emulation.services.checks import (
    MAX_SCORE,
    clean_amount,
    clean_text,
    period_end,
    require,
    today_local,
)
from emulation.services.pledges import locked_pledge, pledge_event
from emulation.workflow import (
    PLEDGE_REPORTING,
)
from unions.changes import units_changed
from unions.enums import Capability, roles_with
from unions.models import RoleGrant, Unit

P = PledgeStatus
S = ReportStatus


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
    return min(period_end(year, period), max(today_local(), date(year, 1, 1)))


@transaction.atomic
def pledge_report_open(
    *, pledge: Pledge, unit: Unit, period: str, actor: User, as_of: date | None = None
) -> PledgeReport:
    """The draft report of signatory ``unit`` for ``period`` (opened once: an existing report
    is returned as it is). Raises ApplicationError when the pledge is not signed or closed, the
    unit did not sign it, or the actor may not report for the unit."""
    pledge = locked_pledge(pledge)
    if period not in ReportPeriod.values:
        raise ApplicationError(_("Choose the mid-year or the year-end report."), field="period")
    require(
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
    pledge_event(pledge, "report_open", actor, report=report)
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
    units_changed(units=[report.pledge.block.managing_unit_id])
    report = _locked_report(report)
    require(actor, "emulation.report_pledge", report)
    _require_reporting(report.pledge)
    _require_draft_report(report)
    report.as_of = _check_as_of(report.pledge, report.period, as_of)
    report.note = clean_text(note)
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
        row.reported_value = None if item.value is None else clean_amount(item.value, field=field)
        row.comment = clean_text(item.comment)
        changed.append(row)
    ReportValue.objects.bulk_update(changed, ["reported_value", "comment"])
    pledge_event(report.pledge, "report_save", actor, report=report)
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
    require(actor, "emulation.report_pledge", report)
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
        description=clean_text(description)[:255],
        uploaded_by=actor,
    )
    evidence.file.save(name, upload, save=False)
    evidence.save()
    pledge_event(report.pledge, "evidence_add", actor, report=report, note=name)
    return evidence


@transaction.atomic
def report_evidence_remove(*, evidence: ReportEvidence, actor: User) -> None:
    report = _locked_report(evidence.report)
    require(actor, "emulation.report_pledge", report)
    _require_reporting(report.pledge)
    _require_draft_report(report)
    name = evidence.file.name
    storage = evidence.file.storage
    original = evidence.original_name
    ReportEvidence.objects.filter(pk=evidence.pk, report=report).delete()
    transaction.on_commit(lambda: storage.delete(name))
    pledge_event(report.pledge, "evidence_remove", actor, report=report, note=original)


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
        row.reported_value = clean_amount(figure.value, field=f"value_{row.indicator_id}")
        row.explanation = figure.explanation


@transaction.atomic
def pledge_report_submit(*, report: PledgeReport, actor: User, notify: bool = True) -> PledgeReport:
    """Submit a draft report to the block: computed indicators are counted from the registry up
    to ``as_of`` (keeping how), every reported one needs a value. The officers of the unit
    chairing the block that year hear of it after the commit (unless ``notify`` is off)."""
    units_changed(units=[report.pledge.block.managing_unit_id])
    report = _locked_report(report)
    require(actor, "emulation.report_pledge", report)
    _require_reporting(report.pledge)
    _require_draft_report(report)
    if report.as_of > today_local():
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
    event = pledge_event(report.pledge, "report_submit", actor, report=report)
    if notify:
        transaction.on_commit(lambda: _notify(event.pk))
    return report


@transaction.atomic
def pledge_report_return(
    *, report: PledgeReport, actor: User, note: str, notify: bool = True
) -> PledgeReport:
    """Send a submitted (or scored) report back to its unit as a draft, with the reasons; its
    scores are cleared."""
    units_changed(units=[report.pledge.block.managing_unit_id])
    report = _locked_report(report)
    require(actor, "emulation.score_pledge", report.pledge)
    _require_reporting(report.pledge)
    if report.status == S.DRAFT:
        raise ApplicationError(_("This report has not been submitted."))
    note = clean_text(note)
    if not note:
        raise ApplicationError(_("Give the reasons."), field="note")
    report.values.update(checked_value=None, score=None, score_note="")
    report.status = S.DRAFT
    report.total_score = None
    report.scored_at = None
    report.scored_by = None
    report.save(update_fields=["status", "total_score", "scored_at", "scored_by"])
    event = pledge_event(report.pledge, "report_return", actor, report=report, note=note)
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
    units_changed(units=[report.pledge.block.managing_unit_id])
    report = _locked_report(report)
    require(actor, "emulation.score_pledge", report.pledge)
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
        score = clean_amount(item.score, field=field, limit=MAX_SCORE)
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
            else clean_amount(item.checked_value, field=f"checked_{indicator_id}")
        )
        row.score_note = clean_text(item.note)
        total += score
    ReportValue.objects.bulk_update(list(rows.values()), ["score", "checked_value", "score_note"])
    report.total_score = total
    report.status = S.SCORED
    report.scored_at = timezone.now()
    report.scored_by = actor
    report.save(update_fields=["total_score", "status", "scored_at", "scored_by"])
    event = pledge_event(report.pledge, "report_score", actor, report=report, note=_plain(total))
    if notify:
        transaction.on_commit(lambda: _notify(event.pk))
    return report


def _plain(number: Decimal) -> str:
    """A score as people write it: ``8.50`` → ``8,5``."""
    text = f"{number.normalize():f}"
    return text.replace(".", ",")


# --- notifications -------------------------------------------------------------------------


def _managers_of(unit: Unit) -> list[User]:
    today = today_local()
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
