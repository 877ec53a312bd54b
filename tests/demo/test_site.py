"""The demo public site ``seed_demo`` builds: the six sections under the home page answer, a
dozen news items with their blocks, a page per announced movement, three exemplary people with
achievements, the Quảng Trị federation's own news section, the demo editors and moderator in
their groups; a second run changes nothing."""

import pytest
from wagtail.models import Page

from accounts.models import User
from demo.accounts import DEMO_ACCOUNTS
from demo.site import (
    EDITOR_EMAIL,
    MODERATOR_EMAIL,
    PROVINCIAL_EDITOR_EMAIL,
    exemplary_candidates,
    seed_site,
)
from demo.steps import seed_demo
from emulation.enums import MovementStatus
from emulation.models import Movement
from site_cms.models import ExemplaryPersonPage, MovementPage, NewsIndexPage, NewsPage
from site_cms.services import EDITORS_GROUP, MODERATORS_GROUP, section_editors_group
from unions.enums import Role
from unions.models import RoleGrant

PATHS = [
    "/tin-tuc/",
    "/phong-trao/",
    "/guong-dien-hinh/",
    "/bang-vang/",
    "/ngan-hang-sang-kien/",
    "/thong-ke/",
]


def _state():
    return list(Page.objects.order_by("pk").values_list("pk", "latest_revision_id", "live")) + [
        tuple(User.objects.filter(groups__isnull=False).values_list("pk", "groups").order_by("pk"))
    ]


@pytest.fixture
def demo(db, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    assert seed_demo() is True


def test_demo_site_builds_its_pages_once(demo, client):
    for path in PATHS:
        response = client.get(path)
        assert response.status_code == 200, path
    # Every section is in the public menu of the header and in the footer.
    home = client.get("/").content.decode()
    header = home.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    footer = home.split('<footer class="site-footer">', 1)[1]
    for path in PATHS:
        assert f'href="{path}"' in header, path
        assert f'href="{path}"' in footer, path
    assert 'href="/xac-minh/"' in footer
    feed = client.get("/tin-tuc/rss/")
    assert feed.status_code == 200
    assert "Phát động thi đua năm 2026" in feed.content.decode()

    news = NewsPage.objects.live()
    assert news.count() >= 11
    assert len({item.date.month for item in news}) >= 8
    assert all(item.date.year == 2026 for item in news)
    assert all(item.tags.exists() for item in news)
    blocks = {block.block_type for item in news for block in item.body}
    assert {"paragraph", "quote", "live_figure", "call_to_action"} <= blocks
    assert all(item.movements.exists() for item in news)
    for item in news:
        assert item.title in client.get(item.url).content.decode()
    bank_cta = client.get("/tin-tuc/ngan-hang-sang-kien-cong-khai/").content.decode()
    assert 'href="/ngan-hang-sang-kien/"' in bank_cta

    assert set(MovementPage.objects.live().values_list("movement_id", flat=True)) == set(
        Movement.objects.values_list("pk", flat=True)
    )
    assert Movement.objects.filter(status=MovementStatus.PLANNED).exists()
    for page in MovementPage.objects.all():
        assert client.get(page.url).status_code == 200

    people = ExemplaryPersonPage.objects.live()
    assert people.count() == 3
    assert {page.person for page in people} == set(exemplary_candidates())
    for page in people:
        html = client.get(page.url).content.decode()
        assert page.person.get_full_name() in html
        assert page.person.phone not in html
        if page.person.email:
            assert page.person.email not in html

    # The Quảng Trị federation's own section, inside the news, with one item.
    section = NewsIndexPage.objects.get(unit__code="QTR")
    assert section.get_parent().url_path.endswith("/tin-tuc/")
    assert NewsPage.objects.child_of(section).live().count() == 1
    assert client.get(section.url).status_code == 200

    editor = User.objects.get(email=EDITOR_EMAIL)
    moderator = User.objects.get(email=MODERATOR_EMAIL)
    provincial = User.objects.get(email=PROVINCIAL_EDITOR_EMAIL)
    assert editor.groups.filter(name=EDITORS_GROUP).exists()
    assert moderator.groups.filter(name=MODERATORS_GROUP).exists()
    assert list(provincial.groups.all()) == [section_editors_group(section)]
    assert RoleGrant.objects.filter(user=moderator, role=Role.EDITOR, unit__code="TLD").exists()
    assert RoleGrant.objects.filter(user=provincial, role=Role.EDITOR, unit__code="QTR").exists()
    assert {MODERATOR_EMAIL, PROVINCIAL_EDITOR_EMAIL} <= {a.email for a in DEMO_ACCOUNTS}
    home = client.get("/").content.decode()
    assert home.count("/tin-tuc/") >= 1

    state = _state()
    assert seed_site() is False
    assert seed_demo() is False
    assert _state() == state
