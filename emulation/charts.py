"""Charts drawn on the server as accessible SVG, with their numbers as a table beside them.

A chart is an ``<svg role="img">`` named by its ``<title>`` and ``<desc>``, with the labels
and values written as text, colours that stand out against white (at least 3:1, and the
text 4.5:1), no script and no style sheet; every label and value is escaped. The same
numbers come as rows of a table, which ``emulation/includes/chart.html`` renders with a
caption next to the picture, so nobody depends on the drawing. The output depends only on the
arguments (element ids come from ``key``), so it can be compared in tests.

Used by the movement dashboard, and meant for the public site too.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accounts.formatting import format_number

Number = int | float | Decimal

WIDTH = 560
LABEL_WIDTH = 190  # room for the labels left of the bars
VALUE_WIDTH = 70  # least room for the value written after the longest bar
CHARACTER_WIDTH = 8.5  # room a character of a value takes at font-size 14 (digits, dots, ₫)
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 12  # space above the first bar (grows for a legend or a target label)
BOTTOM = 10
LABEL_CHARACTERS = 24  # labels longer than this are shortened in the picture (not the table)

INK = "#1d1f24"  # text: 16:1 on white
MUTED = "#5b606b"  # secondary text and axis: 6.4:1
BAR = "#b3121d"  # the brand red: 6.6:1
TARGET = "#1d1f24"
# Series colours for stacked bars, each at least 4.5:1 on white and told apart by the legend,
# the white gaps between segments and the table.
PALETTE = ("#1f7a3d", "#1d4f91", "#9a6200", "#5b606b", "#b3121d", "#6a3d9a", "#00636b")


def format_percent(value: Number | None) -> str:
    """``Decimal("85.55")`` → ``"85,6%"`` (one decimal at most); an em dash for none."""
    if value is None:
        return "—"
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{format_number(rounded)}%"


def _figure(value: Number | None) -> str:
    return format_number(value, empty="—")


def _coordinate(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _shorten(label: str) -> str:
    if len(label) <= LABEL_CHARACTERS:
        return label
    return label[: LABEL_CHARACTERS - 1].rstrip() + "…"


@dataclass(frozen=True)
class Bar:
    """One bar: its label and value; ``text`` replaces the formatted value when given."""

    label: str
    value: Number | None
    text: str = ""


@dataclass(frozen=True)
class Series:
    """One part of every stacked bar (for example "approved"), with a value per category."""

    name: str
    values: Sequence[Number]
    colour: str = ""


@dataclass(frozen=True)
class Chart:
    """A drawn chart and the same numbers as a table (``headers`` and ``rows`` of text)."""

    key: str
    title: str
    description: str
    svg: SafeString
    headers: list[str]
    rows: list[list[str]]
    footer: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.rows


def _open_svg(key: str, title: str, description: str, height: float) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'viewBox="0 0 {WIDTH} {_coordinate(height)}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{key}-title {key}-desc" font-family="inherit" font-size="14">',
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(description)}</desc>',
    ]


def _empty_svg(key: str, title: str, description: str, message: str) -> SafeString:
    parts = _open_svg(key, title, description, 40)
    parts.append(f'<text x="0" y="24" fill="{MUTED}">{escape(message)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _scale(maximum: float, texts: Sequence[str] = ()) -> Callable[[float], float]:
    """Bar length of a value: the largest value fills the plot, which leaves room after the
    bars for the longest of ``texts`` (the values written there)."""
    value_width = max([VALUE_WIDTH, *(len(text) * CHARACTER_WIDTH + 8 for text in texts)])
    plot = WIDTH - LABEL_WIDTH - value_width
    if maximum <= 0:
        return lambda value: 0.0
    return lambda value: max(0.0, min(float(value), maximum)) / maximum * plot


def bar_chart(
    *,
    key: str,
    title: str,
    description: str,
    bars: Sequence[Bar],
    label_header: str,
    value_header: str,
    target: Number | None = None,
    target_label: str = "",
    formatter: Callable[[Number | None], str] = _figure,
    empty_message: str = "",
) -> Chart:
    """A horizontal bar per item, with an optional target drawn as a dashed line.

    ``key`` makes the element ids (unique on the page). Values below zero are drawn as empty
    bars and written as they are; values above the scale (the largest value or the target)
    cannot occur. ``formatter`` writes the values in the picture and the table.
    """
    empty_message = empty_message or _("No figures yet.")
    headers = [label_header, value_header]
    if not bars:
        return Chart(
            key, title, description, _empty_svg(key, title, description, empty_message), headers, []
        )
    values = [float(bar.value) for bar in bars if bar.value is not None]
    maximum = max([*values, float(target) if target is not None else 0.0, 0.0])
    scale = _scale(maximum, [bar.text or formatter(bar.value) for bar in bars])
    top = TOP + (18 if target is not None else 0)
    height = top + ROW_HEIGHT * len(bars) + BOTTOM
    parts = _open_svg(key, title, description, height)
    rows: list[list[str]] = []
    for index, bar in enumerate(bars):
        y = top + index * ROW_HEIGHT
        text = bar.text or formatter(bar.value)
        width = scale(float(bar.value)) if bar.value is not None else 0.0
        parts.append("<g>")
        parts.append(f"<title>{escape(bar.label)}: {escape(text)}</title>")
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{_coordinate(y + BAR_HEIGHT - 4)}" '
            f'text-anchor="end" fill="{INK}">{escape(_shorten(bar.label))}</text>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{_coordinate(y)}" width="{_coordinate(width)}" '
            f'height="{BAR_HEIGHT}" fill="{BAR}"/>'
        )
        parts.append(
            f'<text x="{_coordinate(LABEL_WIDTH + width + 6)}" '
            f'y="{_coordinate(y + BAR_HEIGHT - 4)}" fill="{INK}">{escape(text)}</text>'
        )
        parts.append("</g>")
        rows.append([bar.label, text])
    axis_bottom = top + ROW_HEIGHT * len(bars) - (ROW_HEIGHT - BAR_HEIGHT)
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{top - 4}" x2="{LABEL_WIDTH}" '
        f'y2="{_coordinate(axis_bottom + 4)}" stroke="{MUTED}" stroke-width="1"/>'
    )
    if target is not None:
        x = _coordinate(LABEL_WIDTH + scale(float(target)))
        label = target_label or _("Target: %(value)s") % {"value": formatter(target)}
        parts.append(
            f'<line x1="{x}" y1="{top - 6}" x2="{x}" y2="{_coordinate(axis_bottom + 4)}" '
            f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="5 3"/>'
        )
        parts.append(
            f'<text x="{x}" y="{top - 10}" text-anchor="middle" fill="{INK}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    footer = [target_label or _("Target"), formatter(target)] if target is not None else []
    svg = mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
    return Chart(key, title, description, svg, headers, rows, footer)


def stacked_bar_chart(
    *,
    key: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    category_header: str,
    total_header: str = "",
    formatter: Callable[[Number | None], str] = _figure,
    empty_message: str = "",
) -> Chart:
    """A horizontal bar per category, split into one segment per series, with a legend and
    the total after each bar. The table has a column per series and the totals."""
    empty_message = empty_message or _("No figures yet.")
    total_header = total_header or _("Total")
    headers = [category_header, *[s.name for s in series], total_header]
    if not categories or not series:
        return Chart(
            key, title, description, _empty_svg(key, title, description, empty_message), headers, []
        )
    colours = [s.colour or PALETTE[i % len(PALETTE)] for i, s in enumerate(series)]
    totals = [
        sum((Decimal(str(s.values[i])) for s in series), Decimal(0)) for i in range(len(categories))
    ]
    scale = _scale(float(max(totals)))
    # The legend: a square and the name of each series, wrapped over lines of the width.
    legend: list[str] = []
    x, line = 0.0, 0
    for name, colour in zip([s.name for s in series], colours, strict=True):
        room = 22 + 8 * len(name)
        if x and x + room > WIDTH:
            x, line = 0.0, line + 1
        y = TOP + line * 20
        legend.append(
            f'<rect x="{_coordinate(x)}" y="{y}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{_coordinate(x + 17)}" y="{y + 11}" fill="{INK}">{escape(name)}</text>'
        )
        x += room + 12
    top = TOP + (line + 1) * 20 + 10
    height = top + ROW_HEIGHT * len(categories) + BOTTOM
    parts = _open_svg(key, title, description, height)
    parts.append(f"<g>{''.join(legend)}</g>")
    rows: list[list[str]] = []
    for index, category in enumerate(categories):
        y = top + index * ROW_HEIGHT
        parts.append("<g>")
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{_coordinate(y + BAR_HEIGHT - 4)}" '
            f'text-anchor="end" fill="{INK}">{escape(_shorten(category))}</text>'
        )
        start = float(LABEL_WIDTH)
        for item, colour in zip(series, colours, strict=True):
            value = item.values[index]
            width = scale(float(value))
            if width > 0:
                parts.append(
                    f'<rect x="{_coordinate(start)}" y="{_coordinate(y)}" '
                    f'width="{_coordinate(width)}" height="{BAR_HEIGHT}" fill="{colour}" '
                    f'stroke="#ffffff" stroke-width="1">'
                    f"<title>{escape(category)} – {escape(item.name)}: "
                    f"{escape(formatter(value))}</title></rect>"
                )
            start += width
        total_text = formatter(totals[index])
        parts.append(
            f'<text x="{_coordinate(start + 6)}" y="{_coordinate(y + BAR_HEIGHT - 4)}" '
            f'fill="{INK}">{escape(total_text)}</text>'
        )
        parts.append("</g>")
        rows.append([category, *[formatter(s.values[index]) for s in series], total_text])
    axis_bottom = top + ROW_HEIGHT * len(categories) - (ROW_HEIGHT - BAR_HEIGHT)
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{top - 4}" x2="{LABEL_WIDTH}" '
        f'y2="{_coordinate(axis_bottom + 4)}" stroke="{MUTED}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    footer = []
    if len(categories) > 1:
        footer = [
            total_header,
            *[formatter(sum((Decimal(str(v)) for v in s.values), Decimal(0))) for s in series],
            formatter(sum(totals, Decimal(0))),
        ]
    svg = mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
    return Chart(key, title, description, svg, headers, rows, footer)
