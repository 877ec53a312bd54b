"""Pages of movements and campaigns: the list everyone signed in may read, launching and
editing a movement for the officers of its launching unit, and the movement's page with its
period, parts, participants, history and the steps the workflow table allows.

Planned movements outside the user's scope answer 404, like everything out of scope.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import get_visible_or_404
from accounts.errors import ApplicationError
from accounts.models import User
from accounts.workflow import actions_from
from emulation.enums import MovementKind, MovementStatus, RegistrationStatus
from emulation.forms.movements import MovementFilterForm, MovementForm, NoteForm
from emulation.models import Movement
from emulation.selectors.movements import (
    current_union,
    default_aggregate_unit,
    default_year,
    movement_history,
    movement_list,
    movement_participates,
    movement_parts,
    movement_selected_units,
    movements_visible_to,
    participating_units,
    registered_personally,
    registration_counts,
    units_to_register,
)
from emulation.selectors.pledges import pledges_visible_to
from emulation.services.movements import (
    MOVEMENT_EDITABLE,
    movement_create,
    movement_transition,
    movement_update,
)
from emulation.workflow import MOVEMENT_TRANSITIONS

PAGE_SIZE = 25


def visible_movement(request: HttpRequest, pk: int) -> Movement:
    """The movement ``pk`` if the user may read it; 404 otherwise."""
    return get_visible_or_404(
        movements_visible_to(request.user), request.user, "emulation.view_movement", pk=pk
    )


def apply_error(form, error: ApplicationError) -> None:
    """Attach a service's error to the field it names, or to the whole form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
def movement_list_page(request: HttpRequest) -> HttpResponse:
    filters = MovementFilterForm(request.GET or None)
    values = filters.values() if request.GET else {}
    movements = movement_list(request.user, **values)
    page = Paginator(movements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "emulation/movements/movement_list.html",
        {
            "filters": filters,
            "filtering": any(values.values()),
            "page": page,
            "can_create": request.user.has_perm("emulation.manage_movement"),
            "can_approve": request.user.has_perm("emulation.approve_registration"),
        },
    )


@login_required
def movement_create_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm("emulation.manage_movement"):
        raise PermissionDenied
    form = MovementForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            movement = movement_create(
                launching_unit=form.cleaned_data["launching_unit"], actor=user, **form.values()
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request, _("The movement has been saved as planned. Launch it when it starts.")
            )
            return redirect("movements:movement_detail", pk=movement.pk)
    return render(
        request,
        "emulation/movements/movement_form.html",
        {"form": form, "movement": None},
        status=400 if request.method == "POST" else 200,
    )


def _changeable(request: HttpRequest, pk: int) -> Movement:
    movement = visible_movement(request, pk)
    if not request.user.has_perm("emulation.manage_movement", movement):
        raise PermissionDenied
    return movement


@login_required
def movement_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _changeable(request, pk)
    if movement.status not in MOVEMENT_EDITABLE:
        messages.error(request, _("A closed movement cannot change; reopen it first."))
        return redirect("movements:movement_detail", pk=pk)
    form = MovementForm(request.POST or None, user=request.user, movement=movement)
    if request.method == "POST" and form.is_valid():
        try:
            movement_update(movement=movement, actor=request.user, **form.values())
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The movement has been saved."))
            return redirect("movements:movement_detail", pk=pk)
    return render(
        request,
        "emulation/movements/movement_form.html",
        {"form": form, "movement": movement},
        status=400 if request.method == "POST" else 200,
    )


def movement_actions(user: User, movement: Movement) -> list:
    """The steps of the workflow table the user may take now, in the table's order."""
    return [
        step
        for step in actions_from(MOVEMENT_TRANSITIONS, movement.status)
        if user.has_perm(step.permission, movement)
    ]


@login_required
def movement_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    movement = visible_movement(request, pk)
    user = request.user
    year = default_year(movement)
    selected = list(movement_selected_units(movement)[:PAGE_SIZE])
    running = movement.status == MovementStatus.RUNNING
    # Offered only while something is left to register for the year shown: a union that
    # registered already is not invited to fill the whole form to learn it.
    can_register = running and (
        units_to_register(user, movement, year).exists()
        or (
            _member_may_register(user, movement) and not registered_personally(user, movement, year)
        )
    )
    aggregate_unit = default_aggregate_unit(user, movement)
    dashboard_url = ""
    if aggregate_unit is not None and user.has_perm(
        "emulation.view_movement_dashboard", aggregate_unit
    ):
        dashboard_url = reverse("movements:dashboard", args=[movement.pk])
    pledges = pledges_visible_to(user).filter(movement=movement)
    pledge_count = pledges.count()
    latest_pledges = list(
        pledges.select_related("block").order_by("-year", "block__name", "pk")[:PAGE_SIZE]
    )
    return render(
        request,
        "emulation/movements/movement_detail.html",
        {
            "movement": movement,
            "parts": list(movement_parts(movement)),
            "selected": selected,
            "participant_count": participating_units(movement).count(),
            "history": list(movement_history(movement)),
            "actions": movement_actions(user, movement),
            "can_edit": movement.status in MOVEMENT_EDITABLE
            and user.has_perm("emulation.manage_movement", movement),
            "can_register": can_register,
            "year": year,
            "counts": _labelled_counts(registration_counts(movement, year)),
            "aggregate_unit": aggregate_unit,
            "dashboard_url": dashboard_url,
            "kind_is_campaign": movement.kind == MovementKind.CAMPAIGN,
            "pledges": latest_pledges,
            "pledge_count": pledge_count,
            "more_pledges": pledge_count > len(latest_pledges),
        },
    )


def _labelled_counts(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    labels = dict(RegistrationStatus.choices)
    return [(status, labels[status], counts[status]) for status in RegistrationStatus.values]


def _member_may_register(user: User, movement: Movement) -> bool:
    union = current_union(user)
    return union is not None and union.is_active and movement_participates(movement, union)


@login_required
def movement_transition_page(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """POST a step; a step that needs reasons shows its form first."""
    movement = visible_movement(request, pk)
    step = MOVEMENT_TRANSITIONS.get(action)
    if step is None:
        raise Http404
    if not request.user.has_perm(step.permission, movement):
        raise PermissionDenied
    if movement.status not in step.sources:
        messages.error(
            request,
            _("This cannot be done while it is “%(status)s”.")
            % {"status": movement.get_status_display()},
        )
        return redirect("movements:movement_detail", pk=pk)
    if request.method != "POST" and not step.note_required:
        return redirect("movements:movement_detail", pk=pk)
    form = NoteForm(request.POST or None) if step.note_required else None
    if request.method == "POST" and (form is None or form.is_valid()):
        note = form.cleaned_data["note"] if form is not None else ""
        try:
            movement_transition(movement=movement, action=action, actor=request.user, note=note)
        except ApplicationError as error:
            if form is None:
                messages.error(request, error.message)
                return redirect("movements:movement_detail", pk=pk)
            apply_error(form, error)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": step.label})
            return redirect("movements:movement_detail", pk=pk)
    return render(
        request,
        "emulation/movements/movement_step.html",
        {"movement": movement, "step": step, "form": form},
        status=400 if request.method == "POST" else 200,
    )
