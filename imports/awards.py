"""The import of past awards: one row per recipient of a decision issued before the registry
was used; the rows of one decision (same number and issuer) become one issued decision with its
recipients (``awards.services.honours.award_decision_record_past``), keeping its number.

Rows are matched by the decision's number and its issuer. A decision already in the registry is
left as it is: a row is "unchanged" when the decision has that recipient with the same date and
award, and refused otherwise (an issued decision never changes; it is revoked).
"""

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.search import fold
from awards.enums import AwardDecisionStatus, RecipientType
from awards.models import AwardDecision, AwardType, Recipient
from awards.services.honours import (
    PastRecipient,
    award_decision_record_past,
    past_recipient_add,
)
from imports.initiatives import within
from imports.matching import FirstRows, UnitCodes, header_of, member_ids_by_card
from imports.models import ImportBatch, ImportedRow
from imports.reading import Column, Problem, RowError, date_value, text
from imports.units import _required
from initiatives.models import Initiative
from unions.enums import Capability
from unions.models import Membership, Unit
from unions.selectors import has_capability_on


def _award_types_text() -> str:
    return "; ".join(AwardType.objects.order_by("sort_order", "pk").values_list("name", flat=True))


_FIELD_COLUMNS = {
    "number": "Số quyết định",
    "decided_on": "Ngày quyết định",
    "name": "Họ và tên người được khen",
    "person": "Số thẻ đoàn viên",
    "unit": "Mã đơn vị được khen",
    "initiative": "Tên sáng kiến",
}


def _in_columns(error: ApplicationError) -> ApplicationError:
    """A service's error with the column of the template its field is written in."""
    return ApplicationError(error.message, field=_FIELD_COLUMNS.get(error.field or "", ""))


