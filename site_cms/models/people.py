"""Profiles of exemplary people (gương điển hình): written by editors, with the person's
achievements read live from the registry."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Page

from site_cms.panels import SETTINGS_PANELS
from site_cms.selectors.exemplary_people import current_union, public_achievements
from site_cms.slugs import AsciiSlugMixin

PEOPLE_PER_PAGE = 24
# Rendition of the portrait in the list (the template asks for the same).
LIST_PORTRAIT = "fill-240x300"


class ExemplaryPersonIndexPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    settings_panels = SETTINGS_PANELS

    parent_page_types = ["site_cms.HomePage"]
    subpage_types = ["site_cms.ExemplaryPersonPage"]
    max_count = 1
    template = "site_cms/exemplary_person_index_page.html"

    class Meta:
        verbose_name = _("exemplary people index")
        verbose_name_plural = _("exemplary people indexes")

    def people(self) -> QuerySet:
        """Its live public profiles by title, with the portraits' list renditions."""
        return (
            ExemplaryPersonPage.objects.child_of(self)
            .live()
            .public()
            .prefetch_related(
                Prefetch(
                    "portrait",
                    queryset=get_image_model().objects.prefetch_renditions(LIST_PORTRAIT),
                )
            )
            .order_by("title", "pk")
        )

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["people"] = Paginator(self.people(), PEOPLE_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return context


class ExemplaryPersonPage(AsciiSlugMixin, Page):
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
    settings_panels = SETTINGS_PANELS

    parent_page_types = ["site_cms.ExemplaryPersonIndexPage"]
    subpage_types: list[str] = []
    template = "site_cms/exemplary_person_page.html"

    class Meta:
        verbose_name = _("exemplary person")
        verbose_name_plural = _("exemplary people")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        # Only public facts of the registry reach the template, never the person's account.
        context.update(
            achievements=public_achievements(self.person),
            union=current_union(self.person),
            meta_description=self.search_description or self.summary,
        )
        return context
