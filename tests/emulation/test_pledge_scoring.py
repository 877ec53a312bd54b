"""The chair's cross-check and scores, the block's ranking with its ties, closing the year and
proposing the leader for the emulation flag."""

import datetime
from decimal import Decimal

import pytest

from accounts.errors import ApplicationError
from awards.models import AwardDecision
from emulation.enums import IndicatorDirection, PledgeStatus, ReportPeriod, ReportStatus
from emulation.models import Pledge, PledgeIndicator
from emulation.selectors.pledges import (
    attainment,
    competition_ranks,
    pledge_ranking,
    suggested_score,
)
from emulation.services.pledges import (
    IndicatorScore,
    block_leadership_set,
    pledge_flag_propose,
    pledge_report_return,
    pledge_report_save,
    pledge_report_score,
    pledge_transition,
)
from tests.factories import make_unit
from tests.factories.movements import officer_of
from tests.factories.pledges import make_block, make_pledge, reported, score_report, submit_report
from unions.enums import Role

YEAR_END = datetime.date(2025, 12, 31)


@pytest.fixture
def units(tree):
    """Four districts under province_a, so ties can be made."""
    extra = [
        make_unit(tree.province_a, name="Liên đoàn Lao động huyện Cam Lộ"),
        make_unit(tree.province_a, name="Liên đoàn Lao động huyện Vĩnh Linh"),
    ]
    return [tree.district_a1, tree.district_a2, *extra]


@pytest.fixture
def pledge(tree, units, officer):
    block = make_block(tree.province_a, units, chair=tree.district_a1, year=2025, actor=officer)
    return make_pledge(
        block,
        year=2025,
        indicators=[
            reported("Tỷ lệ văn bản ký số", target="90", max_score="10"),
            reported(
                "Số vụ tai nạn lao động",
                target="0",
                max_score="20",
                unit_of_measure="vụ",
                direction=IndicatorDirection.LOWER,
            ),
        ],
        signed=True,
        signed_on=datetime.date(2025, 1, 15),
        actor=officer,
    )


def _scores(pledge, *values):
    indicators = list(pledge.indicators.order_by("position"))
    return [IndicatorScore(i.pk, Decimal(str(v))) for i, v in zip(indicators, values, strict=True)]


# --- scoring -------------------------------------------------------------------------------


def test_score_is_capped_at_the_indicator_maximum(tree, pledge, officer):
    report = submit_report(pledge, tree.district_a1, as_of=YEAR_END)
    first = pledge.indicators.order_by("position").first()
    with pytest.raises(ApplicationError) as error:
        pledge_report_score(report=report, actor=officer, scores=_scores(pledge, "10.01", "5"))
    assert error.value.field == f"score_{first.pk}"
    assert "10" in str(error.value)
    with pytest.raises(ApplicationError):
        pledge_report_score(report=report, actor=officer, scores=_scores(pledge, "-1", "5"))
    with pytest.raises(ApplicationError):
        pledge_report_score(report=report, actor=officer, scores=_scores(pledge, "5", "5")[:1])
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.values.filter(score__isnull=False).count() == 0
    report = pledge_report_score(report=report, actor=officer, scores=_scores(pledge, "10", "20"))
    assert report.status == ReportStatus.SCORED
    assert report.total_score == Decimal("30.00")
    # The checked value is the reported one unless the chair found otherwise.
    assert {row.checked_value for row in report.values.all()} == {Decimal("1.00")}


def test_score_keeps_the_checked_value_and_note(tree, pledge, officer):
    report = submit_report(
        pledge, tree.district_a1, as_of=YEAR_END, values={"Số vụ tai nạn lao động": 1}
    )
    indicator = pledge.indicators.get(name="Số vụ tai nạn lao động")
    lines = _scores(pledge, "8", "0")
    lines[1] = IndicatorScore(indicator.pk, Decimal("0"), Decimal("2"), "Có 2 vụ theo biên bản")
    report = pledge_report_score(report=report, actor=officer, scores=lines)
    row = report.values.get(indicator=indicator)
    assert (row.reported_value, row.checked_value, row.score_note) == (
        Decimal("1.00"),
        Decimal("2.00"),
        "Có 2 vụ theo biên bản",
    )


