"""The QR code and the printed lookup address of a certificate name the address the site is
served at when a request made it, and SITE_URL otherwise."""

from awards.certificates import short_verification_url, verification_url
from awards.models import Certificate


def test_verification_url_uses_the_served_address(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    certificate = Certificate(token="a" * 32, short_code="ABCD-EFGH-IJKL")
    assert verification_url(certificate, "http://127.0.0.1:8123/") == (
        "http://127.0.0.1:8123/xac-minh/" + "a" * 32 + "/"
    )
    assert short_verification_url("http://127.0.0.1:8123/") == "http://127.0.0.1:8123/xac-minh/"
    assert verification_url(certificate).startswith("http://127.0.0.1:8000/xac-minh/")
