"""The address of the client behind a request, read through the reverse proxies we trust.

Behind ``settings.TRUSTED_PROXY_COUNT`` proxies (0: the app is reached directly), each proxy
appends the address it received the request from to ``X-Forwarded-For``; the client is the
address that many hops from the right. Anything further left was written by the client and
is not believed. Everything that needs the client's address (rate limits, logs) asks here.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's IP address: ``REMOTE_ADDR`` when no proxy is trusted (or the header is
    missing or malformed), else the ``X-Forwarded-For`` entry ``TRUSTED_PROXY_COUNT`` hops
    from the right. A header with fewer entries means the request did not come through every
    proxy (it reached an inner one directly), so none of it is believed: ``REMOTE_ADDR``."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    return _valid(hops[-proxies]) or remote
