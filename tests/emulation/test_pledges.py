"""Pledges of a block: drafting (indicators, signatories), the signing, the units' reports with
their reported and computed values and their evidence."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count

from accounts.errors import ApplicationError
from accounts.models import Notification
from emulation.enums import (
    IndicatorSourceKind,
    MovementStatus,
    PledgeStatus,
    ReportPeriod,
    ReportStatus,
)
from emulation.indicators import IndicatorFigure
from emulation.models import PledgeEvent, PledgeReport, ReportEvidence
from emulation.services.blocks import block_member_add
from emulation.services.pledges import (
    IndicatorValues,
    pledge_create,
    pledge_indicator_add,
    pledge_indicator_remove,
    pledge_signatory_set,
    pledge_transition,
)
from emulation.services.reports import (
    ReportedValue,
    pledge_report_open,
    pledge_report_save,
    pledge_report_submit,
    report_evidence_add,
)
from tests.factories import UserFactory, make_unit
from tests.factories.movements import make_movement, officer_of
from tests.factories.pledges import computed, indicator_source, make_block, make_pledge, reported
from unions.enums import Role
from unions.models import Membership
from unions.services import membership_start, unit_move

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SIGNED_ON = datetime.date(2026, 1, 15)


@pytest.fixture
def block(tree, officer):
    return make_block(
        tree.province_a,
        [tree.district_a1, tree.district_a2],
        chair=tree.district_a1,
        year=2026,
        actor=officer,
    )


def _sign(pledge, actor, signed_on=SIGNED_ON):
    return pledge_transition(pledge=pledge, action="sign", signed_on=signed_on, actor=actor)


# --- drafting ------------------------------------------------------------------------------


def test_pledge_create_by_the_managing_unit_or_the_chair_of_the_year(tree, block, officer):
    pledge = pledge_create(block=block, year=2026, title="Giao ước 2026", actor=officer)
    assert pledge.status == PledgeStatus.DRAFT
    assert PledgeEvent.objects.filter(pledge=pledge, action="create").exists()
    chair_officer = officer_of(tree.district_a1)
    with pytest.raises(ApplicationError):  # chairs 2026, not 2027
        pledge_create(block=block, year=2027, title="Giao ước 2027", actor=chair_officer)
    member_officer = officer_of(tree.district_a2)
    with pytest.raises(ApplicationError):
        pledge_create(block=block, year=2025, title="Giao ước 2025", actor=member_officer)


def test_pledge_create_the_chair_drafts_its_year(tree, officer):
    block = make_block(tree.province_a, [tree.district_a1, tree.district_a2], actor=officer)
    from emulation.services.blocks import block_leadership_set

    block_leadership_set(block=block, year=2026, chair=tree.district_a2, actor=officer)
    pledge = pledge_create(
        block=block, year=2026, title="Giao ước", actor=officer_of(tree.district_a2)
    )
    assert pledge.year == 2026


def test_pledge_create_refuses_a_second_pledge_for_the_year(block, officer):
    pledge_create(block=block, year=2026, title="Giao ước", actor=officer)
    with pytest.raises(ApplicationError) as error:
        pledge_create(block=block, year=2026, title="Lần hai", actor=officer)
    assert error.value.field == "year"


def test_pledge_create_checks_the_movement(tree, block, officer):
    running = make_movement(launching_unit=tree.national)
    pledge = pledge_create(
        block=block, year=2026, title="Giao ước", movement=running, actor=officer
    )
    assert pledge.movement == running
    other_year = make_movement(
        launching_unit=tree.national,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )
    elsewhere = make_movement(launching_unit=tree.province_b)
    closed = make_movement(launching_unit=tree.national, status=MovementStatus.CLOSED)
    for movement in (other_year, elsewhere, closed):
        with pytest.raises(ApplicationError) as error:
            pledge_create(
                block=block, year=2027, title="Giao ước", movement=movement, actor=officer
            )
        assert error.value.field == "movement"


def test_pledge_indicator_checks_its_values(block, officer):
    pledge = make_pledge(block, indicators=[], actor=officer)
    cases = [
        (reported(target="-1"), "target"),
        (reported(max_score="0"), "max_score"),
        (IndicatorValues("", "%", Decimal("1"), Decimal("1")), "name"),
        (IndicatorValues("Chỉ tiêu", " ", Decimal("1"), Decimal("1")), "unit_of_measure"),
        (computed("khong_co_nguon"), "computed_key"),
        (
            IndicatorValues(
                "Chỉ tiêu", "%", Decimal("1"), Decimal("1"), source=IndicatorSourceKind.COMPUTED
            ),
            "computed_key",
        ),
    ]
    for values, field in cases:
        with pytest.raises(ApplicationError) as error:
            pledge_indicator_add(pledge=pledge, values=values, actor=officer)
        assert error.value.field == field
    assert not pledge.indicators.exists()
    with indicator_source("test_count") as key:
        indicator = pledge_indicator_add(pledge=pledge, values=computed(key), actor=officer)
    assert indicator.is_computed and indicator.computed_key == key
    # A reported indicator never keeps a key.
    plain = pledge_indicator_add(
        pledge=pledge,
        values=IndicatorValues("Số lớp", "lớp", Decimal(3), Decimal(5), computed_key="x"),
        actor=officer,
    )
    assert plain.computed_key == "" and plain.position == 2


def test_pledge_signing_needs_a_date_indicators_and_every_member(tree, block, officer):
    pledge = make_pledge(block, indicators=[], actor=officer)
    with pytest.raises(ApplicationError):
        _sign(pledge, officer)  # no indicator
    pledge_indicator_add(pledge=pledge, values=reported(), actor=officer)
    with pytest.raises(ApplicationError):
        _sign(pledge, officer)  # no signatory
    pledge_signatory_set(pledge=pledge, unit=tree.district_a1, signer_name="A", actor=officer)
    with pytest.raises(ApplicationError) as error:
        _sign(pledge, officer)
    assert tree.district_a2.name in str(error.value)
    pledge_signatory_set(pledge=pledge, unit=tree.district_a2, signer_name="B", actor=officer)
    with pytest.raises(ApplicationError) as error:
        pledge_transition(pledge=pledge, action="sign", actor=officer)
    assert error.value.field == "signed_on"
    future = datetime.date.today() + datetime.timedelta(days=3)
    with pytest.raises(ApplicationError):
        _sign(pledge, officer, future)
    with pytest.raises(ApplicationError):
        _sign(pledge, officer, datetime.date(2024, 12, 1))  # two years before
    pledge = _sign(pledge, officer, datetime.date(2025, 12, 20))
    assert pledge.status == PledgeStatus.SIGNED
    assert pledge.signed_on == datetime.date(2025, 12, 20)


def test_pledge_signatory_must_be_a_current_member(tree, block, officer):
    pledge = make_pledge(block, actor=officer)
    with pytest.raises(ApplicationError) as error:
        pledge_signatory_set(
            pledge=pledge, unit=tree.grassroots_a1x, signer_name="C", actor=officer
        )
    assert error.value.field == "unit"
    with pytest.raises(ApplicationError) as error:
        pledge_signatory_set(pledge=pledge, unit=tree.district_a1, signer_name=" ", actor=officer)
    assert error.value.field == "signer_name"


def test_pledge_signed_is_fixed(tree, block, officer):
    pledge = make_pledge(block, signed=True, actor=officer)
    with pytest.raises(ApplicationError):
        pledge_indicator_add(pledge=pledge, values=reported("Mới"), actor=officer)
    with pytest.raises(ApplicationError):
        pledge_indicator_remove(indicator=pledge.indicators.first(), actor=officer)
    with pytest.raises(ApplicationError):
        _sign(pledge, officer)


def test_pledge_member_officer_cannot_edit_the_draft(tree, block, officer):
    pledge = make_pledge(block, actor=officer)
    member_officer = officer_of(tree.district_a2)
    with pytest.raises(ApplicationError):
        pledge_indicator_add(pledge=pledge, values=reported("Mới"), actor=member_officer)
    chair_officer = officer_of(tree.district_a1)
    pledge_indicator_add(pledge=pledge, values=reported("Của khối trưởng"), actor=chair_officer)


# --- reports -------------------------------------------------------------------------------


@pytest.fixture
def signed(block, officer):
    return make_pledge(block, signed=True, actor=officer)


def test_report_open_by_the_unit_and_only_once(tree, signed):
    unit_officer = officer_of(tree.district_a2)
    report = pledge_report_open(
        pledge=signed, unit=tree.district_a2, period=ReportPeriod.MID_YEAR, actor=unit_officer
    )
    assert report.status == ReportStatus.DRAFT
    assert report.values.count() == 2
    assert report.as_of == datetime.date(2026, 6, 30)
    again = pledge_report_open(
        pledge=signed, unit=tree.district_a2, period=ReportPeriod.MID_YEAR, actor=unit_officer
    )
    assert again.pk == report.pk


def test_report_open_refused_for_another_unit_a_non_signatory_or_a_draft(tree, block, signed):
    with pytest.raises(ApplicationError):
        pledge_report_open(
            pledge=signed,
            unit=tree.district_a2,
            period=ReportPeriod.MID_YEAR,
            actor=officer_of(tree.district_a1),
        )
    with pytest.raises(ApplicationError):
        pledge_report_open(
            pledge=signed,
            unit=tree.grassroots_a1x,
            period=ReportPeriod.MID_YEAR,
            actor=officer_of(tree.grassroots_a1x),
        )
    with pytest.raises(ApplicationError):
        pledge_report_open(
            pledge=signed,
            unit=tree.district_a2,
            period=ReportPeriod.MID_YEAR,
            actor=officer_of(tree.district_a2, Role.VIEWER),
        )
    draft = make_pledge(block, year=2025)
    with pytest.raises(ApplicationError):
        pledge_report_open(
            pledge=draft,
            unit=tree.district_a2,
            period=ReportPeriod.YEAR_END,
            actor=officer_of(tree.district_a2),
        )
    assert not PledgeReport.objects.exists()


def test_report_save_and_submit(tree, signed, django_capture_on_commit_callbacks):
    unit_officer = officer_of(tree.district_a2)
    chair_officer = officer_of(tree.district_a1)
    report = pledge_report_open(
        pledge=signed, unit=tree.district_a2, period=ReportPeriod.MID_YEAR, actor=unit_officer
    )
    first, second = signed.indicators.order_by("position")
    pledge_report_save(
        report=report,
        actor=unit_officer,
        as_of=datetime.date(2026, 6, 15),
        note="Tóm tắt",
        values=[ReportedValue(first.pk, Decimal("87.5"), "Đã ký số 875/1000 văn bản")],
    )
    with pytest.raises(ApplicationError) as error:
        pledge_report_submit(report=report, actor=unit_officer)
    assert second.name in str(error.value)
    pledge_report_save(
        report=report,
        actor=unit_officer,
        as_of=datetime.date(2026, 6, 15),
        values=[ReportedValue(second.pk, Decimal("0"))],
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = pledge_report_submit(report=report, actor=unit_officer)
    assert report.status == ReportStatus.SUBMITTED
    values = {row.indicator_id: row for row in report.values.all()}
    assert values[first.pk].reported_value == Decimal("87.50")
    assert values[first.pk].comment == "Đã ký số 875/1000 văn bản"
    assert values[second.pk].reported_value == Decimal("0")
    # The chair's officers hear of it.
    assert Notification.objects.filter(user=chair_officer).count() == 1
    with pytest.raises(ApplicationError):
        pledge_report_save(report=report, actor=unit_officer, as_of=datetime.date(2026, 6, 1))


def test_report_as_of_stays_in_the_period(tree, signed):
    unit_officer = officer_of(tree.district_a2)
    report = pledge_report_open(
        pledge=signed, unit=tree.district_a2, period=ReportPeriod.MID_YEAR, actor=unit_officer
    )
    for day in (datetime.date(2026, 7, 1), datetime.date(2025, 12, 31)):
        with pytest.raises(ApplicationError) as error:
            pledge_report_save(report=report, actor=unit_officer, as_of=day)
        assert error.value.field == "as_of"


def test_report_computed_value_cannot_be_typed(tree, block, officer):
    with indicator_source("test_typed") as key:
        pledge = make_pledge(block, indicators=[computed(key)], signed=True, actor=officer)
        unit_officer = officer_of(tree.district_a1)
        report = pledge_report_open(
            pledge=pledge, unit=tree.district_a1, period=ReportPeriod.MID_YEAR, actor=unit_officer
        )
        indicator = pledge.indicators.get()
        with pytest.raises(ApplicationError) as error:
            pledge_report_save(
                report=report,
                actor=unit_officer,
                as_of=report.as_of,
                values=[ReportedValue(indicator.pk, Decimal("99"))],
            )
        assert error.value.field == f"value_{indicator.pk}"


def _members_joined(window) -> IndicatorFigure:
    count = Membership.objects.filter(window.q(unit_field="unit", date_field="valid_from")).count()
    return IndicatorFigure(Decimal(count), f"{count} đoàn viên kết nạp mới")


def _join(unit, on):
    return membership_start(user=UserFactory(), unit=unit, valid_from=on)


def test_report_computed_value_counts_where_units_stood_during_the_year(tree, officer):
    """A grassroots union moves from district_a2 to district_a1 on 1 April: its members who
    joined before count for district_a2, those who joined after for district_a1."""
    moved = make_unit(tree.district_a2, name="Công đoàn cơ sở Trường Tiểu học Gio Việt")
    _join(tree.grassroots_a1x, datetime.date(2025, 12, 31))  # the year before
    _join(tree.grassroots_a1x, datetime.date(2026, 3, 1))  # district_a1
    _join(moved, datetime.date(2026, 2, 10))  # district_a2, before the move
    unit_move(unit=moved, new_parent=tree.district_a1, effective_date=datetime.date(2026, 4, 1))
    _join(moved, datetime.date(2026, 5, 5))  # district_a1, after the move
    _join(tree.grassroots_a1y, datetime.date(2026, 7, 10))  # after the report's date
    block = make_block(
        tree.province_a, [tree.district_a1, tree.district_a2], chair=tree.district_a1
    )
    with indicator_source("test_members_joined", _members_joined) as key:
        pledge = make_pledge(
            block, indicators=[computed(key, "Đoàn viên kết nạp mới")], signed=True, actor=officer
        )
        totals = {}
        for unit in (tree.district_a1, tree.district_a2):
            unit_officer = officer_of(unit)
            report = pledge_report_open(
                pledge=pledge,
                unit=unit,
                period=ReportPeriod.MID_YEAR,
                actor=unit_officer,
                as_of=datetime.date(2026, 6, 30),
            )
            report = pledge_report_submit(report=report, actor=unit_officer)
            row = report.values.get()
            totals[unit.code] = row.reported_value
            assert row.explanation.endswith("đoàn viên kết nạp mới")
    assert totals == {tree.district_a1.code: Decimal("2"), tree.district_a2.code: Decimal("1")}


def test_report_submit_refuses_a_date_still_to_come(tree, block, officer):
    today = datetime.date.today()
    year = today.year
    if today.month == 12 and today.day == 31:
        pytest.skip("no day left in the year")
    member = make_block(tree.province_b, [tree.district_b1], year=year)
    pledge = make_pledge(member, year=year, signed=True, signed_on=datetime.date(year, 1, 1))
    unit_officer = officer_of(tree.district_b1)
    report = pledge_report_open(
        pledge=pledge,
        unit=tree.district_b1,
        period=ReportPeriod.YEAR_END,
        actor=unit_officer,
        as_of=datetime.date(year, 12, 31),
    )
    rows = [ReportedValue(i.pk, Decimal(1)) for i in pledge.indicators.all()]
    pledge_report_save(report=report, actor=unit_officer, as_of=report.as_of, values=rows)
    with pytest.raises(ApplicationError) as error:
        pledge_report_submit(report=report, actor=unit_officer)
    assert error.value.field == "as_of"


def test_report_submit_names_a_missing_registry_figure(tree, block, officer):
    with indicator_source("test_vanishing") as key:
        pledge = make_pledge(block, indicators=[computed(key)], signed=True, actor=officer)
    unit_officer = officer_of(tree.district_a1)
    report = pledge_report_open(
        pledge=pledge, unit=tree.district_a1, period=ReportPeriod.MID_YEAR, actor=unit_officer
    )
    with pytest.raises(ApplicationError):
        pledge_report_submit(report=report, actor=unit_officer)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


# --- evidence ------------------------------------------------------------------------------


@pytest.fixture
def draft_report(tree, signed):
    return pledge_report_open(
        pledge=signed,
        unit=tree.district_a2,
        period=ReportPeriod.MID_YEAR,
        actor=officer_of(tree.district_a2),
    )


def test_evidence_add_checks_the_content_not_the_name(tree, draft_report, settings):
    actor = officer_of(tree.district_a2)
    with pytest.raises(ApplicationError) as error:
        report_evidence_add(
            report=draft_report,
            upload=SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf at all"),
            actor=actor,
        )
    assert error.value.field == "upload"
    settings.INITIATIVE_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ApplicationError) as error:
        report_evidence_add(
            report=draft_report, upload=SimpleUploadedFile("a.pdf", PDF), actor=actor
        )
    assert "MB" in str(error.value)
    settings.INITIATIVE_ATTACHMENT_MAX_BYTES = 1024 * 1024
    indicator = draft_report.pledge.indicators.first()
    evidence = report_evidence_add(
        report=draft_report,
        upload=SimpleUploadedFile("bien-ban", PDF),
        indicator=indicator,
        description="Biên bản kiểm tra",
        actor=actor,
    )
    assert evidence.content_type == "application/pdf"
    assert evidence.original_name == "bien-ban.pdf"
    assert evidence.size == len(PDF)
    assert ReportEvidence.objects.filter(report=draft_report).count() == 1


def test_evidence_add_refused_to_others(tree, draft_report):
    for actor in (officer_of(tree.district_a1), officer_of(tree.province_b)):
        with pytest.raises(ApplicationError):
            report_evidence_add(
                report=draft_report, upload=SimpleUploadedFile("a.pdf", PDF), actor=actor
            )


def test_block_member_joining_later_is_not_a_signatory(tree, block, signed, officer):
    block_member_add(
        block=block, unit=tree.grassroots_a1x, joined_on=datetime.date(2026, 3, 1), actor=officer
    )
    with pytest.raises(ApplicationError):
        pledge_report_open(
            pledge=signed,
            unit=tree.grassroots_a1x,
            period=ReportPeriod.MID_YEAR,
            actor=officer_of(tree.grassroots_a1x),
        )
    assert signed.signatory_rows.aggregate(n=Count("pk"))["n"] == 2
