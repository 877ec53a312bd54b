"""News sections and news items: the page tree rules, the list (newest first, sub-sections,
pagination, tag and movement filters, drafts and private items left out, constant queries), the
news page itself and its link-preview (Open Graph) metadata."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageViewRestriction

from site_cms.models import HomePage, MovementPage, NewsIndexPage, NewsPage
from site_cms.models.news import NEWS_PER_PAGE
from tests.factories.movements import make_movement
from tests.factories.pages import (
    home_page,
    make_movement_page,
    make_news_index,
    make_news_page,
)


def make_image(title: str = "Ảnh hội thi sáng kiến", colour: str = "red") -> Image:
    return Image.objects.create(
        title=title, file=get_test_image_file(f"{title[:8]}.png", colour, (320, 240))
    )


def listed_titles(response) -> list[str]:
    return [item.title for item in response.context["news"].object_list]


@pytest.fixture
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


# --- page tree -------------------------------------------------------------------------------


def test_news_section_may_sit_under_the_home_page_or_another_section(db):
    assert set(NewsIndexPage.allowed_parent_page_models()) == {HomePage, NewsIndexPage}
    assert set(NewsIndexPage.allowed_subpage_models()) == {NewsPage, NewsIndexPage}
    home = home_page()
    assert NewsIndexPage.can_create_at(home)
    assert NewsIndexPage.can_create_at(make_news_index())


def test_news_item_lives_only_in_a_news_section(db):
    index = make_news_index()
    item = make_news_page(index)

    assert NewsPage.allowed_parent_page_models() == [NewsIndexPage]
    assert NewsPage.allowed_subpage_models() == []
    assert NewsPage.can_create_at(index)
    assert not NewsPage.can_create_at(home_page())
    assert not NewsPage.can_create_at(item)
    assert not NewsIndexPage.can_create_at(item)
    assert not NewsPage.can_create_at(Page.get_first_root_node())


# --- the list --------------------------------------------------------------------------------


def test_news_list_is_newest_first_by_date_then_publication(client, db):
    index = make_news_index()
    old = make_news_page(index, title="Tin cũ", date=datetime.date(2026, 1, 5))
    first_same_day = make_news_page(index, title="Tin sáng", date=datetime.date(2026, 3, 1))
    later_same_day = make_news_page(index, title="Tin chiều", date=datetime.date(2026, 3, 1))
    NewsPage.objects.filter(pk=first_same_day.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(hours=3)
    )
    newest = make_news_page(index, title="Tin mới", date=datetime.date(2026, 4, 2))

    response = client.get(index.url)

    assert response.status_code == 200
    assert listed_titles(response) == [
        newest.title,
        later_same_day.title,
        first_same_day.title,
        old.title,
    ]
    content = response.content.decode()
    assert "02/04/2026" in content
    assert newest.lead in content


def test_news_list_holds_the_items_of_its_sub_sections(client, tree):
    main = make_news_index()
    province = make_news_index(main, title="Tin Quảng Trị", unit=tree.province_a)
    own = make_news_page(main, title="Tin toàn quốc", date=datetime.date(2026, 3, 1))
    provincial = make_news_page(province, title="Tin tỉnh", date=datetime.date(2026, 3, 2))

    response = client.get(main.url)

    assert listed_titles(response) == [provincial.title, own.title]
    assert [section.pk for section in response.context["sub_sections"]] == [province.pk]
    assert f'href="{province.url}"' in response.content.decode()
    # The provincial section lists its own items only.
    assert listed_titles(client.get(province.url)) == [provincial.title]


def test_news_list_leaves_out_drafts_unpublished_and_private_items(client, db):
    index = make_news_index()
    shown = make_news_page(index, title="Tin đã đăng")
    make_news_page(index, title="Tin nháp", publish=False)
    withdrawn = make_news_page(index, title="Tin đã gỡ")
    withdrawn.unpublish()
    private = make_news_page(index, title="Tin nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get(index.url)

    assert listed_titles(response) == [shown.title]
    content = response.content.decode()
    for hidden in ("Tin nháp", "Tin đã gỡ", "Tin nội bộ"):
        assert hidden not in content


def test_news_list_is_paginated(client, db):
    index = make_news_index()
    for day in range(1, NEWS_PER_PAGE + 3):
        make_news_page(index, title=f"Tin ngày {day}", date=datetime.date(2026, 5, day))

    first = client.get(index.url)
    second = client.get(index.url, {"page": 2})

    assert listed_titles(first) == [f"Tin ngày {day}" for day in range(NEWS_PER_PAGE + 2, 2, -1)]
    assert listed_titles(second) == ["Tin ngày 2", "Tin ngày 1"]
    assert 'rel="next"' in first.content.decode()


@pytest.mark.parametrize("number", ["abc", "0", "-1", "999", "1.5", "²", "%00", ""])
def test_news_list_falls_back_on_bad_page_numbers(client, db, number):
    index = make_news_index()
    for day in range(1, NEWS_PER_PAGE + 3):
        make_news_page(index, date=datetime.date(2026, 5, day))

    response = client.get(index.url, {"page": number})

    assert response.status_code == 200
    assert len(response.context["news"].object_list) in {NEWS_PER_PAGE, 2}


def test_news_list_filters_by_tag(client, db):
    index = make_news_index()
    tagged = make_news_page(index, title="Hội thi sáng tạo", tags=("sáng kiến", "thi đua"))
    make_news_page(index, title="Tin khác", tags=("thi đua",))
    make_news_page(index, title="Tin không nhãn")

    response = client.get(index.url, {"tag": "sáng kiến"})

    assert listed_titles(response) == [tagged.title]
    assert [tag.name for tag in response.context["tags"]] == ["sáng kiến", "thi đua"]
    assert response.context["tag"] == "sáng kiến"
    assert listed_titles(client.get(index.url, {"tag": "không có"})) == []


def test_news_list_filters_by_movement_offering_only_linked_movements(client, tree):
    index = make_news_index()
    about = make_movement(launching_unit=tree.national, name="Lao động giỏi, lao động sáng tạo")
    other = make_movement(launching_unit=tree.national, name="Xanh - Sạch - Đẹp")
    unlinked = make_movement(launching_unit=tree.national, name="Phong trào chưa có tin")
    first = make_news_page(index, title="Tin phong trào A", movements=[about])
    make_news_page(index, title="Tin phong trào B", movements=[other])
    make_news_page(index, title="Tin chung")

    response = client.get(index.url, {"movement": about.pk})

    assert listed_titles(response) == [first.title]
    assert response.context["selected_movement"] == about
    assert {movement.pk for movement in response.context["movements"]} == {about.pk, other.pk}
    content = response.content.decode()
    assert f'<option value="{about.pk}" selected>' in content
    assert f'value="{unlinked.pk}"' not in content


@pytest.mark.parametrize("junk", ["abc", "-3", "99999", "1;drop", "٣", "9" * 40])
def test_news_list_ignores_junk_movement_filters(client, db, junk):
    index = make_news_index()
    make_news_page(index)

    response = client.get(index.url, {"movement": junk, "tag": "x" * 500, "page": "zz"})

    assert response.status_code == 200
    assert listed_titles(response) == []


def _news_list_queries(client, url) -> int:
    client.get(url)  # renditions are made on the first visit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_news_list_costs_the_same_queries_for_1_and_50_items(client, tree, no_page_cache):
    index = make_news_index()
    movement = make_movement(launching_unit=tree.national, name="Phong trào A")
    image = make_image()

    def add(number: int) -> None:
        make_news_page(
            index,
            title=f"Tin số {number}",
            tags=("thi đua", f"nhãn {number}"),
            movements=[movement],
            main_image=make_image(f"Ảnh {number}") if number % 2 else image,
        )

    add(0)
    one = _news_list_queries(client, index.url)
    for number in range(1, 50):
        add(number)
    assert NewsPage.objects.live().count() == 50
    fifty = _news_list_queries(client, index.url)
    second_page = _news_list_queries(client, index.url + "?page=5&tag=thi+đua")

    assert one == fifty == second_page


# --- the news page ---------------------------------------------------------------------------


def test_news_page_shows_its_content(client, tree):
    index = make_news_index()
    image = make_image("Đoàn viên nhận giấy khen")
    with_page = make_movement(launching_unit=tree.national, name="Phong trào có trang")
    page_of_movement = make_movement_page(with_page)
    without_page = make_movement(launching_unit=tree.national, name="Phong trào chưa có trang")
    item = make_news_page(
        index,
        title="Trao thưởng sáng kiến năm 2026",
        date=datetime.date(2026, 3, 8),
        author="Nguyễn Thị Hoa",
        lead="Hai mươi sáng kiến được công nhận tại hội nghị tổng kết.",
        main_image=image,
        main_image_caption="Lễ trao thưởng tại hội trường",
        tags=("khen thưởng",),
        movements=[with_page, without_page],
    )

    response = client.get(item.url)

    assert response.status_code == 200
    content = response.content.decode()
    assert f"<h1>{item.title}</h1>" in content
    assert "08/03/2026" in content
    assert "Nguyễn Thị Hoa" in content
    assert item.lead in content
    assert "Đoàn viên gửi nhiều giải pháp cải tiến kỹ thuật." in content
    assert 'alt="Lễ trao thưởng tại hội trường"' in content
    assert "<figcaption>Lễ trao thưởng tại hội trường</figcaption>" in content
    assert re.search(r'<img src="[^"]*max-1200x800[^"]*"', content)
    assert f'href="{index.url}?tag=kh%C3%A1c%20th%C6%B0%E1%BB%9Fng"' not in content
    assert f'href="{index.url}?tag=khen%20th%C6%B0%E1%BB%9Fng"' in content
    assert f'<a href="{page_of_movement.url}">Phong trào có trang</a>' in content
    assert "<li>Phong trào chưa có trang</li>" in content


def test_news_page_links_a_movement_page_only_when_it_is_live(client, tree):
    movement = make_movement(launching_unit=tree.national, name="Phong trào ẩn trang")
    movement_page = make_movement_page(movement)
    movement_page.unpublish()
    item = make_news_page(movements=[movement])

    content = client.get(item.url).content.decode()

    assert MovementPage.objects.filter(movement=movement).exists()
    assert "<li>Phong trào ẩn trang</li>" in content
    assert movement_page.url_path not in content


def test_news_page_without_image_or_tags_renders(client, db):
    item = make_news_page(body=[])

    response = client.get(item.url)

    assert response.status_code == 200
    assert "<figure" not in response.content.decode()


def test_news_page_suggests_more_news_of_its_section(client, db):
    index = make_news_index()
    older = make_news_page(index, title="Tin trước đó", date=datetime.date(2026, 1, 1))
    item = make_news_page(index, title="Tin đang đọc", date=datetime.date(2026, 2, 1))
    draft = make_news_page(index, title="Tin chưa đăng", publish=False)

    response = client.get(item.url)

    assert [page.pk for page in response.context["more_news"]] == [older.pk]
    assert draft.title not in response.content.decode()


def test_news_section_and_item_name_the_feed_in_their_head(client, db):
    index = make_news_index()
    item = make_news_page(index)
    link = (
        '<link rel="alternate" type="application/rss+xml" '
        f'title="{index.title} (RSS)" href="{index.url}rss/">'
    )

    assert link in client.get(index.url).content.decode()
    assert link in client.get(item.url).content.decode()


# --- Open Graph ------------------------------------------------------------------------------


def meta(content: str, name: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', content)
    return match.group(1) if match else None


def test_news_page_fills_the_open_graph_metadata(client, db):
    item = make_news_page(
        title="Hội thi tay nghề",
        lead="Công nhân thi tài & chia sẻ kinh nghiệm.",
        main_image=make_image("Hội thi"),
        main_image_caption="Thí sinh tại xưởng",
    )

    content = client.get(item.url).content.decode()

    assert meta(content, "og:title") == "Hội thi tay nghề"
    assert meta(content, "og:description") == "Công nhân thi tài &amp; chia sẻ kinh nghiệm."
    assert meta(content, "description") == "Công nhân thi tài &amp; chia sẻ kinh nghiệm."
    assert meta(content, "og:type") == "article"
    assert meta(content, "og:url") == f"http://testserver{item.url}"
    assert meta(content, "og:locale") == "vi_VN"
    assert meta(content, "og:site_name")
    image = meta(content, "og:image")
    assert image.startswith("http://testserver/") and "fill-1200x630" in image
    assert meta(content, "og:image:alt") == "Thí sinh tại xưởng"
    assert f'<link rel="canonical" href="http://testserver{item.url}">' in content


def test_other_pages_fill_open_graph_from_their_description(client, db):
    index = make_news_index(
        introduction="Tin tức phong trào thi đua.", search_description="Mô tả cho máy tìm kiếm"
    )
    bare = make_news_index(title="Mục không mô tả", slug="muc-khac")

    content = client.get(index.url + "?page=2").content.decode()
    bare_content = client.get(bare.url).content.decode()

    assert meta(content, "og:description") == "Mô tả cho máy tìm kiếm"
    assert meta(content, "og:type") == "website"
    assert meta(content, "og:url") == f"http://testserver{index.url}"
    assert meta(content, "og:image") is None
    assert meta(bare_content, "og:description") is None
    assert meta(bare_content, "og:title") == "Mục không mô tả"
