"""The employer of a demo grassroots union, for the steps that need one (the recognition
rounds are the employers' councils, issue 13 §2).

The demo step of the employers (``demo.employers``) gives every grassroots union its employer
first; should a union have none, the employer is recorded here (through the employer service)
from the union and the head who signs its decisions, so that ``employer_of(unit)`` answers.
Guarded: a union that already has an employer keeps it.
"""

import datetime

from unions.enums import EmployerKind
from unions.models import Employer, EmployerUnion, Unit
from unions.selectors.employers import employer_of
from unions.services.employers import EmployerData, employer_create

SINCE = datetime.date(2000, 1, 1)


def _name_of(unit: Unit, head_title: str) -> str:
    # "Giám đốc Công ty TNHH …" → "Công ty TNHH …"; otherwise the union's name without its kind.
    for lead in ("Tổng Giám đốc ", "Giám đốc ", "Hiệu trưởng ", "Thủ trưởng "):
        if head_title.startswith(lead):
            return head_title.removeprefix(lead)
    return unit.name.removeprefix("Công đoàn cơ sở ").removeprefix("Công đoàn ")


def demo_employer(unit: Unit, head_name: str = "", head_title: str = "") -> Employer:
    """The employer of ``unit``: the one it sits at (today or at any time of its current link),
    else a new one made from the union and its head."""
    found = employer_of(unit)
    if found is None:
        link = (
            EmployerUnion.objects.filter(unit=unit, valid_to__isnull=True)
            .select_related("employer")
            .first()
        )
        found = link.employer if link else None
    if found is not None:
        return found
    name = _name_of(unit, head_title)
    return employer_create(
        data=EmployerData(
            code=f"DN-{unit.code}",
            name=name,
            kind=EmployerKind.PRIVATE if "Công ty" in name else EmployerKind.PUBLIC_SERVICE_UNIT,
            head_name=head_name,
            head_title=head_title or "Giám đốc",
            address=unit.name,
        ),
        valid_from=max(SINCE, unit.valid_from),
        unit=unit,
    )
