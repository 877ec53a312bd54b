"""Links of the main navigation that the apps above contribute.

The emulation app draws the navigation but cannot import the apps above it; each of them
registers its links at start-up with who may see them, and the links appear in ``order``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from accounts.models import User


@dataclass(frozen=True)
class NavigationLink:
    label: str | Promise
    url_name: str
    order: int
    visible: Callable[[User], bool]


_links: dict[str, NavigationLink] = {}


def register_navigation_link(
    *, label: str | Promise, url_name: str, order: int, visible: Callable[[User], bool]
) -> None:
    """Add (or replace) the link to ``url_name``."""
    _links[url_name] = NavigationLink(label, url_name, order, visible)


def navigation_links(user: User) -> list[tuple[int, dict]]:
    """(order, link) of the registered links ``user`` may see."""
    return [
        (link.order, {"label": str(link.label), "url": reverse(link.url_name)})
        for link in _links.values()
        if link.visible(user)
    ]
