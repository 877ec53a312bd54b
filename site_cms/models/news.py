"""News of the movements: sections (one for the whole union, and one per provincial federation
that wants its own, edited only by that federation's editors) and the news items in them."""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from accounts.query_params import int_param
from emulation.models import Movement
from site_cms.blocks import NewsBodyBlock
from site_cms.feeds import NewsFeed
from site_cms.models.movements import MovementPage, public_pages_of
from site_cms.panels import SETTINGS_PANELS, date_panel
from site_cms.renditions import LIST_RENDITION, PAGE_RENDITION, SHARE_RENDITION
from site_cms.slugs import AsciiSlugMixin

NEWS_PER_PAGE = 10
MORE_NEWS = 3


class NewsPageQuerySet(PageQuerySet):
    """News items, with the reads every page listing them shares. Reached as
    ``NewsPage.objects`` and through a movement's ``news_pages``."""

    def published(self) -> "NewsPageQuerySet":
        """Live news items the public may read, newest first (by date, then first
        publication)."""
        return self.live().public().order_by("-date", "-first_published_at", "-pk")

    def for_listing(self) -> "NewsPageQuerySet":
        """The items with what a list of them shows, so that a list costs the same number of
        queries whatever its length: tags, movements and the main image with its list
        rendition."""
        return self.prefetch_related(
            Prefetch("tagged_items", queryset=NewsPageTag.objects.select_related("tag")),
            Prefetch("movements", queryset=Movement.objects.order_by("name")),
            Prefetch(
                "main_image",
                queryset=get_image_model().objects.prefetch_renditions(LIST_RENDITION),
            ),
        )


class NewsIndexPage(RoutablePageMixin, Page):
    """A news section: its news items, newest first, paginated and filterable by tag and
    movement, with an RSS feed at ``rss/``. A section may hold the section of a provincial
    federation (``unit``), whose editors are given page permissions on it alone."""

    introduction = models.TextField(_("introduction"), blank=True)
    unit = models.ForeignKey(
        "unions.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="news_sections",
        verbose_name=_("union of this section"),
        help_text=_("The provincial federation whose news this section holds; empty for all."),
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("unit")]
    settings_panels = SETTINGS_PANELS

    parent_page_types = ["site_cms.HomePage", "site_cms.NewsIndexPage"]
    subpage_types = ["site_cms.NewsPage", "site_cms.NewsIndexPage"]
    template = "site_cms/news_index_page.html"

    class Meta:
        verbose_name = _("news section")
        verbose_name_plural = _("news sections")

    def news_items(self) -> QuerySet:
        """Live public news items of this section and of its sub-sections, newest first."""
        return NewsPage.objects.published().descendant_of(self)

    def sub_sections(self) -> QuerySet:
        return NewsIndexPage.objects.child_of(self).live().public()

    def feed_url(self, request: HttpRequest | None = None) -> str:
        return (self.get_url(request) or "") + self.reverse_subpage("feed")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        items = self.news_items()
        movements = list(
            Movement.objects.filter(news_pages__in=items.values("pk")).distinct().order_by("name")
        )
        tags = list(
            Tag.objects.filter(site_cms_newspagetag_items__content_object__in=items.values("pk"))
            .distinct()
            .order_by("name")
        )
        tag = (request.GET.get("tag") or "").strip()[:100]
        if tag:
            items = items.filter(tags__name=tag)
        movement_pk = int_param(request.GET.get("movement"))
        selected_movement = next((m for m in movements if m.pk == movement_pk), None)
        if request.GET.get("movement"):
            # A movement none of the items is about lists nothing.
            items = items.filter(movements=selected_movement) if selected_movement else items.none()
        news = Paginator(items.for_listing(), NEWS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            news=news,
            tag=tag,
            tags=tags,
            movements=movements,
            selected_movement=selected_movement,
            sub_sections=list(self.sub_sections()),
            feed_url=self.feed_url(request),
            meta_description=self.search_description or self.introduction,
            list_rendition=LIST_RENDITION,
        )
        return context

    @path("rss/", name="feed")
    def feed(self, request: HttpRequest) -> HttpResponse:
        """The section's news as an RSS 2.0 feed."""
        return NewsFeed(self, self.news_items().for_listing())(request)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "site_cms.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(AsciiSlugMixin, Page):
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

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [date_panel("date"), FieldPanel("author"), FieldPanel("tags"), FieldPanel("movements")],
            heading=_("About this item"),
        ),
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("main_image"), FieldPanel("main_image_caption")],
            heading=_("Main image"),
        ),
        FieldPanel("body"),
    ]
    settings_panels = SETTINGS_PANELS

    parent_page_types = ["site_cms.NewsIndexPage"]
    subpage_types: list[str] = []
    template = "site_cms/news_page.html"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def tag_list(self) -> list[Tag]:
        """The item's tags by name (from the prefetched rows in lists)."""
        if self.pk and "tagged_items" in getattr(self, "_prefetched_objects_cache", {}):
            return sorted((row.tag for row in self.tagged_items.all()), key=lambda t: t.name)
        return sorted(self.tags.all(), key=lambda tag: tag.name)

    def section(self) -> NewsIndexPage | None:
        """The news section holding the item."""
        if not self.path or self.depth is None or self.depth < 2:
            return None
        return NewsIndexPage.objects.filter(path=self.path[: -Page.steplen]).first()

    def linked_movements(self) -> list[tuple[Movement, MovementPage | None]]:
        """The movements of the item, each with its live public page (None when it has none)."""
        movements = sorted(self.movements.all(), key=lambda movement: movement.name)
        pages = public_pages_of(movements)
        return [(movement, pages.get(movement.pk)) for movement in movements]

    def share_image_url(self, request: HttpRequest | None = None) -> str:
        """Absolute address of the rendition of the main image link previews show."""
        if self.main_image is None:
            return ""
        url = self.main_image.get_rendition(SHARE_RENDITION).url
        return request.build_absolute_uri(url) if request is not None else url

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        section = self.section()
        more = []
        if section is not None:
            more = list(section.news_items().exclude(pk=self.pk).for_listing()[:MORE_NEWS])
        context.update(
            section=section,
            section_url=section.get_url(request) if section else "",
            feed_url=section.feed_url(request) if section else "",
            tags=self.tag_list(),
            linked_movements=self.linked_movements(),
            more_news=more,
            meta_description=self.search_description or self.lead,
            og_type="article",
            og_image=self.share_image_url(request),
            og_image_alt=self.main_image_caption or self.title,
            page_rendition=PAGE_RENDITION,
            list_rendition=LIST_RENDITION,
        )
        return context
