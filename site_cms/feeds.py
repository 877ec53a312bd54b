"""The RSS 2.0 feed of a news section (``<section>/rss/``): its latest live public items, each
with its title, address, lead, date and tags; never anything of the body."""

import datetime
from typing import TYPE_CHECKING

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils import feedgenerator, timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from site_cms.models import NewsIndexPage, NewsPage

FEED_ITEMS = 20


class NewsFeed(Feed):
    feed_type = feedgenerator.Rss201rev2Feed

    def __init__(self, section: "NewsIndexPage") -> None:
        self.section = section
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

    def items(self) -> list["NewsPage"]:
        from site_cms.models.news import news_for_listing

        return list(news_for_listing(self.section.news_items())[:FEED_ITEMS])

    def item_title(self, item: "NewsPage") -> str:
        return item.title

    def item_description(self, item: "NewsPage") -> str:
        # The lead alone: the body may hold blocks (figures, galleries) a feed cannot show.
        return item.lead

    def item_link(self, item: "NewsPage") -> str:
        return item.get_url(self.request) or "/"

    def item_guid(self, item: "NewsPage") -> str:
        host = self.request.get_host() if self.request is not None else "localhost"
        return f"tag:{host.split(':')[0]},2026:news/{item.pk}"

    def item_guid_is_permalink(self, item: "NewsPage") -> bool:
        return False

    def item_pubdate(self, item: "NewsPage") -> datetime.datetime:
        published = item.first_published_at
        if published is not None and timezone.localtime(published).date() == item.date:
            return published
        # An item dated another day than it was published: noon of its own date.
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(12)))

    def item_author_name(self, item: "NewsPage") -> str | None:
        return item.author or None

    def item_categories(self, item: "NewsPage") -> list[str]:
        return [tag.name for tag in item.tag_list()]
