"""Content-Security-Policy and Permissions-Policy on public, signed-in and Wagtail admin pages,
and no inline script in our templates (the policy would refuse it)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR)
PRODUCT_DIRS = ["accounts", "unions", "emulation", "initiatives", "awards", "site_cms", "imports"]


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _assert_strict(response):
    policy = _directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_public_page_has_a_strict_policy(client, db):
    response = client.get("/")
    assert response.status_code == 200
    _assert_strict(response)


def test_sign_in_page_has_a_strict_policy(client, db):
    _assert_strict(client.get(reverse("accounts:login")))


def test_signed_in_page_has_a_strict_policy(client, user):
    client.force_login(user)
    response = client.get(reverse("profile"))
    assert response.status_code == 200
    _assert_strict(response)


def test_wagtail_admin_has_the_policy_with_its_relaxations_only(client, db):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = _directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]


def test_policy_is_on_in_every_settings_module():
    for module in ("base", "dev", "test", "production"):
        text = (ROOT / "config" / "settings" / f"{module}.py").read_text()
        assert "CONTENT_SECURITY_POLICY = None" not in text
        assert "SecurityHeadersMiddleware" not in text or module == "base"
    assert "config.security_headers.SecurityHeadersMiddleware" in settings.MIDDLEWARE


def _our_templates() -> list[Path]:
    paths = list((ROOT / "templates").rglob("*.html"))
    for app in PRODUCT_DIRS:
        paths += (ROOT / app / "templates").rglob("*.html")
    return sorted(paths)


INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>"
)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)


@pytest.mark.parametrize("path", _our_templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_no_inline_script(path):
    text = path.read_text()
    assert not INLINE_SCRIPT.search(text), "move the script into a file under static/js/"
    assert not EVENT_HANDLER.search(text), "attach the handler from a file under static/js/"
    # PDFs are drawn by WeasyPrint on the server: the browser's policy does not apply to them.
    if "/pdf/" not in str(path):
        assert not STYLE_ATTRIBUTE.search(text), "use a class from static/css/app.css"


def test_the_scan_finds_an_inline_script_and_a_handler():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/x.js"></script>')
    assert EVENT_HANDLER.search('<button onclick="go()">')
    assert not EVENT_HANDLER.search('<a href="/" data-role="x">')
