"""Pages of a block's pledge for a year: drafting it (indicators, signatory units), recording
the signing, the units' mid-year and year-end reports with evidence, the chair's cross-check and
scores, the block's ranking, closing the year and proposing the leader for the emulation flag.

Everyone who sees the block sees its pledges and rankings. A report's values and evidence are
read by the reporting unit (and the units above it), the unit chairing the block that year and
the managing unit; to anyone else it does not exist (404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import get_visible_or_404, private_file_response
from accounts.errors import ApplicationError
from accounts.query_params import int_param
from accounts.workflow import actions_from
from emulation.enums import PledgeStatus, ReportPeriod, ReportStatus
from emulation.flags import flag_proposal_url
from emulation.forms.pledges import (
    EvidenceForm,
    FlagForm,
    IndicatorForm,
    PledgeForm,
    ReasonForm,
    ReportForm,
    ScoreForm,
    SignatoryForm,
    SignForm,
)
from emulation.models import Pledge, PledgeIndicator, PledgeReport, PledgeSignatory, ReportEvidence
from emulation.selectors.pledges import (
    attainment,
    leadership_of,
    live_figures,
    movements_for_block,
    pledge_events,
    pledge_indicators,
    pledge_ranking,
    pledge_report_table,
    pledge_signatories,
    pledges_visible_to,
    ranking_leaders,
    report_events,
    report_evidence,
    report_values,
    reports_visible_to,
    suggested_score,
    unsigned_members,
)
from emulation.services import pledges as services
from emulation.views.blocks import apply_error, may_start_pledge, visible_block
from emulation.workflow import PLEDGE_TRANSITIONS


def visible_pledge(request: HttpRequest, pk: int) -> Pledge:
    """The pledge ``pk`` if the user sees its block; 404 otherwise."""
    return get_visible_or_404(
        pledges_visible_to(request.user), request.user, "emulation.view_pledge", pk=pk
    )


def _managed_pledge(request: HttpRequest, pk: int) -> Pledge:
    pledge = visible_pledge(request, pk)
    if not request.user.has_perm("emulation.manage_pledge", pledge):
        raise PermissionDenied
    return pledge


def _scored_pledge(request: HttpRequest, pk: int) -> Pledge:
    pledge = visible_pledge(request, pk)
    if not request.user.has_perm("emulation.score_pledge", pledge):
        raise PermissionDenied
    return pledge


def may_read_report(user, report: PledgeReport) -> bool:
    """The reporting unit and those above it, the chair of the year and the managing unit."""
    return user.has_perm("unions.view_unit", report.unit) or user.has_perm(
        "emulation.score_pledge", report.pledge
    )


def readable_report(request: HttpRequest, pk: int) -> PledgeReport:
    report = get_visible_or_404(
        reports_visible_to(request.user), request.user, "emulation.view_pledge", pk=pk
    )
    if not may_read_report(request.user, report):
        raise Http404
    return report


# --- drafting a pledge ---------------------------------------------------------------------


@login_required
def pledge_create_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    block = visible_block(request, pk)
    this_year = timezone.localdate().year
    if not any(may_start_pledge(user, block, y) for y in (this_year - 1, this_year, this_year + 1)):
        raise PermissionDenied
    form = PledgeForm(
        request.POST or None,
        movements=movements_for_block(block),
        initial={
            "year": this_year,
            "title": _("Emulation pledge %(year)s of %(block)s")
            % {"year": this_year, "block": block.name},
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            pledge = services.pledge_create(block=block, actor=user, **form.cleaned_data)
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                _("The draft pledge has been saved. Add its indicators and signatory units."),
            )
            return redirect("pledges:pledge_detail", pk=pledge.pk)
    return render(
        request,
        "emulation/pledges/pledge_form.html",
        {"form": form, "emulation_block": block, "pledge": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def pledge_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _managed_pledge(request, pk)
    form = PledgeForm(
        request.POST or None,
        movements=movements_for_block(pledge.block, pledge.year),
        with_year=False,
        initial={"title": pledge.title, "movement": pledge.movement_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_update(pledge=pledge, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The pledge has been saved."))
            return redirect("pledges:pledge_detail", pk=pledge.pk)
    return render(
        request,
        "emulation/pledges/pledge_form.html",
        {"form": form, "emulation_block": pledge.block, "pledge": pledge},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def indicator_form_page(request: HttpRequest, pk: int, indicator_pk: int | None = None):
    pledge = _managed_pledge(request, pk)
    indicator = None
    initial = None
    if indicator_pk is not None:
        indicator = get_object_or_404(PledgeIndicator, pk=indicator_pk, pledge=pledge)
        initial = IndicatorForm.initial_from(indicator)
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if indicator is None:
                services.pledge_indicator_add(
                    pledge=pledge, values=form.values(), actor=request.user
                )
            else:
                services.pledge_indicator_update(
                    indicator=indicator, values=form.values(), actor=request.user
                )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The indicator has been saved."))
            if "another" in request.POST:
                return redirect("pledges:indicator_add", pk=pledge.pk)
            return redirect("pledges:pledge_detail", pk=pledge.pk)
    return render(
        request,
        "emulation/pledges/indicator_form.html",
        {"form": form, "pledge": pledge, "indicator": indicator},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def indicator_remove(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    pledge = _managed_pledge(request, pk)
    indicator = get_object_or_404(PledgeIndicator, pk=indicator_pk, pledge=pledge)
    try:
        services.pledge_indicator_remove(indicator=indicator, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The indicator has been removed."))
    return redirect("pledges:pledge_detail", pk=pledge.pk)


@login_required
def signatory_page(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _managed_pledge(request, pk)
    form = SignatoryForm(request.POST or None, units=unsigned_members(pledge))
    if request.method == "POST" and form.is_valid():
        try:
            signatory = services.pledge_signatory_set(
                pledge=pledge, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request, _("%(unit)s is recorded as a signatory.") % {"unit": signatory.unit.name}
            )
            if "another" in request.POST:
                return redirect("pledges:signatory_add", pk=pledge.pk)
            return redirect("pledges:pledge_detail", pk=pledge.pk)
    return render(
        request,
        "emulation/pledges/signatory_form.html",
        {"form": form, "pledge": pledge},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def signatory_remove(request: HttpRequest, pk: int, signatory_pk: int) -> HttpResponse:
    pledge = _managed_pledge(request, pk)
    signatory = get_object_or_404(
        PledgeSignatory.objects.select_related("unit"), pk=signatory_pk, pledge=pledge
    )
    try:
        services.pledge_signatory_remove(signatory=signatory, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The signatory has been removed."))
    return redirect("pledges:pledge_detail", pk=pledge.pk)


@login_required
def pledge_sign_page(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _managed_pledge(request, pk)
    if pledge.status != PledgeStatus.DRAFT:
        return redirect("pledges:pledge_detail", pk=pledge.pk)
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_transition(
                pledge=pledge, action="sign", actor=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The signing has been recorded; reports can start."))
            return redirect("pledges:pledge_detail", pk=pledge.pk)
    return render(
        request,
        "emulation/pledges/sign_form.html",
        {
            "form": form,
            "pledge": pledge,
            "signatories": list(pledge_signatories(pledge)),
            "missing": list(unsigned_members(pledge)),
            "indicator_count": pledge.indicators.count(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def pledge_close(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _scored_pledge(request, pk)
    try:
        services.pledge_transition(pledge=pledge, action="close", actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The year is closed and the ranking fixed."))
    return redirect("pledges:pledge_detail", pk=pledge.pk)


# --- the pledge page -----------------------------------------------------------------------


def _report_cells(user, pledge: Pledge, table, can_score: bool) -> None:
    """Mark on each row what the user may do with the unit's reports."""
    reporting = pledge.status == PledgeStatus.SIGNED
    for row in table:
        probe = PledgeReport(pledge=pledge, unit=row.unit)
        row.can_report = reporting and user.has_perm("emulation.report_pledge", probe)
        row.can_read = can_score or user.has_perm("unions.view_unit", row.unit)


