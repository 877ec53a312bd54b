import pytest

from tests.factories import RoleGrantFactory, UserFactory
from unions.enums import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_officer_journey_in_vietnamese(live_server, page, tree):
    officer = UserFactory(email="canbo@example.vn", last_name="Hoàng Văn", first_name="Thành")
    RoleGrantFactory(user=officer, unit=tree.province_a, role=Role.OFFICER)

    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("link", name="Đăng nhập").first.is_visible()

    page.get_by_role("link", name="Đăng nhập").first.click()
    page.get_by_label("E-mail hoặc số điện thoại").fill("canbo@example.vn")
    page.get_by_label("Mật khẩu").fill("mat-khau-123")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/viec-cua-toi/")
    # Sign-in lands on "Việc của tôi", the name in the header's account menu.
    assert page.locator("h1").inner_text() == "Việc của tôi"
    assert "Hoàng Văn Thành" in page.locator("header .account-name").inner_text()

    navigation = page.get_by_role("navigation", name="Điều hướng chính")
    navigation.locator("summary", has_text="Đơn vị & đoàn viên").click()
    navigation.get_by_role("link", name="Đơn vị", exact=True).click()
    page.get_by_role("link", name=tree.province_a.name).click()
    assert page.locator("h1").inner_text() == tree.province_a.name
    page.get_by_role("link", name=tree.district_a1.name).click()
    assert page.locator("h1").inner_text() == tree.district_a1.name
    assert page.get_by_role("heading", name="Lịch sử").is_visible()

    response = page.goto(f"{live_server.url}/don-vi/{tree.province_b.pk}/")
    assert response is not None and response.status == 404
    assert tree.province_b.name not in page.content()