@pytest.mark.parametrize(
    ("position", "role", "allowed"),
    [
        ("district_a1", Role.OFFICER, True),  # chair of 2025
        ("province_a", Role.OFFICER, True),  # managing unit
        ("national", Role.OFFICER, True),  # above the managing unit
        ("district_a2", Role.OFFICER, False),  # another member
        ("province_a", Role.VIEWER, False),
        ("province_b", Role.OFFICER, False),  # other branch
    ],
)
def test_score_permission_matrix(tree, pledge, position, role, allowed):
    report = submit_report(pledge, tree.district_a2, as_of=YEAR_END)
    actor = officer_of(getattr(tree, position), role)
    if allowed:
        pledge_report_score(report=report, actor=actor, scores=_scores(pledge, 5, 5))
    else:
        with pytest.raises(ApplicationError):
            pledge_report_score(report=report, actor=actor, scores=_scores(pledge, 5, 5))


def test_score_the_chair_of_another_year_may_not(tree, units, pledge, officer):
    block_leadership_set(block=pledge.block, year=2026, chair=tree.district_a2, actor=officer)
    report = submit_report(pledge, tree.district_a1, as_of=YEAR_END)
    with pytest.raises(ApplicationError):
        pledge_report_score(
            report=report, actor=officer_of(tree.district_a2), scores=_scores(pledge, 5, 5)
        )


def test_score_refuses_a_draft_report(tree, pledge, officer):
    from emulation.services.pledges import pledge_report_open

    report = pledge_report_open(
        pledge=pledge,
        unit=tree.district_a1,
        period=ReportPeriod.YEAR_END,
        actor=officer,
        as_of=YEAR_END,
    )
    with pytest.raises(ApplicationError):
        pledge_report_score(report=report, actor=officer, scores=_scores(pledge, 5, 5))


def test_report_return_clears_the_scores_and_reopens_it(tree, pledge, officer):
    report = score_report(submit_report(pledge, tree.district_a1, as_of=YEAR_END), [5, 5])
    with pytest.raises(ApplicationError) as error:
        pledge_report_return(report=report, actor=officer, note=" ")
    assert error.value.field == "note"
    report = pledge_report_return(report=report, actor=officer, note="Thiếu biên bản")
    assert report.status == ReportStatus.DRAFT and report.total_score is None
    assert not report.values.filter(score__isnull=False).exists()
    unit_officer = officer_of(tree.district_a1)
    pledge_report_save(report=report, actor=unit_officer, as_of=YEAR_END, note="Bổ sung")


# --- attainment and the suggested score ----------------------------------------------------


def _indicator(target, direction=IndicatorDirection.HIGHER, max_score="10"):
    return PledgeIndicator(
        target=Decimal(target), direction=direction, max_score=Decimal(max_score)
    )


@pytest.mark.parametrize(
    ("target", "direction", "value", "percent", "score"),
    [
        ("90", IndicatorDirection.HIGHER, "45", "50.00", "5.00"),
        ("90", IndicatorDirection.HIGHER, "180", "200.00", "10.00"),  # capped at the maximum
        ("90", IndicatorDirection.HIGHER, "0", "0.00", "0.00"),
        ("0", IndicatorDirection.HIGHER, "3", "100", "10.00"),
        ("2", IndicatorDirection.LOWER, "1", "100", "10.00"),
        ("2", IndicatorDirection.LOWER, "4", "50.00", "5.00"),
        ("0", IndicatorDirection.LOWER, "0", "100", "10.00"),
        ("0", IndicatorDirection.LOWER, "5", "0.00", "0.00"),
    ],
)
def test_suggested_score_follows_attainment_and_direction(target, direction, value, percent, score):
    indicator = _indicator(target, direction)
    assert attainment(indicator, Decimal(value)) == Decimal(percent)
    assert suggested_score(indicator, Decimal(value)) == Decimal(score)
    assert suggested_score(indicator, None) is None


# --- ranking -------------------------------------------------------------------------------


def test_competition_ranks_share_and_skip():
    totals = [Decimal(v) for v in ("30", "30", "25", "25", "25", "10")]
    assert competition_ranks(totals) == [1, 1, 3, 3, 3, 6]
    assert competition_ranks([]) == []


