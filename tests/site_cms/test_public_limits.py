"""The public site must not stall (issue 14 §7): public searches are cached per normalised query
(diacritics, case, spacing and the order of the filters do not matter), a write to the registry
starts afresh, and on PostgreSQL a search running past the statement timeout answers a
Vietnamese page asking for a narrower search, with the search form, instead of an error. Also:
what the bank sorts and filters on is served by an index (EXPLAIN, PostgreSQL)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from site_cms.public_limits import search_key
from site_cms.selectors import bank as bank_selectors
from tests.factories import UserFactory, make_initiative
from tests.factories.pages import make_initiative_bank

SEARCH_URL = "/tim-kiem/"
BANK_PARAMETERS = ("q", "field", "kind", "province", "year", "level", "page")
NARROWER = "Hãy thu hẹp phạm vi tìm kiếm"

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statement timeouts and plans are PostgreSQL's"
)


@pytest.fixture
def bank(db):
    return make_initiative_bank()


@pytest.fixture
def search_cache(settings):
    settings.PUBLIC_SEARCH_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def recognised(unit, title: str):
    return make_initiative(unit, UserFactory(), InitiativeStatus.RECOGNISED, title=title)


def searched(queries) -> bool:
    """True when one of ``queries`` searched the dossiers' folded text."""
    return any("search_document" in query["sql"] for query in queries.captured_queries)


# --- the per-query cache -------------------------------------------------------------------


def test_search_key_ignores_diacritics_case_spacing_and_the_order_of_filters(db):
    first = QueryDict(mutable=True)
    first.update({"q": "  Tiết kiệm  điện ", "year": "2025", "level": "grassroots"})
    second = QueryDict(mutable=True)
    second.update({"level": "grassroots", "year": "2025", "q": "tiet KIEM dien"})

    assert search_key("bank", first, BANK_PARAMETERS) == search_key("bank", second, BANK_PARAMETERS)
    assert search_key("bank", first, BANK_PARAMETERS).startswith("public-search:bank:")
    other = QueryDict("q=tiet+kiem+nuoc&year=2025&level=grassroots")
    assert search_key("bank", other, BANK_PARAMETERS) != search_key("bank", second, BANK_PARAMETERS)


def test_search_key_leaves_out_parameters_the_page_does_not_read_and_is_bounded(db):
    junk = QueryDict(mutable=True)
    junk.update({"q": "điện " * 5000, "utm_source": "x" * 5000})

    key = search_key("bank", junk, BANK_PARAMETERS)

    assert len(key) < 200
    assert key == search_key("bank", QueryDict("q=" + "dien+" * 40), BANK_PARAMETERS)


def test_bank_search_answers_the_same_words_from_the_cache(client, tree, bank, search_cache):
    found = recognised(tree.grassroots_a1x, "Tiết kiệm điện ở xưởng may")
    recognised(tree.grassroots_a1y, "Cải tiến quy trình khám bệnh")

    first = client.get(bank.url, {"q": "Tiết kiệm  điện"})
    with CaptureQueriesContext(connection) as queries:
        again = client.get(bank.url, {"q": "tiet kiem dien"})

    assert [row["initiative"].pk for row in first.context["rows"]] == [found.pk]
    assert [row["initiative"].pk for row in again.context["rows"]] == [found.pk]
    assert "Tiết kiệm điện ở xưởng may" in again.content.decode()
    assert "1 sáng kiến" in again.content.decode()
    assert not searched(queries)


def test_bank_cache_starts_afresh_after_a_write(client, tree, bank, search_cache):
    recognised(tree.grassroots_a1x, "Tiết kiệm điện ở xưởng may")
    client.get(bank.url, {"q": "tiet kiem dien"})

    recognised(tree.grassroots_a1y, "Tiết kiệm điện ở bệnh viện")
    response = client.get(bank.url, {"q": "tiet kiem dien"})

    assert len(response.context["rows"]) == 2


def test_site_search_answers_the_same_words_from_the_cache(client, tree, bank, search_cache):
    found = recognised(tree.grassroots_a1x, "Tiết kiệm điện ở xưởng may")

    first = client.get(SEARCH_URL, {"q": "Tiết kiệm  điện"})
    with CaptureQueriesContext(connection) as queries:
        again = client.get(SEARCH_URL, {"q": "TIET kiem dien"})

    assert [initiative.pk for initiative, _url in first.context["initiatives"]] == [found.pk]
    assert [initiative.pk for initiative, _url in again.context["initiatives"]] == [found.pk]
    content = again.content.decode()
    assert "Sáng kiến đã được công nhận" in content
    assert f'href="{bank.url}{found.pk}/"' in content
    assert not searched(queries)


def test_site_search_finds_recognised_initiatives_through_their_search_text(client, tree, bank):
    found = recognised(tree.grassroots_a1x, "Tiết kiệm điện ở xưởng may")
    make_initiative(
        tree.grassroots_a1x, UserFactory(), InitiativeStatus.SUBMITTED, title="Tiết kiệm điện"
    )

    response = client.get(SEARCH_URL, {"q": "tiet kiem dien"})

    assert [initiative.pk for initiative, _url in response.context["initiatives"]] == [found.pk]
    assert "Xem tất cả sáng kiến tìm thấy trong ngân hàng sáng kiến" in response.content.decode()