class PastAwardImporter:
    kind = "awards"
    ignored_headers: set[str] = set()

    def __init__(self, *, actor: User | None = None, scope: Unit | None = None):
        self.actor = actor
        self.scope = scope
        self.units = UnitCodes(scope)
        self._award_types: dict[str, AwardType] | None = None
        self.decisions: dict[tuple, tuple[int, date, int]] = {}
        self.seen = FirstRows()
        self.created_here: set[int] = set()
        self.columns = [
            Column(
                "number",
                "Số quyết định",
                gettext_lazy(
                    "As written on the decision; kept as it is. The rows of one decision "
                    "repeat its number, date, issuer and award, one row per recipient."
                ),
                _required,
                True,
                "15/QĐ-CSX",
            ),
            Column(
                "decided_on",
                "Ngày quyết định",
                gettext_lazy("dd/mm/yyyy, or an Excel date."),
                date_value,
                True,
                date(2020, 1, 15),
            ),
            Column(
                "issuer_code",
                "Mã đơn vị ban hành",
                gettext_lazy("The code of the unit that issued the decision."),
                _required,
                True,
                "CSX",
            ),
            Column(
                "award_type",
                "Hình thức khen thưởng",
                lazy(_award_types_text, str)(),
                _required,
                True,
                "Giấy khen của Công đoàn cơ sở",
            ),
            Column(
                "signer_name",
                "Người ký",
                gettext_lazy("May be empty."),
                text,
                False,
                "Lê Văn Nam",
            ),
            Column(
                "signer_title",
                "Chức vụ người ký",
                gettext_lazy("May be empty."),
                text,
                False,
                "Chủ tịch",
            ),
            Column(
                "card_number",
                "Số thẻ đoàn viên",
                gettext_lazy("A member receiving the award: the card number."),
                text,
                False,
                "QT-000001",
            ),
            Column(
                "name",
                "Họ và tên người được khen",
                gettext_lazy(
                    "A person without a card number: the full name (with a card number it may "
                    "be empty)."
                ),
                text,
                False,
                "Nguyễn Thị Hằng",
            ),
            Column(
                "recipient_unit_code",
                "Mã đơn vị được khen",
                gettext_lazy("A unit receiving the award: its code (instead of a person)."),
                text,
                False,
                "",
            ),
            Column(
                "initiative_unit_code",
                "Mã đơn vị của sáng kiến",
                gettext_lazy("Where the award is for an initiative: the code of its unit."),
                text,
                False,
                "",
            ),
            Column(
                "receipt_number",
                "Số biên nhận sáng kiến",
                gettext_lazy("The initiative's receipt number, or else its title."),
                text,
                False,
                "",
            ),
            Column(
                "initiative_title",
                "Tên sáng kiến",
                gettext_lazy("The initiative's title, when its receipt number is not known."),
                text,
                False,
                "",
            ),
        ]

    def _header(self, key: str) -> str:
        return header_of(self.columns, key)

    # --- checking ---------------------------------------------------------------------------

    def _unit(self, code: str) -> Unit:
        return self.units.find(code)

    def _issuer(self, code: str) -> Unit:
        unit = self._unit(code)
        self.units.check_in_scope(unit)
        if self.actor is not None and not has_capability_on(
            self.actor, Capability.ISSUE_AWARDS, unit
        ):
            raise RowError(_("You may not record awards of %(unit)s.") % {"unit": unit.name})
        return unit

    @property
    def award_types(self) -> dict[str, AwardType]:
        if self._award_types is None:
            types = list(AwardType.objects.all())
            self._award_types = {
                **{fold(t.name).strip(): t for t in types},
                **{t.code.lower(): t for t in types},
            }
        return self._award_types

    def _award_type(self, value: str) -> AwardType:
        found = self.award_types.get(fold(value).strip()) or self.award_types.get(value.lower())
        if found is None:
            raise RowError(_("Write an award as the explanations sheet lists them."))
        return found

    def _person(self, card: str) -> User:
        user_id = member_ids_by_card([card]).get(card.lower())
        if user_id is None:
            raise RowError(_("No member has the card number %(card)s.") % {"card": card})
        return User.objects.get(pk=user_id)

    def _initiative(self, values: dict) -> Initiative | None:
        receipt, title = values["receipt_number"], values["initiative_title"]
        if not (receipt or title):
            if values["initiative_unit_code"]:
                raise RowError(_("Give the initiative's receipt number or its title."))
            return None
        if not values["initiative_unit_code"]:
            raise RowError(_("Give the code of the initiative's unit."))
        unit = self._unit(values["initiative_unit_code"])
        dossiers = Initiative.objects.filter(unit=unit).exclude(status="draft")
        if receipt:
            found = dossiers.filter(receipt_number__iexact=receipt).first()
            if found is None:
                raise RowError(
                    _("%(unit)s has no dossier with the receipt number %(number)s.")
                    % {"unit": unit.name, "number": receipt}
                )
            if title and fold(found.title).strip() != fold(title).strip():
                raise RowError(
                    _("The dossier %(number)s is titled “%(title)s”.")
                    % {"number": receipt, "title": found.title}
                )
            return found
        wanted = fold(title).strip()
        matches = [d for d in dossiers.only("pk", "title") if fold(d.title).strip() == wanted]
        if not matches:
            raise RowError(_("%(unit)s has no dossier with this title.") % {"unit": unit.name})
        if len(matches) > 1:
            raise RowError(
                _("%(unit)s has several dossiers with this title: give the receipt number.")
                % {"unit": unit.name}
            )
        return Initiative.objects.select_related("unit").get(pk=matches[0].pk)

    def parse(self, number: int, cells: list, problems: list) -> dict | None:
        values: dict[str, Any] = {}
        for column, cell in zip(self.columns, cells, strict=True):
            try:
                values[column.key] = column.parse(cell)
                if column.key == "issuer_code":
                    values["issuer"] = self._issuer(values["issuer_code"])
                elif column.key == "award_type":
                    values["award"] = self._award_type(values["award_type"])
                elif column.key == "card_number" and values["card_number"]:
                    values["user"] = self._person(values["card_number"])
                elif column.key == "recipient_unit_code" and values["recipient_unit_code"]:
                    values["recipient_unit"] = self._unit(values["recipient_unit_code"])
                elif column.key == "initiative_title":
                    values["initiative"] = self._initiative(values)
            except RowError as error:
                problems.append(Problem(number, column.header, str(error)))
        if problems:
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
        person = values["card_number"] or values["name"]
        if bool(person) == bool(values["recipient_unit_code"]):
            problems.append(
                Problem(
                    number,
                    self._header("card_number"),
                    _("Give one recipient: a person (card number or name) or a unit's code."),
                )
            )
            return None
        decision_key = (values["issuer"].pk, fold(values["number"]).strip())
        first = self.decisions.get(decision_key)
        if first is None:
            self.decisions[decision_key] = (number, values["decided_on"], values["award"].pk)
        elif (first[1], first[2]) != (values["decided_on"], values["award"].pk):
            problems.append(
                Problem(
                    number,
                    self._header("number"),
                    _(
                        "Row %(row)d gives this decision another date or award; the rows of "
                        "one decision repeat the same."
                    )
                    % {"row": first[0]},
                )
            )
            return None
        if values["recipient_unit_code"]:
            recipient_key = ("unit", values["recipient_unit"].pk)
        elif values.get("user") is not None:
            recipient_key = ("user", values["user"].pk)
        else:
            recipient_key = ("name", fold(values["name"]).strip())
        key = (*decision_key, *recipient_key)
        earlier = self.seen.earlier(key, number)
        if earlier is not None:
            problems.append(
                Problem(
                    number,
                    self._header("number"),
                    _("The same recipient of this decision is already in row %(row)d of this file.")
                    % {"row": earlier},
                )
            )
            return None
        return values

    # --- writing ----------------------------------------------------------------------------

    def _recipient(self, values: dict) -> PastRecipient:
        return PastRecipient(
            name=values["name"],
            user=values.get("user"),
            unit=values.get("recipient_unit"),
            initiative=values["initiative"],
        )

    def _has_recipient(self, decision: AwardDecision, values: dict) -> bool:
        rows = decision.recipients.all()
        if values.get("recipient_unit") is not None:
            rows = rows.filter(kind=RecipientType.UNIT, unit=values["recipient_unit"])
        elif values.get("user") is not None:
            rows = rows.filter(user=values["user"])
        else:
            wanted = fold(values["name"]).strip()
            rows = [r for r in rows.filter(user__isnull=True) if fold(r.name).strip() == wanted]
            return any(r.initiative_id == getattr(values["initiative"], "pk", None) for r in rows)
        initiative = values["initiative"]
        return rows.filter(initiative_id=initiative.pk if initiative else None).exists()

    def apply(self, values: dict, batch: ImportBatch | None) -> str:
        try:
            return self._apply(values, batch)
        except ApplicationError as error:
            raise _in_columns(error) from None

    def _apply(self, values: dict, batch: ImportBatch | None) -> str:
        issuer = values["issuer"]
        decision = (
            AwardDecision.objects.filter(issuer=issuer, number__iexact=values["number"])
            .select_related("award_type")
            .first()
        )
        if decision is None:
            decision = award_decision_record_past(
                issuer=issuer,
                award_type=values["award"],
                number=values["number"],
                decided_on=values["decided_on"],
                recipients=[self._recipient(values)],
                actor=self.actor,
                signer_name=values["signer_name"],
                signer_title=values["signer_title"],
                grounds=_("Imported from %(file)s") % {"file": batch.file_name} if batch else "",
            )
            self.created_here.add(decision.pk)
            if batch is not None:
                ImportedRow.objects.create(
                    batch=batch, model="awarddecision", object_id=decision.pk, created=True
                )
            return "created"
        if decision.pk in self.created_here:
            past_recipient_add(decision=decision, recipient=self._recipient(values))
            return "created"
        if (
            decision.decided_on != values["decided_on"]
            or decision.award_type_id != values["award"].pk
            or decision.status != AwardDecisionStatus.ISSUED
        ):
            raise ApplicationError(
                _("%(unit)s already has a decision numbered %(number)s, of another date or award.")
                % {"unit": issuer.name, "number": decision.number}
            )
        if self._has_recipient(decision, values):
            return "unchanged"
        raise ApplicationError(
            _(
                "The decision %(number)s is already recorded without this recipient; an issued "
                "decision does not change."
            )
            % {"number": decision.number}
        )


