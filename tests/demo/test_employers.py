"""The demo's employers: every grassroots union has one, one employer holds two unions, and the
history shows a head change and a merger."""

import datetime

from demo.employers import HEAD_CHANGE_DAY, MERGER_DAY, seed_employers
from demo.federation import seed_federation
from unions.enums import GRASSROOTS_KINDS, EmployerEventAction, EmployerKind
from unions.models import Employer, EmployerEvent, Unit
from unions.selectors.employers import employer_of, employer_unions


def test_every_demo_grassroots_union_has_an_employer_with_history(db):
    seed_federation()
    assert seed_employers() is True
    grassroots = Unit.objects.filter(kind__in=GRASSROOTS_KINDS, is_active=True)
    assert grassroots.exists()
    for unit in grassroots:
        assert employer_of(unit) is not None, unit.code
        assert employer_of(unit, datetime.date(2024, 1, 1)) is not None, unit.code
    kinds = set(Employer.objects.values_list("kind", flat=True))
    assert len(kinds) >= 5 and EmployerKind.FOREIGN_INVESTED in kinds
    assert all(
        e.tax_code and e.head_name and e.head_title and e.address for e in Employer.objects.all()
    )
    assert max(employer_unions(e).count() for e in Employer.objects.filter(is_active=True)) >= 2
    garment = Employer.objects.get(code="CS-SONGHIEU")
    assert [v.head_name for v in garment.versions.order_by("valid_from")] == [
        "Lê Văn Hùng",
        "Trần Thị Minh Nguyệt",
    ]
    assert garment.versions.get(valid_to__isnull=True).valid_from == HEAD_CHANGE_DAY
    merged = Employer.objects.get(code="CS-CUAONG")
    assert not merged.is_active and merged.valid_to == MERGER_DAY
    event = EmployerEvent.objects.get(employer=merged, action=EmployerEventAction.MERGED_INTO)
    assert event.related_employer.code == "CS-NUIHONG"
    screening = Unit.objects.get(code="CS-CDTKS-02")
    assert employer_of(screening, datetime.date(2024, 6, 30)) == merged
    assert employer_of(screening).code == "CS-NUIHONG"
    assert seed_employers() is False
