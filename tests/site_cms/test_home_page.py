"""The home page's registry parts: the latest news, the running movements with their live
figures, the latest awards, the search box, the blocks kept from before, nothing personal or
confidential, and constant queries whatever the number of news items, movements and awards."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from awards.enums import RoundStatus
from awards.services.honours import (
    certificate_revoke,
)
from emulation.enums import MovementStatus, RegistrationStatus
from emulation.rollup import figures_rebuild
from site_cms.models.home import LATEST_NEWS, running_movement_cards
from site_cms.selectors.honours import latest_awards
from site_cms.selectors.movements import movement_figures
from tests.factories.awards import accepted_dossier, make_round_in, member_of
from tests.factories.awards import issue_award as issue
from tests.factories.movements import make_movement, make_registration
from tests.factories.pages import home_page, make_movement_page, make_news_index, make_news_page
from unions.models import Membership

TODAY = timezone.localdate()
THIS_YEAR = TODAY.year
PHONE = "0987654321"
CARD = "CD-7777-0001"
SECRET = "Thông số bí mật của khuôn ép"


@pytest.fixture
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


def make_image(title: str = "Ảnh tin", colour: str = "red") -> Image:
    return Image.objects.create(
        title=title, file=get_test_image_file(f"{title[:6]}.png", colour, (320, 240))
    )


def home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response


def section(content: str, name: str) -> str:
    """The HTML of the home page's section ``name`` (news, movements, awards)."""
    return content.split(f'class="home-{name}"', 1)[1].split("</section>", 1)[0]


# --- the blocks kept, the search box ---------------------------------------------------------


def test_home_page_keeps_its_hero_and_audience_blocks_and_offers_a_search(client, db):
    page = home_page()

    content = home(client).content.decode()

    assert f"<h1>{page.title}</h1>" in content
    assert 'class="hero"' in content
    assert content.count('class="card"><h2>') == 3
    form = re.search(r'<form class="home-search"[^>]*>', content).group(0)
    assert 'method="get"' in form and 'action="/tim-kiem/"' in form
    assert '<label for="home-search-q">' in content
    assert 'id="home-search-q" name="q"' in content


def test_home_page_search_box_leads_to_the_site_search(client, db):
    make_news_page(title="Hội thi sáng kiến")

    response = client.get("/tim-kiem/", {"q": "hoi thi"})

    assert response.status_code == 200


# --- the news --------------------------------------------------------------------------------


def test_home_page_shows_the_five_newest_news_items(client, db):
    index = make_news_index()
    items = [
        make_news_page(index, title=f"Tin số {day}", date=datetime.date(2026, 2, day))
        for day in range(1, 8)
    ]
    items[-1].main_image = make_image()
    items[-1].save_revision().publish()
    make_news_page(index, title="Tin nháp", date=datetime.date(2026, 3, 1), publish=False)
    private = make_news_page(index, title="Tin nội bộ", date=datetime.date(2026, 3, 2))
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = home(client)

    shown = [item.title for item in response.context["latest_news"]]
    assert shown == [f"Tin số {day}" for day in range(7, 2, -1)]
    assert len(shown) == LATEST_NEWS
    news = section(response.content.decode(), "news")
    assert f'href="{items[-1].url}"' in news
    assert "07/02/2026" in news
    assert items[-1].lead in news
    assert news.count('class="news-thumb"') == 1
    assert "Tin nháp" not in news and "Tin nội bộ" not in news and "Tin số 2" not in news


def test_home_page_without_news_movements_or_awards_renders(client, db):
    response = home(client)

    assert response.context["latest_news"] == []
    assert response.context["movement_cards"] == []
    assert response.context["latest_awards"] == []


# --- the running movements -------------------------------------------------------------------


def test_home_page_shows_running_movements_with_live_figures_and_public_pages(client, tree):
    running = make_movement(launching_unit=tree.province_a, name="Lao động giỏi, sáng tạo")
    make_registration(movement=running, unit=tree.district_a1, status=RegistrationStatus.APPROVED)
    make_round_in(RoundStatus.CLOSED, tree.grassroots_a1x, dossiers=2)
    unpublished = make_movement(launching_unit=tree.national, name="Xanh – Sạch – Đẹp")
    make_movement_page(unpublished).unpublish()
    planned = make_movement(
        launching_unit=tree.national, name="Phong trào dự kiến", status=MovementStatus.PLANNED
    )
    closed = make_movement(
        launching_unit=tree.national, name="Phong trào đã kết thúc", status=MovementStatus.CLOSED
    )
    page = make_movement_page(running)
    figures_rebuild()

    response = home(client)

    cards = response.context["movement_cards"]
    assert {card.movement for card in cards} == {running, unpublished}
    by_movement = {card.movement: card for card in cards}
    assert by_movement[running].page == page
    assert by_movement[unpublished].page is None
    figures = movement_figures(running)
    assert by_movement[running].figures.initiatives_recognised == figures.initiatives_recognised
    assert figures.initiatives_recognised == 2
    assert by_movement[running].figures.units_taking_part == figures.units_taking_part == 1
    movements = section(response.content.decode(), "movements")
    assert f'<a href="{page.url}">Lao động giỏi, sáng tạo</a>' in movements
    assert "Xanh – Sạch – Đẹp" in movements
    assert planned.name not in movements and closed.name not in movements
    assert '<dd data-figure="initiatives_recognised">2</dd>' in movements


