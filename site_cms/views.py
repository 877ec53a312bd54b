"""Public views of the site that are not pages of the tree: the site search and robots.txt."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from wagtail.models import Page

from accounts.search import search

PAGE_SIZE = 20
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


def search_page(request: HttpRequest) -> HttpResponse:
    """Live public pages of the site whose title, description or (for news items) lead holds
    every word of ``q``, ignoring diacritics; newest first, paginated. A constant number of
    queries: one to count, one for the page's rows and one per type of page among them."""
    query = (request.GET.get("q") or "").strip()[:QUERY_MAX_LENGTH]
    pages = Page.objects.none()
    if query:
        pages = search(
            Page.objects.live().public().filter(depth__gt=2),
            query,
            ["title", "search_description", "newspage__lead"],
        ).order_by("-first_published_at", "-pk")
    page = Paginator(pages.specific(), PAGE_SIZE).get_page(request.GET.get("page"))
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
        {"query": query, "page": page, "results": results},
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Robots may read the public site, not the admin or the signed-in areas; the sitemap is
    named with its absolute address."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOWED]
    lines += ["Allow: /", "", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
