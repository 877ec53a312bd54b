"""The rollup of the registry's figures (``emulation.rollup``): after a rebuild, and after a
random sequence of changes made through the services and taken in by the queued refresh,
every unit's figures for every year equal the live computation
(``live_registry_figures``); reading them costs a constant number of queries."""

import pytest

from emulation.live_figures import live_registry_figures
from emulation.models import UnitFigure
from emulation.models.figures import ALL_YEARS
from emulation.rollup import data_years, figures_rebuild, figures_refresh
from emulation.statistics import registry_figures
from tests.emulation.test_statistics import emulation  # noqa: F401 — a fixture
from tests.site_cms.test_statistics_page import registry  # noqa: F401 — a fixture
from unions.models import Unit, UnitChange


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
