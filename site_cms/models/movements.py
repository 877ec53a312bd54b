"""The public pages of the emulation movements: each linked to a movement of the registry,
whose live figures and news it shows."""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from accounts.query_params import year_param
from emulation.models import Movement
from site_cms.panels import SETTINGS_PANELS
from site_cms.renditions import LIST_RENDITION
from site_cms.selectors.movements import movement_figures, movements_figures

NEWS_PER_PAGE = 10


class MovementIndexPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    settings_panels = SETTINGS_PANELS

    parent_page_types = ["site_cms.HomePage"]
    subpage_types = ["site_cms.MovementPage"]
    max_count = 1
    template = "site_cms/movement_index_page.html"

    class Meta:
        verbose_name = _("movements index")
        verbose_name_plural = _("movements indexes")

    def movement_pages(self) -> QuerySet:
        """Its live public movement pages with their movements, the latest begun first."""
        return (
            MovementPage.objects.child_of(self)
            .live()
            .public()
            .select_related("movement__launching_unit")
            .order_by("-movement__period_start", "title", "pk")
        )

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        pages = list(self.movement_pages())
        figures = movements_figures([page.movement for page in pages])
        context["movement_rows"] = [(page, figures[page.movement_id]) for page in pages]
        return context


class MovementPage(Page):
    """A movement of the registry as the public sees it: text written by editors, figures read
    from the registry (participating units, initiatives recognised, verified benefit, leading
    units) and the news items linked to the movement."""

    movement = models.OneToOneField(
        "emulation.Movement",
        on_delete=models.PROTECT,
        related_name="public_page",
        verbose_name=_("movement in the registry"),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("movement"),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    settings_panels = SETTINGS_PANELS

    parent_page_types = ["site_cms.MovementIndexPage"]
    subpage_types: list[str] = []
    template = "site_cms/movement_page.html"

    class Meta:
        verbose_name = _("movement page")
        verbose_name_plural = _("movement pages")

    def news_items(self) -> QuerySet:
        """Live public news items about the movement, newest first (``NewsPage`` items, read
        through the movement: the news module imports this one)."""
        return self.movement.news_pages.published()

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        movement = self.movement
        year = year_param(request.GET.get("year"))
        if year not in movement.years:
            year = None
        news = Paginator(self.news_items().for_listing(), NEWS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context.update(
            movement=movement,
            launching_unit=movement.launching_unit,
            years=movement.years,
            year=year,
            figures=movement_figures(movement, year=year),
            news=news,
            list_rendition=LIST_RENDITION,
            meta_description=self.search_description or self.introduction,
        )
        return context


def public_pages_of(movements: list[Movement]) -> dict[int, MovementPage]:
    """The live public page of each of ``movements`` that has one, by movement id. One query
    (none without movements)."""
    if not movements:
        return {}
    return {
        page.movement_id: page
        for page in MovementPage.objects.live()
        .public()
        .filter(movement__in=[movement.pk for movement in movements])
    }
