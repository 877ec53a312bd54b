"""Year-end individual titles: the grassroots unions an officer confers titles for, the page
where they confer them on members who registered (each rule shown as passed or failed, with
what the registry found), and the list of titles a union conferred.

Conferring needs ``emulation.confer_title`` on the union; the list is open to whoever sees the
unit. A unit outside the user's scope, or one that confers no titles, answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.access import get_visible_or_404
from accounts.errors import ApplicationError
from accounts.query_params import year_param
from emulation.forms.titles import ConferTitlesForm
from emulation.selectors.titles import (
    candidate_details,
    conferred_years,
    title_candidates,
    title_units,
    titles_conferred_by,
)
from emulation.services.titles import FIRST_YEAR, titles_confer
from emulation.titles import Check, confers_titles
from unions.models import Unit
from unions.selectors import units_visible_to

PAGE_SIZE = 25


def default_year() -> int:
    """Titles are conferred at the end of the year or early in the next: until October the
    year just ended, from then on the current one."""
    today = timezone.localdate()
    return today.year if today.month >= 10 else today.year - 1


def _year(value: str | int | None) -> int | None:
    return year_param(value, first=FIRST_YEAR, last=timezone.localdate().year)


def _titles_unit(request: HttpRequest, pk: int) -> Unit:
    """The grassroots union ``pk`` if the user sees it; 404 otherwise."""
    unit = get_visible_or_404(
        units_visible_to(request.user), request.user, "unions.view_unit", pk=pk
    )
    if not confers_titles(unit.kind):
        raise Http404
    return unit


def _checked_year(year: int) -> int:
    if _year(year) is None:
        raise Http404
    return year


def _recent_years() -> list[int]:
    """This year and the five before, for the year links."""
    last = timezone.localdate().year
    return list(range(last, max(FIRST_YEAR, last - 5) - 1, -1))


@login_required
def title_index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm("emulation.confer_title"):
        raise PermissionDenied
    year = _year(request.GET.get("year")) or default_year()
    query = request.GET.get("q", "").strip()
    page = Paginator(title_units(user, query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "emulation/titles/index.html",
        {"page": page, "year": year, "years": _recent_years(), "query": query},
    )


def _attach_checks(page_rows) -> None:
    for row in page_rows:
        row.check_list = [Check.from_dict(item) for item in row.checks]


@login_required
def title_confer(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    unit = _titles_unit(request, pk)
    year = _checked_year(year)
    if not request.user.has_perm("emulation.confer_title", unit):
        raise PermissionDenied
    page = Paginator(title_candidates(unit, year), PAGE_SIZE).get_page(request.GET.get("page"))
    candidates = candidate_details(unit, year, list(page.object_list))
    form = ConferTitlesForm(
        request.POST or None,
        candidates=candidates,
        actor=request.user,
        initial={"decided_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            conferred = titles_confer(
                unit=unit,
                year=year,
                choices=form.choices(),
                decision_number=form.cleaned_data["decision_number"],
                decided_on=form.cleaned_data["decided_on"],
                actor=request.user,
                signer_name=form.cleaned_data["signer_name"],
                signer_title=form.cleaned_data["signer_title"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s title has been conferred.",
                    "%(count)s titles have been conferred.",
                    len(conferred),
                )
                % {"count": len(conferred)},
            )
            return redirect(request.get_full_path())
    return render(
        request,
        "emulation/titles/confer.html",
        {
            "unit": unit,
            "year": year,
            "years": _recent_years(),
            "page": page,
            "candidates": form.attach(),
            "form": form,
            "has_open": any(c.open_options for c in candidates),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def title_list(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    unit = _titles_unit(request, pk)
    year = _checked_year(year)
    page = Paginator(titles_conferred_by(unit, year), PAGE_SIZE).get_page(request.GET.get("page"))
    _attach_checks(page.object_list)
    return render(
        request,
        "emulation/titles/conferred.html",
        {
            "unit": unit,
            "year": year,
            "years": sorted(set(conferred_years(unit)) | {year}, reverse=True),
            "page": page,
            "can_confer": request.user.has_perm("emulation.confer_title", unit),
        },
    )
