"""Writes to employers: the agency, public service unit or enterprise that is the "cơ sở" of
Decree 13/2012/NĐ-CP (Art. 1, 5: the application for recognition is addressed to it; Circular
18/2013/TT-BKHCN Art. 2 says which bodies may be one), and their dated links to grassroots unions.

Employers keep their history as the unit tree does: a dated change closes the open
``EmployerVersion`` and opens a new one; merges, splits and dissolutions end the employer, move
its grassroots unions to the successor with dates and record predecessor → successor events.
Errors are ``ApplicationError`` with a message for the user; nothing is saved when one is raised.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from unions.enums import GRASSROOTS_KINDS, EmployerEventAction, EmployerKind
from unions.models import Employer, EmployerEvent, EmployerUnion, EmployerVersion, Unit

# Enterprise and tax codes have 10 digits (13, or 10-3, for a branch); an agency's budget-unit
# code (mã đơn vị quan hệ ngân sách) has 7.
_TAX_CODE = re.compile(r"^(?:[0-9]{7}|[0-9]{10}(?:-?[0-9]{3})?)$")
_VERSIONED = ("name", "kind", "head_name", "head_title", "address")


@dataclass(frozen=True)
class EmployerData:
    """What an employer is: the details a creation, a change, a merge or a split records."""

    name: str
    kind: str
    tax_code: str = ""
    head_name: str = ""
    head_title: str = ""
    address: str = ""
    code: str = ""

    def cleaned(self) -> "EmployerData":
        return EmployerData(
            name=" ".join(self.name.split()),
            kind=self.kind,
            tax_code=self.tax_code.strip().replace(" ", ""),
            head_name=" ".join(self.head_name.split()),
            head_title=" ".join(self.head_title.split()),
            address=" ".join(self.address.split()),
            code=self.code.strip().upper(),
        )


# --- checks --------------------------------------------------------------------------------


def _lock(employer: Employer) -> Employer:
    return Employer.objects.select_for_update().get(pk=employer.pk)


def _open_version(employer: Employer) -> EmployerVersion:
    return EmployerVersion.objects.select_for_update().get(employer=employer, valid_to__isnull=True)


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _check_not_future(day: date, field: str = "effective_date") -> None:
    if day > timezone.localdate():
        raise ApplicationError(_("The effective date cannot be in the future."), field=field)


def _check_active(employer: Employer, field: str | None = None) -> None:
    if not employer.is_active:
        raise ApplicationError(
            _("%(employer)s is no longer active.") % {"employer": employer.name}, field=field
        )


def _check_effective_date(employer: Employer, day: date) -> None:
    _check_not_future(day)
    current = _open_version(employer)
    if day < current.valid_from:
        raise ApplicationError(
            _(
                "%(employer)s changed last on %(date)s; a new change must take effect on or "
                "after that date."
            )
            % {"employer": employer.name, "date": _day(current.valid_from)},
            field="effective_date",
        )


def _check_data(data: EmployerData, *, exclude: Employer | None = None, field=None) -> None:
    if not data.name:
        raise ApplicationError(_("Enter the employer's full name."), field=field or "name")
    if data.kind not in EmployerKind.values:
        raise ApplicationError(_("Choose a valid kind of employer."), field=field or "kind")
    if data.tax_code:
        if not _TAX_CODE.match(data.tax_code):
            raise ApplicationError(
                _(
                    "An organisation or tax code has 10 digits (13 for a branch, such as "
                    "0101234567-001), or 7 digits for a budget-unit code."
                ),
                field=field or "tax_code",
            )
        others = Employer.objects.filter(tax_code=data.tax_code)
        if exclude is not None:
            others = others.exclude(pk=exclude.pk)
        other = others.first()
        if other is not None:
            raise ApplicationError(
                _("%(employer)s already has the organisation or tax code %(code)s.")
                % {"employer": other.name, "code": data.tax_code},
                field=field or "tax_code",
            )
    if data.code:
        others = Employer.objects.filter(code__iexact=data.code)
        if exclude is not None:
            others = others.exclude(pk=exclude.pk)
        if others.exists():
            raise ApplicationError(
                _("The code %(code)s is already used by another employer.") % {"code": data.code},
                field=field or "code",
            )


def _check_grassroots(unit: Unit, field: str = "unit") -> None:
    if unit.kind not in GRASSROOTS_KINDS:
        raise ApplicationError(
            _("Only a grassroots union can be linked to an employer; %(unit)s is a %(kind)s.")
            % {"unit": unit.name, "kind": unit.get_kind_display()},
            field=field,
        )
    if not unit.is_active:
        raise ApplicationError(
            _("%(unit)s is no longer active.") % {"unit": unit.name}, field=field
        )


def _next_code() -> str:
    last = Employer.objects.aggregate(last=Max("pk"))["last"] or 0
    number = last + 1
    while Employer.objects.filter(code=f"CS{number:06d}").exists():
        number += 1
    return f"CS{number:06d}"


# --- history -------------------------------------------------------------------------------


def _event(
    employer: Employer,
    action: str,
    day: date,
    actor: User | None,
    note: str,
    *,
    related: Employer | None = None,
    unit: Unit | None = None,
) -> EmployerEvent:
    return EmployerEvent.objects.create(
        employer=employer,
        action=action,
        effective_date=day,
        related_employer=related,
        unit=unit,
        note=note.strip(),
        recorded_by=actor,
    )


def _record_version(employer: Employer, day: date) -> None:
    """Close the open version at ``day`` and open one with the employer's current details."""
    current = _open_version(employer)
    values = {name: getattr(employer, name) for name in _VERSIONED}
    if current.valid_from == day:
        # Two changes on one day: the later one is the day's state.
        for name, value in values.items():
            setattr(current, name, value)
        current.save()
        return
    current.valid_to = day
    current.save(update_fields=["valid_to"])
    EmployerVersion.objects.create(employer=employer, valid_from=day, **values)


