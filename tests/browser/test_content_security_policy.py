"""Under the Content-Security-Policy the product still works in a real browser and the browser
reports no violation: the Wagtail page editor, and the dossier form with its "add an author"
script (served from static/js/, not inline)."""

import pytest
from wagtail.models import Page

from site_cms.models import HomePage
from tests.factories import MembershipFactory, UserFactory
from tests.factories.pages import make_news_index

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Collected in the page itself: every violation fires this event, whatever the console says.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def _watch(page) -> list[str]:
    messages: list[str] = []
    page.add_init_script(COLLECT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            messages.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return messages


def _violations(page, console: list[str]) -> list[str]:
    return [*console, *page.evaluate("window.__cspViolations || []")]


def test_wagtail_page_editor_runs_without_violations(live_server, page, db):
    console = _watch(page)
    UserFactory(email="quantri@example.vn", is_superuser=True, is_staff=True)
    index = make_news_index(title="Tin tức", slug="tin-tuc")
    home = HomePage.objects.get()

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "quantri@example.vn")
    page.fill("#id_password", "mat-khau-123")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(live_server.url + "/admin/")
    assert _violations(page, console) == []

    for url in (
        f"/admin/pages/add/site_cms/newspage/{index.pk}/",
        f"/admin/pages/{home.pk}/edit/",
        f"/admin/pages/{Page.objects.get(pk=index.pk).pk}/",
    ):
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        assert _violations(page, console) == [], url
    # The editor's scripts ran: the title field is there and the side panels toggle.
    page.goto(f"{live_server.url}/admin/pages/add/site_cms/newspage/{index.pk}/")
    page.fill("#id_title", "Tin thử chính sách bảo mật nội dung")
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    assert page.locator("button[name='action-publish']").first.is_visible()
    assert _violations(page, console) == []


def test_dossier_form_adds_an_author_without_violations(live_server, page, tree):
    console = _watch(page)
    member = UserFactory(email="thanhvien@example.vn")
    MembershipFactory(user=member, unit=tree.grassroots_a1x)

    page.goto(live_server.url + "/dang-nhap/")
    page.fill("#id_username", "thanhvien@example.vn")
    page.fill("#id_password", "mat-khau-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/viec-cua-toi/")
    page.goto(live_server.url + "/sang-kien/moi/")
    rows_before = page.locator("#author-rows > *").count()

    page.locator("#add-author").click()

    assert page.locator("#author-rows > *").count() == rows_before + 1
    assert page.locator("#id_authors-TOTAL_FORMS").input_value() == str(rows_before + 1)
    assert _violations(page, console) == []
