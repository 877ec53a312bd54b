"""The rollup of the registry's figures (``emulation.rollup``): after a rebuild, and after a
random sequence of changes made through the services and taken in by the queued refresh,
every unit's figures for every year equal the live computation
(``live_registry_figures``); reading them costs a constant number of queries."""

import datetime
import json
import random
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awards.enums import RoundStatus
from emulation.enums import RegistrationStatus as RS
from emulation.live_figures import live_registry_figures
from emulation.models import Registration, UnitFigure
from emulation.models.figures import ALL_YEARS
from emulation.rollup import data_years, figures_rebuild, figures_refresh
from emulation.statistics import registry_figures
from initiatives.enums import InitiativeField
from initiatives.enums import InitiativeStatus as S
from initiatives.models import Initiative
from tests.emulation.test_statistics import emulation  # noqa: F401 — a fixture
from tests.factories import make_initiative
from tests.factories.awards import issue_award, make_round_in, member_of
from tests.factories.movements import make_movement, make_registration
from tests.site_cms.test_honour_board import revoke
from tests.site_cms.test_statistics_page import (
    registry,  # noqa: F401 — a fixture
    verified_benefit,
)
from unions.models import Unit, UnitChange
from unions.services import unit_move

TODAY = timezone.localdate()
Y = TODAY.year
FIELDS = list(InitiativeField.values)


def assert_rollup_equals_live():
    years = [None, *sorted(data_years())]
    for unit in [None, *Unit.objects.order_by("path")]:
        for year in years:
            stored = registry_figures(unit=unit, year=year)
            live = live_registry_figures(unit=unit, year=year)
            assert stored == live, (unit, year)


@pytest.mark.usefixtures("registry", "emulation")
def test_rollup_rebuilt_equals_the_live_figures_of_every_unit_and_year():
    figures_rebuild()

    assert UnitFigure.objects.filter(year=ALL_YEARS).exists()
    assert_rollup_equals_live()


def test_rollup_of_an_empty_registry_equals_the_live_figures(tree):
    figures_rebuild()

    assert_rollup_equals_live()


def test_rollup_rebuild_takes_the_change_log_in(tree):
    UnitChange.objects.create(unit=tree.grassroots_a1x)

    figures_rebuild()

    assert not UnitChange.objects.exists()
    assert figures_refresh() == 0


# --- a random sequence of changes through the services -------------------------------------


class Changes:
    """Changes made through the services, each in its own transaction whose after-commit
    callbacks run (the refresh task runs at once under the test settings' ImmediateBackend)."""

    def __init__(self, tree, rng: random.Random, capture):
        self.tree, self.rng, self.capture = tree, rng, capture
        self.grassroots = [tree.grassroots_a1x, tree.grassroots_a1y, tree.grassroots_b1x]
        self.uppers = [tree.district_a1, tree.district_b1, tree.province_a]
        self.recognised: list[Initiative] = []
        self.decisions = []
        self.movement = None

    def run(self, step: Callable[[], object]) -> None:
        with self.capture(execute=True), transaction.atomic():
            step()

    def pick(self, units):
        return Unit.objects.get(pk=self.rng.choice(units).pk)

    def dossier(self):
        unit = self.pick(self.grassroots)
        status = self.rng.choice([S.DRAFT, S.SUBMITTED, S.ACCEPTED, S.RETURNED])
        make_initiative(unit, member_of(unit), status, field=self.rng.choice(FIELDS))

    def recognition_round(self):
        unit = self.pick(self.grassroots)
        setup = make_round_in(RoundStatus.CLOSED, unit, dossiers=self.rng.randint(1, 2))
        self.recognised += setup.initiatives

    def round_scoring(self):
        unit = self.pick(self.grassroots)
        make_round_in(RoundStatus.SCORING, unit, submitted=False)

    def award(self):
        code, issuer = self.rng.choice(
            [
                ("giay-khen-co-so", self.tree.grassroots_a1x),
                ("bang-khen-tinh", self.tree.province_a),
                ("bang-khen-tinh", self.tree.province_b),
                ("bang-khen-tong-ld", self.tree.national),
            ]
        )
        issuer = Unit.objects.get(pk=issuer.pk)
        grassroots = self.pick(self.grassroots)
        persons = [member_of(grassroots) for _ in range(self.rng.randint(1, 2))]
        self.decisions.append(issue_award(code, issuer, persons=persons))

    def revoke(self):
        if self.decisions:
            decision = self.rng.choice(self.decisions)
            self.decisions.remove(decision)
            revoke(decision)

    def benefit(self):
        if self.recognised:
            initiative = self.recognised.pop(self.rng.randrange(len(self.recognised)))
            verified_benefit(initiative, Y, self.rng.randint(1, 90) * 1_000_000)

    def registration(self):
        if self.movement is None:
            self.movement = make_movement(
                launching_unit=self.tree.national,
                period_start=datetime.date(Y, 1, 1),
                period_end=datetime.date(Y, 12, 31),
            )
        unit = self.pick([self.tree.district_a1, self.tree.district_a2, self.tree.district_b1])
        if not Registration.objects.filter(movement=self.movement, unit=unit).exists():
            make_registration(
                movement=self.movement,
                unit=unit,
                status=self.rng.choice([RS.NOT_SENT, RS.AWAITING_APPROVAL, RS.APPROVED]),
            )

    def move(self):
        unit = Unit.objects.get(pk=self.tree.district_a2.pk)
        parents = [self.tree.province_a, self.tree.province_b]
        parent = next(p for p in parents if not unit.path.startswith(p.path))
        unit_move(unit=unit, new_parent=Unit.objects.get(pk=parent.pk), effective_date=TODAY)

    def moving_grassroots(self):
        unit = Unit.objects.get(pk=self.tree.grassroots_a1y.pk)
        parent = self.rng.choice([self.tree.district_a1, self.tree.district_a2])
        if not Unit.objects.get(pk=unit.pk).path.startswith(Unit.objects.get(pk=parent.pk).path):
            unit_move(unit=unit, new_parent=Unit.objects.get(pk=parent.pk), effective_date=TODAY)

    STEPS = [
        "dossier",
        "dossier",
        "recognition_round",
        "round_scoring",
        "award",
        "revoke",
        "benefit",
        "registration",
        "move",
        "moving_grassroots",
    ]


