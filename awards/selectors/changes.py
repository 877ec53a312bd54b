"""The change history of a dossier: its own fields, its authors and its benefit records, one
list newest first (issue 16). The rows are kept by django-simple-history on each model."""

from django.db.models import CharField, QuerySet, Value
from django.utils.translation import gettext as _

from accounts.field_history import ChangeEntry, describe_changes
from awards.models import BenefitRecord
from initiatives.models import Initiative, InitiativeAuthor

DOSSIER, AUTHOR, BENEFIT = "dossier", "author", "benefit"
# What the history page leaves out: the dossier a row belongs to, an author's position, when
# the row was made (each change carries its own time).
SKIPPED = {
    DOSSIER: ("created_at",),
    AUTHOR: ("initiative", "order"),
    BENEFIT: ("initiative", "recorded_at"),
}
MONEY = {
    DOSSIER: ("benefit_claimed",),
    AUTHOR: (),
    BENEFIT: ("claimed_vnd", "verified_vnd"),
}


def _history_models() -> dict:
    return {
        DOSSIER: Initiative.history.model,
        AUTHOR: InitiativeAuthor.history.model,
        BENEFIT: BenefitRecord.history.model,
    }


def dossier_change_rows(initiative: Initiative) -> QuerySet:
    """(history_date, history_id, kind) of every change of the dossier, its authors and its
    benefit records, newest first: one UNION query over the three history tables, each read
    through its index on the record's id or the dossier's (for a page of a paginator)."""
    models = _history_models()

    def rows(kind: str, **lookup) -> QuerySet:
        return (
            models[kind]
            .objects.filter(**lookup)
            .annotate(change_source=Value(kind, output_field=CharField()))
            .values_list("history_date", "history_id", "change_source")
            .order_by()
        )

    return (
        rows(DOSSIER, id=initiative.pk)
        .union(
            rows(AUTHOR, initiative_id=initiative.pk),
            rows(BENEFIT, initiative_id=initiative.pk),
            all=True,
        )
        .order_by("-history_date", "-history_id")
    )


def dossier_changes(rows: list[tuple], *, show_confidential: bool) -> list[ChangeEntry]:
    """The changes of one page of ``dossier_change_rows``, in its order, told field by field;
    the confidential section's values only when ``show_confidential``. Three queries per kind
    of record on the page (the rows with their authors, the rows before them) and one per kind
    of record that changed foreign keys point to, whatever the number of changes."""
    models = _history_models()
    subjects = {
        DOSSIER: lambda record: _("Dossier"),
        AUTHOR: lambda record: _("Author: %(name)s") % {"name": record.full_name},
        BENEFIT: lambda record: _("Benefit of %(year)s") % {"year": record.year},
    }
    wanted: dict[str, list[int]] = {}
    for _at, history_id, kind in rows:
        wanted.setdefault(kind, []).append(history_id)
    found: dict[tuple[str, int], ChangeEntry] = {}
    for kind, ids in wanted.items():
        records = (
            models[kind]
            .objects.filter(history_id__in=ids)
            .select_related("history_user")
            .order_by("history_id")
        )
        entries = describe_changes(
            records,
            subject=subjects[kind],
            skip=SKIPPED[kind],
            hidden=() if show_confidential or kind != DOSSIER else ("confidential_info",),
            money=MONEY[kind],
        )
        found.update(((kind, entry.history_id), entry) for entry in entries)
    return [found[(kind, history_id)] for _at, history_id, kind in rows]
