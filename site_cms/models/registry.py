"""Pages that show the registry itself: the honour board and the statistics. Editors write
their introductions; everything else is read from the registry through selectors when the page
is shown."""

from collections.abc import Callable

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from accounts.formatting import format_number, format_vnd
from accounts.spreadsheets import XLSX_CONTENT_TYPE, SheetTable, workbook_bytes
from emulation.charts import Bar, Chart, bar_chart
from site_cms.panels import SETTINGS_PANELS
from site_cms.selectors.honours import group_decisions, honour_years, public_award_decisions
from site_cms.selectors.statistics import Figures, PageFigures, chosen_year, page_figures
from unions.levels import Level

DECISIONS_PER_PAGE = 20


class HonourBoardPage(Page):
    """Award decisions by level and year."""

    introduction = models.TextField(gettext_lazy("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    settings_panels = SETTINGS_PANELS

    parent_page_types = ["site_cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "site_cms/honour_board_page.html"

    class Meta:
        verbose_name = gettext_lazy("honour board")
        verbose_name_plural = gettext_lazy("honour boards")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        years = honour_years()
        year = chosen_year(request.GET.get("year"), years)
        level_name = (request.GET.get("level") or "").strip()
        level = Level.from_key(level_name)
        decisions = Paginator(
            public_award_decisions(level=level, year=year), DECISIONS_PER_PAGE
        ).get_page(request.GET.get("page"))
        context.update(
            decisions=decisions,
            groups=group_decisions(decisions.object_list),
            years=years,
            year=year,
            levels=[(level.key, level.label) for level in Level],
            level=level_name if level is not None else "",
            filtered=year is not None or level is not None,
            meta_description=self.search_description or self.introduction,
        )
        return context


# --- the statistics page -------------------------------------------------------------------

# Sheet names stay the same in every language: scripts reading the workbook look them up.
SUMMARY_SHEET = "Tổng hợp"
YEARS_SHEET = "Theo năm"
LEVELS_SHEET = "Theo cấp"
PROVINCES_SHEET = "Theo tỉnh"


def _figure_headers() -> list[str]:
    return [
        _("Initiatives submitted"),
        _("Initiatives recognised"),
        _("Verified benefit (VND)"),
        _("Awards given"),
    ]


def _figure_cells(figures: Figures) -> list[int]:
    return [
        figures.submitted,
        figures.recognised,
        figures.verified_benefit_vnd,
        figures.awards,
    ]


def _for_year(year: int | None, every_year: str, one_year: str, **values) -> str:
    """``one_year`` (a sentence with ``%(year)s``) for a year, ``every_year`` for all years;
    both filled in with ``values``."""
    if year is None:
        return every_year % values
    return one_year % {**values, "year": year}


FigureOf = Callable[[Figures], int]


def _figure_charts(
    prefix: str,
    labels: list[str],
    rows: list[Figures],
    label_header: str,
    description: Callable[[str], str],
) -> list[Chart]:
    """A bar chart of each of the four figures over ``labels`` (one row of figures each)."""
    shown: list[tuple[str, str, FigureOf, Callable]] = [
        ("submitted", _("Initiatives submitted"), lambda f: f.submitted, format_number),
        ("recognised", _("Initiatives recognised"), lambda f: f.recognised, format_number),
        (
            "benefit",
            _("Verified benefit (VND)"),
            lambda f: f.verified_benefit_vnd,
            format_vnd,
        ),
        ("awards", _("Awards given"), lambda f: f.awards, format_number),
    ]
    return [
        bar_chart(
            key=f"chart-{prefix}-{key}",
            title=title,
            description=description(title),
            bars=[Bar(label, value(row)) for label, row in zip(labels, rows, strict=True)],
            label_header=label_header,
            value_header=title,
            formatter=formatter,
        )
        for key, title, value, formatter in shown
    ]


def statistics_charts(figures: PageFigures) -> dict[str, list[Chart]]:
    """The charts of the page by section (``years``, ``levels``, ``provinces``), each with the
    same numbers as a table."""
    chronological = list(reversed(figures.by_year))
    years = _figure_charts(
        "year",
        [str(row.year) for row in chronological],
        [row.figures for row in chronological],
        _("Year"),
        lambda title: _("%(figure)s in each year of the registry.") % {"figure": title},
    )
    year = figures.year
    levels = [
        bar_chart(
            key="chart-level-recognitions",
            title=_("Recognitions of initiatives by level"),
            description=_for_year(
                year,
                _("Initiatives recognised by the closed review rounds of each level, all years."),
                _("Initiatives recognised by the closed review rounds of each level in %(year)s."),
            ),
            bars=[Bar(str(row.label), row.recognitions) for row in figures.by_level],
            label_header=_("Level"),
            value_header=_("Recognitions"),
        ),
        bar_chart(
            key="chart-level-awards",
            title=_("Awards given by level"),
            description=_for_year(
                year,
                _("Awards given by the units of each level, all years."),
                _("Awards given by the units of each level in %(year)s."),
            ),
            bars=[Bar(str(row.label), row.awards) for row in figures.by_level],
            label_header=_("Level"),
            value_header=_("Awards given"),
        ),
    ]
    provinces = _figure_charts(
        "province",
        [row.unit.display_name for row in figures.by_province],
        [row.figures for row in figures.by_province],
        _("Provincial federation"),
        lambda title: _for_year(
            year,
            _("%(figure)s in each provincial federation, all years."),
            _("%(figure)s in each provincial federation in %(year)s."),
            figure=title,
        ),
    )
    return {"years": years, "levels": levels, "provinces": provinces}


def statistics_tables(figures: PageFigures) -> list[SheetTable]:
    """The page's tables, one sheet each, with numbers as numbers."""
    summary = SheetTable(
        title=SUMMARY_SHEET,
        headers=[_("Year"), *_figure_headers()],
        rows=[[figures.year or _("All years"), *_figure_cells(figures.union)]],
    )
    by_year = SheetTable(
        title=YEARS_SHEET,
        headers=[_("Year"), *_figure_headers()],
        rows=[[row.year, *_figure_cells(row.figures)] for row in reversed(figures.by_year)],
    )
    by_level = SheetTable(
        title=LEVELS_SHEET,
        headers=[_("Level"), _("Recognitions"), _("Awards given")],
        rows=[[str(row.label), row.recognitions, row.awards] for row in figures.by_level],
    )
    by_province = SheetTable(
        title=PROVINCES_SHEET,
        headers=[_("Provincial federation"), _("Code"), *_figure_headers()],
        rows=[
            [row.unit.name, row.unit.code, *_figure_cells(row.figures)]
            for row in figures.by_province
        ],
        widths={1: 48},
    )
    return [summary, by_year, by_level, by_province]


def statistics_filename(figures: PageFigures) -> str:
    return f"thong-ke-{figures.year or 'tat-ca-cac-nam'}.xlsx"


class StatisticsPage(RoutablePageMixin, Page):
    """Figures by year, level and province as charts with their tables, and an XLSX
    download (``xlsx/``)."""

    introduction = models.TextField(gettext_lazy("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    settings_panels = SETTINGS_PANELS

    parent_page_types = ["site_cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "site_cms/statistics_page.html"

    class Meta:
        verbose_name = gettext_lazy("statistics page")
        verbose_name_plural = gettext_lazy("statistics pages")

    def xlsx_url(self, request: HttpRequest | None, year: int | None) -> str:
        url = (self.get_url(request) or "") + self.reverse_subpage("xlsx")
        return url + ("?" + urlencode({"year": year}) if year is not None else "")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        figures = page_figures(request.GET.get("year"))
        context.update(
            figures=figures,
            charts=statistics_charts(figures),
            xlsx_url=self.xlsx_url(request, figures.year),
            meta_description=self.search_description or self.introduction,
        )
        return context

    @path("xlsx/", name="xlsx")
    def xlsx(self, request: HttpRequest) -> HttpResponse:
        """The page's tables as an XLSX workbook, in Vietnamese whoever downloads it."""
        figures = page_figures(request.GET.get("year"))
        with translation.override(settings.LANGUAGE_CODE):
            content = workbook_bytes(statistics_tables(figures))
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{statistics_filename(figures)}"'
        return response
