"""The public bank of recognised initiatives."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


class InitiativeBankPage(RoutablePageMixin, Page):
    """The public bank of recognised initiatives: search, filters and a public detail page
    (``<id>/``) that never shows what is confidential."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["site_cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "site_cms/initiative_bank_page.html"

    class Meta:
        verbose_name = _("initiative bank")
        verbose_name_plural = _("initiative banks")