@login_required
def pledge_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    pledge = visible_pledge(request, pk)
    can_manage = user.has_perm("emulation.manage_pledge", pledge)
    can_score = user.has_perm("emulation.score_pledge", pledge)
    table = pledge_report_table(pledge)
    _report_cells(user, pledge, table, can_score)
    ranking = pledge_ranking(pledge)
    mid_ranking = pledge_ranking(pledge, ReportPeriod.MID_YEAR)
    leaders = ranking_leaders(ranking)
    flag_form = None
    if (
        can_score
        and pledge.status == PledgeStatus.CLOSED
        and pledge.flag_unit_id is None
        and leaders
    ):
        flag_form = FlagForm(leaders=leaders)
    actions = [
        step
        for step in actions_from(PLEDGE_TRANSITIONS, pledge.status)
        if user.has_perm(step.permission, pledge)
    ]
    return render(
        request,
        "emulation/pledges/pledge_detail.html",
        {
            "pledge": pledge,
            "emulation_block": pledge.block,
            "leadership": leadership_of(pledge),
            "indicators": list(pledge_indicators(pledge)),
            "signatories": [row.signatory for row in table],
            "missing": list(unsigned_members(pledge))
            if pledge.status == PledgeStatus.DRAFT
            else [],
            "table": table,
            "ranking": ranking,
            "mid_ranking": mid_ranking if any(r.rank for r in mid_ranking) else [],
            "leaders": leaders,
            "flag_form": flag_form,
            "flag_url": flag_proposal_url(pledge, user),
            "events": pledge_events(pledge),
            "can_manage": can_manage,
            "can_edit": can_manage and pledge.status == PledgeStatus.DRAFT,
            "can_score": can_score,
            "actions": actions,
            "periods": ReportPeriod.choices,
        },
    )


