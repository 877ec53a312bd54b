"""The RSS 2.0 feed of a news section (``<section>/rss/``): its latest live public items, each
with its title, address, lead, date and tags; never anything of the body."""

import datetime
from typing import Protocol

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import feedgenerator, timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

FEED_ITEMS = 20


class NewsItem(Protocol):
    """What the feed reads of a news item (a ``NewsPage``; the page module imports this one)."""

    pk: int
    title: str
    lead: str
    author: str
    date: datetime.date
    first_published_at: datetime.datetime | None

    def get_url(self, request: HttpRequest | None = None) -> str | None: ...

    def tag_list(self) -> list: ...


class NewsFeed(Feed):
    """The feed of ``section`` (a news section page) listing the first of ``news`` (its news
    items, newest first, with what a list shows)."""

    feed_type = feedgenerator.Rss201rev2Feed

    def __init__(self, section: Page, news: QuerySet) -> None:
        self.section = section
        self.news = news
        self.request: HttpRequest | None = None

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        return self.section.title

    def link(self) -> str:
        return self.section.get_url(self.request) or "/"

    def feed_url(self) -> str:
        return self.section.feed_url(self.request)

    def description(self) -> str:
        return (
            self.section.search_description
            or self.section.introduction
            or _("News of the emulation movements")
        )

    def items(self) -> list[NewsItem]:
        return list(self.news[:FEED_ITEMS])

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        # The lead alone: the body may hold blocks (figures, galleries) a feed cannot show.
        return item.lead

    def item_link(self, item: NewsItem) -> str:
        return item.get_url(self.request) or "/"

    def item_guid(self, item: NewsItem) -> str:
        host = self.request.get_host() if self.request is not None else "localhost"
        return f"tag:{host.split(':')[0]},2026:news/{item.pk}"

    def item_guid_is_permalink(self, item: NewsItem) -> bool:
        return False

    def item_pubdate(self, item: NewsItem) -> datetime.datetime:
        published = item.first_published_at
        if published is not None and timezone.localtime(published).date() == item.date:
            return published
        # An item dated another day than it was published: noon of its own date.
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(12)))

    def item_author_name(self, item: NewsItem) -> str | None:
        return item.author or None

    def item_categories(self, item: NewsItem) -> list[str]:
        return [tag.name for tag in item.tag_list()]
