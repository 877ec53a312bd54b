"""The site search at /tim-kiem/: live public pages whose title, description or (news) lead
holds every word, ignoring diacritics; paginated; constant queries; and the search box of the
site header."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import PageViewRestriction

from site_cms.models import NewsIndexPage, NewsPage
from site_cms.views import PAGE_SIZE
from tests.factories.pages import make_news_index, make_news_page

URL = "/tim-kiem/"


def found(client, query: str, **params) -> list[str]:
    response = client.get(URL, {"q": query, **params})
    assert response.status_code == 200
    return [result["page"].title for result in response.context["results"]]


@pytest.mark.parametrize(
    "query",
    ["sang kien", "SÁNG KIẾN", "Sáng kiến", "sang", "kien sang", "lao dong", "Lao Động", "dong"],
)
def test_search_ignores_diacritics_and_case(client, db, query):
    index = make_news_index(title="Mục tin")
    make_news_page(index, title="Sáng kiến của người lao động", lead="Tin ngắn.")
    make_news_page(index, title="Hội nghị tổng kết", lead="Không liên quan.")

    assert found(client, query) == ["Sáng kiến của người lao động"]


def test_search_matches_d_for_đ_both_ways(client, db):
    make_news_page(title="Đoàn viên Đà Nẵng", lead="Tin ngắn.")

    assert found(client, "doan vien da nang") == ["Đoàn viên Đà Nẵng"]
    assert found(client, "đa") == ["Đoàn viên Đà Nẵng"]


def test_search_reads_titles_descriptions_and_news_leads(client, db):
    index = make_news_index(
        title="Tin tức", search_description="Bản tin phong trào thi đua yêu nước"
    )
    by_lead = make_news_page(
        index, title="Hội thi tay nghề", lead="Công nhân ngành dệt may tranh tài."
    )
    make_news_page(index, title="Tin khác", lead="Không có từ cần tìm.")

    assert found(client, "det may") == [by_lead.title]
    assert found(client, "yeu nuoc") == [index.title]
    # One word in the title, another in the lead.
    assert found(client, "tay nghe det") == [by_lead.title]


def test_search_leaves_out_drafts_private_pages_and_the_home_page(client, db):
    index = make_news_index(title="Mục tin sáng kiến")
    shown = make_news_page(index, title="Sáng kiến đã đăng")
    make_news_page(index, title="Sáng kiến bản nháp", publish=False)
    withdrawn = make_news_page(index, title="Sáng kiến đã gỡ")
    withdrawn.unpublish()
    private = make_news_page(index, title="Sáng kiến nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    assert sorted(found(client, "sang kien")) == sorted([shown.title, index.title])
    assert found(client, "trang chu") == []


def test_search_results_show_the_type_of_page_and_the_lead(client, db):
    index = make_news_index(title="Tin sáng kiến", introduction="Các tin về sáng kiến.")
    item = make_news_page(index, title="Sáng kiến tiết kiệm điện", lead="Giảm 20% điện năng.")

    with translation.override("en"):
        response = client.get(URL, {"q": "sang kien", "LANGUAGE_CODE": "en"})

    results = {result["page"].pk: result for result in response.context["results"]}
    assert results[item.pk]["kind"] == NewsPage._meta.verbose_name
    assert results[item.pk]["summary"] == "Giảm 20% điện năng."
    assert results[index.pk]["kind"] == NewsIndexPage._meta.verbose_name
    assert results[index.pk]["summary"] == "Các tin về sáng kiến."
    content = response.content.decode()
    assert f'<a href="{item.url}">Sáng kiến tiết kiệm điện</a>' in content
    assert "Giảm 20% điện năng." in content
    assert str(NewsPage._meta.verbose_name).capitalize() in content


def test_search_is_paginated(client, db):
    index = make_news_index(title="Mục lưu trữ")
    for number in range(PAGE_SIZE + 5):
        make_news_page(index, title=f"Sáng kiến số {number}")

    first = client.get(URL, {"q": "sang kien"})
    second = client.get(URL, {"q": "sang kien", "page": 2})

    assert first.context["page"].paginator.count == PAGE_SIZE + 5
    assert len(first.context["results"]) == PAGE_SIZE
    assert len(second.context["results"]) == 5
    assert "q=sang%20kien&amp;page=2" in first.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "sang kien", "page": "abc"},
        {"q": "sang kien", "page": "-4"},
        {"q": "sang kien", "page": "99999"},
        {"q": "%%%"},
        {"q": "'; DROP TABLE wagtailcore_page; --"},
        {"q": "<script>alert(1)</script>"},
        {"q": "a" * 5000},
        {"q": ""},
        {"q": "   "},
        {"page": "2"},
    ],
)
def test_search_survives_junk(client, db, params):
    make_news_page(title="Sáng kiến")

    response = client.get(URL, params)

    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


def test_search_costs_the_same_queries_for_1_and_50_results(client, db):
    index = make_news_index(title="Mục tin")

    def queries() -> int:
        client.get(URL, {"q": "sang kien"})
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"q": "sang kien"})
        assert response.status_code == 200
        return len(captured)

    make_news_page(index, title="Sáng kiến 0")
    one = queries()
    for number in range(1, 50):
        make_news_page(index, title=f"Sáng kiến {number}")
    fifty = queries()

    assert one == fifty


# --- the header ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", URL, "/dang-nhap/"])
def test_every_page_has_a_labelled_search_box_in_its_header(client, db, path):
    content = client.get(path).content.decode()

    header = content.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    form = re.search(
        r'<form class="site-search" [^>]*role="search"[^>]*>(.*?)</form>', header, re.S
    )
    assert form is not None
    assert 'action="/tim-kiem/"' in header
    assert '<label for="site-search-header"' in form.group(1)
    assert 'id="site-search-header" name="q"' in form.group(1)
    # The navigation and the account links are still there.
    assert 'class="main-nav"' in header
    assert 'class="account"' in header
