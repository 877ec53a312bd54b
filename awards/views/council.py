"""A council member's pages: their seats and dossiers with progress and deadline, and the
dossier reader beside the score sheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.errors import ApplicationError
from awards import services
from awards.enums import RoundStatus, SheetStatus
from awards.forms import ConflictForm, ScoreSheetForm
from awards.models import ScoreSheet
from awards.selectors.council import seat_in, seats_of, sheets_of_member
from awards.selectors.scores import round_results, rubric_criteria, sheet_values
from awards.views import apply_error, visible_entry
from initiatives.views import dossier_context

PAGE_SIZE = 25


@login_required
def my_reviews(request: HttpRequest) -> HttpResponse:
    seats = list(seats_of(request.user))
    sheets = sheets_of_member(request.user)
    waiting = request.GET.get("show") != "all"
    if waiting:
        sheets = sheets.filter(status=SheetStatus.DRAFT, entry__round__status=RoundStatus.SCORING)
    page = Paginator(sheets, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "awards/my_reviews.html",
        {"seats": seats, "page": page, "waiting": waiting, "today": today},
    )


def _own_sheet(request: HttpRequest, entry) -> ScoreSheet | None:
    seat = seat_in(request.user, entry.round)
    if seat is None:
        return None
    return (
        ScoreSheet.objects.filter(entry=entry, member=seat)
        .select_related("member", "rubric_version")
        .prefetch_related("scores")
        .first()
    )


def _reader_context(request: HttpRequest, entry, sheet, *, form=None, conflict_form=None):
    """The dossier page's sections (shared with the dossier page itself, without its actions
    and history) beside the member's sheet and, once allowed, the council's scores."""
    user = request.user
    context = dossier_context(request, entry.initiative, only_actions=())
    criteria = rubric_criteria(sheet.rubric_version)
    editable = entry.round.status == RoundStatus.SCORING and sheet.status == SheetStatus.DRAFT
    show_values = user.has_perm("awards.view_entry_scores", entry)
    context.update(
        {
            "entry": entry,
            "review_round": entry.round,
            "sheet": sheet,
            "criteria": criteria,
            "form": form or ScoreSheetForm(criteria=criteria, sheet=sheet),
            "editable": editable,
            "show_values": show_values,
            "rows": sheet_values(entry) if show_values else [],
            "result": round_results(entry.round, entry_ids=[entry.pk])[entry.pk]
            if show_values
            else None,
            "conflict_form": conflict_form or ConflictForm(auto_id="id_conflict_%s"),
        }
    )
    return context


@login_required
def score_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The dossier beside the member's score sheet. Without a sheet (conflicted, not assigned,
    or scoring not started) the member has nothing to read here."""
    entry = visible_entry(request, pk)
    sheet = _own_sheet(request, entry)
    if sheet is None or entry.round.status in (RoundStatus.DRAFT, RoundStatus.OPEN):
        raise Http404
    if request.method == "POST":
        criteria = rubric_criteria(sheet.rubric_version)
        form = ScoreSheetForm(request.POST, criteria=criteria, sheet=sheet)
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                services.sheet_save(
                    sheet=sheet,
                    actor=request.user,
                    scores=form.scores(),
                    overall_comment=form.cleaned_data["overall_comment"],
                    submit=submit,
                )
            except ApplicationError as error:
                apply_error(form, error)
            else:
                if submit:
                    messages.success(request, _("Your scores have been submitted."))
                else:
                    messages.success(request, _("Your draft scores have been saved."))
                return redirect("awards:score_sheet", pk=pk)
        context = _reader_context(request, entry, sheet, form=form)
        return render(request, "awards/score_sheet.html", context, status=400)
    return render(request, "awards/score_sheet.html", _reader_context(request, entry, sheet))


@login_required
@require_POST
def declare_own_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    entry = visible_entry(request, pk)
    sheet = _own_sheet(request, entry)
    if sheet is None:
        raise Http404
    form = ConflictForm(request.POST, auto_id="id_conflict_%s")
    if form.is_valid():
        try:
            services.conflict_declare(
                entry=entry,
                member=sheet.member,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                _("Your conflict of interest is recorded; the dossier is off your list."),
            )
            return redirect("awards:my_reviews")
    context = _reader_context(request, entry, sheet, conflict_form=form)
    return render(request, "awards/score_sheet.html", context, status=400)
