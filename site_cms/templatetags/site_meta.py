"""Tags of the page head: absolute addresses for the canonical link and Open Graph."""

from django import template
from wagtail.models import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str | None = None) -> str:
    """``{% absolute_url some_url %}``: ``some_url`` with the scheme and host of the request;
    without an argument, the address of the page shown, without its query string."""
    request = context.get("request")
    if request is None:
        return url or ""
    return request.build_absolute_uri(url if url else request.path)


@register.simple_tag(takes_context=True)
def page_description(context) -> str:
    """The description of what is shown, for search engines and link previews: the view's
    ``meta_description``, else the Wagtail page's description, introduction or summary."""
    if context.get("meta_description"):
        return str(context["meta_description"])
    page = context.get("page")
    if not isinstance(page, Page):
        return ""
    for attribute in ("search_description", "introduction", "summary"):
        text = getattr(page, attribute, "")
        if isinstance(text, str) and text.strip():
            return text
    return ""
