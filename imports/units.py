"""The units' import: one row per unit of the tree, parents before their children (a parent
may be a unit already in the registry or one of the earlier rows), with the employer of a
grassroots union where there is one. Rows are matched by unit code.

A unit already in the registry may only be renamed by an import; a change of kind or of parent
is refused (those are restructurings, dated and recorded on the unit's page).
"""

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.search import fold
from imports.models import ImportBatch, ImportedRow
from imports.reading import Column, Problem, RowError, date_value, text
from unions.enums import GRASSROOTS_KINDS, Capability, EmployerKind, UnitEventAction, UnitKind
from unions.models import Employer, EmployerUnion, Unit, UnitEvent, UnitVersion
from unions.selectors import has_capability_on
from unions.selectors.employers import employer_of
from unions.services import unit_create, unit_rename
from unions.services.employers import EmployerData, employer_create, employer_link_union


def choice_label(choices, value: str) -> str:
    """The Vietnamese label of a choice, as the template and the export write it."""
    with translation.override("vi"):
        return str(dict(choices.choices)[value]) if value else ""


def _choice_parser(choices, message):
    def parse(value: Any) -> str:
        raw = fold(text(value)).strip()
        if not raw:
            return ""
        for choice_value, label in choices.choices:
            with translation.override("vi"):
                vietnamese = fold(str(label)).strip()
            if raw in {choice_value, vietnamese, fold(str(label)).strip()}:
                return choice_value
            with translation.override("en"):
                if raw == fold(str(label)).strip():
                    return choice_value
        raise RowError(str(message))

    return parse


_unit_kind = _choice_parser(
    UnitKind, gettext_lazy("Write a kind of unit as the explanations sheet lists them.")
)
_employer_kind = _choice_parser(
    EmployerKind, gettext_lazy("Write a kind of employer as the explanations sheet lists them.")
)


def _required(value: Any) -> str:
    raw = text(value)
    if not raw:
        raise RowError(_("This column is required."))
    return raw


def _kinds_text(choices) -> str:
    return "; ".join(choice_label(choices, value) for value in choices.values)


