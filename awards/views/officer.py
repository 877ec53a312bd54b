"""Running a review round: the list of rounds, the round page (details, council, dossiers,
progress, results once scoring closed, history), the dossier-in-round page (scorers, conflicts,
vote, nomination upward) and the round's documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.errors import ApplicationError
from accounts.query_params import year_param
from awards import services
from awards.documents import (
    decision_filename,
    export_scores_xlsx,
    minutes_filename,
    render_decision_pdf,
    render_minutes_pdf,
    scores_filename,
)
from awards.enums import (
    AssignmentMode,
    CouncilRole,
    Outcome,
    RoundEventAction,
    RoundPurpose,
    RoundStatus,
)
from awards.forms import (
    AssignForm,
    CloseForm,
    ConflictForm,
    CouncilMemberForm,
    EntriesForm,
    NominateForm,
    NoteForm,
    RoundForm,
    VoteForm,
)
from awards.models import ReviewRound, RoundEntry, RubricVersion
from awards.selectors.council import missing_council_roles, seat_in
from awards.selectors.recognitions import employers_under, employers_under_any
from awards.selectors.rounds import (
    entries_eligible_for,
    nomination_targets,
    nominations_used,
    round_council,
    round_entries,
    round_history,
    round_progress,
    rubric_versions_usable_at,
)
from awards.selectors.rounds import round_list as rounds_listed
from awards.selectors.scores import round_results, rubric_criteria, sheet_values
from awards.views import apply_error, visible_entry, visible_round
from awards.workflow import (
    COUNCIL_EDITABLE,
    ENTRIES_EDITABLE,
    ROUND_TRANSITIONS,
    round_actions_from,
)
from initiatives.selectors import review_rules
from unions.enums import Capability
from unions.levels import DECIDING_KINDS
from unions.selectors import own_unit, scope_paths, units_visible_to

PAGE_SIZE = 25


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.has_perm("awards.view_round") or user.council_seats.exists()):
        raise PermissionDenied
    rounds = rounds_listed(user)
    status = request.GET.get("status", "")
    if status in RoundStatus.values:
        rounds = rounds.filter(status=status)
    year = year_param(request.GET.get("year"))
    if year is not None:
        rounds = rounds.filter(year=year)
    page = Paginator(rounds, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/round_list.html",
        {
            "page": page,
            "statuses": RoundStatus.choices,
            "status": status,
            "year": year,
            "can_create": user.has_perm("awards.run_round"),
        },
    )


def _round_units(user):
    """Units where the user may open a round: down to grassroots level, active ones."""
    return units_visible_to(user, Capability.RUN_ROUNDS).filter(
        is_active=True, kind__in=DECIDING_KINDS
    )


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("awards.run_round"):
        raise PermissionDenied
    units = _round_units(request.user)
    unit = None
    unit_code = request.POST.get("unit") or request.GET.get("unit")
    if not unit_code and request.method != "POST":
        # The officer's own unit to start with.
        own = own_unit(request.user, Capability.RUN_ROUNDS, units)
        unit_code = own.code if own is not None else None
    if unit_code:
        unit = units.filter(code=unit_code).first()
    versions = rubric_versions_usable_at(unit) if unit else _all_versions()
    employers = (
        employers_under(unit)
        if unit
        else employers_under_any(scope_paths(request.user, Capability.RUN_ROUNDS))
    )
    initial = {"unit": unit_code} if unit_code else {}
    only = list(employers[:2]) if unit else []
    if len(only) == 1:
        initial["employer"] = only[0].pk  # a grassroots union's own employer
    form = RoundForm(
        request.POST or None,
        rubric_versions=versions,
        units=units,
        employers=employers,
        initial=initial or None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            review_round = services.round_create(
                unit=form.cleaned_data["unit"], actor=request.user, **form.values()
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The round has been created as a draft."))
            return redirect("awards:round_detail", pk=review_round.pk)
    return render(request, "awards/round_form.html", {"form": form, "review_round": None})


def _all_versions():
    return RubricVersion.objects.select_related("rubric").order_by("rubric__name", "-number")


@login_required
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = visible_round(request, pk)
    if not request.user.has_perm("awards.run_round", review_round):
        raise PermissionDenied
    if review_round.status not in (RoundStatus.DRAFT, RoundStatus.OPEN):
        messages.error(request, _("The round's details can change only before scoring starts."))
        return redirect("awards:round_detail", pk=pk)
    initial = {name: getattr(review_round, name) for name in services.ROUND_FIELDS}
    form = RoundForm(
        request.POST or None,
        rubric_versions=rubric_versions_usable_at(review_round.unit),
        review_round=review_round,
        employers=employers_under(review_round.unit),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(review_round=review_round, actor=request.user, **form.values())
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The round has been saved."))
            return redirect("awards:round_detail", pk=pk)
    return render(request, "awards/round_form.html", {"form": form, "review_round": review_round})


HISTORY_SHOWN = 50
ACTION_LABELS = dict(RoundEventAction.choices)


def _history(request: HttpRequest, review_round) -> dict:
    """The latest steps of the round (all of them on request): a round of hundreds of
    dossiers writes thousands of lines."""
    events = round_history(review_round)
    total = events.count()
    show_all = request.GET.get("history") == "all"
    if not show_all and total > HISTORY_SHOWN:
        events = events[total - HISTORY_SHOWN :]
    rows = list(events)
    for event in rows:
        event.label = ACTION_LABELS.get(event.action, event.action)
    return {"history": rows, "history_total": total, "history_cut": len(rows) < total}


def _round_context(request: HttpRequest, review_round, **forms) -> dict:
    user = request.user
    can_run = user.has_perm("awards.run_round", review_round)
    entries = list(round_entries(review_round))
    seat = seat_in(user, review_round)
    show_values = user.has_perm("awards.view_round_scores", review_round)
    results = round_results(review_round) if show_values else {}
    for entry in entries:
        entry.result = results.get(entry.pk)
    actions = []
    for step in round_actions_from(review_round.status):
        if step.action == "close" or not user.has_perm(step.permission, review_round):
            continue
        actions.append(
            {
                "step": step,
                "form": forms.get(f"action_{step.action}")
                or NoteForm(required=step.note_required, auto_id=f"id_{step.action}_%s"),
            }
        )
    eligible_form = None
    if (
        can_run
        and review_round.status in ENTRIES_EDITABLE
        and review_round.purpose == RoundPurpose.RECOGNITION
    ):
        eligible = entries_eligible_for(review_round)
        eligible_form = forms.get("entries_form") or EntriesForm(eligible=eligible)
    can_close = review_round.status == RoundStatus.DELIBERATION and user.has_perm(
        "awards.close_round", review_round
    )
    council = round_council(review_round)
    return {
        "review_round": review_round,
        "council": council,
        "without_union_representative": bool(entries)
        and review_round.purpose != RoundPurpose.RECOGNITION
        and not any(m.role == CouncilRole.UNION_REPRESENTATIVE for m in council),
        "missing_roles": missing_council_roles(review_round, council)
        if review_round.status in (RoundStatus.DRAFT, RoundStatus.OPEN)
        else [],
        "entries": entries,
        "progress": round_progress(review_round),
        "criteria": rubric_criteria(review_round.rubric_version),
        "show_values": show_values,
        "can_run": can_run,
        "seat": seat,
        "can_edit_council": can_run and review_round.status in COUNCIL_EDITABLE,
        "can_edit_entries": can_run and review_round.status in ENTRIES_EDITABLE,
        "council_form": forms.get("council_form") or CouncilMemberForm(),
        "entries_form": eligible_form,
        "actions": actions,
        "close_form": (forms.get("close_form") or CloseForm(employer=review_round.employer))
        if can_close
        else None,
        **_history(request, review_round),
        "quota_used": nominations_used(review_round) if review_round.is_closed else None,
    }


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = visible_round(request, pk)
    return render(request, "awards/round_detail.html", _round_context(request, review_round))


SUCCESS = {
    "open": _("The round is open for dossiers."),
    "start_scoring": _("Scoring has started; the council members have been told."),
    "close_scoring": _("Scoring is closed. The council can now deliberate and vote."),
    "reopen_scoring": _("Scoring is open again."),
}


@login_required
@require_POST
def round_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    review_round = visible_round(request, pk)
    step = ROUND_TRANSITIONS.get(action)
    if step is None or action == "close":
        raise Http404
    if not request.user.has_perm(step.permission, review_round):
        raise PermissionDenied
    form = NoteForm(request.POST, required=step.note_required, auto_id=f"id_{action}_%s")
    if form.is_valid():
        try:
            services.round_transition(
                review_round=review_round,
                action=action,
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            if error.field != "note":
                messages.error(request, error.message)
                return redirect("awards:round_detail", pk=pk)
            form.add_error("note", error.message)
        else:
            messages.success(request, SUCCESS[action])
            return redirect("awards:round_detail", pk=pk)
    review_round = visible_round(request, pk)
    context = _round_context(request, review_round, **{f"action_{action}": form})
    return render(request, "awards/round_detail.html", context, status=400)


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = visible_round(request, pk)
    if not request.user.has_perm("awards.close_round", review_round):
        raise PermissionDenied
    form = CloseForm(request.POST, employer=review_round.employer)
    if form.is_valid():
        try:
            decision = services.round_close(
                review_round=review_round, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                _("The round is closed with decision No. %(number)s.")
                % {"number": decision.number},
            )
            return redirect("awards:round_detail", pk=pk)
    review_round = visible_round(request, pk)
    context = _round_context(request, review_round, close_form=form)
    return render(request, "awards/round_detail.html", context, status=400)


@login_required
@require_POST
def council_add(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = visible_round(request, pk)
    if not request.user.has_perm("awards.run_round", review_round):
        raise PermissionDenied
    form = CouncilMemberForm(request.POST)
    if form.is_valid():
        try:
            member = services.council_member_add(
                review_round=review_round,
                user=form.cleaned_data["person"],
                role=form.cleaned_data["role"],
                position=form.cleaned_data["position"],
                actor=request.user,
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s now sits on the council.") % {"name": member.user.get_full_name()},
            )
            return redirect("awards:round_detail", pk=pk)
    context = _round_context(request, review_round, council_form=form)
    return render(request, "awards/round_detail.html", context, status=400)


@login_required
@require_POST
def council_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    review_round = visible_round(request, pk)
    if not request.user.has_perm("awards.run_round", review_round):
        raise PermissionDenied
    member = get_object_or_404(review_round.council.select_related("user"), pk=member_pk)
    try:
        services.council_member_remove(member=member, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s no longer sits on the council.") % {"name": member.user.get_full_name()},
        )
    return redirect("awards:round_detail", pk=pk)


@login_required
@require_POST
def entries_add(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = visible_round(request, pk)
    if not request.user.has_perm("awards.run_round", review_round):
        raise PermissionDenied
    form = EntriesForm(request.POST, eligible=entries_eligible_for(review_round))
    if form.is_valid():
        try:
            entries = services.entries_add(
                review_round=review_round,
                initiatives=list(form.cleaned_data["initiatives"]),
                actor=request.user,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("%(count)s dossiers entered the round.") % {"count": len(entries)}
            )
        return redirect("awards:round_detail", pk=pk)
    context = _round_context(request, review_round, entries_form=form)
    return render(request, "awards/round_detail.html", context, status=400)


# --- one dossier in the round --------------------------------------------------------------


def _entry_context(request: HttpRequest, entry: RoundEntry, **forms) -> dict:
    user = request.user
    review_round = entry.round
    can_run = user.has_perm("awards.run_round", review_round)
    show_values = user.has_perm("awards.view_entry_scores", entry)
    sheets = list(entry.sheets.select_related("member__user").order_by("member__pk"))
    conflicts = list(entry.conflicts.select_related("member__user", "declared_by"))
    council = round_council(review_round)
    context = {
        "entry": entry,
        "review_round": review_round,
        "initiative": entry.initiative,
        "sheets": sheets,
        "conflicts": conflicts,
        "criteria": rubric_criteria(review_round.rubric_version),
        "show_values": show_values,
        "rows": sheet_values(entry) if show_values else [],
        "result": round_results(review_round)[entry.pk] if show_values else None,
        "eligible_voters": services.eligible_voters(entry),
        "counted_on": services.vote_denominator(entry),
        "vote_share": review_rules().vote_share_label,
        "can_run": can_run,
        "can_reopen": review_round.status == RoundStatus.SCORING
        and user.has_perm("awards.reopen_sheet", review_round),
        "reopen_form": forms.get("reopen_form") or NoteForm(required=True, auto_id="id_reopen_%s"),
    }
    if (
        review_round.status == RoundStatus.DELIBERATION
        and user.has_perm("awards.record_vote", review_round)
        and entry.outcome not in (Outcome.RETURNED, Outcome.WITHDRAWN)
    ):
        initial = None
        if entry.votes_for is not None:
            initial = {
                "votes_for": entry.votes_for,
                "votes_against": entry.votes_against,
                "votes_abstain": entry.votes_abstain,
                "outcome": entry.outcome,
                "reason": entry.outcome_reason,
            }
        context["vote_form"] = forms.get("vote_form") or VoteForm(initial=initial)
    if review_round.status != RoundStatus.CLOSED and user.has_perm(
        "awards.manage_council", review_round
    ):
        conflicted = [c.member_id for c in conflicts]
        members = review_round.council.select_related("user").exclude(pk__in=conflicted)
        context["conflict_form"] = forms.get("conflict_form") or ConflictForm(members=members)
    if (
        can_run
        and review_round.assignment_mode == AssignmentMode.PER_DOSSIER
        and review_round.status in (RoundStatus.DRAFT, RoundStatus.OPEN, RoundStatus.SCORING)
    ):
        conflicted = [c.member_id for c in conflicts]
        members = review_round.council.select_related("user").exclude(pk__in=conflicted)
        context["assign_form"] = forms.get("assign_form") or AssignForm(
            members=members, initial={"members": [s.member_id for s in sheets]}
        )
    context["can_reenter"] = (
        can_run
        and entry.outcome == Outcome.RETURNED
        and review_round.status in (RoundStatus.SCORING, RoundStatus.DELIBERATION)
    )
    context["can_remove"] = can_run and review_round.status in ENTRIES_EDITABLE
    if (
        review_round.is_closed
        and entry.outcome == Outcome.RECOGNISED
        and user.has_perm("awards.nominate", review_round)
    ):
        context["nominations"] = list(
            entry.nominations.select_related("round__unit").order_by("pk")
        )
        targets = nomination_targets(entry)
        used = nominations_used(review_round)
        context["nominate_form"] = forms.get("nominate_form") or NominateForm(targets=targets)
        context["quota_used"] = used
        context["quota_full"] = review_round.forward_quota is not None and (
            used >= review_round.forward_quota
        )
    context["council"] = council
    return context


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = visible_entry(request, pk)
    if not request.user.has_perm("awards.view_progress", entry.round):
        raise Http404
    return render(request, "awards/entry_detail.html", _entry_context(request, entry))


def _entry_post(request, pk, permission):
    entry = visible_entry(request, pk)
    if not request.user.has_perm(permission, entry.round):
        raise PermissionDenied
    return entry


def _entry_form_post(request, entry, form, form_key: str, apply, success) -> HttpResponse:
    """A form on the dossier-in-round page: valid and accepted by the service, back to the
    page with ``success`` (a message, or a function of the form's data giving it); otherwise
    the page again with the form's errors."""
    if form.is_valid():
        try:
            apply(form.cleaned_data)
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(request, success(form.cleaned_data) if callable(success) else success)
            return redirect("awards:entry_detail", pk=entry.pk)
    context = _entry_context(request, entry, **{form_key: form})
    return render(request, "awards/entry_detail.html", context, status=400)


@login_required
@require_POST
def entry_vote(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_post(request, pk, "awards.record_vote")
    return _entry_form_post(
        request,
        entry,
        VoteForm(request.POST),
        "vote_form",
        lambda data: services.entry_record_vote(entry=entry, actor=request.user, **data),
        _("The council's vote has been recorded."),
    )


@login_required
@require_POST
def entry_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_post(request, pk, "awards.manage_council")
    return _entry_form_post(
        request,
        entry,
        ConflictForm(request.POST, members=entry.round.council.select_related("user")),
        "conflict_form",
        lambda data: services.conflict_declare(
            entry=entry, member=data["member"], reason=data["reason"], actor=request.user
        ),
        _("The conflict of interest has been recorded."),
    )


@login_required
@require_POST
def entry_assign(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_post(request, pk, "awards.run_round")
    return _entry_form_post(
        request,
        entry,
        AssignForm(request.POST, members=entry.round.council.select_related("user")),
        "assign_form",
        lambda data: services.entry_assign(
            entry=entry, members=data["members"], actor=request.user
        ),
        _("The scorers of this dossier have been saved."),
    )


@login_required
@require_POST
def entry_reenter(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_post(request, pk, "awards.run_round")
    try:
        services.entry_reenter(entry=entry, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The dossier is back in the round."))
    return redirect("awards:entry_detail", pk=pk)


@login_required
@require_POST
def entry_remove(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_post(request, pk, "awards.run_round")
    round_pk = entry.round_id
    try:
        services.entry_remove(entry=entry, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("awards:entry_detail", pk=pk)
    messages.success(request, _("The dossier has been taken out of the round."))
    return redirect("awards:round_detail", pk=round_pk)


@login_required
@require_POST
def entry_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_post(request, pk, "awards.nominate")
    return _entry_form_post(
        request,
        entry,
        NominateForm(request.POST, targets=nomination_targets(entry)),
        "nominate_form",
        lambda data: services.entry_nominate(
            entry=entry, target=data["target"], actor=request.user
        ),
        lambda data: (
            _("The dossier has been nominated to “%(round)s”.") % {"round": data["target"].title}
        ),
    )


@login_required
@require_POST
def sheet_reopen(request: HttpRequest, pk: int, sheet_pk: int) -> HttpResponse:
    entry = _entry_post(request, pk, "awards.reopen_sheet")
    sheet = get_object_or_404(entry.sheets.all(), pk=sheet_pk)
    form = NoteForm(request.POST, required=True, auto_id="id_reopen_%s")
    if form.is_valid():
        try:
            services.sheet_reopen(sheet=sheet, actor=request.user, reason=form.cleaned_data["note"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The score sheet is open again; its member has been told."))
            return redirect("awards:entry_detail", pk=pk)
    return render(
        request,
        "awards/entry_detail.html",
        _entry_context(request, entry, reopen_form=form),
        status=400,
    )


# --- documents -----------------------------------------------------------------------------


def _file_response(content: bytes, content_type: str, filename: str, inline: bool):
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _round_with_scores(request, pk):
    review_round = visible_round(request, pk)
    if not request.user.has_perm("awards.view_round_scores", review_round):
        raise Http404
    return review_round


@login_required
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = _round_with_scores(request, pk)
    return _file_response(
        render_minutes_pdf(review_round), "application/pdf", minutes_filename(review_round), True
    )


@login_required
def scores_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    review_round = _round_with_scores(request, pk)
    return _file_response(
        export_scores_xlsx(review_round),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        scores_filename(review_round),
        False,
    )


@login_required
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision is read by the deciding unit's officers and those above, the round's
    council and the authors it decides on (``awards.view_decision``); others get a 404."""
    review_round = get_object_or_404(
        ReviewRound.objects.select_related("unit", "decision"), pk=pk, status=RoundStatus.CLOSED
    )
    if not request.user.has_perm("awards.view_decision", review_round):
        raise Http404
    return _file_response(
        render_decision_pdf(review_round), "application/pdf", decision_filename(review_round), True
    )
