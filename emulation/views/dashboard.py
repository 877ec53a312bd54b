"""A movement's dashboard for officers and viewers: the participating units one level beneath
a unit of their scope, their registrations and pledge progress for a year, charts drawn on the
server with the numbers beside them, and the same tables as an XLSX workbook.

Who sees the scope unit sees the dashboard (``emulation.view_movement_dashboard``); a unit out
of their scope, or outside the movement, answers 404.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.access import get_visible_or_404
from accounts.query_params import int_param
from accounts.spreadsheets import XLSX_CONTENT_TYPE, SheetTable, workbook_bytes
from emulation.charts import Bar, Chart, Series, bar_chart, format_percent, stacked_bar_chart
from emulation.enums import RegistrationStatus
from emulation.models import Movement
from emulation.selectors.dashboard import (
    MovementDashboard,
    dashboard_year,
    movement_dashboard_figures,
)
from emulation.selectors.movements import aggregate_units, movements_visible_to
from unions.models import Unit
from unions.selectors import unit_breadcrumbs

R = RegistrationStatus
# Registration states drawn in these colours (at least 4.5:1 on white), as on the badges.
STATUS_COLOURS = {
    R.NOT_SENT: "#5b606b",
    R.AWAITING_APPROVAL: "#1d4f91",
    R.APPROVED: "#1f7a3d",
    R.RETURNED: "#9a6200",
}
# Sheet names stay the same in every language: scripts reading the workbook look them up.
UNITS_SHEET = "Đơn vị"
REGISTRATIONS_SHEET = "Đăng ký"
PLEDGES_SHEET = "Giao ước"
COMPUTED_SHEET = "Số liệu tính toán"


def _movement(request: HttpRequest, pk: int) -> Movement:
    return get_visible_or_404(
        movements_visible_to(request.user).select_related("launching_unit"),
        request.user,
        "emulation.view_movement",
        pk=pk,
    )


def _scope(request: HttpRequest, movement: Movement) -> Unit:
    """The unit asked for (``?unit=``), or the highest unit of the user's scope within the
    movement; 404 when it is out of the user's scope or outside the movement."""
    units = aggregate_units(request.user, movement)
    raw = request.GET.get("unit", "")
    if raw:
        pk = int_param(raw)
        if pk is None:
            raise Http404
        return get_visible_or_404(units, request.user, "emulation.view_movement_dashboard", pk=pk)
    unit = units.order_by("depth", "path").first()
    if unit is None or not request.user.has_perm("emulation.view_movement_dashboard", unit):
        raise Http404
    return unit


def _dashboard(request: HttpRequest, pk: int) -> tuple[MovementDashboard, bool]:
    """The dashboard asked for, and whether the year asked for was refused (then the default
    year is shown)."""
    movement = _movement(request, pk)
    scope = _scope(request, movement)
    year = dashboard_year(movement, request.GET.get("year"))
    refused = year is None
    if refused:
        year = dashboard_year(movement)
    return movement_dashboard_figures(movement=movement, year=year, scope=scope), refused


def dashboard_charts(dashboard: MovementDashboard) -> list[Chart]:
    """Registrations by state, attainment per unit against 100%, and the personal
    registrations of each unit by state."""
    scope = dashboard.scope.display_name
    counts = dashboard.status_counts
    registrations = bar_chart(
        key="chart-registrations",
        title=_("Registrations of the units by state"),
        description=_(
            "How many of the %(count)s units beneath %(unit)s have sent, had approved or had "
            "returned their registration for %(year)s."
        )
        % {"count": len(dashboard.rows), "unit": scope, "year": dashboard.year},
        bars=[Bar(label, counts[status]) for status, label in R.choices] if dashboard.rows else [],
        label_header=pgettext("dashboard", "State"),
        value_header=_("Units"),
        empty_message=_("No participating units beneath this unit."),
    )
    progressing = [row for row in dashboard.rows if row.average_attainment is not None]
    if dashboard.scope_attainment is not None:
        own = [Bar(dashboard.scope.display_name, dashboard.scope_attainment)]
    else:
        own = []
    attainment = bar_chart(
        key="chart-attainment",
        title=_("Pledge targets attained, per unit"),
        description=_(
            "The mean attainment of the pledge indicators in each unit's latest report for "
            "%(year)s (each indicator counted up to 100%%); the dashed line is the target."
        )
        % {"year": dashboard.year},
        bars=own + [Bar(row.unit.display_name, row.average_attainment) for row in progressing],
        label_header=_("Unit"),
        value_header=_("Attainment"),
        target=Decimal(100),
        target_label=_("Target 100%"),
        formatter=format_percent,
        empty_message=_("No pledge reports submitted yet."),
    )
    personal = stacked_bar_chart(
        key="chart-personal",
        title=_("Individual registrations per unit"),
        description=_(
            "The registrations of individuals in each unit's subtree for %(year)s, by state."
        )
        % {"year": dashboard.year},
        categories=[row.unit.display_name for row in dashboard.rows]
        if dashboard.personal_total
        else [],
        series=[
            Series(
                label,
                [row.aggregate.personal.get(status, 0) for row in dashboard.rows],
                STATUS_COLOURS[status],
            )
            for status, label in R.choices
        ],
        category_header=_("Unit"),
        total_header=_("Total"),
        empty_message=_("No individual registrations yet."),
    )
    return [registrations, attainment, personal]


