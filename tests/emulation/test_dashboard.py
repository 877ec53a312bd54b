"""The movement dashboard: figures per participating unit, pledge progress against targets,
computed figures of the scope unit, who may see what, the XLSX export and query counts."""

import datetime
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.spreadsheets import XLSX_CONTENT_TYPE
from emulation import indicators
from emulation.enums import IndicatorDirection, PledgeStatus, ReportPeriod, ReportStatus
from emulation.indicators import IndicatorFigure, IndicatorSource
from emulation.selectors.dashboard import (
    attainment,
    dashboard_year,
    movement_dashboard_figures,
)
from tests.factories import MembershipFactory, UserFactory, make_unit
from tests.factories.dashboard import make_pledge, make_report
from tests.factories.movements import make_movement, make_registration, officer_of
from unions.enums import Role
from unions.models import Membership, Unit
from unions.services import unit_move

YEAR = 2026
TODAY = datetime.date(2026, 11, 22)
SOURCE_KEY = "test_members_joined"


def _members_joined(window) -> IndicatorFigure:
    total = Membership.objects.filter(window.q(unit_field="unit", date_field="valid_from")).count()
    return IndicatorFigure(
        Decimal(total),
        f"{total} đoàn viên kết nạp từ {window.start:%d/%m/%Y} đến {window.end:%d/%m/%Y}.",
    )


@pytest.fixture(autouse=True)
def test_source(monkeypatch):
    """Only this test source is registered while a test runs; the registry is restored after."""
    source = IndicatorSource(
        key=SOURCE_KEY,
        label="Đoàn viên kết nạp mới",
        unit_of_measure="đoàn viên",
        description="Đoàn viên kết nạp trong kỳ.",
        compute=_members_joined,
    )
    monkeypatch.setattr(indicators, "SOURCES", {SOURCE_KEY: source})
    return source


def _member(unit: Unit, joined: datetime.date = datetime.date(2015, 1, 1)):
    return MembershipFactory(unit=unit, valid_from=joined).user


