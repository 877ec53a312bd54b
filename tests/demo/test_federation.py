import datetime
from io import StringIO

from django.core.management import call_command

from accounts.models import User
from unions.enums import GRASSROOTS_KINDS, Role, UnitEventAction, UnitKind
from unions.models import Membership, RoleGrant, Unit, UnitEvent, UnitVersion
from unions.selectors import unit_predecessors, unit_snapshot

MODELS = [User, Unit, UnitVersion, UnitEvent, Membership, RoleGrant]


def _state():
    return {
        model.__name__: list(model.objects.order_by("pk").values_list("pk", flat=True))
        for model in MODELS
    } | {"grant_ends": list(RoleGrant.objects.order_by("pk").values_list("valid_to", flat=True))}


def test_seed_demo_second_run_changes_nothing(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = _state()
    assert "canbo.quangtri@demo.congdoan.vn" in out.getvalue()
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert _state() == first
    assert "canbo.quangtri@demo.congdoan.vn" in again.getvalue()


def test_seed_demo_builds_the_2025_federation(db):
    call_command("seed_demo", stdout=StringIO())
    quang_tri = Unit.objects.get(code="QTR")
    phu_tho = Unit.objects.get(code="PTO")
    assert {u.code for u in unit_predecessors(quang_tri)} == {"QBI-1989", "QTR-1989"}
    assert {u.code for u in unit_predecessors(phu_tho)} == {"VPH-1997", "HBI-1991", "PTO-1997"}
    assert Unit.objects.get(code="QNI").is_active
    old = Unit.objects.get(code="QBI-1989")
    assert not old.is_active and old.valid_to == datetime.date(2025, 7, 1)

    dong_ha = Unit.objects.get(code="DHA")
    assert not dong_ha.is_active
    assert UnitEvent.objects.filter(unit=dong_ha, action=UnitEventAction.DISSOLVED).exists()
    moved_up = Unit.objects.get(code="CS-DHA-01")
    assert moved_up.parent_path == quang_tri.path
    before = unit_snapshot(moved_up, datetime.date(2024, 1, 1))
    assert before.path_names[-2] == "Liên đoàn Lao động thành phố Đông Hà"

    # The provincial education union ends on 01/07/2025; its schools move, with dates.
    education = Unit.objects.get(code="GD-QTR")
    assert not education.is_active and education.valid_to == datetime.date(2025, 7, 1)
    assert UnitEvent.objects.filter(unit=education, action=UnitEventAction.DISSOLVED).exists()
    high_school = Unit.objects.get(code="CS-GD-QTR-01")
    primary = Unit.objects.get(code="CS-GD-QTR-02")
    assert high_school.parent_path == quang_tri.path
    assert primary.parent_path == Unit.objects.get(code="P-QTRI").path
    assert unit_snapshot(primary, datetime.date(2025, 6, 30)).path_names[-2] == education.name
    assert UnitEvent.objects.filter(unit=primary, action=UnitEventAction.MOVED).exists()
    special_zone = Unit.objects.get(code="DK-VDO")
    assert special_zone.kind == UnitKind.SPECIAL_ZONE_UNION
    assert Unit.objects.get(code="CS-QNI-01").parent_path == special_zone.path

    grassroots = Unit.objects.filter(kind__in=GRASSROOTS_KINDS, is_active=True).count()
    assert 25 <= grassroots <= 40
    assert Membership.objects.filter(valid_to__isnull=True).count() >= 300
    assert {grant.role for grant in RoleGrant.objects.all()} == set(Role.values)
    assert User.objects.filter(is_superuser=True).exists()
