import datetime
import itertools

import factory

from tests.factories.accounts import UserFactory
from unions.enums import Role, UnitKind
from unions.models import Membership, RoleGrant, Unit
from unions.services import unit_create

_codes = itertools.count(1)

DEFAULT_KIND_UNDER = {
    None: UnitKind.NATIONAL_FEDERATION,
    UnitKind.NATIONAL_FEDERATION: UnitKind.PROVINCIAL_FEDERATION,
    UnitKind.PROVINCIAL_FEDERATION: UnitKind.DISTRICT_FEDERATION,
    UnitKind.CENTRAL_SECTOR_UNION: UnitKind.GRASSROOTS_UNION,
    UnitKind.DISTRICT_FEDERATION: UnitKind.GRASSROOTS_UNION,
    UnitKind.COMMUNE_UNION: UnitKind.GRASSROOTS_UNION,
    UnitKind.INDUSTRIAL_ZONE_UNION: UnitKind.GRASSROOTS_UNION,
    UnitKind.GRASSROOTS_UNION: UnitKind.UNION_GROUP,
}


def make_unit(
    parent: Unit | None = None,
    *,
    name: str | None = None,
    kind: str | None = None,
    code: str | None = None,
    short_name: str = "",
    valid_from: datetime.date = datetime.date(2000, 1, 1),
) -> Unit:
    """Create a unit through the real service, so it has its first version and event."""
    number = next(_codes)
    kind = kind or DEFAULT_KIND_UNDER[parent.kind if parent else None]
    return unit_create(
        parent=parent,
        code=code or f"U{number:05d}",
        name=name or f"Đơn vị thử {number}",
        short_name=short_name,
        kind=kind,
        valid_from=valid_from,
    )


class RoleGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    role = Role.OFFICER
    valid_from = datetime.date(2020, 1, 1)
    valid_to = None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    valid_from = datetime.date(2015, 1, 1)
    card_number = factory.Sequence(lambda n: f"DV{n:06d}")
    position = "Công nhân"
    qualification = "Kỹ sư"