def _end(employer: Employer, day: date) -> None:
    employer.valid_to = day
    employer.is_active = False
    employer.save(update_fields=["valid_to", "is_active", "updated_at"])
    current = _open_version(employer)
    current.valid_to = day
    current.save(update_fields=["valid_to"])


def _open_links(employer: Employer) -> list[EmployerUnion]:
    return list(
        EmployerUnion.objects.select_for_update()
        .filter(employer=employer, valid_to__isnull=True)
        .select_related("unit")
        .order_by("unit__name", "pk")
    )


def _move_link(
    link: EmployerUnion, target: Employer, day: date, actor: User | None, note: str
) -> EmployerUnion:
    """Close ``link`` at ``day`` and open the same union at ``target`` from that day."""
    if day < link.valid_from:
        raise ApplicationError(
            _("%(unit)s has only been at %(employer)s since %(date)s.")
            % {
                "unit": link.unit.name,
                "employer": link.employer.name,
                "date": _day(link.valid_from),
            },
            field="effective_date",
        )
    link.valid_to = day
    link.save(update_fields=["valid_to"])
    _event(link.employer, EmployerEventAction.UNION_UNLINKED, day, actor, note, unit=link.unit)
    moved = EmployerUnion.objects.create(employer=target, unit=link.unit, valid_from=day)
    _event(target, EmployerEventAction.UNION_LINKED, day, actor, note, unit=link.unit)
    return moved


# --- employers -----------------------------------------------------------------------------


@transaction.atomic
def employer_create(
    *,
    data: EmployerData,
    valid_from: date,
    unit: Unit | None = None,
    actor: User | None = None,
    note: str = "",
) -> Employer:
    """Record an employer from ``valid_from`` with its first version and a CREATED event, and
    link the grassroots ``unit`` to it from the same day when one is given.

    Raises ApplicationError for a missing name, an unknown kind, a malformed or used tax code,
    a used code, a date in the future, or a unit that cannot be linked.
    """
    data = data.cleaned()
    _check_not_future(valid_from, "valid_from")
    _check_data(data)
    if unit is not None:
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        _check_grassroots(unit)
    employer = Employer.objects.create(
        code=data.code or _next_code(),
        name=data.name,
        tax_code=data.tax_code,
        kind=data.kind,
        head_name=data.head_name,
        head_title=data.head_title,
        address=data.address,
        valid_from=valid_from,
    )
    EmployerVersion.objects.create(
        employer=employer, valid_from=valid_from, **{n: getattr(employer, n) for n in _VERSIONED}
    )
    _event(employer, EmployerEventAction.CREATED, valid_from, actor, note)
    if unit is not None:
        employer_link_union(
            employer=employer,
            unit=unit,
            valid_from=max(valid_from, unit.valid_from),
            actor=actor,
            note=note,
        )
    return employer


@transaction.atomic
def employer_update(
    *,
    employer: Employer,
    data: EmployerData,
    effective_date: date,
    actor: User | None = None,
    note: str = "",
) -> Employer:
    """Change an employer's details from ``effective_date`` (a new name, kind, head or
    address): the open version closes that day, a new one opens, a CHANGED event is recorded.
    The tax code is corrected in place (it identifies the employer, it has no history).

    Raises ApplicationError when nothing changed, the employer has ended, or the date is in the
    future or before its last change.
    """
    employer = _lock(employer)
    _check_active(employer)
    _check_effective_date(employer, effective_date)
    data = data.cleaned()
    _check_data(EmployerData(**{**data.__dict__, "code": ""}), exclude=employer)
    changed = [name for name in _VERSIONED if getattr(employer, name) != getattr(data, name)]
    tax_changed = employer.tax_code != data.tax_code
    if not changed and not tax_changed:
        raise ApplicationError(_("Nothing has changed."))
    for name in (*_VERSIONED, "tax_code"):
        setattr(employer, name, getattr(data, name))
    employer.save()
    if changed:
        _record_version(employer, effective_date)
    _event(employer, EmployerEventAction.CHANGED, effective_date, actor, note)
    return employer


