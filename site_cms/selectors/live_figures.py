"""Figures of the registry that pages embed (the live figure block): read when the page is
shown, from the same ``registry_figures`` that ``manage.py registry_stats`` prints, never typed
in by an editor."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.formatting import format_number, format_vnd
from emulation.statistics import registry_figures
from unions.models import Unit

# Figures a page may embed, keyed by their place in ``registry_figures`` (section.key[.key]):
# the same numbers ``manage.py registry_stats`` prints for the same unit and year.
LIVE_FIGURES = [
    ("initiatives.submitted", gettext_lazy("Initiatives submitted")),
    ("initiatives.by_status.recognised", gettext_lazy("Initiatives recognised")),
    (
        "initiatives.recognised_by.employer_council",
        gettext_lazy("Initiatives recognised by an employer's council run in the registry"),
    ),
    (
        "initiatives.recognised_by.employer_recorded",
        gettext_lazy("Initiatives recognised by an employer's decision recorded from outside"),
    ),
    ("awards.verified_benefit_vnd", gettext_lazy("Verified benefit (VND a year)")),
    ("awards.certificates_issued", gettext_lazy("Certificates issued")),
    ("emulation.movements_running", gettext_lazy("Movements running")),
    ("emulation.titles_conferred", gettext_lazy("Individual titles conferred")),
    ("emulation.pledges", gettext_lazy("Emulation pledges")),
]
FIGURE_LABELS = dict(LIVE_FIGURES)


def find_unit(code: str | None) -> Unit | None:
    """The unit of ``code`` (spaces and case ignored); None when there is none. One query."""
    code = (code or "").strip()
    if not code:
        return None
    return Unit.objects.filter(code__iexact=code).order_by("pk").first()


def unit_code_exists(code: str | None) -> bool:
    """True for a blank code (the whole union) and for the code of an existing unit."""
    return not (code or "").strip() or find_unit(code) is not None


def _dig(figures: dict[str, Any], key: str) -> int | None:
    value: Any = figures
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def live_figure(key: str, unit_code: str = "", year: int | None = None) -> tuple[int | None, str]:
    """``(value, label)`` of the figure ``key`` (a dotted path in ``registry_figures``, see
    ``LIVE_FIGURES``) for the subtree of the unit of ``unit_code`` (the whole union when blank)
    and ``year`` (all years when None). The value is None when the figure cannot be read (an
    unknown unit code or key). Reads the registry: a constant number of queries."""
    value, label, _unit = _read(key, unit_code, year)
    return value, label


def _read(key: str, unit_code: str, year: int | None) -> tuple[int | None, str, Unit | None]:
    label = str(FIGURE_LABELS.get(key, key))
    if key not in FIGURE_LABELS:
        return None, label, None
    unit = None
    if (unit_code or "").strip():
        unit = find_unit(unit_code)
        if unit is None:
            return None, label, None
    return _dig(registry_figures(unit=unit, year=year), key), label, unit


def figure_text(key: str, value: int | None) -> str:
    """How a figure reads: money (``*_vnd``) as ``1.234.567 ₫``, counts as ``1.234``; a clear
    note when the figure is unavailable."""
    if value is None:
        return _("figure unavailable")
    if key.endswith("_vnd"):
        return format_vnd(value)
    return format_number(value)


@dataclass(frozen=True)
class ShownFigure:
    """A live figure as a page shows it."""

    key: str
    value: int | None
    text: str
    label: str
    unit: Unit | None
    year: int | None

    @property
    def available(self) -> bool:
        return self.value is not None


def shown_figure(
    key: str, unit_code: str = "", year: int | None = None, label: str = ""
) -> ShownFigure:
    """The figure of :func:`live_figure` with its text, its label (``label`` when given, else
    the figure's name) and the unit it counts (None for the whole union or an unknown code)."""
    value, own_label, unit = _read(key, unit_code, year)
    return ShownFigure(
        key=key,
        value=value,
        text=figure_text(key, value),
        label=(label or "").strip() or own_label,
        unit=unit,
        year=year,
    )
