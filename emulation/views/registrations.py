"""Pages of emulation registrations: registering (an officer for a participating unit of their
scope, a member for themself), "my registrations", the approver's inbox, a registration with
its history and the steps the user may take, returning with reasons, and the aggregate of a
unit's subtree (who has and has not registered).

Registrations and units outside the user's scope answer 404; a reader who may not take a step
gets 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import get_visible_or_404
from accounts.errors import ApplicationError
from accounts.models import User
from accounts.query_params import int_param
from accounts.workflow import actions_from
from emulation.enums import MovementStatus, RegistrationStatus
from emulation.forms.movements import NoteForm, RegistrationForm
from emulation.forms.titles import UnionTitleForm
from emulation.models import Movement, Registration
from emulation.selectors.movements import (
    aggregate_children,
    aggregate_rows,
    aggregate_units,
    current_union,
    default_aggregate_unit,
    default_year,
    movement_participates,
    movements_visible_to,
    my_registrations,
    registrable_units,
    registration_aggregate,
    registration_history,
    registrations_awaiting,
    registrations_visible_to,
)
from emulation.selectors.titles import union_titles_of
from emulation.services.registrations import (
    registration_create,
    registration_transition,
    registration_update,
)
from emulation.services.titles import union_title_confer
from emulation.views.movements import apply_error, visible_movement
from emulation.workflow import REGISTRATION_EDITABLE, REGISTRATION_TRANSITIONS

PAGE_SIZE = 25
AS_UNIT = "unit"
AS_PERSON = "person"


def visible_registration(request: HttpRequest, pk: int) -> Registration:
    """The registration ``pk`` if the user may read it; 404 otherwise."""
    return get_visible_or_404(
        registrations_visible_to(request.user).select_related("movement__launching_unit"),
        request.user,
        "emulation.view_registration",
        pk=pk,
    )


def _status_choices() -> list[tuple[str, str]]:
    return list(RegistrationStatus.choices)


# --- registering ---------------------------------------------------------------------------


def _member_union(user: User, movement: Movement):
    union = current_union(user)
    if union is not None and union.is_active and movement_participates(movement, union):
        return union
    return None


@login_required
def registration_create_page(request: HttpRequest, pk: int) -> HttpResponse:
    movement = visible_movement(request, pk)
    user = request.user
    if movement.status != MovementStatus.RUNNING:
        messages.error(request, _("This movement is not running, so it takes no registrations."))
        return redirect("movements:movement_detail", pk=pk)
    units = registrable_units(user, movement)
    can_unit = units.exists()
    union = _member_union(user, movement)
    modes = [mode for mode, allowed in ((AS_UNIT, can_unit), (AS_PERSON, union)) if allowed]
    chosen = request.GET.get("as") or request.POST.get("as") or ""
    mode = chosen if chosen in modes else (modes[0] if len(modes) == 1 else "")
    context = {"movement": movement, "modes": modes, "mode": mode, "union": union}
    if not mode:
        # Nothing to register for, or a choice between a unit and oneself.
        return render(request, "emulation/registrations/registration_create.html", context)
    personal = mode == AS_PERSON
    form = RegistrationForm(
        request.POST or None,
        personal=personal,
        units=None if personal else units,
        years=movement.years,
        initial={"year": default_year(movement)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = registration_create(
                movement=movement,
                year=data["year"],
                unit=None if personal else data["unit"],
                person=user if personal else None,
                targets=data["targets"],
                titles=data["titles"],
                actor=user,
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                _("The registration has been saved. Send it for approval when it is complete."),
            )
            return redirect("movements:registration_detail", pk=registration.pk)
    context["form"] = form
    return render(
        request,
        "emulation/registrations/registration_create.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


# --- lists ---------------------------------------------------------------------------------


def _list_filters(request: HttpRequest) -> dict:
    movement_pk = int_param(request.GET.get("movement"))
    movement = (
        movements_visible_to(request.user).filter(pk=movement_pk).first() if movement_pk else None
    )
    status = request.GET.get("status", "")
    return {
        "movement": movement,
        "year": int_param(request.GET.get("year")),
        "status": status if status in RegistrationStatus.values else "",
    }


@login_required
def my_registrations_page(request: HttpRequest) -> HttpResponse:
    filters = _list_filters(request)
    registrations = my_registrations(request.user, **filters)
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "emulation/registrations/registration_list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": _status_choices(),
            "filtering": any(filters.values()),
        },
    )


@login_required
def registration_inbox_page(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("emulation.approve_registration"):
        raise PermissionDenied
    filters = _list_filters(request)
    registrations = registrations_awaiting(
        request.user, movement=filters["movement"], year=filters["year"]
    )
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "emulation/registrations/registration_inbox.html",
        {
            "page": page,
            "filters": filters,
            "filtering": bool(filters["movement"] or filters["year"]),
        },
    )


# --- one registration ----------------------------------------------------------------------


def registration_actions(user: User, registration: Registration) -> list:
    """The steps of the workflow table the user may take now, in the table's order."""
    if registration.movement.status != MovementStatus.RUNNING:
        return []
    return [
        step
        for step in actions_from(REGISTRATION_TRANSITIONS, registration.status)
        if user.has_perm(step.permission, registration)
    ]


def _can_edit(user: User, registration: Registration) -> bool:
    return (
        registration.status in REGISTRATION_EDITABLE
        and registration.movement.status == MovementStatus.RUNNING
        and user.has_perm("emulation.edit_registration", registration)
    )


