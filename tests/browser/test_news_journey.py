"""A news item from draft to the public in a real browser: an editor signs in to the Wagtail
admin, writes the item in the news section and submits it for moderation; a moderator signs in
and approves it, which publishes it; an anonymous visitor finds it on the home page, in the
news section and in its RSS feed. Elements are found by ids and names, not by translated
text."""

import pytest

from site_cms.models import NewsPage
from site_cms.services import site_editor_join, site_groups_ensure
from tests.factories.movements import officer_of
from tests.factories.pages import make_news_index
from unions.enums import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Công nhân điện gió nhận bằng lao động sáng tạo"
LEAD = "Tổ kỹ thuật nhà máy điện gió được biểu dương vì sáng kiến bảo trì tua-bin an toàn hơn."


def sign_in_to_admin(page, live_server, email: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", "mat-khau-123")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(live_server.url + "/admin/")


def test_editor_writes_moderator_publishes_visitor_reads(live_server, page, tree):
    site_groups_ensure()
    index = make_news_index(title="Tin tức", slug="tin-tuc")
    editor = officer_of(tree.national, role=Role.EDITOR)
    site_editor_join(user=editor)
    moderator = officer_of(tree.national, role=Role.EDITOR)
    site_editor_join(user=moderator, moderator=True)

    # The editor writes the item and submits it for moderation.
    sign_in_to_admin(page, live_server, editor.email)
    assert page.locator("html").get_attribute("lang") == "vi"
    page.goto(f"{live_server.url}/admin/pages/add/site_cms/newspage/{index.pk}/")
    page.fill("#id_title", TITLE)
    page.fill("#id_lead", LEAD)
    page.fill("#id_author", "Ban Tuyên giáo")
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name='action-submit']").click()
    # Submitted, the editor is back in the section's page list.
    page.wait_for_url(f"**/admin/pages/{index.pk}/")
    item = NewsPage.objects.get(title=TITLE)
    assert not item.live
    assert item.current_workflow_state is not None
    assert item.current_workflow_state.requested_by == editor
    # The editor has no way to publish.
    assert page.locator("button[name='action-publish']").count() == 0

    # The moderator approves it from the edit page, which publishes it.
    sign_in_to_admin(page, live_server, moderator.email)
    page.goto(f"{live_server.url}/admin/pages/{item.pk}/edit/")
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[data-workflow-action-name='approve']").first.click()
    page.wait_for_load_state("networkidle")
    item.refresh_from_db()
    assert item.live

    # An anonymous visitor reads it on the home page, in the section and in the feed.
    page.context.clear_cookies()
    page.goto(live_server.url + "/")
    assert page.locator(f"a[href='{item.url}']").count() >= 1
    page.goto(live_server.url + "/tin-tuc/")
    page.locator(f"main a[href='{item.url}']").first.click()
    page.wait_for_url(f"**{item.url}")
    assert page.locator("h1").inner_text().strip() == TITLE
    feed = page.request.get(live_server.url + "/tin-tuc/rss/")
    assert feed.ok
    assert TITLE in feed.text()
    assert item.full_url in feed.text() or item.url in feed.text()
