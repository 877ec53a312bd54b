"""The public page cache: visitors who are not signed in get cached pages until a page is
published or the registry changes; signed-in people, other methods and private areas never."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from site_cms.caching import bump_site_version, normalised_query, site_version
from tests.factories import UserFactory, make_initiative
from tests.factories.pages import home_page, make_news_index, make_news_page


@pytest.fixture
def caching(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def fetch(client, url: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_second_visit_is_served_from_the_cache_without_queries(client, db, caching):
    first, _ = fetch(client, "/")
    second, queries = fetch(client, "/")
    assert first["X-Public-Cache"] == "miss"
    assert second["X-Public-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert queries == 0


def test_publishing_a_page_shows_at_once(client, db, caching):
    index = make_news_index()
    fetch(client, index.url)
    assert fetch(client, index.url)[0]["X-Public-Cache"] == "hit"

    item = make_news_page(index, title="Hội thi sáng kiến tỉnh Quảng Trị")

    response, _ = fetch(client, index.url)
    assert response["X-Public-Cache"] == "miss"
    assert item.title in response.content.decode()


def test_unpublishing_a_page_hides_it_at_once(client, db, caching):
    index = make_news_index()
    item = make_news_page(index, title="Tin sẽ được gỡ xuống")
    assert item.title in fetch(client, index.url)[0].content.decode()

    item.unpublish()

    assert item.title not in fetch(client, index.url)[0].content.decode()


def test_a_registry_change_starts_a_new_version(client, tree, caching):
    fetch(client, "/")
    before = site_version()

    make_initiative(unit=tree.grassroots_a1x, author=UserFactory())

    assert site_version() > before
    assert fetch(client, "/")[0]["X-Public-Cache"] == "miss"


def test_unrelated_writes_keep_the_cache(client, tree, caching):
    from accounts.models import Notification

    user = UserFactory()
    fetch(client, "/")
    before = site_version()
    Notification.objects.create(user=user, message="Có đăng ký chờ duyệt")
    assert site_version() == before


def test_certificate_checks_keep_the_cache(client, db, caching):
    from awards.models import VerificationRate
    from awards.services.verification import verification_record

    fetch(client, "/")
    before = site_version()
    VerificationRate.objects.create(
        client_hash="x" * 64, minute=timezone.now() - timedelta(hours=1)
    )
    verification_record(code="ZZZZ-ZZZZ-ZZZZ", client_address="198.51.100.7")  # deletes the old
    assert not VerificationRate.objects.filter(client_hash="x" * 64).exists()
    assert site_version() == before


def test_signed_in_people_are_never_served_from_the_cache(client, db, caching):
    fetch(client, "/")
    client.force_login(UserFactory())
    response, _ = fetch(client, "/")
    assert "X-Public-Cache" not in response
    assert response.context is not None  # rendered for them


def test_private_areas_and_other_methods_are_not_cached(client, db, caching):
    for url in ("/xac-minh/", "/dang-nhap/"):
        client.get(url)
        assert "X-Public-Cache" not in client.get(url)
    assert "X-Public-Cache" not in client.head("/dang-nhap/")
    assert "X-Public-Cache" not in client.post("/tim-kiem/", {"q": "x"})


def test_the_cache_keeps_languages_apart(client, db, caching):
    vietnamese = client.get("/").content
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/")
    assert english["X-Public-Cache"] == "miss"
    assert english.content != vietnamese


def test_no_cache_when_switched_off(client, db, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert "X-Public-Cache" not in client.get("/")


def test_bump_works_on_an_empty_cache(db, caching):
    cache.clear()
    bump_site_version()
    assert site_version() == 2
    assert home_page().live


# --- the key: only the parameters pages read, normalised and bounded ---------------------------


def _page_entries() -> set[str]:
    return {key for key in cache._cache if ":public-site:page:" in key}


def test_unknown_parameters_share_the_entry_of_the_bare_page(client, db, caching):
    assert fetch(client, "/")[0]["X-Public-Cache"] == "miss"
    junk = "&".join(f"utm_{number}=x{number}" for number in range(600))
    assert len(junk) > 5000
    for url in ["/?fbclid=abc", "/?utm_source=mail&utm_campaign=2026", f"/?{junk}"]:
        response, queries = fetch(client, url)
        assert response["X-Public-Cache"] == "hit", url
        assert queries == 0
    assert len(_page_entries()) == 1


def test_a_page_never_shows_a_parameter_its_key_does_not_hold(client, db, caching):
    first, _ = fetch(client, "/?evil=%3Cb%3Eplanted%3C%2Fb%3E&q=x")
    assert first["X-Public-Cache"] == "miss"
    assert "evil" not in first.content.decode() and "planted" not in first.content.decode()


def test_real_filters_make_their_own_entries(client, db, caching):
    urls = ["/tim-kiem/?q=sang+kien", "/tim-kiem/?q=lao+dong", "/tim-kiem/?q=lao+dong&page=2"]
    assert [fetch(client, url)[0]["X-Public-Cache"] for url in urls] == ["miss"] * 3
    assert len(_page_entries()) == 3
    # The same filters written another way: the same entries.
    same = ["/tim-kiem/?q=++sang%20%20kien+&x=1", "/tim-kiem/?page=02&q=lao+dong&q=lao+dong"]
    assert [fetch(client, url)[0]["X-Public-Cache"] for url in same] == ["hit"] * 2
    assert len(_page_entries()) == 3


def test_a_search_of_five_thousand_characters_is_cut_to_what_the_page_reads(client, db, caching):
    long = "a" * 5000
    first, _ = fetch(client, f"/tim-kiem/?q={long}")
    again, _ = fetch(client, f"/tim-kiem/?q={'a' * 200}")
    assert first["X-Public-Cache"] == "miss" and again["X-Public-Cache"] == "hit"
    (key,) = _page_entries()
    assert len(key) < 120


def test_normalised_query_keeps_the_read_parameters_sorted_and_trimmed():
    query = QueryDict(
        "utm=1&year=2026&page=007&q=+L%C3%A0o++%C4%91%E1%BB%99ng+&page=abc&movement=%C2%B2"
        "&tag=" + "t" * 300
    )
    assert normalised_query(query) == "q=L%C3%A0o+%C4%91%E1%BB%99ng&tag=" + "t" * 200 + "&year=2026"
    assert normalised_query(QueryDict("page=3&page=007")) == "page=7"
    assert normalised_query(QueryDict("x=1&y=2")) == ""