# --- the statement timeout -----------------------------------------------------------------


def _sleeping(*args, **kwargs):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.2)")
    return []


@postgres_only
def test_bank_search_past_the_timeout_asks_for_a_narrower_search(
    client, tree, bank, settings, monkeypatch
):
    recognised(tree.grassroots_a1x, "Tiết kiệm điện ở xưởng may")
    settings.PUBLIC_STATEMENT_TIMEOUT_MS = 50
    monkeypatch.setattr("site_cms.models.bank.bank_years", _sleeping)

    response = client.get(bank.url, {"q": "tiet kiem dien"})

    assert response.status_code == 503
    content = response.content.decode()
    assert NARROWER in content
    assert "Hãy thêm một vài từ, chọn bộ lọc, hoặc thử lại sau một phút." in content
    assert f'action="{bank.url}"' in content
    assert 'value="tiet kiem dien"' in content
    # The connection is usable again, and the limit is gone.
    monkeypatch.undo()
    assert client.get(bank.url).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.1)")


@postgres_only
def test_site_search_past_the_timeout_asks_for_a_narrower_search(
    client, tree, bank, settings, monkeypatch
):
    settings.PUBLIC_STATEMENT_TIMEOUT_MS = 50
    monkeypatch.setattr(
        "site_cms.views.search_bank", lambda *args: _sleeping() or bank_selectors.search_bank(*args)
    )

    response = client.get(SEARCH_URL, {"q": "tiet kiem dien"})

    assert response.status_code == 503
    assert NARROWER in response.content.decode()
    assert 'action="/tim-kiem/"' in response.content.decode()


@postgres_only
def test_public_searches_run_under_the_timeout(client, tree, bank, settings, monkeypatch):
    settings.PUBLIC_STATEMENT_TIMEOUT_MS = 1500
    seen = []

    def record(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            seen.append(cursor.fetchone()[0])
        return []

    monkeypatch.setattr("site_cms.models.bank.bank_years", record)
    client.get(bank.url)

    assert seen == ["1500ms"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] != "1500ms"


def test_sqlite_has_no_timeout_and_answers_as_usual(client, tree, bank, settings):
    settings.PUBLIC_STATEMENT_TIMEOUT_MS = 1
    recognised(tree.grassroots_a1x, "Tiết kiệm điện ở xưởng may")

    response = client.get(bank.url, {"q": "tiet kiem dien"})

    if connection.vendor == "sqlite":
        assert response.status_code == 200
    else:  # 1 ms may or may not be enough on PostgreSQL: never an error
        assert response.status_code in (200, 503)


# --- PostgreSQL: the bank's queries are served by indexes ----------------------------------


def explain(queryset) -> str:
    """The plan of ``queryset`` with table scans and sorts made the planner's last resort.

    On a test database of a few rows every partial index of the bank costs about the same, so
    the planner may read any of them and sort. Sorting is what an index must spare at national
    scale: with sorts off, a Sort left in the plan means no index can give that order, and a
    Seq Scan means no index can serve the filter."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        for kind in ("seqscan", "sort"):
            cursor.execute(f"SET LOCAL enable_{kind} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def some_recognised(tree):
    for unit in (tree.grassroots_a1x, tree.grassroots_b1x):
        recognised(unit, "Tiết kiệm điện ở xưởng may")


@postgres_only
def test_bank_list_reads_the_bank_index(some_recognised):
    plan = explain(bank_selectors.recognised_initiatives()[:20])
    assert "initiative_bank_idx" in plan
    assert "Sort" not in plan


@postgres_only
def test_bank_filters_read_their_indexes(tree, some_recognised):
    initiatives = bank_selectors.recognised_initiatives()
    by_province = explain(bank_selectors.in_province(initiatives, tree.province_a)[:20])
    assert "initiative_bank_province_idx" in by_province
    assert "initiative_bank_level_idx" in explain(
        bank_selectors.at_level(initiatives, "grassroots")[:20]
    )
    assert "initiative_bank_idx" in explain(bank_selectors.in_year(initiatives, 2025)[:20])
    # The provinces of the bank read no table of dossiers; at national scale the planner
    # probes the province index once per level-2 unit (a few dozen), the probe below. On a
    # few test rows it may as well read the 2 rows of another partial index of the bank.
    assert "Seq Scan on initiatives_initiative" not in explain(bank_selectors.bank_provinces())
    probe = Initiative.objects.filter(
        status=InitiativeStatus.RECOGNISED, province=tree.province_a
    ).order_by()
    assert "initiative_bank_province_idx" in explain(probe.values("pk")[:1])
    assert "Seq Scan on initiatives_initiative" not in explain(
        initiatives.order_by().values("recognised_year").distinct()
    )


@postgres_only
def test_bank_search_reads_the_trigram_index(some_recognised):
    # The words alone: only the trigram index on the search text can serve them.
    plan = explain(bank_selectors.search_bank(Initiative.objects.order_by(), "tiet kiem"))
    assert "initiative_search_trgm" in plan
    # A word that also names a field ("dien": electrical) is or'ed with the bank's field index
    # (initiative_bank_field_idx): the whole search of the bank still scans no table.
    searched = bank_selectors.search_bank(
        bank_selectors.recognised_initiatives().order_by(), "tiet kiem dien"
    )
    assert "Seq Scan on initiatives_initiative" not in explain(searched)