def test_ranking_ties_share_a_rank_listed_by_name_and_unscored_last(tree, units, pledge):
    cam_lo, vinh_linh = units[2], units[3]
    score_report(submit_report(pledge, vinh_linh, as_of=YEAR_END), [10, 20])
    score_report(submit_report(pledge, cam_lo, as_of=YEAR_END), [10, 20])
    score_report(submit_report(pledge, tree.district_a2, as_of=YEAR_END), [9.5, 15])
    submit_report(pledge, tree.district_a1, as_of=YEAR_END)  # submitted, not scored
    rows = pledge_ranking(pledge)
    assert [(row.rank, row.unit.name, row.total) for row in rows] == [
        (1, cam_lo.name, Decimal("30.00")),
        (1, vinh_linh.name, Decimal("30.00")),
        (3, tree.district_a2.name, Decimal("24.50")),
        (None, tree.district_a1.name, None),
    ]
    assert pledge_ranking(pledge, ReportPeriod.MID_YEAR)[0].rank is None


def test_ranking_mid_year_is_kept_apart(tree, units, pledge):
    mid = submit_report(
        pledge, tree.district_a2, period=ReportPeriod.MID_YEAR, as_of=datetime.date(2025, 6, 30)
    )
    score_report(mid, [3, 3])
    assert pledge_ranking(pledge, ReportPeriod.MID_YEAR)[0].unit == tree.district_a2
    assert all(row.rank is None for row in pledge_ranking(pledge))


# --- closing the year and the flag ---------------------------------------------------------


def test_close_needs_every_submitted_year_end_scored(tree, units, pledge, officer):
    with pytest.raises(ApplicationError):
        pledge_transition(pledge=pledge, action="close", actor=officer)  # nothing scored
    score_report(submit_report(pledge, units[2], as_of=YEAR_END), [10, 20])
    waiting = submit_report(pledge, units[3], as_of=YEAR_END)
    with pytest.raises(ApplicationError):
        pledge_transition(pledge=pledge, action="close", actor=officer)
    score_report(waiting, [1, 1])
    member_officer = officer_of(tree.district_a2)
    with pytest.raises(ApplicationError):
        pledge_transition(pledge=pledge, action="close", actor=member_officer)
    chair_officer = officer_of(tree.district_a1)
    pledge = pledge_transition(pledge=pledge, action="close", actor=chair_officer)
    assert pledge.status == PledgeStatus.CLOSED and pledge.closed_at is not None
    # Closed: reports, scores and that year's chair are fixed.
    with pytest.raises(ApplicationError):
        score_report(waiting, [2, 2])
    with pytest.raises(ApplicationError):
        submit_report(pledge, tree.district_a2, as_of=YEAR_END)
    with pytest.raises(ApplicationError):
        block_leadership_set(block=pledge.block, year=2025, chair=tree.district_a2, actor=officer)


@pytest.fixture
def closed_tie(tree, units, pledge, officer):
    """Cam Lộ and Vĩnh Linh share the first place; the year is closed."""
    score_report(submit_report(pledge, units[3], as_of=YEAR_END), [10, 20])
    score_report(submit_report(pledge, units[2], as_of=YEAR_END), [10, 20])
    score_report(submit_report(pledge, tree.district_a2, as_of=YEAR_END), [5, 5])
    return pledge_transition(pledge=pledge, action="close", actor=officer)


def test_flag_propose_one_of_the_tied_leaders(tree, units, closed_tie):
    chair_officer = officer_of(tree.district_a1)
    with pytest.raises(ApplicationError) as error:
        pledge_flag_propose(pledge=closed_tie, unit=tree.district_a2, actor=chair_officer)
    assert error.value.field == "unit"
    decision = pledge_flag_propose(pledge=closed_tie, unit=units[3], actor=chair_officer)
    closed_tie.refresh_from_db()
    assert closed_tie.flag_unit == units[3] and closed_tie.flag_proposed_at is not None
    assert decision.source_pledge == closed_tie
    assert decision.issuer == tree.province_a
    assert [r.unit for r in decision.recipients.all()] == [units[3]]
    with pytest.raises(ApplicationError):
        pledge_flag_propose(pledge=closed_tie, unit=units[2], actor=chair_officer)
    assert AwardDecision.objects.filter(source_pledge=closed_tie).count() == 1