@transaction.atomic
def employer_link_union(
    *,
    employer: Employer,
    unit: Unit,
    valid_from: date,
    actor: User | None = None,
    note: str = "",
) -> EmployerUnion:
    """Record that the grassroots ``unit`` sits at ``employer`` from ``valid_from``.

    A grassroots union is at one employer at a time: if it is still linked to another one, that
    link must end first. Raises ApplicationError.
    """
    employer = _lock(employer)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _check_active(employer, "employer")
    _check_grassroots(unit)
    _check_not_future(valid_from, "valid_from")
    if valid_from < employer.valid_from:
        raise ApplicationError(
            _("%(employer)s was only recorded from %(date)s.")
            % {"employer": employer.name, "date": _day(employer.valid_from)},
            field="valid_from",
        )
    if valid_from < unit.valid_from:
        raise ApplicationError(
            _("%(unit)s was only established on %(date)s.")
            % {"unit": unit.name, "date": _day(unit.valid_from)},
            field="valid_from",
        )
    current = (
        EmployerUnion.objects.select_for_update()
        .filter(unit=unit, valid_to__isnull=True)
        .select_related("employer")
        .first()
    )
    if current is not None:
        if current.employer_id == employer.pk:
            raise ApplicationError(
                _("%(unit)s is already at %(employer)s.")
                % {"unit": unit.name, "employer": employer.name},
                field="unit",
            )
        raise ApplicationError(
            _(
                "%(unit)s is at %(employer)s since %(date)s; end that link first (a grassroots "
                "union is at one employer at a time)."
            )
            % {
                "unit": unit.name,
                "employer": current.employer.name,
                "date": _day(current.valid_from),
            },
            field="unit",
        )
    overlapping = (
        EmployerUnion.objects.filter(unit=unit, valid_to__gt=valid_from)
        .select_related("employer")
        .first()
    )
    if overlapping is not None:
        raise ApplicationError(
            _("%(unit)s was at %(employer)s until %(date)s; the new link cannot start earlier.")
            % {
                "unit": unit.name,
                "employer": overlapping.employer.name,
                "date": _day(overlapping.valid_to),
            },
            field="valid_from",
        )
    link = EmployerUnion.objects.create(employer=employer, unit=unit, valid_from=valid_from)
    _event(employer, EmployerEventAction.UNION_LINKED, valid_from, actor, note, unit=unit)
    return link


@transaction.atomic
def employer_unlink_union(
    *,
    employer: Employer,
    unit: Unit,
    effective_date: date,
    actor: User | None = None,
    note: str = "",
) -> EmployerUnion:
    """End the link of the grassroots ``unit`` with ``employer`` on ``effective_date`` (the
    first day the union is no longer there). Raises ApplicationError."""
    employer = _lock(employer)
    link = (
        EmployerUnion.objects.select_for_update()
        .filter(employer=employer, unit=unit, valid_to__isnull=True)
        .select_related("unit")
        .first()
    )
    if link is None:
        raise ApplicationError(
            _("%(unit)s is not at %(employer)s now.")
            % {"unit": unit.name, "employer": employer.name},
            field="unit",
        )
    _check_not_future(effective_date)
    if effective_date <= link.valid_from:
        raise ApplicationError(
            _("The link began on %(date)s; it can only end after that day.")
            % {"date": _day(link.valid_from)},
            field="effective_date",
        )
    link.valid_to = effective_date
    link.save(update_fields=["valid_to"])
    _event(employer, EmployerEventAction.UNION_UNLINKED, effective_date, actor, note, unit=unit)
    return link


