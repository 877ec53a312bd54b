"""Cache of the public site for visitors who are not signed in.

Whole responses of the public pages (the Wagtail page tree, with its routes such as the news
feed and the initiative bank's detail pages, the site search, ``sitemap.xml`` and
``robots.txt``) are kept for ``PUBLIC_PAGE_CACHE_SECONDS`` under a key made of the address, the
language and a *version* of the public site. Any write to what public pages show bumps the
version, so the next visitor gets a fresh page and the old entries simply expire:

- a page published, unpublished, moved or deleted, an image changed (Wagtail saves and deletes);
- a change in the registry: any saved or deleted row of the registry apps (units, members,
  movements, registrations, pledges, titles, initiatives, rounds, decisions, awards, benefits),
  except those no public page shows (notifications, score sheets, verification logs …).

The key holds only the query parameters public pages read (``QUERY_PARAMETERS``), each
normalised (numbers as numbers, text trimmed and cut to the length the pages use), sorted, and
the whole key is hashed: unknown parameters, repeated ones or a query string of thousands of
characters cannot create new entries. The request is served with exactly that normalised query
(``request.GET`` and the query string are replaced before the page is rendered), so a page
never shows a parameter its key does not hold (pagination links, the sign-in ``next``).

Writes that bypass model signals (``QuerySet.update``) are caught by the expiry alone, so
``PUBLIC_PAGE_CACHE_SECONDS`` bounds how stale a page can be. Signed-in people (a session
cookie), anything but GET/HEAD, responses that set cookies or are not 200 are never cached.
The cache is Django's default cache: per process in development, shared (Redis, ``CACHE_URL``)
in production so every app server sees the same version.
"""

import hashlib
import unicodedata
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.translation import get_language

from accounts.query_params import int_param

VERSION_KEY = "public-site:version"

# Apps whose rows public pages show (directly or through figures).
WATCHED_APPS = frozenset(
    {
        "accounts",
        "emulation",
        "initiatives",
        "awards",
        "site_cms",
        "wagtailcore",
        "wagtailimages",
        "taggit",
    }
)
# Rows of those apps no public page shows; their frequent writes would only empty the cache.
IGNORED_MODELS = frozenset(
    {
        "accounts.notification",
        "awards.score",
        "awards.scoresheet",
        "awards.conflict",
        "awards.verificationcheck",
        "awards.verificationrate",
        "wagtailcore.pagelogentry",
        "wagtailcore.modellogentry",
        "wagtailcore.pagesubscription",
        "wagtailcore.taskstate",
        "wagtailcore.workflowstate",
        "wagtailcore.comment",
        "wagtailcore.commentreply",
        "wagtailcore.pageviewrestriction",
    }
)
# Views whose answers are public and the same for every visitor.
CACHED_VIEWS = frozenset(
    {
        "wagtail.views.serve",
        "site_cms.views.search_page",
        "site_cms.views.robots_txt",
        "wagtail.contrib.sitemaps.views.sitemap",
    }
)
TEXT_MAX_LENGTH = 200  # the longest search the site search and the bank read


def _number(value: str) -> str | None:
    number = int_param(value, max_digits=6)
    return str(number) if number is not None else None


def _text(value: str) -> str | None:
    text = " ".join(unicodedata.normalize("NFC", value).split())[:TEXT_MAX_LENGTH].strip()
    return text or None


# Every query parameter a cached public page reads, with how its value is normalised. The
# search text is trimmed but not folded: the pages fold it to search, but show it back as typed.
QUERY_PARAMETERS: dict[str, Callable[[str], str | None]] = {
    "page": _number,  # every paginated page
    "p": _number,  # sitemap.xml's sections
    "year": _number,  # honour board, statistics, movements, bank
    "movement": _number,  # news index
    "tag": _text,  # news index
    "level": _text,  # honour board, bank
    "q": _text,  # site search, bank
    "field": _text,  # bank
    "kind": _text,  # bank
    "province": _text,  # bank
}
# Response headers worth keeping with the body.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition", "Link", "Vary")


def site_version() -> int:
    """The current version of the public site (1 on an empty cache)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_site_version() -> None:
    """Start a new version: every cached page is stale from now on."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache (first write, or evicted)
        cache.set(VERSION_KEY, 2, timeout=None)


def _changed(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in WATCHED_APPS or meta.label_lower in IGNORED_MODELS:
        return
    bump_site_version()
    # Also after the commit: a visitor between the write and the commit may have cached the
    # old page under the new version.
    transaction.on_commit(bump_site_version)


def _m2m_changed(sender, action: str, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        _changed(kwargs["model"])


def connect_signals() -> None:
    """Bump the version on every watched write (called once, from ``SiteCmsConfig.ready``)."""
    post_save.connect(_changed, dispatch_uid="site_cms.caching.save")
    post_delete.connect(_changed, dispatch_uid="site_cms.caching.delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="site_cms.caching.m2m")


def _view_name(request: HttpRequest) -> str:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return ""
    func = getattr(match.func, "view_class", match.func)
    return f"{func.__module__}.{func.__name__}"


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and _view_name(request) in CACHED_VIEWS
    )


def normalised_query(query: QueryDict) -> str:
    """The parameters of ``query`` that public pages read, normalised, sorted and encoded;
    the last value of a repeated parameter counts (as ``QueryDict.get`` reads it)."""
    kept = QueryDict(mutable=True)
    for name in sorted(QUERY_PARAMETERS):
        value = query.get(name)
        if value is None:
            continue
        normalised = QUERY_PARAMETERS[name](value)
        if normalised is not None:
            kept[name] = normalised
    return kept.urlencode()


def _key(request: HttpRequest, query: str) -> str:
    parts = (site_version(), get_language(), request.get_host(), request.path, query)
    digest = hashlib.sha256("\n".join(str(part) for part in parts).encode()).hexdigest()
    return f"public-site:page:{digest}"


class PublicPageCacheMiddleware:
    """Serve public pages from the cache for visitors who are not signed in (see the module's
    docstring). Answers carry ``X-Public-Cache: hit`` or ``miss``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return self.get_response(request)
        query = normalised_query(request.GET)
        # The page is rendered from the very query its key holds.
        request.GET = QueryDict(query)
        request.META["QUERY_STRING"] = query
        key = _key(request, query)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Public-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
            and "private" not in response.get("Cache-Control", "")
        ):
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            cache.set(key, (response.content, headers), settings.PUBLIC_PAGE_CACHE_SECONDS)
            response["X-Public-Cache"] = "miss"
        return response