def _filters(request: HttpRequest, **changes) -> str:
    params = {key: request.GET[key] for key in ("year", "unit") if request.GET.get(key)}
    params.update({key: str(value) for key, value in changes.items() if value is not None})
    return "?" + urlencode(params) if params else ""


@dataclass(frozen=True)
class Crumb:
    unit: Unit
    url: str


@login_required
def movement_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    dashboard, refused = _dashboard(request, pk)
    movement, scope = dashboard.movement, dashboard.scope
    launcher = movement.launching_unit
    # Units above the scope, within the movement and the user's scope, to go back up.
    trail = [
        Crumb(unit, _filters(request, year=dashboard.year, unit=unit.pk))
        for unit in unit_breadcrumbs(request.user, scope)
        if unit.path.startswith(launcher.path)
    ]
    xlsx_url = reverse("movements:dashboard_xlsx", args=[movement.pk]) + _filters(
        request, year=dashboard.year, unit=scope.pk
    )
    return render(
        request,
        "emulation/dashboard/movement_dashboard.html",
        {
            "movement": movement,
            "dashboard": dashboard,
            "scope": scope,
            "trail": trail,
            "years": movement.years,
            "year_refused": refused,
            "charts": dashboard_charts(dashboard),
            "unit_rows": [
                (row, _filters(request, year=dashboard.year, unit=row.unit.pk))
                for row in dashboard.rows
            ],
            "xlsx_url": xlsx_url,
        },
    )


# --- the workbook --------------------------------------------------------------------------


def dashboard_tables(dashboard: MovementDashboard) -> list[SheetTable]:
    """The dashboard's tables, one sheet each, with numbers as numbers and dates as dates."""
    units = SheetTable(
        title=UNITS_SHEET,
        headers=[
            _("Unit"),
            _("Code"),
            _("Registration of the unit"),
            _("Individuals registered"),
            *[_("Individuals: %(state)s") % {"state": label} for label in R.labels],
            _("Average attainment (%)"),
            _("Latest score"),
            _("Maximum score"),
        ],
        rows=[
            [
                row.unit.name,
                row.unit.code,
                row.status_label,
                row.personal_total,
                *[row.aggregate.personal.get(status, 0) for status in R.values],
                row.average_attainment,
                row.latest_scored.score if row.latest_scored else None,
                row.latest_scored.max_score if row.latest_scored else None,
            ]
            for row in dashboard.rows
        ],
        widths={1: 48},
    )
    unit_counts, personal_counts = dashboard.status_counts, dashboard.personal_counts
    registrations = SheetTable(
        title=REGISTRATIONS_SHEET,
        headers=[pgettext("dashboard", "State"), _("Units"), _("Individuals")],
        rows=[[label, unit_counts[status], personal_counts[status]] for status, label in R.choices],
    )
    pledge_rows = []
    for item in dashboard.progress:
        period = item.report.get_period_display() if item.report else ""
        if not item.indicators:
            pledge_rows.append(
                [item.pledge.title, item.pledge.block.name, item.unit.name, period] + [None] * 8
            )
        for progress in item.indicators:
            indicator = progress.indicator
            pledge_rows.append(
                [
                    item.pledge.title,
                    item.pledge.block.name,
                    item.unit.name,
                    period,
                    indicator.name,
                    indicator.unit_of_measure,
                    indicator.get_direction_display(),
                    indicator.target,
                    progress.value,
                    progress.attainment,
                    indicator.max_score,
                    progress.score,
                ]
            )
    pledges = SheetTable(
        title=PLEDGES_SHEET,
        headers=[
            _("Pledge"),
            _("Block"),
            _("Unit"),
            _("Latest report"),
            _("Indicator"),
            _("Unit of measure"),
            _("Direction"),
            _("Target"),
            _("Value"),
            _("Attainment (%)"),
            _("Maximum score"),
            _("Score"),
        ],
        rows=pledge_rows,
        widths={1: 36, 2: 30, 3: 40, 5: 40},
    )
    computed = SheetTable(
        title=COMPUTED_SHEET,
        headers=[
            _("Figure"),
            _("Value"),
            _("Unit of measure"),
            _("From"),
            _("Until"),
            _("How it was computed"),
        ],
        rows=[
            [
                str(item.source.label),
                item.figure.value,
                str(item.source.unit_of_measure),
                dashboard.computed_start,
                dashboard.computed_end,
                item.figure.explanation,
            ]
            for item in dashboard.computed
        ],
        widths={1: 36, 6: 80},
    )
    return [units, registrations, pledges, computed]


def dashboard_filename(dashboard: MovementDashboard) -> str:
    code = slugify(dashboard.scope.code) or dashboard.scope.pk
    return f"bang-dieu-khien-phong-trao-{dashboard.movement.pk}-{dashboard.year}-{code}.xlsx"


@login_required
def movement_dashboard_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    dashboard, refused = _dashboard(request, pk)
    if refused:
        raise Http404
    with translation.override(settings.LANGUAGE_CODE):
        content = workbook_bytes(dashboard_tables(dashboard))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{dashboard_filename(dashboard)}"'
    response["Cache-Control"] = "private, no-store"
    return response
