"""The import of past initiatives: one row per initiative recognised before the registry was
used, which becomes a dossier in the state "recognised" (``initiative_record_past``) with, when
it was recognised at the base, the employer's decision (``external_recognition_record_past``).

Rows are matched by the unit and the receipt number when one is given, else by the unit, the
year and the title (diacritics and case ignored). A dossier already in the registry is left as
it is: the row is "unchanged" when it says the same, and refused when it says otherwise (a
recognised dossier is corrected on its page, not by a file).
"""

import re
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.search import fold
from awards.selectors.recognitions import recognitions_for
from awards.services.recognitions import external_recognition_record_past
from imports.matching import (
    FirstRows,
    UnitCodes,
    differing_columns,
    header_of,
    member_ids_by_card,
)
from imports.models import ImportBatch, ImportedRow
from imports.reading import Column, Problem, RowError, date_value, text
from imports.units import _choice_parser, _kinds_text, _required, choice_label
from initiatives.enums import InitiativeField, InitiativeStatus
from initiatives.models import Initiative
from initiatives.past_records import initiative_record_past
from initiatives.services import AuthorData
from unions.enums import GRASSROOTS_KINDS, Capability
from unions.levels import Level, level_of
from unions.models import Membership, Unit
from unions.selectors import has_capability_on
from unions.selectors.employers import employer_of

BASE = "base"
HIGHER = "higher"
LEVELS = {"co so": BASE, "cap co so": BASE, "cap tren": HIGHER, "base": BASE, "higher": HIGHER}
LEVEL_LABELS = {BASE: "Cơ sở", HIGHER: "Cấp trên"}
AUTHOR_SEPARATOR = re.compile(r"\s*[;\n]\s*")

_field = _choice_parser(
    InitiativeField,
    gettext_lazy("Write a field of application as the explanations sheet lists them."),
)


def _year(value: Any) -> int | None:
    raw = text(value)
    if not raw:
        raise RowError(_("This column is required."))
    if not (raw.isdigit() and len(raw) == 4):
        raise RowError(_("Write the year with four digits, for example 2019."))
    year = int(raw)
    if not 1945 <= year <= timezone.localdate().year:
        raise RowError(_("Give a year that has passed."))
    return year


def _level(value: Any) -> str:
    raw = fold(text(value)).strip()
    if raw not in LEVELS:
        raise RowError(_("Write “Cơ sở” or “Cấp trên”."))
    return LEVELS[raw]


def money_value(value: Any) -> int | None:
    """A whole number of đồng, typed as a number or as text ("1.234.567 ₫")."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value < 0 or (isinstance(value, float) and not value.is_integer()):
            raise RowError(_("Write a whole, non-negative number of đồng."))
        return int(value)
    raw = re.sub(r"[\s.,₫]|đ$|vnd$", "", text(value).lower())
    if not raw:
        return None
    if not raw.isdigit():
        raise RowError(_("Write a whole, non-negative number of đồng."))
    return int(raw)


def _authors(value: Any) -> list[str]:
    raw = text(value) if not isinstance(value, str) else value.strip()
    items = [" ".join(item.split()) for item in AUTHOR_SEPARATOR.split(raw or "")]
    items = [item for item in items if item]
    if not items:
        raise RowError(_("Name at least one author."))
    return items


def _looks_like_card(item: str) -> bool:
    return any(ch.isdigit() for ch in item)


def shares(count: int) -> list[Decimal]:
    """Equal contributions adding up to 100%, the last author taking the remainder."""
    each = (Decimal(100) / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [each] * (count - 1) + [Decimal(100) - each * (count - 1)]


_FIELD_COLUMNS = {
    "receipt_number": "Số biên nhận",
    "title": "Tên sáng kiến",
    "authors": "Tác giả",
    "unit": "Mã đơn vị",
    "year": "Năm",
    "benefit_claimed": "Lợi ích kinh tế (đồng/năm)",
    "decision_number": "Số quyết định công nhận",
    "decided_on": "Ngày quyết định công nhận",
}


def _in_columns(error: ApplicationError) -> ApplicationError:
    """A service's error with the column of the template its field is written in."""
    return ApplicationError(error.message, field=_FIELD_COLUMNS.get(error.field or "", ""))