class UnitImporter:
    kind = "units"
    ignored_headers: set[str] = set()

    def __init__(self, *, actor: User | None = None, scope: Unit | None = None):
        self.actor = actor
        self.scope = scope
        self.codes_in_file: dict[str, int] = {}
        self.columns = [
            Column(
                "code",
                "Mã đơn vị",
                gettext_lazy("Unique code of the unit."),
                _required,
                True,
                "CSX",
            ),
            Column(
                "name",
                "Tên đơn vị",
                gettext_lazy("Full name."),
                _required,
                True,
                "Công đoàn cơ sở Công ty May Sông Hiếu",
            ),
            Column(
                "short_name",
                "Tên viết tắt",
                gettext_lazy("May be empty."),
                text,
                False,
                "CĐCS May Sông Hiếu",
            ),
            Column(
                "kind",
                "Loại đơn vị",
                _kinds_text(UnitKind),
                _unit_kind,
                True,
                choice_label(UnitKind, UnitKind.GRASSROOTS_UNION),
            ),
            Column(
                "parent_code",
                "Mã đơn vị cấp trên",
                gettext_lazy("Code of a unit already registered or of an earlier row."),
                text,
                True,
                "DHA",
            ),
            Column(
                "valid_from",
                "Ngày thành lập",
                gettext_lazy("dd/mm/yyyy, or an Excel date; empty: today."),
                date_value,
                False,
                date(2005, 6, 1),
            ),
            Column(
                "employer_name",
                "Tên cơ quan, doanh nghiệp",
                gettext_lazy("Grassroots unions only: the employer where the union sits."),
                text,
                False,
                "Công ty Cổ phần May Sông Hiếu",
            ),
            Column(
                "employer_code",
                "Mã cơ quan, doanh nghiệp",
                gettext_lazy("The employer's code in the registry; empty: one is given."),
                text,
                False,
                "MAYSH",
            ),
            Column(
                "employer_kind",
                "Loại cơ quan, doanh nghiệp",
                _kinds_text(EmployerKind),
                _employer_kind,
                False,
                choice_label(EmployerKind, EmployerKind.PRIVATE),
            ),
        ]

    def _check_parent(self, code: str) -> None:
        if code.upper() in self.codes_in_file:
            return
        parent = Unit.objects.filter(code__iexact=code).first()
        if parent is None:
            raise RowError(_("No unit has the code %(code)s.") % {"code": code})
        if self.scope is not None and not parent.path.startswith(self.scope.path):
            raise RowError(
                _("%(unit)s is not under %(scope)s.")
                % {"unit": parent.name, "scope": self.scope.name}
            )
        if self.actor is not None and not has_capability_on(
            self.actor, Capability.RESTRUCTURE_UNIT, parent
        ):
            raise RowError(_("You may not add units under %(unit)s.") % {"unit": parent.name})

    def parse(self, number: int, cells: list, problems: list) -> dict | None:
        values: dict[str, Any] = {}
        for column, cell in zip(self.columns, cells, strict=True):
            try:
                values[column.key] = column.parse(cell)
                if column.key == "parent_code" and values["parent_code"]:
                    self._check_parent(values["parent_code"])
            except RowError as error:
                problems.append(Problem(number, column.header, str(error)))
        if problems:
            return None
        code = values["code"].upper()
        if code in self.codes_in_file:
            problems.append(
                Problem(
                    number,
                    "Mã đơn vị",
                    _("The same unit is already in row %(row)d of this file.")
                    % {"row": self.codes_in_file[code]},
                )
            )
            return None
        if not values["parent_code"] and values["kind"] != UnitKind.NATIONAL_FEDERATION:
            problems.append(
                Problem(number, "Mã đơn vị cấp trên", _("Enter the code of the parent unit."))
            )
            return None
        has_employer = any(values[k] for k in ("employer_name", "employer_code"))
        if has_employer and values["kind"] not in GRASSROOTS_KINDS:
            problems.append(
                Problem(
                    number,
                    "Tên cơ quan, doanh nghiệp",
                    _("Only a grassroots union sits at an employer."),
                )
            )
            return None
        if values["employer_name"] and not values["employer_kind"]:
            existing = (
                values["employer_code"]
                and Employer.objects.filter(code__iexact=values["employer_code"]).exists()
            )
            if not existing:
                problems.append(
                    Problem(number, "Loại cơ quan, doanh nghiệp", _("Choose the kind of employer."))
                )
                return None
        self.codes_in_file[code] = number
        return values

    def _employer(self, unit: Unit, values: dict, start: date, batch) -> bool:
        """Link ``unit`` to the row's employer; True when something was written."""
        if not (values["employer_name"] or values["employer_code"]):
            return False
        current = employer_of(unit)
        code = values["employer_code"].upper()
        if current is not None:
            if (code and current.code.upper() == code) or (
                not code and fold(current.name) == fold(values["employer_name"])
            ):
                return False
            raise ApplicationError(
                _("%(unit)s already sits at %(employer)s; change it on the unit's page.")
                % {"unit": unit.name, "employer": current.name}
            )
        employer = Employer.objects.filter(code__iexact=code).first() if code else None
        if employer is not None:
            link = employer_link_union(
                employer=employer,
                unit=unit,
                valid_from=max(start, employer.valid_from),
                actor=self.actor,
            )
            if batch is not None:
                ImportedRow.objects.create(
                    batch=batch, model="employerunion", object_id=link.pk, created=True
                )
            return True
        employer = employer_create(
            data=EmployerData(
                name=values["employer_name"], kind=values["employer_kind"], code=code
            ),
            valid_from=start,
            unit=unit,
            actor=self.actor,
        )
        if batch is not None:
            ImportedRow.objects.create(
                batch=batch, model="employer", object_id=employer.pk, created=True
            )
        return True

    def apply(self, values: dict, batch: ImportBatch | None) -> str:
        today = timezone.localdate()
        unit = Unit.objects.filter(code__iexact=values["code"]).first()
        if unit is None:
            parent = (
                Unit.objects.get(code__iexact=values["parent_code"])
                if values["parent_code"]
                else None
            )
            start = min(values["valid_from"] or today, today)
            unit = unit_create(
                parent=parent,
                code=values["code"],
                name=values["name"],
                kind=values["kind"],
                valid_from=start,
                short_name=values["short_name"],
                actor=self.actor,
                note=_("Imported from %(file)s") % {"file": batch.file_name} if batch else "",
            )
            if batch is not None:
                ImportedRow.objects.create(
                    batch=batch, model="unit", object_id=unit.pk, created=True
                )
            self._employer(unit, values, start, batch)
            return "created"
        if unit.kind != values["kind"]:
            raise ApplicationError(
                _("%(unit)s is a %(kind)s; change its kind on the unit's page.")
                % {"unit": unit.name, "kind": unit.get_kind_display()}
            )
        parent_code = ""
        if unit.depth > 1:
            parent_code = Unit.objects.get(path=unit.parent_path).code
        if parent_code.upper() != values["parent_code"].upper():
            raise ApplicationError(
                _("%(unit)s stands under %(parent)s; move it on the unit's page.")
                % {"unit": unit.name, "parent": parent_code}
            )
        changed = False
        if (unit.name, unit.short_name) != (values["name"], values["short_name"]):
            version = UnitVersion.objects.get(unit=unit, valid_to__isnull=True)
            previous = {
                "name": unit.name,
                "short_name": unit.short_name,
                "version": {
                    "id": version.pk,
                    "name": version.name,
                    "short_name": version.short_name,
                },
            }
            unit_rename(
                unit=unit,
                name=values["name"],
                short_name=values["short_name"],
                effective_date=today,
                actor=self.actor,
            )
            previous["event_id"] = (
                UnitEvent.objects.filter(unit=unit, action=UnitEventAction.RENAMED)
                .values_list("pk", flat=True)
                .latest("pk")
            )
            if batch is not None:
                ImportedRow.objects.create(
                    batch=batch, model="unit", object_id=unit.pk, previous=previous
                )
            changed = True
        changed = self._employer(unit, values, unit.valid_from, batch) or changed
        return "updated" if changed else "unchanged"


