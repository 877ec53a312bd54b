"""The members' import: one row per person, with the headers of ``unions.member_columns``.

A row is matched to a person already registered by the card number, else the phone number,
else the e-mail address; a new person is registered through ``unions.services.members``.
Cells left empty keep what the register holds.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.errors import ApplicationError
from accounts.models import Sex, User
from accounts.search import fold
from imports.matching import FirstRows, UnitCodes, header_of, member_ids_by_card
from imports.models import ImportBatch, ImportedRow
from imports.reading import Column, RowError, date_value, phone_value, text
from unions.enums import GRASSROOTS_KINDS, Capability
from unions.member_columns import EXPORT_ONLY_COLUMNS, MEMBER_COLUMNS
from unions.models import Membership, Unit
from unions.selectors import has_capability_on
from unions.services.members import (
    MemberRowError,
    NewMember,
    PersonData,
    member_update,
    members_register_many,
)

_SEXES = {"nu": Sex.FEMALE, "female": Sex.FEMALE, "nam": Sex.MALE, "male": Sex.MALE}


def _sex(value: Any) -> str:
    raw = fold(text(value)).strip()
    if not raw:
        return ""
    if raw not in _SEXES:
        raise RowError(_("Write “Nam” or “Nữ”."))
    return _SEXES[raw]


def _identity(value: Any) -> str:
    raw = text(value)
    if raw and isinstance(value, int | float):
        raw = raw.zfill(12)  # a number cell drops the leading zeros
    if raw and not (raw.isascii() and raw.isdigit() and len(raw) == 12):
        raise RowError(_("The personal identification number has 12 digits."))
    return raw


def _email(value: Any) -> str:
    raw = text(value).lower()
    if raw:
        try:
            validate_email(raw)
        except ValidationError:
            raise RowError(_("Enter a valid e-mail address.")) from None
    return raw


def _name(value: Any) -> str:
    raw = text(value)
    if not raw:
        raise RowError(_("Enter the member's full name."))
    return raw


_EXPLANATIONS = {
    "full_name": (gettext_lazy("Family, middle and given names, as on the identity card."), _name),
    "date_of_birth": (gettext_lazy("dd/mm/yyyy, or an Excel date."), date_value),
    "sex": (gettext_lazy("“Nam” or “Nữ”."), _sex),
    "identity_number": (
        gettext_lazy("The 12 digits of the citizen identity card (may be empty)."),
        _identity,
    ),
    "phone": (
        gettext_lazy("A Vietnamese number; a number cell that lost its leading 0 is accepted."),
        phone_value,
    ),
    "email": (gettext_lazy("Needed for a sign-in account later (may be empty)."), _email),
    "unit_code": (
        gettext_lazy("The code of the grassroots union the member belongs to (required)."),
        text,
    ),
    "card_number": (
        gettext_lazy("Unique across the country; how the member is recognised on re-import."),
        text,
    ),
    "joined_on": (gettext_lazy("dd/mm/yyyy, or an Excel date; empty: today."), date_value),
    "position": (gettext_lazy("For example: Công nhân, Tổ trưởng."), text),
}
_EXAMPLE = [
    "Nguyễn Thị Hằng",
    date(1990, 5, 17),
    "Nữ",
    "045190001234",
    "0912345678",
    "hang@example.vn",
    "CSX",
    "QT-000001",
    date(2012, 3, 1),
    "Công nhân",
]


def split_name(full_name: str) -> tuple[str, str]:
    parts = full_name.rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])


class MemberImporter:
    kind = "members"
    columns = [
        Column(
            key,
            header,
            _EXPLANATIONS[key][0],
            _EXPLANATIONS[key][1],
            required=key in {"full_name", "unit_code"},
            example=example,
        )
        for (key, header), example in zip(MEMBER_COLUMNS, _EXAMPLE, strict=True)
    ]
    ignored_headers = {str(label) for _key, label in EXPORT_ONLY_COLUMNS}

    def __init__(self, *, actor: User | None = None, scope: Unit | None = None):
        self.actor = actor
        self.scope = scope
        self.units = UnitCodes(scope)
        self.seen = FirstRows()

    # --- checking ---------------------------------------------------------------------------

    def _unit(self, code: str) -> Unit:
        unit = self.units.find(code)
        if not unit.is_active or unit.kind not in GRASSROOTS_KINDS:
            raise RowError(
                _("%(unit)s is not an active grassroots union; members belong to one.")
                % {"unit": unit.name}
            )
        self.units.check_in_scope(unit)
        if self.actor is not None and not has_capability_on(
            self.actor, Capability.MANAGE_MEMBERS, unit
        ):
            raise RowError(_("You may not register members of %(unit)s.") % {"unit": unit.name})
        return unit

    def parse(self, number: int, cells: list, problems: list) -> dict | None:
        from imports.reading import Problem

        values: dict[str, Any] = {}
        for column, cell in zip(self.columns, cells, strict=True):
            try:
                values[column.key] = column.parse(cell)
                if column.key == "unit_code":
                    if not values["unit_code"]:
                        raise RowError(_("Enter the code of the member's grassroots union."))
                    values["unit"] = self._unit(values["unit_code"])
            except RowError as error:
                problems.append(Problem(number, column.header, str(error)))
        if problems:
            return None
        if not (values["card_number"] or values["phone"] or values["email"]):
            problems.append(
                Problem(
                    number,
                    self.columns[7].header,
                    _(
                        "Give a card number, a phone number or an e-mail address, so the member "
                        "is recognised when the file is imported again."
                    ),
                )
            )
            return None
        for key in ("card_number", "identity_number", "phone", "email"):
            value = values[key].lower() if values[key] else ""
            if not value:
                continue
            earlier = self.seen.earlier((key, value), number)
            if earlier is not None:
                problems.append(
                    Problem(
                        number,
                        header_of(self.columns, key),
                        _("The same person is already in row %(row)d of this file.")
                        % {"row": earlier},
                    )
                )
                return None
        return values

    # --- writing ----------------------------------------------------------------------------

    # --- writing, a chunk of rows at a time -----------------------------------------------

    CHUNK = 2000

    def apply_all(self, rows: list, batch: ImportBatch | None, report, written=None) -> None:
        """Write every checked row: people found by their keys are compared in memory and those
        that change are updated one by one (a savepoint each), new people are registered in
        bulk (``members_register_many``). Rows a rule refuses are added to the report's problems
        and rejected rows. ``written`` is told the rows written after each chunk."""
        for start in range(0, len(rows), self.CHUNK):
            chunk = rows[start : start + self.CHUNK]
            self._prefetch([values for _number, _cells, values in chunk])
            new = []
            for number, cells, values in chunk:
                person = self._find(values)
                if person is None:
                    new.append((number, cells, values))
                    continue
                try:
                    change = self._change(person, values)
                    if change is None:  # compared in memory: no savepoint, no query
                        report.count("unchanged")
                        continue
                    with transaction.atomic():
                        self._write_change(change, batch)
                except ApplicationError as error:
                    report.reject(number, cells, error)
                    continue
                report.count("updated")
            self._create(new, batch, report)
            if written is not None:
                written(min(start + self.CHUNK, len(rows)), len(rows))

    def _prefetch(self, chunk: list[dict]) -> None:
        cards = [v["card_number"] for v in chunk if v["card_number"]]
        phones = [v["phone"] for v in chunk if v["phone"]]
        emails = [v["email"] for v in chunk if v["email"]]
        self.by_card = member_ids_by_card(cards, ignore_case=False)
        self.by_phone = dict(User.objects.filter(phone__in=phones).values_list("phone", "pk"))
        self.by_email = {
            email.lower(): pk
            for email, pk in User.objects.filter(email__in=emails).values_list("email", "pk")
        }
        ids = {*self.by_card.values(), *self.by_phone.values(), *self.by_email.values()}
        self.people = User.objects.in_bulk(ids)
        self.current = {
            m.user_id: m
            for m in Membership.objects.filter(
                user_id__in=ids, valid_to__isnull=True
            ).select_related("unit")
        }
        self.first_start = dict(
            Membership.objects.filter(user_id__in=ids)
            .values("user_id")
            .annotate(first=Min("valid_from"))
            .values_list("user_id", "first")
        )

    def _find(self, values: dict) -> User | None:
        for key, index in (
            ("card_number", self.by_card),
            ("phone", self.by_phone),
            ("email", self.by_email),
        ):
            value = values[key].lower() if key != "phone" else values[key]
            if value and value in index:
                return self.people.get(index[value])
        return None

    def _new_member(self, values: dict) -> NewMember:
        unit = values["unit"]
        last_name, first_name = split_name(values["full_name"])
        today = timezone.localdate()
        joined = values["joined_on"]
        start = max(joined, unit.valid_from) if joined else today
        return NewMember(
            person=PersonData(
                last_name=last_name,
                first_name=first_name,
                sex=values["sex"],
                date_of_birth=values["date_of_birth"],
                identity_number=values["identity_number"],
                phone=values["phone"],
                email=values["email"],
            ),
            unit=unit,
            valid_from=min(start, today),
            card_number=values["card_number"],
            joined_on=joined,
            position=values["position"],
        )

    def _create(self, new: list, batch: ImportBatch | None, report) -> None:
        while new:
            try:
                with transaction.atomic():
                    memberships = members_register_many(
                        members=[self._new_member(values) for _n, _c, values in new],
                        actor=self.actor,
                    )
            except MemberRowError as error:
                number, cells, _values = new.pop(error.index)
                report.reject(number, cells, error)
                continue
            if batch is not None:
                ImportedRow.objects.bulk_create(
                    [
                        row
                        for m in memberships
                        for row in (
                            ImportedRow(
                                batch=batch, model="user", object_id=m.user_id, created=True
                            ),
                            ImportedRow(
                                batch=batch, model="membership", object_id=m.pk, created=True
                            ),
                        )
                    ],
                    batch_size=2000,
                )
            report.created += len(memberships)
            return

    def _change(self, person: User, values: dict) -> tuple | None:
        """What the row changes of ``person``, read from the prefetched rows: None when nothing,
        else the membership and the values before and after. Raises ApplicationError when the
        person is no longer a member or belongs to another unit."""
        unit = values["unit"]
        last_name, first_name = split_name(values["full_name"])
        membership = self.current.get(person.pk)
        if membership is None:
            raise ApplicationError(
                _("%(name)s is registered but no longer a member; register them again.")
                % {"name": person.get_full_name()}
            )
        if membership.unit_id != unit.pk:
            raise ApplicationError(
                _("%(name)s belongs to %(unit)s; move them in the members' register first.")
                % {"name": person.get_full_name(), "unit": membership.unit.name}
            )
        person_before = {
            "last_name": person.last_name,
            "first_name": person.first_name,
            "sex": person.sex,
            "date_of_birth": person.date_of_birth,
            "identity_number": person.identity_number or "",
            "phone": person.phone or "",
            "email": person.email or "",
        }
        membership_before = {
            "card_number": membership.card_number,
            "joined_on": membership.joined_on,
            "position": membership.position,
        }
        person_after = dict(person_before)
        person_after["last_name"], person_after["first_name"] = last_name, first_name
        for key in ("sex", "date_of_birth", "identity_number", "phone", "email"):
            if values[key]:
                person_after[key] = values[key]
        membership_after = dict(membership_before)
        for key in ("card_number", "joined_on", "position"):
            if values[key]:
                membership_after[key] = values[key]
        # No typed date: the export writes the start of the first membership, which is the same.
        if (
            membership_before["joined_on"] is None
            and membership_after["joined_on"] is not None
            and self.first_start.get(person.pk) == membership_after["joined_on"]
        ):
            membership_after["joined_on"] = None
        if person_after == person_before and membership_after == membership_before:
            return None
        return membership, person_before, membership_before, person_after, membership_after

    def _write_change(self, change: tuple, batch: ImportBatch | None) -> None:
        membership, person_before, membership_before, person_after, membership_after = change
        member_update(
            membership=membership,
            person=PersonData(**person_after),
            card_number=membership_after["card_number"],
            joined_on=membership_after["joined_on"],
            position=membership_after["position"],
            qualification=membership.qualification,
            actor=self.actor,
        )
        if batch is not None:
            ImportedRow.objects.create(
                batch=batch,
                model="membership",
                object_id=membership.pk,
                previous={
                    **{k: _json(v) for k, v in person_before.items()},
                    **{k: _json(v) for k, v in membership_before.items()},
                },
            )


def _json(value):
    return value.isoformat() if isinstance(value, date) else value
