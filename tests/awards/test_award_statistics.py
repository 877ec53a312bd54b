"""The "awards" section of the registry figures (awards by type and year, certificates issued and
revoked, verified benefit) for the whole registry, a subtree and a year; and the selectors of
the public lists: the honour board and the award counts per unit. Constant queries."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awards.enums import BenefitStatus, RoundStatus
from awards.models import AwardDecision
from awards.selectors.honours import honour_board
from awards.services.benefits import benefit_claim, benefit_verify
from awards.services.honours import (
    certificate_revoke,
)
from awards.statistics import award_figures
from emulation.rollup import figures_rebuild
from emulation.statistics import FIGURE_SECTIONS, registry_figures
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from tests.factories import UserFactory, make_initiative, unit_officer
from tests.factories.awards import issue_award as issue
from tests.factories.awards import make_round_in, member_of
from unions.statistics import FigureScope

TODAY = timezone.localdate()
Y = TODAY.year
LAST_YEAR_DAY = datetime.date(Y - 1, 9, 2)


def revoke(decision, certificate=None):
    certificate_revoke(
        decision=decision,
        actor=decision.officer,
        revoked_on=TODAY,
        reason="Thành tích không đúng.",
        certificate=certificate,
    )


def benefit(initiative, year, claimed, verifier, status=None, verified_vnd=None):
    record = benefit_claim(
        initiative=initiative, year=year, claimed_vnd=claimed, actor=initiative.created_by
    )
    if status is not None:
        benefit_verify(
            record=record,
            actor=verifier,
            status=status,
            method="Đối chiếu chứng từ.",
            verified_on=TODAY,
            verified_vnd=verified_vnd,
        )
    return record


def recognised(unit) -> Initiative:
    initiative = make_initiative(unit, member_of(unit), InitiativeStatus.RECOGNISED)
    Initiative.objects.filter(pk=initiative.pk).update(first_applied_on=datetime.date(Y - 2, 5, 1))
    return Initiative.objects.select_related("unit").get(pk=initiative.pk)


@pytest.fixture
def awards(tree):
    """Across the tree:

    - grassroots_a1x: a Giấy khen to two members this year (one certificate revoked), and the
      initiative certificate of a closed round (one author);
    - province_a: a Bằng khen this year to a member of a1x for an initiative of a1y, and one
      last year, revoked as a whole; a draft Bằng khen (not counted);
    - province_b: a Cờ thi đua this year to grassroots_b1x;
    - national: a Bằng khen to a person without membership;
    - verified benefit 30M + adjusted 45M at a1x (years Y-2, Y-1), rejected and unverified
      claims there too, and 10M verified at b1x (year Y-1).
    """
    first, second = member_of(tree.grassroots_a1x), member_of(tree.grassroots_a1x)
    giay_khen = issue("giay-khen-co-so", tree.grassroots_a1x, persons=[first, second])
    revoke(giay_khen, giay_khen.recipients.get(user=second).certificate)
    make_round_in(RoundStatus.CLOSED, tree.grassroots_a1x, dossiers=1)
    a1y_initiative = recognised(tree.grassroots_a1y)
    bang_khen = issue("bang-khen-tinh", tree.province_a, persons=[first], initiative=a1y_initiative)
    old = issue("bang-khen-tinh", tree.province_a, persons=[second], decided_on=LAST_YEAR_DAY)
    revoke(old)
    issue("bang-khen-tinh", tree.province_a, persons=[second], draft=True)
    flag = issue("co-thi-dua-tinh", tree.province_b, units=[tree.grassroots_b1x])
    outsider = UserFactory()
    national = issue("bang-khen-tong-ld", tree.national, persons=[outsider])

    a1x_verifier = unit_officer(tree.grassroots_a1x)
    counted = recognised(tree.grassroots_a1x)
    benefit(counted, Y - 2, 30_000_000, a1x_verifier, BenefitStatus.VERIFIED)
    benefit(counted, Y - 1, 50_000_000, a1x_verifier, BenefitStatus.ADJUSTED, 45_000_000)
    benefit(counted, Y, 70_000_000, a1x_verifier, BenefitStatus.REJECTED)
    benefit(recognised(tree.grassroots_a1x), Y - 2, 500_000_000, a1x_verifier)
    b1x = recognised(tree.grassroots_b1x)
    benefit(b1x, Y - 1, 10_000_000, unit_officer(tree.grassroots_b1x), BenefitStatus.VERIFIED)
    figures_rebuild()
    return {
        "giay_khen": giay_khen,
        "bang_khen": bang_khen,
        "old": old,
        "flag": flag,
        "national": national,
        "first": first,
        "outsider": outsider,
    }


# --- the "awards" figures ------------------------------------------------------------------


def test_awards_are_a_section_of_the_registry_figures(db):
    assert "awards" in FIGURE_SECTIONS


def test_award_figures_for_the_whole_registry(awards):
    figures = registry_figures()["awards"]

    assert figures["awards_by_type_and_year"] == {
        "bang-khen-tinh": {
            str(Y - 1): {"decisions": 1, "recipients": 1},
            str(Y): {"decisions": 1, "recipients": 1},
        },
        "bang-khen-tong-ld": {str(Y): {"decisions": 1, "recipients": 1}},
        "co-thi-dua-tinh": {str(Y): {"decisions": 1, "recipients": 1}},
        "giay-khen-co-so": {str(Y): {"decisions": 1, "recipients": 2}},
        "initiative-certificate": {str(Y): {"decisions": 1, "recipients": 1}},
    }
    assert figures["certificates_issued"] == 7
    assert figures["certificates_revoked"] == 2
    assert figures["verified_benefit_vnd"] == 85_000_000


def test_award_figures_for_a_subtree(awards, tree):
    province_a = award_figures(FigureScope(unit=tree.province_a))
    province_b = award_figures(FigureScope(unit=tree.province_b))
    a1x = award_figures(FigureScope(unit=tree.grassroots_a1x))

    assert set(province_a["awards_by_type_and_year"]) == {
        "bang-khen-tinh",
        "giay-khen-co-so",
        "initiative-certificate",
    }
    assert province_a["certificates_issued"] == 5
    assert province_a["certificates_revoked"] == 2
    assert province_a["verified_benefit_vnd"] == 75_000_000
    assert province_b == {
        "awards_by_type_and_year": {"co-thi-dua-tinh": {str(Y): {"decisions": 1, "recipients": 1}}},
        "certificates_issued": 1,
        "certificates_revoked": 0,
        "verified_benefit_vnd": 10_000_000,
    }
    assert set(a1x["awards_by_type_and_year"]) == {"giay-khen-co-so", "initiative-certificate"}
    assert (a1x["certificates_issued"], a1x["certificates_revoked"]) == (3, 1)


def test_award_figures_for_a_year(awards):
    last_year = award_figures(FigureScope(year=Y - 1))

    assert last_year["awards_by_type_and_year"] == {
        "bang-khen-tinh": {str(Y - 1): {"decisions": 1, "recipients": 1}}
    }
    assert (last_year["certificates_issued"], last_year["certificates_revoked"]) == (1, 1)
    # Benefit of the year of application Y-1: 45M adjusted at a1x and 10M at b1x.
    assert last_year["verified_benefit_vnd"] == 55_000_000
    assert award_figures(FigureScope(year=Y))["verified_benefit_vnd"] == 0


def test_award_figures_of_an_empty_registry(db):
    assert award_figures(FigureScope()) == {
        "awards_by_type_and_year": {},
        "certificates_issued": 0,
        "certificates_revoked": 0,
        "verified_benefit_vnd": 0,
    }


def test_registry_stats_prints_the_award_figures(awards):
    out = StringIO()
    call_command("registry_stats", "--format", "json", "--unit", "PTO", stdout=out)

    figures = json.loads(out.getvalue())["awards"]
    assert figures["verified_benefit_vnd"] == 10_000_000
    assert figures["awards_by_type_and_year"]["co-thi-dua-tinh"][str(Y)]["recipients"] == 1


def test_award_figures_take_three_queries_whatever_the_number_of_rows(tree):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            award_figures(FigureScope(unit=tree.province_a, year=Y))
        return len(queries)

    empty = count()
    for _ in range(3):
        decision = issue(
            "giay-khen-co-so",
            tree.grassroots_a1x,
            persons=[member_of(tree.grassroots_a1x) for _ in range(3)],
        )
        revoke(decision)
    benefit(
        recognised(tree.grassroots_a1x),
        Y - 1,
        1_000_000,
        unit_officer(tree.grassroots_a1x),
        BenefitStatus.VERIFIED,
    )

    assert count() == empty == 3


# --- the honour board ----------------------------------------------------------------------


def test_honour_board_lists_latest_unrevoked_awards_newest_first(awards):
    AwardDecision.objects.filter(pk=awards["flag"].pk).update(decided_on=TODAY.replace(day=1))

    board = list(honour_board())

    names = [r.decision.award_type.code for r in board]
    assert "initiative-certificate" not in names
    assert awards["old"].pk not in {r.decision_id for r in board}  # revoked as a whole
    revoked_one = awards["giay_khen"].recipients.exclude(user=awards["first"]).get()
    assert revoked_one not in board
    assert len(board) == 4
    assert board[-1].decision == awards["flag"]
    assert [r.decision.decided_on for r in board] == sorted(
        (r.decision.decided_on for r in board), reverse=True
    )


def test_honour_board_by_level_year_and_limit(awards):
    provincial = list(honour_board(level="provincial"))
    assert {r.decision.award_type.code for r in provincial} == {
        "bang-khen-tinh",
        "co-thi-dua-tinh",
    }
    assert list(honour_board(level=1)) == list(awards["national"].recipients.all())
    assert [r.decision.award_type.code for r in honour_board(level="grassroots")] == [
        "giay-khen-co-so"
    ]
    assert list(honour_board(year=Y - 1)) == []
    assert len(honour_board(limit=2)) == 2
    with_certificates = honour_board(level="grassroots", include_initiative_certificates=True)
    assert {r.decision.award_type.code for r in with_certificates} == {
        "giay-khen-co-so",
        "initiative-certificate",
    }


def test_honour_board_is_one_query(awards, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = [
            (r.name, r.decision.issuer.name, r.decision.award_type.name) for r in honour_board()
        ]
    assert rows
