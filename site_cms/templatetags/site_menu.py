"""The public site's own navigation: the main menu and the footer take the sections under the
site's home page that editors mark "show in menus"; inner pages show their breadcrumbs."""

from django import template
from wagtail.models import Page, Site

register = template.Library()

_CACHE_ATTR = "_public_menu"


@register.simple_tag(takes_context=True)
def public_menu(context) -> list[dict]:
    """``{% public_menu as sections %}``: the live sections of the site's home page shown in
    menus, in the tree's order, as ``{"title", "url", "active"}``. One query per request (the
    answer is kept on the request: the header and the footer both ask)."""
    request = context.get("request")
    if request is None:
        return []
    if not hasattr(request, _CACHE_ATTR):
        site = Site.find_for_request(request)
        sections = []
        if site is not None:
            pages = (
                site.root_page.get_children()
                .live()
                .public()
                .in_menu()
                .only("id", "title", "url_path", "path", "depth")
            )
            for page in pages:
                url = page.get_url(request)
                if url:
                    sections.append({"title": page.title, "url": url})
        setattr(request, _CACHE_ATTR, sections)
    path = request.path
    return [
        {**section, "active": path == section["url"] or path.startswith(section["url"])}
        for section in getattr(request, _CACHE_ATTR)
        if section["url"] != "/"
    ]


@register.inclusion_tag("site_cms/includes/page_breadcrumbs.html", takes_context=True)
def page_breadcrumbs(context, page=None, current: str = "") -> dict:
    """The trail from the home page down to the Wagtail ``page``; with ``current`` (a route of
    the page, such as an initiative of the bank) the page is a step and ``current`` the end.
    Nothing on the home page, nor for anything that is not a Wagtail page."""
    if not isinstance(page, Page):
        return {"show": False}
    ancestors = list(
        page.get_ancestors()
        .filter(depth__gte=2)
        .live()
        .only("id", "title", "url_path", "path", "depth")
    )
    if current:
        ancestors.append(page)
    request = context.get("request")
    return {
        "crumbs": [{"title": crumb.title, "url": crumb.get_url(request)} for crumb in ancestors],
        "current": current or page.title,
        "show": len(ancestors) > 0 and page.depth > 2 or bool(current),
    }
