"""Running an import: check every row, then (when nothing is wrong, or when asked to keep only
the valid rows) write them in one transaction and record the batch; undo a batch.

A dry run writes and rolls back, so its counts of created, updated and unchanged rows are
exactly what the import would do.
"""

from datetime import date
from typing import IO

from django.db import transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.spreadsheets import SheetTable, workbook_bytes
from imports.members import MemberImporter
from imports.models import ImportBatch
from imports.reading import FileError, Problem, Report, read_rows
from unions.models import Membership, Unit

IMPORTERS = {"members": MemberImporter}


class _Rollback(Exception):
    pass


def import_file(
    *,
    kind: str,
    handle: IO[bytes],
    file_name: str,
    actor: User | None = None,
    scope: Unit | None = None,
    dry_run: bool = False,
    valid_only: bool = False,
) -> Report:
    """Check and import ``handle``. Nothing is written when any row is wrong, unless
    ``valid_only``; the report lists every problem by row and column. Returns the report, with
    ``batch_id`` set when a batch was recorded."""
    if kind not in IMPORTERS:
        raise ApplicationError(_("Unknown kind of import: %(kind)s.") % {"kind": kind})
    importer = IMPORTERS[kind](actor=actor, scope=scope)
    report = Report(kind=kind)
    rows: list[tuple[int, list, dict]] = []
    try:
        for number, cells in read_rows(handle, importer.columns, importer.ignored_headers):
            report.rows += 1
            problems: list[Problem] = []
            values = importer.parse(number, cells, problems)
            if problems:
                report.errors.extend(problems)
                report.rejected.append((number, cells, " ".join(p.message for p in problems)))
            else:
                rows.append((number, cells, values))
    except FileError as error:
        report.errors.append(Problem(1, error.column, error.message))
        return report
    if report.errors and not valid_only:
        return report
    try:
        with transaction.atomic():
            batch = None
            if not dry_run:
                batch = ImportBatch.objects.create(kind=kind, file_name=file_name, created_by=actor)
            for number, cells, values in rows:
                try:
                    with transaction.atomic():
                        outcome = importer.apply(values, batch)
                except ApplicationError as error:
                    report.errors.append(Problem(number, error.field or "", error.message))
                    report.rejected.append((number, cells, error.message))
                    continue
                setattr(report, outcome, getattr(report, outcome) + 1)
            if dry_run or (report.errors and not valid_only):
                raise _Rollback
            batch.rows = report.rows
            batch.created, batch.updated = report.created, report.updated
            batch.unchanged, batch.rejected = report.unchanged, len(report.rejected)
            batch.save()
            report.batch_id = batch.pk
    except _Rollback:
        if not dry_run:
            report.created = report.updated = report.unchanged = 0
    return report


def rejected_rows_workbook(kind: str, report: Report) -> bytes:
    """The rejected rows, as they were, with the reason in a last column."""
    importer = IMPORTERS[kind]
    headers = [column.header for column in importer.columns] + [_("Reason")]
    rows = [[*cells, reason] for _number, cells, reason in report.rejected]
    return workbook_bytes([SheetTable(_("Rejected rows"), headers, rows)])


def template_workbook(kind: str) -> bytes:
    """The template of ``kind``: the headers with one example row, and a sheet explaining
    every column."""
    importer = IMPORTERS[kind]
    columns = importer.columns
    return workbook_bytes(
        [
            SheetTable(_("Data"), [c.header for c in columns], [[c.example for c in columns]]),
            SheetTable(
                _("Explanations"),
                [_("Column"), _("Required"), _("What to write")],
                [
                    [c.header, _("Yes") if c.required else _("No"), str(c.explanation)]
                    for c in columns
                ],
            ),
        ]
    )


def _depends_on_more_than(user: User, allowed: set[type]) -> bool:
    collector = Collector(using="default")
    try:
        collector.collect([user])
    except (ProtectedError, RestrictedError):
        return True
    if any(model not in allowed and rows for model, rows in collector.data.items()):
        return True
    return any(qs.model not in allowed and qs.exists() for qs in collector.fast_deletes)


@transaction.atomic
def batch_undo(*, batch: ImportBatch, actor: User | None = None) -> ImportBatch:
    """Undo ``batch``: delete the people and memberships it created and restore the values it
    changed. Raises ApplicationError when something has come to depend on its rows (a created
    member moved, signed in, wrote an initiative…) or when it was undone already."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.undone_at is not None:
        raise ApplicationError(_("This import has already been undone."))
    written = list(batch.written.all())
    created_users = [row.object_id for row in written if row.model == "user" and row.created]
    for user in User.objects.filter(pk__in=created_users):
        if user.last_login is not None or Membership.objects.filter(user=user).count() != 1:
            raise ApplicationError(
                _("%(name)s has been used since the import; the import cannot be undone.")
                % {"name": user.get_full_name()}
            )
        if _depends_on_more_than(user, {User, Membership}):
            raise ApplicationError(
                _("Records now depend on %(name)s; the import cannot be undone.")
                % {"name": user.get_full_name()}
            )
    for row in reversed(written):
        if row.model != "membership" or row.created or not row.previous:
            continue
        membership = Membership.objects.select_related("user").get(pk=row.object_id)
        previous = row.previous
        person = membership.user
        for key in ("last_name", "first_name", "sex", "phone", "email", "identity_number"):
            setattr(person, key, previous[key] or (None if key in _NULLABLE else ""))
        person.date_of_birth = _date(previous["date_of_birth"])
        person.save()
        Membership.objects.filter(user=person).update(card_number=previous["card_number"])
        membership.refresh_from_db()
        membership.joined_on = _date(previous["joined_on"])
        membership.position = previous["position"]
        membership.save(update_fields=["joined_on", "position"])
    User.objects.filter(pk__in=created_users).delete()
    batch.undone_at = timezone.now()
    batch.save(update_fields=["undone_at"])
    return batch


_NULLABLE = {"phone", "email", "identity_number"}


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