def test_flag_propose_refused_before_closing_and_to_a_member(tree, units, pledge, officer):
    score_report(submit_report(pledge, units[2], as_of=YEAR_END), [10, 20])
    with pytest.raises(ApplicationError):
        pledge_flag_propose(pledge=pledge, unit=units[2], actor=officer)
    pledge = pledge_transition(pledge=pledge, action="close", actor=officer)
    with pytest.raises(ApplicationError):
        pledge_flag_propose(pledge=pledge, unit=units[2], actor=officer_of(tree.district_a2))
    assert not AwardDecision.objects.exists()


def test_flag_propose_without_a_flag_for_the_managing_unit_changes_nothing(tree):
    """A district federation has no emulation flag in the catalogue."""
    officer = officer_of(tree.district_a1)
    block = make_block(
        tree.district_a1,
        [tree.grassroots_a1x, tree.grassroots_a1y],
        chair=tree.grassroots_a1x,
        year=2025,
        actor=officer,
    )
    pledge = make_pledge(
        block, year=2025, signed=True, signed_on=datetime.date(2025, 1, 20), actor=officer
    )
    score_report(submit_report(pledge, tree.grassroots_a1y, as_of=YEAR_END), [8, 8], actor=officer)
    pledge = pledge_transition(pledge=pledge, action="close", actor=officer)
    with pytest.raises(ApplicationError) as error:
        pledge_flag_propose(pledge=pledge, unit=tree.grassroots_a1y, actor=officer)
    assert tree.district_a1.name in str(error.value)
    pledge.refresh_from_db()
    assert pledge.flag_unit is None
    assert not AwardDecision.objects.exists()


# --- the permission matrix: who × pledge state ---------------------------------------------

ROLES = {
    "chair": ("district_a1", Role.OFFICER),
    "member": ("district_a2", Role.OFFICER),
    "managing": ("province_a", Role.OFFICER),
    "viewer": ("province_a", Role.VIEWER),
    "other_branch": ("province_b", Role.OFFICER),
}
# (action, state) → roles allowed
ALLOWED = {
    ("edit", PledgeStatus.DRAFT): {"chair", "managing"},
    ("report", PledgeStatus.SIGNED): {"member", "managing"},
    ("close", PledgeStatus.SIGNED): {"chair", "managing"},
}


def _in_state(pledge, state, officer, tree):
    if state == PledgeStatus.DRAFT:
        block_leadership_set(block=pledge.block, year=2026, chair=tree.district_a1, actor=officer)
        return make_pledge(pledge.block, year=2026, actor=officer)
    score_report(submit_report(pledge, tree.district_a1, as_of=YEAR_END), [5, 5], actor=officer)
    if state == PledgeStatus.CLOSED:
        pledge = pledge_transition(pledge=pledge, action="close", actor=officer)
    return pledge


def _attempt(action, pledge, actor, tree) -> bool:
    from emulation.services.pledges import pledge_indicator_add, pledge_report_open

    try:
        if action == "edit":
            pledge_indicator_add(pledge=pledge, values=reported("Chỉ tiêu mới"), actor=actor)
        elif action == "report":
            pledge_report_open(
                pledge=pledge, unit=tree.district_a2, period=ReportPeriod.MID_YEAR, actor=actor
            )
        else:
            pledge_transition(pledge=pledge, action="close", actor=actor)
    except ApplicationError:
        return False
    return True


@pytest.mark.parametrize("state", [PledgeStatus.DRAFT, PledgeStatus.SIGNED, PledgeStatus.CLOSED])
@pytest.mark.parametrize("role", list(ROLES))
def test_permission_matrix_by_role_and_state(tree, pledge, officer, role, state):
    position, grant = ROLES[role]
    actor = officer_of(getattr(tree, position), grant)
    pledge = _in_state(pledge, state, officer, tree)
    outcome = {
        action: _attempt(action, Pledge.objects.get(pk=pledge.pk), actor, tree)
        for action in ("edit", "report", "close")
    }
    expected = {action: role in ALLOWED.get((action, state), set()) for action in outcome}
    assert outcome == expected
