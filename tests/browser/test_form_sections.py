"""Long forms in a real browser: the section list counts the fields each section needs as the
person types, at an office screen and at a phone, and the page never scrolls sideways.
Elements are found by ids and data attributes, not by translated text."""

import pytest

from tests.browser.test_initiative_journey import sign_in
from tests.factories import MembershipFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIZES = {"desktop": (1366, 768), "phone": (390, 844)}


def count_of(page, section: str) -> str:
    return page.locator(f"[data-progress-for='{section}'] [data-progress-count]").text_content()


def scrolls_sideways(page) -> bool:
    return page.evaluate("() => document.scrollingElement.scrollWidth > window.innerWidth")


@pytest.mark.parametrize("size", SIZES)
def test_dossier_sections_count_as_the_member_types(live_server, browser, tree, size):
    member = UserFactory(email="thanhvien@example.vn", last_name="Trần Thị", first_name="Bình")
    MembershipFactory(user=member, unit=tree.grassroots_a1x)
    width, height = SIZES[size]
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        sign_in(page, live_server, "thanhvien@example.vn")
        page.goto(live_server.url + "/sang-kien/moi/")
        nav = page.locator("#form-sections")
        # The server's counts: the union is filled in, the member is the first author.
        assert count_of(page, "unit") == "1/1"
        assert count_of(page, "authors") == "1/1"
        assert count_of(page, "initiative") == "0/4"
        assert page.locator("[data-progress-for='initiative'] [data-progress-done]").is_hidden()
        if size == "phone":
            # Folded above the form; opened, it lists the sections.
            assert not nav.evaluate("d => d.open")
            assert page.locator("[data-progress-for='initiative'] a").is_hidden()
            nav.locator("summary").click()
        assert page.locator("[data-progress-for='initiative'] a").is_visible()
        page.screenshot(path=f"/tmp/ui-shots/dossier-sections-{size}.png")

        page.fill("#id_title", "Đồ gá hàn nhanh")
        assert count_of(page, "initiative") == "1/4"
        page.select_option("#id_field", "mechanical")
        page.select_option("#id_kind", "technical")
        page.fill("#id_first_applied_on", "2020-03-01")
        assert count_of(page, "initiative") == "4/4"
        assert page.locator("[data-progress-for='initiative'] [data-progress-done]").is_visible()
        # The section being filled in is the current step.
        assert (
            page.locator("[data-progress-for='initiative'] a").get_attribute("aria-current")
            == "step"
        )
        page.fill("#id_title", "")
        assert count_of(page, "initiative") == "3/4"
        # Emptying the only author's account and name leaves no author.
        page.fill("#id_authors-0-member", "")
        page.fill("#id_authors-0-full_name", "")
        assert count_of(page, "authors") == "0/1"
        page.fill("#id_authors-0-full_name", "Trần Thị Bình")
        assert count_of(page, "authors") == "1/1"
        assert not scrolls_sideways(page)
        if size == "desktop":
            # Beside the form, and still on screen far down the form.
            page.locator("#section-benefit").scroll_into_view_if_needed()
            box = page.locator("#form-sections").bounding_box()
            assert box["y"] >= 0 and box["y"] < height
            assert box["x"] + box["width"] <= page.locator("#section-unit").bounding_box()["x"]
        page.screenshot(path=f"/tmp/ui-shots/dossier-sections-{size}-typed.png", full_page=False)
    finally:
        context.close()