@login_required
def pledge_ranking_page(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = visible_pledge(request, pk)
    period = request.GET.get("period", ReportPeriod.YEAR_END)
    if period not in ReportPeriod.values:
        period = ReportPeriod.YEAR_END
    return render(
        request,
        "emulation/pledges/ranking.html",
        {
            "pledge": pledge,
            "emulation_block": pledge.block,
            "ranking": pledge_ranking(pledge, period),
            "period": period,
            "periods": ReportPeriod.choices,
        },
    )


@login_required
@require_POST
def flag_propose(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _scored_pledge(request, pk)
    leaders = ranking_leaders(pledge_ranking(pledge))
    form = FlagForm(request.POST, leaders=leaders)
    if not form.is_valid():
        messages.error(request, _("Choose the unit to propose among the leaders."))
        return redirect("pledges:pledge_detail", pk=pledge.pk)
    try:
        services.pledge_flag_propose(
            pledge=pledge, unit=form.cleaned_data["unit"], actor=request.user
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(unit)s is proposed for the emulation flag; a draft decision awaits %(issuer)s.")
            % {"unit": form.cleaned_data["unit"].name, "issuer": pledge.block.managing_unit.name},
        )
    return redirect("pledges:pledge_detail", pk=pledge.pk)


# --- reports -------------------------------------------------------------------------------


@login_required
@require_POST
def report_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open (or find) a signatory unit's report for a period and go to it."""
    pledge = visible_pledge(request, pk)
    period = request.POST.get("period", "")
    unit_pk = int_param(request.POST.get("unit"))
    signatory = (
        PledgeSignatory.objects.filter(pledge=pledge, unit_id=unit_pk)
        .select_related("unit")
        .first()
        if unit_pk is not None
        else None
    )
    if signatory is None or period not in ReportPeriod.values:
        raise Http404
    unit = signatory.unit
    if not request.user.has_perm(
        "emulation.report_pledge", PledgeReport(pledge=pledge, unit=unit, period=period)
    ):
        raise PermissionDenied
    try:
        report = services.pledge_report_open(
            pledge=pledge, unit=unit, period=period, actor=request.user
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("pledges:pledge_detail", pk=pledge.pk)
    return redirect("pledges:report_detail", pk=report.pk)


def _report_context(request: HttpRequest, report: PledgeReport, **forms) -> dict:
    user = request.user
    pledge = report.pledge
    values = report_values(report)
    editable = (
        report.status == ReportStatus.DRAFT
        and pledge.status == PledgeStatus.SIGNED
        and user.has_perm("emulation.report_pledge", report)
    )
    can_score = pledge.status == PledgeStatus.SIGNED and user.has_perm(
        "emulation.score_pledge", pledge
    )
    figures = live_figures(report, values) if report.status == ReportStatus.DRAFT else {}
    for row in values:
        row.live = figures.get(row.indicator_id)
        shown = row.checked_value if row.checked_value is not None else row.reported_value
        if row.live is not None:
            shown = row.live.value
        row.attainment = attainment(row.indicator, shown)
    evidence = list(report_evidence(report))
    context = {
        "report": report,
        "pledge": pledge,
        "emulation_block": pledge.block,
        "values": values,
        "evidence": evidence,
        "editable": editable,
        "can_score": can_score and report.status != ReportStatus.DRAFT,
        "can_return": can_score and report.status != ReportStatus.DRAFT,
        "events": report_events(report),
    }
    if editable:
        context["report_form"] = forms.get("report_form") or ReportForm(
            rows=values, initial={"as_of": report.as_of, "note": report.note}
        )
        context["evidence_form"] = forms.get("evidence_form") or EvidenceForm(
            indicators=pledge_indicators(pledge)
        )
    if context["can_return"]:
        context["return_form"] = forms.get("return_form") or ReasonForm()
    return context


@login_required
def report_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The report; its unit saves the draft here (POST)."""
    report = readable_report(request, pk)
    if request.method != "POST":
        return render(
            request, "emulation/pledges/report_detail.html", _report_context(request, report)
        )
    if not request.user.has_perm("emulation.report_pledge", report):
        raise PermissionDenied
    form = ReportForm(request.POST, rows=report_values(report))
    if form.is_valid():
        try:
            services.pledge_report_save(
                report=report,
                actor=request.user,
                as_of=form.cleaned_data["as_of"],
                note=form.cleaned_data["note"],
                values=form.values(),
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The report has been saved as a draft."))
            if "submit" in request.POST:
                return _submit(request, report)
            return redirect("pledges:report_detail", pk=report.pk)
    report.refresh_from_db()
    return render(
        request,
        "emulation/pledges/report_detail.html",
        _report_context(request, report, report_form=form),
        status=400,
    )


def _submit(request: HttpRequest, report: PledgeReport) -> HttpResponse:
    try:
        services.pledge_report_submit(report=report, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report has been submitted to the block."))
    return redirect("pledges:report_detail", pk=report.pk)


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = readable_report(request, pk)
    if not request.user.has_perm("emulation.report_pledge", report):
        raise PermissionDenied
    return _submit(request, report)


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    report = readable_report(request, pk)
    if not request.user.has_perm("emulation.report_pledge", report):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES, indicators=pledge_indicators(report.pledge))
    if form.is_valid():
        try:
            services.report_evidence_add(
                report=report,
                upload=form.cleaned_data["upload"],
                indicator=form.cleaned_data["indicator"],
                description=form.cleaned_data["description"],
                actor=request.user,
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The evidence has been attached."))
            return redirect("pledges:report_detail", pk=report.pk)
    return render(
        request,
        "emulation/pledges/report_detail.html",
        _report_context(request, report, evidence_form=form),
        status=400,
    )


def _evidence_of(report: PledgeReport, evidence_pk: int) -> ReportEvidence:
    return get_object_or_404(ReportEvidence, pk=evidence_pk, report=report)


@login_required
def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    report = readable_report(request, pk)
    evidence = _evidence_of(report, evidence_pk)
    return private_file_response(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    report = readable_report(request, pk)
    if not request.user.has_perm("emulation.report_pledge", report):
        raise PermissionDenied
    evidence = _evidence_of(report, evidence_pk)
    try:
        services.report_evidence_remove(evidence=evidence, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The evidence has been removed."))
    return redirect("pledges:report_detail", pk=report.pk)


@login_required
def report_score_page(request: HttpRequest, pk: int) -> HttpResponse:
    report = readable_report(request, pk)
    pledge = report.pledge
    if not request.user.has_perm("emulation.score_pledge", pledge):
        raise PermissionDenied
    if report.status == ReportStatus.DRAFT or pledge.status != PledgeStatus.SIGNED:
        messages.error(request, _("Only a submitted report of an open pledge can be scored."))
        return redirect("pledges:report_detail", pk=report.pk)
    values = report_values(report)
    suggestions = {
        row.indicator_id: suggested_score(row.indicator, row.reported_value) for row in values
    }
    form = ScoreForm(request.POST or None, rows=values, suggestions=suggestions)
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_report_score(report=report, actor=request.user, scores=form.scores())
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The report has been scored."))
            return redirect("pledges:pledge_detail", pk=pledge.pk)
    for row in values:
        row.suggested = suggestions[row.indicator_id]
        row.attainment = attainment(row.indicator, row.reported_value)
    return render(
        request,
        "emulation/pledges/score_form.html",
        {
            "form": form,
            "report": report,
            "pledge": pledge,
            "emulation_block": pledge.block,
            "evidence": list(report_evidence(report)),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = readable_report(request, pk)
    if not request.user.has_perm("emulation.score_pledge", report.pledge):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.pledge_report_return(
                report=report, actor=request.user, note=form.cleaned_data["note"]
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The report has been returned to the unit."))
            return redirect("pledges:report_detail", pk=report.pk)
    return render(
        request,
        "emulation/pledges/report_detail.html",
        _report_context(request, report, return_form=form),
        status=400,
    )