def _detail(request: HttpRequest, registration: Registration, forms=None, status=200):
    user = request.user
    union_titles = union_titles_of(user, registration)
    forms = forms or {}
    for line in union_titles:
        if line.may_confer and line.title not in forms:
            forms[line.title] = UnionTitleForm(initial={"title": line.title})
    return render(
        request,
        "emulation/registrations/registration_detail.html",
        {
            "registration": registration,
            "movement": registration.movement,
            "history": list(registration_history(registration)),
            "actions": registration_actions(user, registration),
            "can_edit": _can_edit(user, registration),
            "union_titles": [(line, forms.get(line.title)) for line in union_titles],
        },
        status=status,
    )


@login_required
def registration_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, visible_registration(request, pk))


@login_required
def registration_union_title_page(request: HttpRequest, pk: int) -> HttpResponse:
    """POST the union's decision conferring one of its own titles on the registration: the
    member's grassroots union confers "Đoàn viên công đoàn xuất sắc", the union above a
    grassroots union "Công đoàn cơ sở vững mạnh". A reader who may not confer it gets 403."""
    registration = visible_registration(request, pk)
    if request.method != "POST":
        return redirect("movements:registration_detail", pk=pk)
    form = UnionTitleForm(request.POST)
    title = request.POST.get("title", "")
    line = next(
        (line for line in union_titles_of(request.user, registration) if line.title == title), None
    )
    if line is None or not line.may_confer:
        raise PermissionDenied
    if form.is_valid():
        try:
            union_title_confer(
                registration=registration,
                title=title,
                decision_number=form.cleaned_data["decision_number"],
                decided_on=form.cleaned_data["decided_on"],
                actor=request.user,
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                _("Conferred: %(title)s %(year)s.")
                % {"title": line.label, "year": registration.year},
            )
            return redirect("movements:registration_detail", pk=pk)
    return _detail(request, registration, {title: form}, status=400)


@login_required
def registration_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    registration = visible_registration(request, pk)
    user = request.user
    if not user.has_perm("emulation.edit_registration", registration):
        raise PermissionDenied
    if not _can_edit(user, registration):
        messages.error(
            request,
            _("A registration that is “%(status)s” cannot change.")
            % {"status": registration.get_status_display()},
        )
        return redirect("movements:registration_detail", pk=pk)
    form = RegistrationForm(
        request.POST or None,
        personal=registration.is_personal,
        initial={"targets": registration.targets, "titles": registration.titles},
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration_update(
                registration=registration,
                targets=form.cleaned_data["targets"],
                titles=form.cleaned_data["titles"],
                actor=user,
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The registration has been saved."))
            return redirect("movements:registration_detail", pk=pk)
    return render(
        request,
        "emulation/registrations/registration_edit.html",
        {"registration": registration, "movement": registration.movement, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def registration_transition_page(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """POST a step; returning and reopening show the form for the reasons first."""
    registration = visible_registration(request, pk)
    step = REGISTRATION_TRANSITIONS.get(action)
    if step is None:
        raise Http404
    if not request.user.has_perm(step.permission, registration):
        raise PermissionDenied
    if registration.status not in step.sources:
        messages.error(
            request,
            _("This cannot be done while it is “%(status)s”.")
            % {"status": registration.get_status_display()},
        )
        return redirect("movements:registration_detail", pk=pk)
    if request.method != "POST" and not step.note_required:
        return redirect("movements:registration_detail", pk=pk)
    form = NoteForm(request.POST or None) if step.note_required else None
    if request.method == "POST" and (form is None or form.is_valid()):
        note = form.cleaned_data["note"] if form is not None else ""
        try:
            registration_transition(
                registration=registration, action=action, actor=request.user, note=note
            )
        except ApplicationError as error:
            if form is None:
                messages.error(request, error.message)
                return redirect("movements:registration_detail", pk=pk)
            apply_error(form, error)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": step.label})
            return redirect("movements:registration_detail", pk=pk)
    return render(
        request,
        "emulation/registrations/registration_step.html",
        {
            "registration": registration,
            "movement": registration.movement,
            "step": step,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- the aggregate of a subtree ------------------------------------------------------------


@login_required
def registration_aggregate_page(request: HttpRequest, pk: int) -> HttpResponse:
    movement = visible_movement(request, pk)
    user = request.user
    unit_pk = int_param(request.GET.get("unit"))
    if unit_pk is not None:
        unit = aggregate_units(user, movement).filter(pk=unit_pk).first()
    else:
        unit = default_aggregate_unit(user, movement)
    if unit is None or not user.has_perm("unions.view_unit", unit):
        raise Http404
    year = int_param(request.GET.get("year"))
    if year not in movement.years:
        year = default_year(movement)
    children = aggregate_children(movement, unit, year)
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    own = movement_participates(movement, unit)
    children_on_page = list(page.object_list)
    rows = aggregate_rows(movement, year, [unit, *children_on_page] if own else children_on_page)
    own_row = rows.pop(0) if own else None
    parent = None
    if unit.depth > movement.launching_unit.depth:
        parent = aggregate_units(user, movement).filter(path=unit.parent_path).first()
    return render(
        request,
        "emulation/registrations/registration_aggregate.html",
        {
            "movement": movement,
            "unit": unit,
            "parent": parent,
            "year": year,
            "years": movement.years,
            "summary": registration_aggregate(movement, year, unit),
            "own_row": own_row,
            "rows": rows,
            "page": page,
            "statuses": _status_choices(),
        },
    )