def exported_units(paths: list[str] | None):
    """The active units the export writes: those under ``paths`` (every one for None), each
    after its parent, so the file imports back in order."""
    units = Unit.objects.filter(is_active=True)
    if paths is not None:
        found = Q(pk__in=[])
        for path in paths:
            found |= Q(path__startswith=path)
        units = units.filter(found)
    return units.order_by("path")


def unit_export_rows(units) -> Iterator[list]:
    """Units as rows of the units' template (the round trip of the import), read a thousand
    at a time with their parents' codes and their current employers in two queries each."""
    today = timezone.localdate()
    batch: list[Unit] = []
    for unit in units.iterator(chunk_size=1000) if hasattr(units, "iterator") else units:
        batch.append(unit)
        if len(batch) == 1000:
            yield from _unit_rows(batch, today)
            batch = []
    if batch:
        yield from _unit_rows(batch, today)


def _unit_rows(units: list[Unit], today: date) -> Iterator[list]:
    parents = dict(
        Unit.objects.filter(path__in={u.parent_path for u in units if u.depth > 1}).values_list(
            "path", "code"
        )
    )
    employers = {
        link.unit_id: link.employer
        for link in EmployerUnion.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=today),
            unit__in=[u for u in units if u.kind in GRASSROOTS_KINDS],
            valid_from__lte=today,
        )
        .select_related("employer")
        .order_by("unit_id", "valid_from")
    }
    for unit in units:
        employer = employers.get(unit.pk)
        yield [
            unit.code,
            unit.name,
            unit.short_name,
            choice_label(UnitKind, unit.kind),
            parents.get(unit.parent_path, "") if unit.depth > 1 else "",
            unit.valid_from,
            employer.name if employer else "",
            employer.code if employer else "",
            choice_label(EmployerKind, employer.kind) if employer else "",
        ]
