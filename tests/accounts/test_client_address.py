"""The client's address, read through the configured number of trusted reverse proxies."""

import pytest
from django.test import RequestFactory

from accounts.client_address import client_address


def _request(remote="10.0.0.2", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_client_address_is_remote_addr_when_no_proxy_is_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request(forwarded="198.51.100.7")) == "10.0.0.2"
    assert client_address(_request()) == "10.0.0.2"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        # The client wrote a false entry in front: the proxy appended the real one.
        (1, "203.0.113.1, 198.51.100.7", "198.51.100.7"),
        # Two proxies: the second appended the first's address, the first the client's.
        (2, "203.0.113.1, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        (2, "198.51.100.7,10.0.0.1", "198.51.100.7"),
        # Fewer hops than proxies: it reached an inner proxy directly, nothing is believed.
        (3, "198.51.100.7, 10.0.0.1", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_is_counted_from_the_right_of_x_forwarded_for(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(_request(forwarded=forwarded)) == expected


@pytest.mark.parametrize("forwarded", [None, "", " , ", "not-an-address", "1.2.3.4, <script>"])
def test_client_address_falls_back_to_remote_addr_on_a_missing_or_bad_header(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(_request(forwarded=forwarded)) == "10.0.0.2"
