from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from site_cms.home import latest_awards, running_movement_cards
from site_cms.models.news import LIST_RENDITION, news_for_listing, published_news

LATEST_NEWS = 5


class HomePage(Page):
    """The root page of the public site."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]

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
            latest_news=list(news_for_listing(published_news())[:LATEST_NEWS]),
            list_rendition=LIST_RENDITION,
            movement_cards=running_movement_cards(),
            latest_awards=latest_awards(),
        )
        return context
