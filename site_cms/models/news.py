"""News of the movements: sections (one for the whole union, and one per provincial federation
that wants its own, edited only by that federation's editors) and the news items in them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from site_cms.blocks import NewsBodyBlock


class NewsIndexPage(RoutablePageMixin, Page):
    """A news section: its news items, newest first, paginated and filterable by tag and
    movement, with an RSS feed at ``rss/``. A section may hold the section of a provincial
    federation (``unit``), whose editors are given page permissions on it alone."""

    introduction = models.TextField(_("introduction"), blank=True)
    unit = models.ForeignKey(
        "emulation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="news_sections",
        verbose_name=_("union of this section"),
        help_text=_("The provincial federation whose news this section holds; empty for all."),
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("unit")]

    parent_page_types = ["site_cms.HomePage", "site_cms.NewsIndexPage"]
    subpage_types = ["site_cms.NewsPage", "site_cms.NewsIndexPage"]
    template = "site_cms/news_index_page.html"

    class Meta:
        verbose_name = _("news section")
        verbose_name_plural = _("news sections")


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "site_cms.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(Page):
    """A news item: lead paragraph, main image, date, author, a body of blocks, tags and the
    movements it is about."""

    date = models.DateField(_("date"), default=timezone.localdate)
    author = models.CharField(_("author"), max_length=200, blank=True)
    lead = models.TextField(_("lead paragraph"), max_length=600)
    main_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("main image"),
    )
    main_image_caption = models.CharField(
        _("caption of the main image"), max_length=255, blank=True
    )
    body = StreamField(NewsBodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))
    movements = ParentalManyToManyField(
        "emulation.Movement",
        blank=True,
        related_name="news_pages",
        verbose_name=_("movements"),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("tags"), FieldPanel("movements")],
            heading=_("About this item"),
        ),
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("main_image"), FieldPanel("main_image_caption")],
            heading=_("Main image"),
        ),
        FieldPanel("body"),
    ]

    parent_page_types = ["site_cms.NewsIndexPage"]
    subpage_types: list[str] = []
    template = "site_cms/news_page.html"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
