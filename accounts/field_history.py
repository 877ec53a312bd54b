"""The field-level history of records (django-simple-history), told for people: who changed
which field from what to what, and when.

A history row holds the whole record as it was after a change; the change itself is the
difference with the row before it of the same record. ``describe_changes`` reads those
predecessors and the names of the records that foreign keys point to in a fixed number of
queries (two per history model, one per model pointed to), whatever the number of rows shown.
"""

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.formatting import format_number, format_vnd

# Long texts are shown up to this many characters on each side of an arrow.
TEXT_LIMIT = 300
EMPTY = "—"


@dataclass
class FieldChange:
    label: str
    old: str = ""
    new: str = ""
    # A field the reader may not read: the change is told, its values are not.
    hidden: bool = False


@dataclass
class ChangeEntry:
    """One change of one record: when, by whom, what (created, changed, deleted) and how."""

    at: datetime
    user: object | None
    action: str
    subject: str
    changes: list[FieldChange] = field(default_factory=list)
    history_id: int = 0

    @property
    def action_label(self) -> str:
        return {
            "+": pgettext("change history", "added"),
            "~": pgettext("change history", "changed"),
            "-": pgettext("change history", "removed"),
        }.get(self.action, self.action)


def tracked_fields(history_model: type[models.Model], skip: Collection[str] = ()) -> list:
    """The fields of the original model the history records, without ``skip`` and the
    record's own id."""
    return [
        f
        for f in history_model.tracked_fields
        if f.name not in skip and not f.primary_key and f.name != "id"
    ]


def _format(
    model_field, value, *, labels: dict, money: Collection[str], text_limit: int = TEXT_LIMIT
) -> str:
    if value is None or value == "":
        return EMPTY
    if model_field.is_relation:
        return labels.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if value else _("No")
    if model_field.name in money:
        return format_vnd(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(model_field, models.DecimalField | models.FloatField):
        return format_number(value)
    return Truncator(str(value)).chars(text_limit)


def describe_changes(
    records: Iterable[models.Model],
    *,
    subject: Callable[[models.Model], str],
    skip: Collection[str] = (),
    hidden: Collection[str] = (),
    money: Collection[str] = (),
) -> list[ChangeEntry]:
    """The changes the history ``records`` (rows of one history model) made, in their order.

    ``subject`` names the record of a row ("Author: …"); ``skip`` leaves fields out (those
    that never change or that the page shows anyway); ``hidden`` tells that a field changed
    without its values (a reader without the right to read it); ``money`` formats amounts in
    VND. Two queries for the rows before these, one per model that changed foreign keys
    point to.
    """
    records = list(records)
    if not records:
        return []
    history_model = type(records[0])
    fields = tracked_fields(history_model, skip)
    earlier = history_model.objects.filter(
        id=OuterRef("id"), history_id__lt=OuterRef("history_id")
    ).order_by("-history_id")
    previous_ids = dict(
        history_model.objects.filter(history_id__in=[r.history_id for r in records])
        .annotate(previous=Subquery(earlier.values("history_id")[:1]))
        .values_list("history_id", "previous")
    )
    previous = history_model.objects.in_bulk([pk for pk in previous_ids.values() if pk])

    raw: list[tuple[models.Model, list[tuple]]] = []
    wanted: dict[type, set] = defaultdict(set)
    for record in records:
        before = previous.get(previous_ids.get(record.history_id))
        pairs = []
        if record.history_type != "-":
            for model_field in fields:
                new = getattr(record, model_field.attname)
                old = getattr(before, model_field.attname) if before is not None else None
                if before is None and (new is None or new == ""):
                    continue  # a new record: only the fields it was given
                if before is not None and old == new:
                    continue
                pairs.append((model_field, old, new))
                if model_field.is_relation and model_field.name not in hidden:
                    wanted[model_field.related_model].update(v for v in (old, new) if v)
        raw.append((record, pairs))
    labels = {
        (model, pk): str(obj)
        for model, pks in wanted.items()
        for pk, obj in model._default_manager.in_bulk(pks).items()
    }
    entries = []
    for record, pairs in raw:
        changes = []
        for model_field, old, new in pairs:
            label = str(model_field.verbose_name)
            label = label[:1].upper() + label[1:]
            if model_field.name in hidden:
                changes.append(FieldChange(label=label, hidden=True))
                continue
            changes.append(
                FieldChange(
                    label=label,
                    old=_format(model_field, old, labels=labels, money=money),
                    new=_format(model_field, new, labels=labels, money=money),
                )
            )
        entries.append(
            ChangeEntry(
                at=record.history_date,
                user=record.history_user,
                action=record.history_type,
                subject=subject(record),
                changes=changes,
                history_id=record.history_id,
            )
        )
    return entries
