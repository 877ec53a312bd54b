"""The header, the public menu and "Việc của tôi" in a real browser, at an office screen
(1366×768) and on a phone (390×844), for a member, a grassroots officer, a provincial officer, a
council member, an editor and a visitor signed out:

- the header is one row at most 80 px tall on the office screen, and collapses behind a menu
  button to at most 64 px on the phone (the menu opens without JavaScript: a ``<details>``);
- no page of their journeys scrolls sideways;
- the public menu reaches every section of the site;
- "Việc của tôi" lists what waits for each of them.

Screenshots go to ``var/screenshots/navigation/``."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from awards.enums import RoundStatus
from emulation.enums import RegistrationStatus
from initiatives.enums import InitiativeStatus
from tests.factories import RoleGrantFactory, make_initiative, unit_officer
from tests.factories.accounts import UserFactory
from tests.factories.awards import make_round_in, member_of
from tests.factories.movements import make_movement, make_registration, officer_of
from tests.factories.pages import (
    make_honour_board,
    make_initiative_bank,
    make_movement_index,
    make_news_index,
    make_people_index,
    make_statistics_page,
)
from unions.enums import Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
HEADER_LIMIT = {"desktop": 80, "phone": 64}
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "navigation"
SECTIONS = [
    "/tin-tuc/",
    "/phong-trao/",
    "/guong-dien-hinh/",
    "/bang-vang/",
    "/ngan-hang-sang-kien/",
    "/thong-ke/",
]


def build_world(tree) -> SimpleNamespace:
    """The public sections (shown in menus) and one person of each role with work waiting."""
    make_news_index(show_in_menus=True)
    make_movement_index(show_in_menus=True)
    make_people_index(show_in_menus=True)
    make_honour_board(show_in_menus=True)
    make_initiative_bank(show_in_menus=True)
    make_statistics_page(show_in_menus=True)

    unit = tree.grassroots_a1x
    member = member_of(unit)
    draft = make_initiative(unit, member, title="Máy cắt vải tự động cho xưởng may số 2")
    grassroots_officer = unit_officer(unit)
    submitted = make_initiative(
        unit,
        member_of(unit),
        InitiativeStatus.SUBMITTED,
        title="Băng chuyền tiết kiệm điện cho dây chuyền đóng gói",
    )
    scoring = make_round_in(RoundStatus.SCORING, unit, submitted=False, officer=grassroots_officer)
    council_member = scoring.members[0].user

    provincial_officer = officer_of(tree.province_a)
    movement = make_movement(launching_unit=tree.national, name="Lao động giỏi, lao động sáng tạo")
    registration = make_registration(
        movement=movement,
        year=2026,
        unit=tree.district_a1,
        status=RegistrationStatus.AWAITING_APPROVAL,
    )
    editor = UserFactory()
    RoleGrantFactory(user=editor, unit=tree.national, role=Role.EDITOR)
    return SimpleNamespace(
        member=member,
        grassroots_officer=grassroots_officer,
        council_member=council_member,
        provincial_officer=provincial_officer,
        editor=editor,
        # What "Việc của tôi" links to for each of them, and the pages of their journeys.
        work={
            "member": [f"/sang-kien/{draft.pk}/sua/"],
            "grassroots_officer": [f"/sang-kien/{submitted.pk}/"],
            "council_member": [f"/xet-duyet/ho-so/{scoring.entry.pk}/cham-diem/"],
            "provincial_officer": [f"/thi-dua/dang-ky/{registration.pk}/"],
        },
        journeys={
            "member": ["/sang-kien/cua-toi/", "/sang-kien/moi/", f"/sang-kien/{draft.pk}/"],
            "grassroots_officer": [
                "/sang-kien/hop-thu/",
                f"/sang-kien/{submitted.pk}/",
                f"/xet-duyet/{scoring.round.pk}/",
            ],
            "council_member": [
                "/xet-duyet/cua-toi/",
                f"/xet-duyet/ho-so/{scoring.entry.pk}/cham-diem/",
            ],
            "provincial_officer": [
                "/sang-kien/hop-thu/",
                "/xet-duyet/",
                "/thi-dua/dang-ky/cho-duyet/",
                f"/thi-dua/dang-ky/{registration.pk}/",
                "/don-vi/",
            ],
            "editor": ["/", "/tin-tuc/"],
            "visitor": ["/", *SECTIONS, "/xac-minh/"],
        },
    )


def sign_in(page, live_server, email: str, landing: str = "**/viec-cua-toi/") -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/dang-nhap/")
    page.fill("#id_username", email)
    page.fill("#id_password", "mat-khau-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(landing)


def header_height(page) -> float:
    return page.locator("header.site-header").evaluate("h => h.getBoundingClientRect().height")


def scrolls_sideways(page) -> bool:
    return page.evaluate("() => document.scrollingElement.scrollWidth > window.innerWidth")


def check_pages(page, live_server, paths, size: str, role: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for number, path in enumerate(paths):
        page.goto(live_server.url + path)
        page.screenshot(path=str(SHOTS / f"{size}-{role}-{number}.png"), full_page=False)
        assert not scrolls_sideways(page), (role, size, path)
        assert header_height(page) <= HEADER_LIMIT[size], (role, size, path, header_height(page))


def check_public_menu(page, live_server, size: str) -> None:
    """Every section is reached through the header's menu (opened on the phone)."""
    for path in SECTIONS:
        page.goto(live_server.url + "/")
        if size == "phone":
            assert page.locator(".main-nav").is_hidden()
            page.locator("header .menu-button").click()
        group = page.locator(".main-nav details[data-nav-group]:has(a[href='" + path + "'])")
        if group.count():
            group.first.locator("summary").click()
        page.locator(f".main-nav a[href='{path}']").first.click()
        page.wait_for_url(f"**{path}")
        assert page.locator("h1").first.is_visible()


