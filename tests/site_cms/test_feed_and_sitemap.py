"""The RSS feed of a news section, sitemap.xml and robots.txt: valid XML, only live public
items, the lead alone (never the body), absolute addresses."""

import datetime
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from tests.factories.pages import make_news_index, make_news_page

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def news(db):
    index = make_news_index(introduction="Tin tức về các phong trào thi đua.")
    province = make_news_index(index, title="Tin Quảng Trị", slug="quang-tri")
    shown = make_news_page(
        index,
        title="Hội thi sáng kiến & cải tiến",
        lead="Ba mươi giải pháp được trao giải <đặc biệt>.",
        date=datetime.date(2026, 3, 1),
        author="Ban Tuyên giáo",
        tags=("sáng kiến",),
        body=[("paragraph", "<p>NỘI DUNG THÂN BÀI không vào bản tin.</p>")],
    )
    provincial = make_news_page(province, title="Tin của tỉnh", date=datetime.date(2026, 3, 5))
    draft = make_news_page(index, title="Bản nháp chưa đăng", publish=False)
    withdrawn = make_news_page(index, title="Tin đã gỡ xuống")
    withdrawn.unpublish()
    private = make_news_page(index, title="Tin chỉ cho người đăng nhập")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return {
        "index": index,
        "province": province,
        "shown": shown,
        "provincial": provincial,
        "hidden": [draft, withdrawn, private],
    }


def get_feed(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content)


# --- the feed --------------------------------------------------------------------------------


def test_feed_is_valid_rss_of_the_live_public_items(client, news):
    assert news["index"].url == "/tin-tuc/"

    rss = get_feed(client, "/tin-tuc/rss/")

    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel.findtext("title") == "Tin tức"
    assert channel.findtext("link") == "http://testserver/tin-tuc/"
    assert channel.findtext("description") == "Tin tức về các phong trào thi đua."
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Tin của tỉnh",
        "Hội thi sáng kiến & cải tiến",
    ]
    shown = items[1]
    assert shown.findtext("link") == f"http://testserver{news['shown'].url}"
    assert shown.findtext("description") == "Ba mươi giải pháp được trao giải <đặc biệt>."
    assert parsedate_to_datetime(shown.findtext("pubDate")).date() == datetime.date(2026, 3, 1)
    guid = shown.find("guid")
    assert guid.text.endswith(f"news/{news['shown'].pk}") and guid.get("isPermaLink") == "false"
    assert [category.text for category in shown.findall("category")] == ["sáng kiến"]
    assert len({item.findtext("guid") for item in items}) == 2


def test_feed_leaves_out_drafts_withdrawn_private_items_and_bodies(client, news):
    content = client.get("/tin-tuc/rss/").content.decode()

    for hidden in (
        "Bản nháp chưa đăng",
        "Tin đã gỡ xuống",
        "Tin chỉ cho người đăng nhập",
        "NỘI DUNG THÂN BÀI",
        "block-paragraph",
    ):
        assert hidden not in content


def test_feed_of_a_sub_section_holds_its_own_items(client, news):
    rss = get_feed(client, news["province"].url + "rss/")

    assert [item.findtext("title") for item in rss.iter("item")] == ["Tin của tỉnh"]


def test_feed_of_an_empty_section_is_valid(client, db):
    index = make_news_index()

    rss = get_feed(client, index.url + "rss/")

    assert rss.find("channel").findall("item") == []


def test_feed_costs_the_same_queries_for_1_and_50_items(client, db):
    index = make_news_index()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            get_feed(client, "/tin-tuc/rss/")
        return len(captured)

    make_news_page(index, tags=("thi đua",))
    one = queries()
    for _ in range(49):
        make_news_page(index, tags=("thi đua", "sáng kiến"))
    fifty = queries()

    assert one == fifty


# --- sitemap.xml -----------------------------------------------------------------------------


def test_sitemap_is_valid_xml_of_live_public_pages(client, news):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    # Absolute addresses on the site's own host name (set in the Wagtail site settings).
    base = Site.objects.get(is_default_site=True).root_url
    assert base.startswith("http")
    assert f"{base}/" in locations
    assert f"{base}/tin-tuc/" in locations
    assert f"{base}{news['shown'].url}" in locations
    assert f"{base}{news['provincial'].url}" in locations
    content = response.content.decode()
    for hidden in news["hidden"]:
        assert f"/{hidden.slug}/" not in content
    assert len(locations) == 5


# --- robots.txt ------------------------------------------------------------------------------


def test_robots_txt_allows_the_public_site_and_names_the_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Allow: /" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    disallowed = {line.split(": ", 1)[1] for line in lines if line.startswith("Disallow:")}
    assert {
        "/admin/",
        "/dang-nhap/",
        "/don-vi/",
        "/thi-dua/",
        "/sang-kien/",
        "/xet-duyet/",
        "/khen-thuong/",
        "/thanh-tich/",
    } <= disallowed
    # The public parts stay open to robots.
    for public in ("/tin-tuc/", "/ngan-hang-sang-kien/", "/phong-trao/", "/xac-minh/"):
        assert not any(public.startswith(prefix) for prefix in disallowed)
