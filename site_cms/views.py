"""Public views of the site that are not pages of the tree: the site search and robots.txt."""

from urllib.parse import urlencode

from django.core.paginator import Page as ResultPage
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from wagtail.models import Page

from accounts.search import search
from site_cms.models import InitiativeBankPage
from site_cms.public_limits import (
    SearchTooBroad,
    cached,
    remember,
    search_key,
    statement_timeout,
    too_broad_response,
)
from site_cms.selectors.bank import recognised_in_order, recognised_initiatives, search_bank

PAGE_SIZE = 20
# Recognised initiatives of the bank shown above the pages found, with a link to the rest.
INITIATIVES_SHOWN = 5
QUERY_MAX_LENGTH = 200
# Where robots have nothing to read: the Wagtail admin, signing in and the signed-in areas of
# the registry, the site search (endless combinations of words) and the language switch.
ROBOTS_DISALLOWED = (
    "/admin/",
    "/dang-nhap/",
    "/dang-xuat/",
    "/quen-mat-khau/",
    "/tai-khoan/",
    "/thong-bao/",
    "/don-vi/",
    "/thi-dua/",
    "/sang-kien/",
    "/xet-duyet/",
    "/khen-thuong/",
    "/thanh-tich/",
    "/i18n/",
    "/jsi18n/",
    "/tim-kiem/",
)


def _summary(page: Page) -> str:
    """What a result shows under its title: a news item's lead, else the page's description,
    else its introduction or summary."""
    for attribute in ("lead", "search_description", "introduction", "summary"):
        text = getattr(page, attribute, "")
        if isinstance(text, str) and text.strip():
            return text
    return ""


def _pages_in_order(ids: list[int]) -> list[Page]:
    found = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    return [found[pk] for pk in ids if pk in found]


def _search(request: HttpRequest, query: str) -> tuple[ResultPage, list, InitiativeBankPage | None]:
    """The page of pages found, the first recognised initiatives found (through the folded
    search text of the dossiers, as the bank's search) and the bank; the counts and ids from
    the per-query cache when the same search was answered a moment ago."""
    bank = InitiativeBankPage.objects.live().public().first()
    key = search_key("site", request.GET, ("q", "page"))
    found = cached(key)
    if found is not None:
        count, number, page_ids, initiative_ids = found
        page = ResultPage(_pages_in_order(page_ids), number, Paginator(range(count), PAGE_SIZE))
        return page, recognised_in_order(initiative_ids) if bank else [], bank
    pages = Page.objects.none()
    initiatives = []
    if query:
        pages = search(
            Page.objects.live().public().filter(depth__gt=2),
            query,
            ["title", "search_description", "newspage__lead"],
        ).order_by("-first_published_at", "-pk")
        if bank is not None:
            initiatives = list(search_bank(recognised_initiatives(), query)[:INITIATIVES_SHOWN])
    page = Paginator(pages.specific(), PAGE_SIZE).get_page(request.GET.get("page"))
    remember(
        key,
        (
            page.paginator.count,
            page.number,
            [result.pk for result in page.object_list],
            [initiative.pk for initiative in initiatives],
        ),
    )
    return page, initiatives, bank


def search_page(request: HttpRequest) -> HttpResponse:
    """Live public pages of the site whose title, description or (for news items) lead holds
    every word of ``q``, ignoring diacritics; newest first, paginated; and the first
    recognised initiatives of the bank holding them. A constant number of queries: the bank,
    one to count, one for the page's rows and one per type of page among them, and one for the
    initiatives. On PostgreSQL they run under the public statement timeout: past it the
    visitor is asked for a narrower search (HTTP 503) instead of holding the worker."""
    query = (request.GET.get("q") or "").strip()[:QUERY_MAX_LENGTH]
    try:
        with statement_timeout():
            page, initiatives, bank = _search(request, query)
    except SearchTooBroad:
        return too_broad_response(request, action=reverse("site_cms:search"), query=query)
    results = [
        {
            "page": result,
            "url": result.get_url(request),
            "kind": result.specific_class._meta.verbose_name if result.specific_class else "",
            "summary": _summary(result),
        }
        for result in page.object_list
    ]
    return render(
        request,
        "site_cms/search.html",
        {
            "query": query,
            "page": page,
            "results": results,
            "initiatives": [
                (initiative, bank.detail_url(initiative.pk)) for initiative in initiatives
            ],
            "bank_search_url": f"{bank.url}?{urlencode({'q': query})}" if bank and query else "",
        },
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Robots may read the public site, not the admin or the signed-in areas; the sitemap is
    named with its absolute address."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOWED]
    lines += ["Allow: /", "", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
