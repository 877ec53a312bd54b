"""The one definition of a unit's level: numbers, keys and labels, the level of each unit kind,
and the same level as an SQL expression."""

import pytest
from django.utils import translation

from tests.factories import make_unit
from unions.enums import UnitKind
from unions.levels import (
    DECIDING_KINDS,
    KIND_LEVELS,
    Level,
    kinds_at,
    level_expression,
    level_of,
    level_of_kind,
)
from unions.models import Unit

K = UnitKind


def test_levels_order_from_the_top_with_their_keys_and_labels():
    assert [(int(level), level.key) for level in Level] == [
        (1, "national"),
        (2, "provincial"),
        (3, "upper_direct"),
        (4, "grassroots"),
    ]
    with translation.override("en"):
        assert [str(level.label) for level in Level] == [
            "National",
            "Provincial or central sector",
            "Upper-direct",
            "Grassroots",
        ]
    with translation.override("vi"):
        assert str(Level.GRASSROOTS.label) != "Grassroots"


def test_level_from_key_accepts_only_the_keys():
    assert Level.from_key("upper_direct") is Level.UPPER_DIRECT
    assert Level.from_key("national") is Level.NATIONAL
    for other in ("", None, "Grassroots", "1", "province"):
        assert Level.from_key(other) is None


def test_each_kind_has_its_level_and_units_below_grassroots_count_as_grassroots():
    assert level_of_kind(K.NATIONAL_FEDERATION) is Level.NATIONAL
    assert level_of_kind(K.PROVINCIAL_FEDERATION) is Level.PROVINCIAL
    assert level_of_kind(K.CENTRAL_SECTOR_UNION) is Level.PROVINCIAL
    assert level_of_kind(K.CORPORATION_UNION) is Level.PROVINCIAL
    for kind in (
        K.DISTRICT_FEDERATION,
        K.LOCAL_SECTOR_UNION,
        K.INDUSTRIAL_ZONE_UNION,
        K.COMMUNE_UNION,
        K.SPECIAL_ZONE_UNION,
        K.PROVINCIAL_CORPORATION_UNION,
        K.UPPER_DIRECT_UNION,
    ):
        assert level_of_kind(kind) is Level.UPPER_DIRECT
    for kind in (K.GRASSROOTS_UNION, K.PROFESSIONAL_UNION, K.DEPARTMENT_UNION, K.UNION_GROUP):
        assert level_of_kind(kind) is Level.GRASSROOTS
    assert level_of_kind("no_such_kind") is Level.GRASSROOTS
    assert set(KIND_LEVELS) == set(UnitKind.values)


def test_kinds_at_a_level_and_the_kinds_that_decide():
    assert kinds_at(Level.PROVINCIAL) == [
        K.PROVINCIAL_FEDERATION,
        K.CENTRAL_SECTOR_UNION,
        K.CORPORATION_UNION,
    ]
    assert set(kinds_at(4)) == {
        K.GRASSROOTS_UNION,
        K.PROFESSIONAL_UNION,
        K.DEPARTMENT_UNION,
        K.UNION_GROUP,
    }
    assert set(DECIDING_KINDS) == set(UnitKind.values) - {K.DEPARTMENT_UNION, K.UNION_GROUP}


@pytest.fixture
def every_kind(db) -> list[Unit]:
    """One unit of every kind."""
    national = make_unit(kind=K.NATIONAL_FEDERATION)
    province = make_unit(national, kind=K.PROVINCIAL_FEDERATION)
    units = [
        national,
        province,
        make_unit(national, kind=K.CENTRAL_SECTOR_UNION),
        make_unit(national, kind=K.CORPORATION_UNION),
    ]
    for kind in (
        K.LOCAL_SECTOR_UNION,
        K.INDUSTRIAL_ZONE_UNION,
        K.COMMUNE_UNION,
        K.SPECIAL_ZONE_UNION,
        K.PROVINCIAL_CORPORATION_UNION,
        K.UPPER_DIRECT_UNION,
    ):
        units.append(make_unit(province, kind=kind))
    district = make_unit(province, kind=K.DISTRICT_FEDERATION)
    professional = make_unit(district, kind=K.PROFESSIONAL_UNION)
    grassroots = make_unit(district, kind=K.GRASSROOTS_UNION)
    department = make_unit(grassroots, kind=K.DEPARTMENT_UNION)
    group = make_unit(department, kind=K.UNION_GROUP)
    units += [district, professional, grassroots, department, group]
    assert {unit.kind for unit in units} == set(UnitKind.values)
    return units


def test_level_expression_gives_each_unit_its_level(every_kind):
    found = dict(Unit.objects.annotate(at=level_expression("kind")).values_list("pk", "at"))
    assert found == {unit.pk: int(level_of(unit)) for unit in every_kind}


def test_level_expression_filters_and_orders(every_kind):
    units = Unit.objects.annotate(at=level_expression("kind"))
    assert set(units.filter(at=Level.PROVINCIAL).values_list("kind", flat=True)) == {
        K.PROVINCIAL_FEDERATION,
        K.CENTRAL_SECTOR_UNION,
        K.CORPORATION_UNION,
    }
    assert units.order_by("at", "pk").first().kind == K.NATIONAL_FEDERATION
