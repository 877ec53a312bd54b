from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


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
