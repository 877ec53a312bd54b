"""Pages that show the registry itself: the honour board and the statistics. Editors write
their introductions; everything else is read from the registry through selectors when the page
is shown."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


class HonourBoardPage(Page):
    """Award decisions by level and year."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["site_cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "site_cms/honour_board_page.html"

    class Meta:
        verbose_name = _("honour board")
        verbose_name_plural = _("honour boards")


class StatisticsPage(RoutablePageMixin, Page):
    """Figures by year, level and province as charts with their tables, and an XLSX
    download (``xlsx/``)."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["site_cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "site_cms/statistics_page.html"

    class Meta:
        verbose_name = _("statistics page")
        verbose_name_plural = _("statistics pages")
