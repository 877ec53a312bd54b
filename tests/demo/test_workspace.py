""" "Việc của tôi" on the demo: each demo role finds the work the demo left waiting for it (one
seed for every role: seeding is slow)."""

import pytest

from accounts.models import User
from demo.steps import seed_demo

SECTIONS = [
    "/tin-tuc/",
    "/phong-trao/",
    "/guong-dien-hinh/",
    "/bang-vang/",
    "/ngan-hang-sang-kien/",
    "/thong-ke/",
]
EXPECTED = {
    "doanvien@demo.congdoan.vn": ["Phiếu cần chấm", "Hồ sơ của tôi: bước tiếp theo"],
    "canbo.cdcs@demo.congdoan.vn": [
        "Hồ sơ cần tiếp nhận",
        "Quyết định sắp đến hạn hoặc quá hạn",
        "Phiếu cần chấm",
        "Đăng ký thi đua cần duyệt",
    ],
    "canbo.quangtri@demo.congdoan.vn": [
        "Hồ sơ cần tiếp nhận",
        "Quyết định sắp đến hạn hoặc quá hạn",
        "Đăng ký thi đua cần duyệt",
        "Báo cáo giao ước đến hạn",
        "Báo cáo giao ước cần chấm điểm",
    ],
    "canbo.tld@demo.congdoan.vn": [
        "Đợt xét cần mở hoặc kết thúc",
        "Giá trị làm lợi cần thẩm định",
        "Báo cáo giao ước cần chấm điểm",
    ],
    "xem.phutho@demo.congdoan.vn": ["Không có việc nào đang chờ bạn."],
}


@pytest.fixture
def demo(db, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    assert seed_demo() is True


def test_demo_workspace_lists_each_roles_waiting_work(demo, client):
    for email, headings in EXPECTED.items():
        client.force_login(User.objects.get(email=email))
        html = client.get("/viec-cua-toi/").content.decode()
        for heading in headings:
            assert heading in html, (email, heading)
    # The public menu of the header reaches the demo's six sections.
    client.logout()
    home = client.get("/").content.decode()
    header = home.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    for path in SECTIONS:
        assert f'href="{path}"' in header, path
