from dataclasses import dataclass

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from emulation.models import Movement
from site_cms.models.movements import MovementPage, public_pages_of
from site_cms.models.news import NewsPage
from site_cms.panels import SETTINGS_PANELS
from site_cms.renditions import LIST_RENDITION
from site_cms.selectors.honours import latest_awards
from site_cms.selectors.movements import MovementFigures, movements_figures, running_movements

LATEST_NEWS = 5


@dataclass(frozen=True)
class MovementCard:
    movement: Movement
    figures: MovementFigures
    page: MovementPage | None  # its live public page, if any


def running_movement_cards() -> list[MovementCard]:
    """Each running movement with its live figures over its period and its public page. A
    constant number of queries whatever the number of movements."""
    movements = list(running_movements())
    figures = movements_figures(movements)
    pages = public_pages_of(movements)
    return [
        MovementCard(movement=movement, figures=figures[movement.pk], page=pages.get(movement.pk))
        for movement in movements
    ]


class HomePage(Page):
    """The root page of the public site."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    settings_panels = SETTINGS_PANELS

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "site_cms.NewsIndexPage",
        "site_cms.MovementIndexPage",
        "site_cms.ExemplaryPersonIndexPage",
        "site_cms.HonourBoardPage",
        "site_cms.InitiativeBankPage",
        "site_cms.StatisticsPage",
    ]
    max_count = 1
    template = "site_cms/home_page.html"

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context.update(
            latest_news=list(NewsPage.objects.published().for_listing()[:LATEST_NEWS]),
            list_rendition=LIST_RENDITION,
            movement_cards=running_movement_cards(),
            latest_awards=latest_awards(),
        )
        return context
