"""Browser tests drive Debian's chromium (never a downloaded browser) through Playwright."""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _share_serialized_contents() -> None:
    """Once Playwright's event loop runs in this thread, Django hands out new connection
    objects (connections are per async context), and those lack the database contents that
    ``serialized_rollback`` restores after each flush: without them the second browser test
    would find no Wagtail site. Keep the contents on the connection class, seen by all."""
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents


@pytest.fixture(scope="session")
def browser(django_db_setup):
    # Playwright's sync API keeps an event loop in this thread; Django's ORM calls made by the
    # test itself are still synchronous, which is what this flag acknowledges.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    _share_serialized_contents()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


def menu_link(page, href: str):
    """The header's link to ``href``, its dropdown (a ``<details>`` of the main navigation)
    opened first, and on a narrow screen the menu button pressed before that."""
    button = page.locator("header .menu-button")
    if button.is_visible() and not page.locator("details[data-site-menu]").evaluate("d => d.open"):
        button.click()
    group = page.locator(f".main-nav details[data-nav-group]:has(a[href='{href}'])")
    if group.count() and not group.first.evaluate("d => d.open"):
        group.first.locator("summary").click()
    return page.locator(f".main-nav a[href='{href}']").first