@pytest.fixture
def setup(tree):
    """A national movement for 2025–2026 with registrations and a provincial block's pledge.

    Quảng Trị (province_a): its registration approved; 2 of 3 people approved; mid-year and
    a scored year-end report. Phú Thọ (province_b): awaiting approval; 1 person not sent; a
    mid-year report and a year-end draft.
    """
    movement = make_movement(
        launching_unit=tree.national,
        name="Lao động giỏi, lao động sáng tạo",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    make_registration(movement=movement, year=YEAR, unit=tree.province_a, status="approved")
    make_registration(
        movement=movement, year=YEAR, unit=tree.province_b, status="awaiting_approval"
    )
    make_registration(movement=movement, year=2025, unit=tree.province_b, status="approved")
    for status in ["approved", "approved", "returned"]:
        person = _member(tree.grassroots_a1x)
        make_registration(movement=movement, year=YEAR, person=person, status=status)
    make_registration(movement=movement, year=YEAR, person=_member(tree.grassroots_b1x))
    pledge = make_pledge(
        managing_unit=tree.national,
        signatories=[tree.province_a, tree.province_b],
        movement=movement,
        block_name="Khối các LĐLĐ tỉnh miền Trung",
    )
    make_report(pledge=pledge, unit=tree.province_a, period="mid_year", values={0: 50, 1: 0, 2: 3})
    # 99 cross-checked to 95 of 90 (105.6%), 3 accidents of at most 2 (66.7%), 10 of 10.
    make_report(
        pledge=pledge,
        unit=tree.province_a,
        values={0: 99, 1: 3, 2: 10},
        checked={0: 95},
        status=ReportStatus.SCORED,
        scores={0: 40, 1: 10, 2: 30},
    )
    # 45 of 90 (50%), 1 accident (100%), 2 of 10 (20%)
    make_report(pledge=pledge, unit=tree.province_b, period="mid_year", values={0: 45, 1: 1, 2: 2})
    make_report(pledge=pledge, unit=tree.province_b, values={0: 90, 1: 0, 2: 10}, status="draft")
    # Not counted: a pledge of another movement, and a pledge still in draft.
    other = make_movement(launching_unit=tree.national)
    make_report(
        pledge=make_pledge(
            managing_unit=tree.national, signatories=[tree.province_a], movement=other
        ),
        unit=tree.province_a,
        values={0: 1, 1: 9, 2: 0},
    )
    make_pledge(
        managing_unit=tree.national,
        signatories=[tree.province_b],
        movement=movement,
        status=PledgeStatus.DRAFT,
    )
    return SimpleNamespace(tree=tree, movement=movement, pledge=pledge)


def _figures(setup, scope=None, year=YEAR, today=TODAY):
    return movement_dashboard_figures(
        movement=setup.movement, year=year, scope=scope or setup.tree.national, today=today
    )


# --- attainment and years ------------------------------------------------------------------


def test_attainment_respects_the_direction_of_the_indicator():
    higher, lower = IndicatorDirection.HIGHER, IndicatorDirection.LOWER
    assert attainment(Decimal(45), Decimal(90), higher) == Decimal("50.0")
    assert attainment(Decimal(95), Decimal(90), higher) == Decimal("105.6")
    assert attainment(Decimal(0), Decimal(0), higher) == Decimal(100)
    assert attainment(Decimal(-5), Decimal(10), higher) == 0
    assert attainment(Decimal(1), Decimal(2), lower) == Decimal(100)
    assert attainment(Decimal(2), Decimal(2), lower) == Decimal(100)
    assert attainment(Decimal(3), Decimal(2), lower) == Decimal("66.7")
    assert attainment(Decimal(1), Decimal(0), lower) == 0
    assert attainment(None, Decimal(2), lower) is None


def test_dashboard_year_is_a_year_of_the_period_or_none(db):
    movement = SimpleNamespace(
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        years=list(range(2020, 2026)),
    )
    assert dashboard_year(movement, "2023") == 2023
    assert dashboard_year(movement, "2019") is None
    assert dashboard_year(movement, "năm") is None
    assert dashboard_year(movement) == 2025  # the period is over: its last year


# --- figures -------------------------------------------------------------------------------


def test_rows_are_the_participating_units_beneath_the_scope_with_their_registrations(setup):
    tree = setup.tree
    figures = _figures(setup)
    assert [row.unit for row in figures.rows] == [tree.province_b, tree.province_a]
    phu_tho, quang_tri = figures.rows
    assert quang_tri.status == "approved" and phu_tho.status == "awaiting_approval"
    assert (quang_tri.personal_approved, quang_tri.personal_total) == (2, 3)
    assert (phu_tho.personal_approved, phu_tho.personal_total) == (0, 1)
    assert figures.status_counts == {
        "not_sent": 0,
        "awaiting_approval": 1,
        "approved": 1,
        "returned": 0,
    }
    assert figures.personal_counts == {
        "not_sent": 1,
        "awaiting_approval": 0,
        "approved": 2,
        "returned": 1,
    }
    assert (figures.personal_approved, figures.personal_total) == (2, 4)


def test_a_unit_without_a_registration_counts_as_not_sent(setup):
    figures = _figures(setup, year=2025)
    phu_tho, quang_tri = figures.rows
    assert quang_tri.status == "not_sent" and phu_tho.status == "approved"
    assert figures.personal_total == 0
    assert figures.progress == []  # the pledge is for 2026


def test_pledge_progress_uses_the_latest_submitted_report_and_the_checked_values(setup):
    tree = setup.tree
    figures = _figures(setup)
    assert figures.pledges == [setup.pledge]
    by_unit = {item.unit: item for item in figures.progress}
    assert set(by_unit) == {tree.province_a, tree.province_b}
    quang_tri = by_unit[tree.province_a]
    assert quang_tri.report.period == ReportPeriod.YEAR_END
    assert [p.value for p in quang_tri.indicators] == [Decimal(95), Decimal(3), Decimal(10)]
    assert [p.attainment for p in quang_tri.indicators] == [
        Decimal("105.6"),
        Decimal("66.7"),
        Decimal("100.0"),
    ]
    assert [p.met for p in quang_tri.indicators] == [True, False, True]
    # each indicator counts up to 100%: (100 + 66.7 + 100) / 3
    assert quang_tri.average_attainment == Decimal("88.9")
    assert (quang_tri.score, quang_tri.max_score) == (Decimal(80), Decimal(100))
    phu_tho = by_unit[tree.province_b]
    assert phu_tho.report.period == ReportPeriod.MID_YEAR  # the year-end draft is not read
    assert [p.attainment for p in phu_tho.indicators] == [
        Decimal("50.0"),
        Decimal("100"),
        Decimal("20.0"),
    ]
    assert phu_tho.average_attainment == Decimal("56.7")
    assert phu_tho.score is None
    assert figures.average_attainment == Decimal("72.8")
    rows = {row.unit: row for row in figures.rows}
    assert rows[tree.province_a].average_attainment == Decimal("88.9")
    assert rows[tree.province_a].latest_scored.score == Decimal(80)
    assert rows[tree.province_b].latest_scored is None


def test_a_signatory_without_a_submitted_report_shows_no_progress(setup):
    tree = setup.tree
    pledge = make_pledge(
        managing_unit=tree.national,
        signatories=[tree.province_a],
        movement=setup.movement,
        year=2025,
    )
    figures = _figures(setup, year=2025)
    assert figures.pledges == [pledge]
    (item,) = figures.progress
    assert item.report is None and item.indicators == [] and item.average_attainment is None
    assert figures.average_attainment is None


def test_scope_unit_sees_its_own_progress_and_units_beneath_it(setup):
    tree = setup.tree
    figures = _figures(setup, scope=tree.province_a)
    # by name: "huyện Gio Linh" before "thành phố Đông Hà"
    assert [row.unit for row in figures.rows] == [tree.district_a2, tree.district_a1]
    assert [row.personal_total for row in figures.rows] == [0, 3]
    assert [item.unit for item in figures.scope_progress] == [tree.province_a]
    assert figures.scope_attainment == Decimal("88.9")


def test_computed_figures_of_the_scope_follow_units_moved_during_the_year(setup):
    tree = setup.tree
    moved = make_unit(tree.district_b1, name="Công đoàn cơ sở Công ty Cao su", code="CSM")
    _member(moved, datetime.date(2026, 2, 1))  # under Phú Thọ then
    unit_move(unit=moved, new_parent=tree.district_a1, effective_date=datetime.date(2026, 7, 1))
    _member(Unit.objects.get(pk=moved.pk), datetime.date(2026, 9, 1))  # under Quảng Trị
    _member(tree.grassroots_a1x, datetime.date(2026, 12, 1))  # after "today"
    _member(tree.grassroots_a1x, datetime.date(2025, 12, 31))  # the year before
    quang_tri = _figures(setup, scope=Unit.objects.get(pk=tree.province_a.pk))
    (figure,) = quang_tri.computed
    assert figure.source.key == SOURCE_KEY
    assert figure.figure.value == 1
    assert figure.figure.explanation == "1 đoàn viên kết nạp từ 01/01/2026 đến 22/11/2026."
    assert (quang_tri.computed_start, quang_tri.computed_end) == (
        datetime.date(2026, 1, 1),
        TODAY,
    )
    phu_tho = _figures(setup, scope=Unit.objects.get(pk=tree.province_b.pk))
    assert phu_tho.computed[0].figure.value == 1
    whole_year = _figures(setup, today=datetime.date(2027, 3, 1))
    assert whole_year.computed[0].figure.value == 3
    assert whole_year.computed_end == datetime.date(2026, 12, 31)


def test_computed_figures_wait_for_the_year_to_begin(setup):
    figures = _figures(setup, today=datetime.date(2025, 6, 1))
    assert figures.computed == [] and figures.computed_end is None


def test_selected_participants_only(tree):
    movement = make_movement(
        launching_unit=tree.national, whole_subtree=False, participants=[tree.district_a1]
    )
    figures = movement_dashboard_figures(
        movement=movement, year=YEAR, scope=tree.national, today=TODAY
    )
    assert [row.unit for row in figures.rows] == [tree.province_a]
    figures = movement_dashboard_figures(
        movement=movement, year=YEAR, scope=tree.province_a, today=TODAY
    )
    assert [row.unit for row in figures.rows] == [tree.district_a1]


# --- the page ------------------------------------------------------------------------------


def _url(movement, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    url = reverse("movements:dashboard", args=[movement.pk])
    return f"{url}?{query}" if query else url


def _xlsx_url(movement, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    url = reverse("movements:dashboard_xlsx", args=[movement.pk])
    return f"{url}?{query}" if query else url


def test_page_shows_units_charts_pledges_and_computed_figures(client, setup):
    tree = setup.tree
    client.force_login(officer_of(tree.national, Role.VIEWER))
    response = client.get(_url(setup.movement, year=YEAR))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["scope"] == tree.national
    assert html.count('role="img"') == 3
    for chart in ["chart-registrations", "chart-attainment", "chart-personal"]:
        assert f'id="{chart}"' in html
    assert tree.province_a.name in html and tree.province_b.name in html
    assert "88,9%" in html and "56,7%" in html and "72,8%" in html
    assert "105,6%" in html and "66,7%" in html
    assert "Khối các LĐLĐ tỉnh miền Trung" in html
    assert "Đoàn viên kết nạp mới" in html
    assert f"?year={YEAR}&amp;unit={tree.province_a.pk}" in html
    assert _xlsx_url(setup.movement, year=YEAR, unit=tree.national.pk).replace("&", "&amp;") in html


def test_officer_of_a_province_starts_from_it_and_cannot_look_elsewhere(client, setup):
    tree = setup.tree
    client.force_login(officer_of(tree.province_a))
    response = client.get(_url(setup.movement))
    assert response.status_code == 200
    assert response.context["scope"] == tree.province_a
    assert [row.unit for row in response.context["dashboard"].rows] == [
        tree.district_a2,
        tree.district_a1,
    ]
    assert client.get(_url(setup.movement, unit=tree.district_a1.pk)).status_code == 200
    for outside in [tree.national, tree.province_b, tree.grassroots_b1x]:
        assert client.get(_url(setup.movement, unit=outside.pk)).status_code == 404
        assert client.get(_xlsx_url(setup.movement, unit=outside.pk)).status_code == 404
    assert client.get(_url(setup.movement, unit="abc")).status_code == 404


def test_dashboard_trail_goes_back_up_within_the_users_scope(client, setup):
    tree = setup.tree
    client.force_login(officer_of(tree.province_a, Role.VIEWER))
    response = client.get(_url(setup.movement, unit=tree.grassroots_a1x.pk))
    assert [crumb.unit for crumb in response.context["trail"]] == [
        tree.province_a,
        tree.district_a1,
    ]


def test_people_without_a_scope_in_the_movement_get_404(client, setup):
    tree = setup.tree
    member = _member(tree.grassroots_a1x)
    client.force_login(member)
    assert client.get(_url(setup.movement)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(_xlsx_url(setup.movement)).status_code == 404
    client.logout()
    assert client.get(_url(setup.movement)).status_code == 302


def test_a_unit_outside_the_movement_answers_404(client, tree):
    movement = make_movement(launching_unit=tree.province_a)
    client.force_login(officer_of(tree.national))
    assert client.get(_url(movement)).status_code == 200
    assert client.get(_url(movement, unit=tree.province_b.pk)).status_code == 404
    assert client.get(_url(movement, unit=tree.national.pk)).status_code == 404


def test_planned_movement_of_another_branch_answers_404(client, tree):
    movement = make_movement(launching_unit=tree.province_a, status="planned")
    client.force_login(officer_of(tree.province_b))
    assert client.get(_url(movement)).status_code == 404


def test_a_year_outside_the_period_is_refused_with_a_message(client, setup):
    client.force_login(officer_of(setup.tree.national, Role.VIEWER))
    for year in ["2031", "abc"]:
        response = client.get(_url(setup.movement, year=year))
        assert response.status_code == 200
        assert response.context["year_refused"]
        assert response.context["dashboard"].year == YEAR
        assert 'aria-invalid="true"' in response.content.decode()
    assert client.get(_xlsx_url(setup.movement, year="2031")).status_code == 404
    response = client.get(_url(setup.movement, year=2025))
    assert response.context["dashboard"].year == 2025 and not response.context["year_refused"]


def test_empty_dashboard_renders(client, tree):
    movement = make_movement(launching_unit=tree.national)
    client.force_login(officer_of(tree.grassroots_b1x, Role.VIEWER))
    response = client.get(_url(movement))
    assert response.status_code == 200
    assert response.context["dashboard"].rows == []
    assert response.content.decode().count('role="img"') == 3


# --- the workbook --------------------------------------------------------------------------


def test_xlsx_has_the_tables_of_the_page_with_numbers_as_numbers(client, setup):
    tree = setup.tree
    client.force_login(officer_of(tree.national, Role.VIEWER))
    response = client.get(_xlsx_url(setup.movement, year=YEAR))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"bang-dieu-khien-phong-trao-{setup.movement.pk}-{YEAR}-tld.xlsx" in disposition
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Đơn vị", "Đăng ký", "Giao ước", "Số liệu tính toán"]
    units = list(book["Đơn vị"].iter_rows(values_only=True))
    assert len(units[0]) == 11 and all(units[0])
    assert units[1][:2] == (tree.province_b.name, "PTO")
    assert units[2][:2] == (tree.province_a.name, "QTR")
    # registered; not sent, awaiting, approved, returned; attainment; score of maximum
    assert units[2][3:] == (3, 0, 0, 2, 1, 88.9, 80, 100)
    assert units[1][3:] == (1, 1, 0, 0, 0, 56.7, None, None)
    registrations = list(book["Đăng ký"].iter_rows(values_only=True))
    assert [row[1:] for row in registrations[1:]] == [(0, 1), (1, 0), (1, 2), (0, 1)]
    pledges = list(book["Giao ước"].iter_rows(values_only=True))
    assert len(pledges) == 1 + 6  # three indicators for each of the two provinces
    quang_tri = [row for row in pledges[1:] if row[2] == tree.province_a.name]
    assert [row[7:] for row in quang_tri] == [
        (90, 95, 105.6, 40, 40),
        (2, 3, 66.7, 30, 10),
        (10, 10, 100, 30, 30),
    ]
    computed = list(book["Số liệu tính toán"].iter_rows(values_only=True))
    assert computed[1][0] == "Đoàn viên kết nạp mới"
    assert isinstance(computed[1][1], int | float)
    assert computed[1][3] == datetime.datetime(2026, 1, 1)


# --- query counts --------------------------------------------------------------------------


def _populate(units: int):
    """A national federation with ``units`` provinces, each registered and approved, with a
    member's registration, all signing one pledge and each with a submitted report."""
    national = make_unit(name="Tổng Liên đoàn")
    movement = make_movement(launching_unit=national)
    provinces = []
    for _ in range(units):
        province = make_unit(national)
        grassroots = make_unit(make_unit(province))
        make_registration(movement=movement, year=YEAR, unit=province, status="approved")
        make_registration(movement=movement, year=YEAR, person=_member(grassroots))
        provinces.append(province)
    pledge = make_pledge(managing_unit=national, signatories=provinces, movement=movement)
    for index, province in enumerate(provinces):
        make_report(
            pledge=pledge,
            unit=province,
            values={0: 80 + index, 1: 1, 2: 5},
            status=ReportStatus.SCORED,
            scores={0: 30, 1: 30, 2: 15},
        )
    return movement, officer_of(national, Role.VIEWER)


def _queries(client, movement, viewer, url) -> int:
    client.force_login(viewer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(movement, year=YEAR))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [_url, _xlsx_url], ids=["page", "xlsx"])
def test_dashboard_queries_do_not_grow_with_the_units(client, db, url):
    one = _queries(client, *_populate(1), url)
    many = _queries(client, *_populate(30), url)
    assert many == one
    assert one <= 25


def test_xlsx_writes_a_hostile_unit_name_as_text(client, setup):
    tree = setup.tree
    hostile = "@SUM(1+1)*cmd|' /C calc'!A0"
    Unit.objects.filter(pk=tree.province_a.pk).update(name=hostile)
    client.force_login(officer_of(tree.national, Role.VIEWER))
    book = load_workbook(BytesIO(client.get(_xlsx_url(setup.movement, year=YEAR)).content))
    cells = [row[0] for row in book["Đơn vị"].iter_rows(min_row=2)]
    assert "'" + hostile in [cell.value for cell in cells]
    assert all(cell.data_type == "s" for cell in cells)
