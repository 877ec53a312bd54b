import datetime
import itertools

from unions.enums import EmployerKind
from unions.models import Employer, Unit
from unions.services.employers import EmployerData, employer_create, employer_link_union

_codes = itertools.count(1)


def make_employer(
    *units: Unit,
    name: str | None = None,
    kind: str = EmployerKind.STATE_OWNED,
    head_name: str = "Nguyễn Văn Giám",
    head_title: str = "Giám đốc",
    valid_from: datetime.date = datetime.date(2000, 1, 1),
) -> Employer:
    """An employer recorded through ``employer_create`` (first version, CREATED event), linked
    to the grassroots ``units`` from ``valid_from`` (or from a unit's start, when later)."""
    number = next(_codes)
    while Employer.objects.filter(code=f"E{number:05d}").exists():
        number = next(_codes)
    employer = employer_create(
        data=EmployerData(
            code=f"E{number:05d}",
            name=name or f"Công ty thử {number}",
            tax_code=f"{9000000000 + number:010d}",
            kind=kind,
            head_name=head_name,
            head_title=head_title,
            address="Số 1 đường Thử, Hà Nội",
        ),
        valid_from=valid_from,
    )
    for unit in units:
        employer_link_union(
            employer=employer, unit=unit, valid_from=max(valid_from, unit.valid_from)
        )
    return employer