@pytest.mark.parametrize("seed", [1, 7, 2026])
def test_rollup_equals_the_live_figures_after_random_changes(
    tree, seed, django_capture_on_commit_callbacks
):
    figures_rebuild()
    changes = Changes(tree, random.Random(seed), django_capture_on_commit_callbacks)
    done = []
    for _ in range(8):
        name = changes.rng.choice(Changes.STEPS)
        changes.run(getattr(changes, name))
        done.append(name)

    assert not UnitChange.objects.exists(), done
    assert_rollup_equals_live()


def test_rollup_refresh_recounts_only_the_units_logged(tree, django_capture_on_commit_callbacks):
    figures_rebuild()
    unit = tree.grassroots_a1x
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_initiative(unit, member_of(unit), S.SUBMITTED)

    assert UnitChange.objects.filter(unit=unit).exists()
    assert registry_figures(unit=unit)["initiatives"]["submitted"] == 0  # not refreshed yet
    assert callbacks  # the refresh is queued after the commit

    assert figures_refresh() == 1
    assert registry_figures(unit=unit)["initiatives"]["submitted"] == 1
    assert registry_figures(unit=tree.province_a)["initiatives"]["submitted"] == 1
    assert registry_figures()["initiatives"]["submitted"] == 1
    assert registry_figures(unit=tree.province_b)["initiatives"]["submitted"] == 0
    assert not UnitChange.objects.exists()


def test_rollup_moved_unit_rebuilds_every_figure(tree, django_capture_on_commit_callbacks):
    unit = tree.grassroots_a1x
    make_initiative(unit, member_of(unit), S.SUBMITTED)
    figures_rebuild()
    district = Unit.objects.get(pk=tree.district_a1.pk)

    with django_capture_on_commit_callbacks(execute=True):
        unit_move(unit=district, new_parent=tree.province_b, effective_date=TODAY)

    assert registry_figures(unit=tree.province_b)["initiatives"]["submitted"] == 1
    assert registry_figures(unit=tree.province_a)["initiatives"]["submitted"] == 0


# --- reading costs the same whatever the rows ----------------------------------------------


def _registry_stats_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        call_command("registry_stats", "--format", "json", stdout=StringIO())
        call_command("registry_stats", "--unit", "QTR", "--year", str(Y), stdout=StringIO())
    return len(queries)


def test_registry_stats_reads_the_same_queries_for_few_and_many_rows(tree):
    unit = tree.grassroots_a1x
    make_initiative(unit, member_of(unit), S.SUBMITTED)
    figures_rebuild()
    few = _registry_stats_queries()
    for _ in range(3):
        make_round_in(RoundStatus.CLOSED, unit, dossiers=2)
    issue_award("giay-khen-co-so", unit, persons=[member_of(unit), member_of(unit)])
    figures_rebuild()

    assert _registry_stats_queries() == few
    assert few <= 10


def test_registry_stats_json_reads_the_rollup(tree):
    unit = tree.grassroots_a1x
    make_initiative(unit, member_of(unit), S.SUBMITTED)
    figures_rebuild()
    out = StringIO()

    call_command("registry_stats", "--format", "json", stdout=out)

    assert json.loads(out.getvalue()) == live_registry_figures()


def test_figures_rebuild_command_reports_the_rows(tree):
    unit = tree.grassroots_a1x
    make_initiative(unit, member_of(unit), S.SUBMITTED)
    out = StringIO()

    call_command("figures_rebuild", stdout=out)
    call_command("figures_rebuild", "--year", str(Y), stdout=out)

    assert "figure rows stored" in out.getvalue()
    assert registry_figures(year=Y) == live_registry_figures(year=Y)


def test_figures_rebuild_command_refuses_a_bad_year(db):
    with pytest.raises(CommandError, match="is not a year"):
        call_command("figures_rebuild", "--year", "99")