@transaction.atomic
def employer_merge(
    *,
    sources: list[Employer],
    effective_date: date,
    target: Employer | None = None,
    new_employer: EmployerData | None = None,
    actor: User | None = None,
    note: str = "",
) -> Employer:
    """Merge ``sources`` into ``target`` (an existing employer) or into a new one.

    The grassroots unions at each source move to the successor on ``effective_date`` (their
    old links end that day); each source ends and records MERGED_INTO, the successor ABSORBED.
    Returns the successor. Raises ApplicationError.
    """
    if (target is None) == (new_employer is None):
        raise ApplicationError(
            _("Choose an existing employer or describe a new one to merge into.")
        )
    sources = [_lock(source) for source in {source.pk: source for source in sources}.values()]
    if not sources or (new_employer is not None and len(sources) < 2):
        raise ApplicationError(
            _(
                "Choose at least two employers to merge into a new one, or one to merge into "
                "an existing employer."
            ),
            field="sources",
        )
    for source in sources:
        _check_active(source, "sources")
        _check_effective_date(source, effective_date)
    if target is not None:
        target = _lock(target)
        _check_active(target, "target")
        _check_effective_date(target, effective_date)
        if any(source.pk == target.pk for source in sources):
            raise ApplicationError(_("An employer cannot be merged into itself."), field="target")
    else:
        target = employer_create(
            data=new_employer, valid_from=effective_date, actor=actor, note=note
        )
    for source in sources:
        for link in _open_links(source):
            _move_link(link, target, effective_date, actor, note)
        _event(source, EmployerEventAction.MERGED_INTO, effective_date, actor, note, related=target)
        _event(target, EmployerEventAction.ABSORBED, effective_date, actor, note, related=source)
        _end(source, effective_date)
    return Employer.objects.get(pk=target.pk)


@transaction.atomic
def employer_split(
    *,
    employer: Employer,
    parts: list[EmployerData],
    effective_date: date,
    union_parts: dict[int, int] | None = None,
    actor: User | None = None,
    note: str = "",
) -> list[Employer]:
    """Split ``employer`` into new employers. ``union_parts`` maps a grassroots unit id to the
    index of the part it moves to (the first part by default). The employer ends and records
    SPLIT_INTO towards every part, each part SPLIT_FROM. Raises ApplicationError."""
    employer = _lock(employer)
    _check_active(employer)
    _check_effective_date(employer, effective_date)
    if len(parts) < 2:
        raise ApplicationError(_("A split needs at least two new employers."), field="parts")
    cleaned = [part.cleaned() for part in parts]
    tax_codes = [part.tax_code for part in cleaned if part.tax_code]
    if len(set(tax_codes)) != len(tax_codes):
        raise ApplicationError(
            _("Each new employer needs its own organisation or tax code."), field="parts"
        )
    union_parts = union_parts or {}
    if any(not 0 <= index < len(parts) for index in union_parts.values()):
        raise ApplicationError(_("Choose one of the new employers for every grassroots union."))
    links = _open_links(employer)
    receiving = {union_parts.get(link.unit_id, 0) for link in links}
    if len(receiving) < len(parts):
        # An employer is seen through its grassroots unions: a part without one would be lost.
        raise ApplicationError(
            _("Each new employer must take over at least one of the grassroots unions."),
            field="parts",
        )
    # The split employer's own tax code may pass to a part: free it first.
    if employer.tax_code and employer.tax_code in tax_codes:
        employer.tax_code = ""
        employer.save(update_fields=["tax_code", "updated_at"])
    created = [
        employer_create(data=part, valid_from=effective_date, actor=actor, note=note)
        for part in cleaned
    ]
    for link in links:
        destination = created[union_parts.get(link.unit_id, 0)]
        _move_link(link, destination, effective_date, actor, note)
    for part in created:
        _event(employer, EmployerEventAction.SPLIT_INTO, effective_date, actor, note, related=part)
        _event(part, EmployerEventAction.SPLIT_FROM, effective_date, actor, note, related=employer)
    _end(employer, effective_date)
    return [Employer.objects.get(pk=part.pk) for part in created]


@transaction.atomic
def employer_dissolve(
    *,
    employer: Employer,
    effective_date: date,
    receiver: Employer | None = None,
    actor: User | None = None,
    note: str = "",
) -> Employer:
    """Dissolve ``employer`` on ``effective_date``. Its grassroots unions move to ``receiver``
    when one is given; otherwise their links simply end. Raises ApplicationError."""
    employer = _lock(employer)
    _check_active(employer)
    _check_effective_date(employer, effective_date)
    if receiver is not None:
        receiver = _lock(receiver)
        _check_active(receiver, "receiver")
        if receiver.pk == employer.pk:
            raise ApplicationError(
                _("An employer cannot take over its own unions."), field="receiver"
            )
    for link in _open_links(employer):
        if receiver is not None:
            _move_link(link, receiver, effective_date, actor, note)
            continue
        if effective_date < link.valid_from:
            raise ApplicationError(
                _("%(unit)s has only been at %(employer)s since %(date)s.")
                % {
                    "unit": link.unit.name,
                    "employer": employer.name,
                    "date": _day(link.valid_from),
                },
                field="effective_date",
            )
        link.valid_to = effective_date
        link.save(update_fields=["valid_to"])
        _event(
            employer,
            EmployerEventAction.UNION_UNLINKED,
            effective_date,
            actor,
            note,
            unit=link.unit,
        )
    _event(employer, EmployerEventAction.DISSOLVED, effective_date, actor, note, related=receiver)
    _end(employer, effective_date)
    return Employer.objects.get(pk=employer.pk)