# --- the latest awards -----------------------------------------------------------------------


def test_latest_awards_are_issued_unrevoked_newest_first_without_personal_data(client, tree):
    person = member_of(tree.grassroots_a1x, first_name="Lan", last_name="Phạm Thị", phone=PHONE)
    Membership.objects.filter(user=person).update(card_number=CARD)
    bang_khen = issue(
        "bang-khen-tinh",
        tree.province_a,
        persons=[person],
        decided_on=TODAY - datetime.timedelta(days=3),
    )
    flag = issue("co-thi-dua-tinh", tree.province_a, units=[tree.grassroots_a1y])
    issue("bang-khen-tinh", tree.province_a, persons=[person], draft=True)
    revoked = issue("bang-khen-tinh", tree.province_a, persons=[member_of(tree.grassroots_a1y)])
    certificate_revoke(
        decision=revoked,
        actor=revoked.officer,
        revoked_on=TODAY,
        reason="Hồ sơ khen thưởng không đúng quy định.",
    )
    # A recognition round issues initiative certificates: they are not honours of the board.
    make_round_in(
        RoundStatus.CLOSED,
        tree.grassroots_a1x,
        dossiers=[accepted_dossier(tree.grassroots_a1x, confidential_info=SECRET)],
    )

    response = home(client)

    awards = response.context["latest_awards"]
    assert [award.decision_number for award in awards] == [flag.number, bang_khen.number]
    assert awards[0].recipient_name == tree.grassroots_a1y.name
    assert awards[0].unit == tree.grassroots_a1y
    assert awards[1].recipient_name == "Phạm Thị Lan"
    assert awards[1].unit == tree.grassroots_a1x
    assert awards[1].issuer == tree.province_a
    table = section(response.content.decode(), "awards")
    assert "Phạm Thị Lan" in table
    assert bang_khen.number in table
    assert bang_khen.decided_on.strftime("%d/%m/%Y") in table
    assert tree.grassroots_a1x.display_name in table
    assert '<th scope="col">' in table and 'scope="row"' in table
    content = response.content.decode()
    for private in (person.email, PHONE, CARD, SECRET):
        assert private not in content
    assert revoked.number not in content
    assert all(award.decision_number for award in awards)  # the draft has no number


def test_latest_awards_show_five(tree):
    for _ in range(7):
        issue("co-thi-dua-tinh", tree.province_a, units=[tree.grassroots_a1y])

    assert len(latest_awards()) == 5


# --- queries ---------------------------------------------------------------------------------


def test_home_page_costs_the_same_queries_for_1_and_50_items(client, tree, no_page_cache):
    index = make_news_index()
    make_news_page(index, main_image=make_image(), tags=("sáng kiến",))
    movement = make_movement(launching_unit=tree.province_a)
    make_movement_page(movement)
    issue("bang-khen-tinh", tree.province_a, persons=[member_of(tree.grassroots_a1x)])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            home(client)
        return len(queries)

    count()  # warm up: renditions made on the first showing
    once = count()
    for number in range(49):
        make_news_page(index, main_image=make_image(f"Ảnh {number}"), movements=[movement])
        unit = [tree.national, tree.province_b, tree.district_a1][number % 3]
        selected = tree.district_b1 if unit == tree.province_b else tree.grassroots_a1x
        other = make_movement(
            launching_unit=unit,
            whole_subtree=number % 2 == 0,
            participants=[] if number % 2 == 0 else [selected],
        )
        make_movement_page(other)
    issue(
        "bang-khen-tinh",
        tree.province_a,
        persons=[member_of(tree.grassroots_a1y) for _ in range(10)],
    )
    issue("co-thi-dua-tinh", tree.province_a, units=[tree.grassroots_a1y, tree.grassroots_a1x])
    count()

    assert len(running_movement_cards()) == 50
    assert count() == once