def award_export_rows(recipients) -> list[list]:
    """Recipients of issued decisions as rows of the past awards' template (the round trip of
    the import)."""
    recipients = list(recipients)
    cards = dict(
        Membership.objects.filter(
            user_id__in={r.user_id for r in recipients if r.user_id}, valid_to__isnull=True
        )
        .exclude(card_number="")
        .values_list("user_id", "card_number")
    )
    rows = []
    for recipient in recipients:
        decision = recipient.decision
        initiative = recipient.initiative
        rows.append(
            [
                decision.number,
                decision.decided_on,
                decision.issuer.code,
                decision.award_type.name,
                decision.signer_name,
                decision.signer_title,
                cards.get(recipient.user_id, "") if recipient.user_id else "",
                recipient.name if recipient.kind == RecipientType.PERSON else "",
                recipient.unit.code if recipient.unit_id else "",
                initiative.unit.code if initiative else "",
                initiative.receipt_number if initiative else "",
                initiative.title if initiative and not initiative.receipt_number else "",
            ]
        )
    return rows


def exported_recipients(paths: list[str] | None):
    """The recipients of the issued decisions the export writes (not the initiative certificates
    of review rounds): those of the issuers under ``paths`` (every one for None)."""
    recipients = Recipient.objects.issued().filter(decision__round_decision__isnull=True)
    if paths is not None:
        recipients = recipients.filter(within(paths, "decision__issuer__path"))
    return recipients.select_related(
        "decision__issuer", "decision__award_type", "unit", "initiative__unit"
    ).order_by("decision__decided_on", "decision__pk", "order", "pk")