class PastInitiativeImporter:
    kind = "initiatives"
    ignored_headers: set[str] = set()

    def __init__(self, *, actor: User | None = None, scope: Unit | None = None):
        self.actor = actor
        self.scope = scope
        self.units = UnitCodes(scope)
        self.seen = FirstRows()
        self.columns = [
            Column(
                "receipt_number",
                "Số biên nhận",
                gettext_lazy(
                    "The receipt number the unit gave the dossier, if known; how the dossier "
                    "is recognised on re-import (else by unit, year and title)."
                ),
                text,
                False,
                "SK-2019-00012",
            ),
            Column(
                "title",
                "Tên sáng kiến",
                gettext_lazy("The title as recognised."),
                _required,
                True,
                "Cải tiến khuôn ép đế giày giảm phế phẩm",
            ),
            Column(
                "authors",
                "Tác giả",
                gettext_lazy(
                    "Card numbers of the authors who are members, or full names, separated by "
                    "“;”. The contributions are shared equally."
                ),
                _authors,
                True,
                "QT-000001; Trần Văn Bình",
            ),
            Column(
                "unit_code",
                "Mã đơn vị",
                gettext_lazy("The code of the grassroots union the dossier belongs to."),
                _required,
                True,
                "CSX",
            ),
            Column(
                "field",
                "Lĩnh vực",
                _kinds_text(InitiativeField),
                _field,
                False,
                choice_label(InitiativeField, InitiativeField.MECHANICAL),
            ),
            Column(
                "year",
                "Năm",
                gettext_lazy("The year the dossier was filed, four digits."),
                _year,
                True,
                2019,
            ),
            Column(
                "level",
                "Cấp công nhận",
                gettext_lazy(
                    "“Cơ sở”: recognised by the employer's decision (give its number and "
                    "date); “Cấp trên”: recognised at a higher level (give the body in the "
                    "last column; import the award decision with the past awards)."
                ),
                _level,
                True,
                "Cơ sở",
            ),
            Column(
                "decision_number",
                "Số quyết định công nhận",
                gettext_lazy("The employer's decision recognising it (“Cơ sở” only)."),
                text,
                False,
                "12/QĐ-MAYSH",
            ),
            Column(
                "decided_on",
                "Ngày quyết định công nhận",
                gettext_lazy("dd/mm/yyyy, or an Excel date (“Cơ sở” only)."),
                date_value,
                False,
                date(2019, 12, 20),
            ),
            Column(
                "benefit",
                "Lợi ích kinh tế (đồng/năm)",
                gettext_lazy("A whole number of đồng a year, where known (may be empty)."),
                money_value,
                False,
                150000000,
            ),
            Column(
                "body_code",
                "Mã đơn vị công nhận",
                gettext_lazy(
                    "“Cấp trên” only: the code of the union body above the grassroots that "
                    "recognised it (upper-direct, provincial or national); the public bank "
                    "shows the dossier at its level. May be empty."
                ),
                text,
                False,
                "",
                added_later=True,
            ),
        ]

    def _header(self, key: str) -> str:
        return header_of(self.columns, key)

    # --- checking ---------------------------------------------------------------------------

    def _unit(self, code: str) -> Unit:
        unit = self.units.find(code)
        if unit.kind not in GRASSROOTS_KINDS:
            raise RowError(
                _("%(unit)s is not a grassroots union; initiatives belong to one.")
                % {"unit": unit.name}
            )
        self.units.check_in_scope(unit)
        if self.actor is not None and not has_capability_on(
            self.actor, Capability.RECEIVE_INITIATIVES, unit
        ):
            raise RowError(_("You may not record initiatives of %(unit)s.") % {"unit": unit.name})
        return unit

    def _body(self, values: dict) -> Unit:
        """The union body above the dossier's unit that recognised it at a higher level."""
        body = self.units.find(values["body_code"])
        unit = values["unit"]
        if level_of(body) == Level.GRASSROOTS or not (
            unit.path.startswith(body.path) and body.depth < unit.depth
        ):
            raise RowError(
                _(
                    "%(body)s is not a union body above %(unit)s; write the code of the "
                    "upper-direct, provincial or national body that recognised the initiative."
                )
                % {"body": body.name, "unit": unit.name}
            )
        return body

    def _author_data(self, items: list[str]) -> list[AuthorData]:
        found = member_ids_by_card(item for item in items if _looks_like_card(item))
        people = User.objects.in_bulk(set(found.values()))
        authors = []
        seen = set()
        for item, share in zip(items, shares(len(items)), strict=True):
            if _looks_like_card(item):
                user = people.get(found.get(item.lower()))
                if user is None:
                    raise RowError(_("No member has the card number %(card)s.") % {"card": item})
                if user.pk in seen:
                    raise RowError(_("A member is listed twice as an author."))
                seen.add(user.pk)
                authors.append(
                    AuthorData(full_name=user.get_full_name(), contribution=share, user=user)
                )
            else:
                authors.append(AuthorData(full_name=item, contribution=share))
        return authors

    def parse(self, number: int, cells: list, problems: list) -> dict | None:
        values: dict[str, Any] = {}
        for column, cell in zip(self.columns, cells, strict=True):
            try:
                values[column.key] = column.parse(cell)
                if column.key == "unit_code":
                    values["unit"] = self._unit(values["unit_code"])
                if column.key == "authors":
                    values["author_data"] = self._author_data(values["authors"])
            except RowError as error:
                problems.append(Problem(number, column.header, str(error)))
        if problems:
            return None
        values["body"] = None
        if values["body_code"]:
            if values["level"] == BASE:
                problems.append(
                    Problem(
                        number,
                        self._header("body_code"),
                        _(
                            "At the base the employer recognises the initiative; name a body "
                            "only with “Cấp trên”."
                        ),
                    )
                )
                return None
            try:
                values["body"] = self._body(values)
            except RowError as error:
                problems.append(Problem(number, self._header("body_code"), str(error)))
                return None
        if values["level"] == BASE:
            for key in ("decision_number", "decided_on"):
                if not values[key]:
                    problems.append(
                        Problem(
                            number,
                            self._header(key),
                            _("Give the number and the date of the employer's decision."),
                        )
                    )
                    return None
            if values["decided_on"] > timezone.localdate():
                problems.append(
                    Problem(
                        number,
                        self._header("decided_on"),
                        _("The decision cannot be dated in the future."),
                    )
                )
                return None
            if employer_of(values["unit"]) is None:
                problems.append(
                    Problem(
                        number,
                        self._header("unit_code"),
                        _(
                            "%(unit)s sits at no employer in the registry: import the unit's "
                            "employer first, or write “Cấp trên”."
                        )
                        % {"unit": values["unit"].name},
                    )
                )
                return None
        elif values["decision_number"] or values["decided_on"]:
            problems.append(
                Problem(
                    number,
                    self._header("decision_number"),
                    _(
                        "Only a recognition at the base carries the employer's decision; the "
                        "higher level's decision is imported with the past awards."
                    ),
                )
            )
            return None
        unit_key = values["unit"].pk
        key = (
            ("receipt", unit_key, values["receipt_number"].lower())
            if values["receipt_number"]
            else ("title", unit_key, values["year"], fold(values["title"]))
        )
        earlier = self.seen.earlier(key, number)
        if earlier is not None:
            problems.append(
                Problem(
                    number,
                    self._header("receipt_number" if values["receipt_number"] else "title"),
                    _("The same initiative is already in row %(row)d of this file.")
                    % {"row": earlier},
                )
            )
            return None
        return values

    # --- writing ----------------------------------------------------------------------------

    def _existing(self, values: dict) -> Initiative | None:
        dossiers = Initiative.objects.filter(unit=values["unit"])
        if values["receipt_number"]:
            return dossiers.filter(receipt_number__iexact=values["receipt_number"]).first()
        wanted = fold(values["title"]).strip()
        for dossier in dossiers.filter(receipt_year=values["year"]).exclude(status="draft"):
            if fold(dossier.title).strip() == wanted:
                return dossier
        return None

    def _row(self, values: dict) -> list:
        """The row as the export would write it for these values."""
        return [
            values["receipt_number"],
            " ".join(values["title"].split()),
            "; ".join(values["authors"]),
            values["unit"].code,
            choice_label(InitiativeField, values["field"]),
            values["year"],
            LEVEL_LABELS[values["level"]],
            values["decision_number"],
            values["decided_on"],
            values["benefit"],
            values["body"].code if values["body"] is not None else "",
        ]

    def apply(self, values: dict, batch: ImportBatch | None) -> str:
        try:
            return self._apply(values, batch)
        except ApplicationError as error:
            raise _in_columns(error) from None

    def _apply(self, values: dict, batch: ImportBatch | None) -> str:
        existing = self._existing(values)
        if existing is not None:
            found = initiative_export_rows([existing])[0]
            wanted = self._row(values)
            if not values["receipt_number"]:
                found[0] = ""
            differing = differing_columns(
                self.columns,
                found,
                wanted,
                same={
                    "authors": _same_authors,
                    "title": lambda a, b: fold(a).strip() == fold(b).strip(),
                },
            )
            if differing:
                raise ApplicationError(
                    _(
                        "The registry already holds this initiative with other values "
                        "(%(columns)s); correct it on the dossier's page."
                    )
                    % {"columns": ", ".join(differing)}
                )
            return "unchanged"
        level = values["level"]
        source = _("Imported from %(file)s") % {"file": batch.file_name} if batch else ""
        if level == BASE:
            detail = _("recognised at the base by decision %(number)s of %(date)s") % {
                "number": values["decision_number"],
                "date": values["decided_on"].strftime("%d/%m/%Y"),
            }
        elif values["body"] is not None:
            detail = _("recognised at a higher level by %(body)s") % {"body": values["body"].name}
        else:
            detail = _("recognised at a higher level")
        note = f"{source}: {detail}." if source else f"{detail[:1].upper()}{detail[1:]}."
        initiative = initiative_record_past(
            actor=self.actor,
            unit=values["unit"],
            title=values["title"],
            year=values["year"],
            authors=values["author_data"],
            field=values["field"],
            benefit_claimed=values["benefit"],
            receipt_number=values["receipt_number"],
            note=note,
            level=level_of(values["body"]) if values["body"] is not None else Level.GRASSROOTS,
        )
        if level == BASE:
            external_recognition_record_past(
                initiative=initiative,
                actor=self.actor,
                employer=employer_of(values["unit"]),
                decision_number=values["decision_number"],
                decided_on=values["decided_on"],
            )
        if batch is not None:
            ImportedRow.objects.create(
                batch=batch, model="initiative", object_id=initiative.pk, created=True
            )
        return "created"


