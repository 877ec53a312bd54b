"""Profiles of exemplary people (gương điển hình): written by editors, with the person's
achievements read live from the registry."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class ExemplaryPersonIndexPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["site_cms.HomePage"]
    subpage_types = ["site_cms.ExemplaryPersonPage"]
    max_count = 1
    template = "site_cms/exemplary_person_index_page.html"

    class Meta:
        verbose_name = _("exemplary people index")
        verbose_name_plural = _("exemplary people indexes")


class ExemplaryPersonPage(Page):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="exemplary_pages",
        verbose_name=_("person in the registry"),
    )
    portrait = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("portrait"),
    )
    summary = models.TextField(_("summary"), max_length=600)
    body = RichTextField(_("story"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("person"),
        FieldPanel("portrait"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]

    parent_page_types = ["site_cms.ExemplaryPersonIndexPage"]
    subpage_types: list[str] = []
    template = "site_cms/exemplary_person_page.html"

    class Meta:
        verbose_name = _("exemplary person")
        verbose_name_plural = _("exemplary people")