@pytest.mark.parametrize("size", list(SIZES))
def test_header_menu_and_work_for_every_role(live_server, browser, tree, size):
    world = build_world(tree)
    width, height = SIZES[size]
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        # The visitor: the public menu, and pages that fit.
        check_pages(page, live_server, world.journeys["visitor"], size, "visitor")
        check_public_menu(page, live_server, size)

        for role in ("member", "grassroots_officer", "council_member", "provincial_officer"):
            person = getattr(world, role)
            sign_in(page, live_server, person.email)
            # "Việc của tôi" is where sign-in lands, and it links to the waiting work.
            for href in world.work[role]:
                assert page.locator(f"main a[href='{href}']").count() == 1, (role, href)
            check_pages(page, live_server, ["/viec-cua-toi/", *world.journeys[role]], size, role)
            if size == "phone":
                # Collapsed: the menu button opens the areas.
                page.goto(live_server.url + "/viec-cua-toi/")
                assert page.locator(".main-nav").is_hidden()
                page.locator("header .menu-button").click()
                assert page.locator(".main-nav").is_visible()
                assert not scrolls_sideways(page)
                page.screenshot(path=str(SHOTS / f"{size}-{role}-menu.png"))
            else:
                # One dropdown open at a time.
                groups = page.locator(".main-nav details[data-nav-group] > summary")
                if groups.count() > 1:
                    groups.nth(0).click()
                    groups.nth(1).click()
                    assert page.locator(".main-nav details[data-nav-group][open]").count() == 1
                    page.screenshot(path=str(SHOTS / f"{size}-{role}-menu.png"))

        # The editor lands in the Wagtail admin; the site's header still fits.
        sign_in(page, live_server, world.editor.email, landing="**/admin/")
        check_pages(page, live_server, world.journeys["editor"], size, "editor")
    finally:
        context.close()


def test_language_applies_on_change(live_server, page, tree):
    build_world(tree)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.locator(".account select[name=language]").select_option("en")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