def _same_authors(a: str, b: str) -> bool:
    return [fold(x) for x in AUTHOR_SEPARATOR.split(a or "")] == [
        fold(x) for x in AUTHOR_SEPARATOR.split(b or "")
    ]


def initiative_export_rows(initiatives) -> list[list]:
    """Recognised dossiers as rows of the past initiatives' template (the round trip of the
    import): an author who is a member by their card number, else by name; the level "Cơ sở"
    with the employer's decision when one recognised it, else "Cấp trên" with the body of the
    bank's level above the unit (the nearest ancestor at that level), if above the grassroots.
    Three queries and the authors' prefetch, whatever the number of rows."""
    initiatives = list(initiatives)
    recognitions = recognitions_for(initiatives)
    bodies = _recognising_bodies(
        [i for i in initiatives if i.pk not in recognitions and i.highest_level]
    )
    user_ids = {a.user_id for i in initiatives for a in i.authors.all() if a.user_id is not None}
    cards = dict(
        Membership.objects.filter(user_id__in=user_ids, valid_to__isnull=True)
        .exclude(card_number="")
        .values_list("user_id", "card_number")
    )
    rows = []
    for initiative in initiatives:
        recognition = recognitions.get(initiative.pk)
        authors = [
            cards.get(a.user_id) or a.full_name
            for a in sorted(initiative.authors.all(), key=lambda a: (a.order, a.pk))
        ]
        rows.append(
            [
                initiative.receipt_number,
                initiative.title,
                "; ".join(authors),
                initiative.unit.code,
                choice_label(InitiativeField, initiative.field),
                initiative.receipt_year,
                LEVEL_LABELS[BASE if recognition is not None else HIGHER],
                recognition.number if recognition else "",
                recognition.decided_on if recognition else None,
                initiative.benefit_claimed,
                bodies.get(initiative.pk, ""),
            ]
        )
    return rows


