import datetime
import itertools

from unions.enums import EmployerKind
from unions.models import Employer, EmployerUnion, EmployerVersion, Unit

_codes = itertools.count(1)


def make_employer(
    *units: Unit,
    name: str | None = None,
    kind: str = EmployerKind.STATE_OWNED,
    head_name: str = "Nguyễn Văn Giám",
    head_title: str = "Giám đốc",
    valid_from: datetime.date = datetime.date(2000, 1, 1),
) -> Employer:
    """An employer with its first version, linked to the grassroots ``units`` from
    ``valid_from``."""
    number = next(_codes)
    employer = Employer.objects.create(
        code=f"E{number:05d}",
        name=name or f"Công ty thử {number}",
        tax_code=f"{number:010d}",
        kind=kind,
        head_name=head_name,
        head_title=head_title,
        address="Số 1 đường Thử, Hà Nội",
        valid_from=valid_from,
    )
    EmployerVersion.objects.create(
        employer=employer,
        valid_from=valid_from,
        name=employer.name,
        kind=kind,
        head_name=head_name,
        head_title=head_title,
        address=employer.address,
    )
    for unit in units:
        EmployerUnion.objects.create(employer=employer, unit=unit, valid_from=valid_from)
    return employer
