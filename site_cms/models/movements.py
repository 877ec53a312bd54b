"""The public pages of the emulation movements: each linked to a movement of the registry,
whose live figures and news it shows."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class MovementIndexPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["site_cms.HomePage"]
    subpage_types = ["site_cms.MovementPage"]
    max_count = 1
    template = "site_cms/movement_index_page.html"

    class Meta:
        verbose_name = _("movements index")
        verbose_name_plural = _("movements indexes")


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

    parent_page_types = ["site_cms.MovementIndexPage"]
    subpage_types: list[str] = []
    template = "site_cms/movement_page.html"

    class Meta:
        verbose_name = _("movement page")
        verbose_name_plural = _("movement pages")