def _recognising_bodies(initiatives: list[Initiative]) -> dict[int, str]:
    """The code of the nearest unit above each dossier's unit at the dossier's bank level, for
    those at a level above the grassroots, by dossier id. One query."""
    wanted = [i for i in initiatives if i.highest_level < Level.GRASSROOTS]
    step = Unit.steplen
    paths = {i.unit.path[:end] for i in wanted for end in range(step, len(i.unit.path), step)}
    above = {
        unit.path: unit for unit in Unit.objects.filter(path__in=paths).only("path", "code", "kind")
    }
    bodies = {}
    for initiative in wanted:
        path = initiative.unit.path
        for end in range(len(path) - step, 0, -step):
            unit = above.get(path[:end])
            if unit is not None and level_of(unit) == initiative.highest_level:
                bodies[initiative.pk] = unit.code
                break
    return bodies


def exported_initiatives(paths: list[str] | None):
    """The recognised dossiers the export writes: those of the units under ``paths`` (every one
    for None), oldest first."""
    dossiers = Initiative.objects.filter(status=InitiativeStatus.RECOGNISED)
    if paths is not None:
        dossiers = dossiers.filter(within(paths, "unit__path"))
    return (
        dossiers.select_related("unit").prefetch_related("authors").order_by("receipt_year", "pk")
    )


def within(paths: list[str], field: str) -> Q:
    """Rows whose ``field`` lies under one of ``paths`` (none for an empty list)."""
    found = Q(pk__in=[])
    for path in paths:
        found |= Q(**{f"{field}__startswith": path})
    return found
