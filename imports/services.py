"""Running an import: check every row, then (when nothing is wrong, or when asked to keep only
the valid rows) write them in one transaction and record the batch; undo a batch.

A dry run writes and rolls back, so its counts of created, updated and unchanged rows are
exactly what the import would do.
"""

from collections.abc import Callable
from datetime import date
from typing import IO

from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.spreadsheets import SheetTable, workbook_bytes
from awards.models import AwardDecision, ExternalRecognition, Recipient
from imports.awards import PastAwardImporter, award_export_rows, exported_recipients
from imports.initiatives import (
    PastInitiativeImporter,
    exported_initiatives,
    initiative_export_rows,
)
from imports.members import MemberImporter
from imports.models import ImportBatch, ImportStatus
from imports.reading import FileError, Problem, Report, read_rows
from imports.units import UnitImporter, exported_units, unit_export_rows
from initiatives.models import (
    Initiative,
    InitiativeAuthor,
    InitiativeTransition,
    SimilarInitiative,
)
from unions.changes import units_changed
from unions.models import (
    Employer,
    EmployerEvent,
    EmployerUnion,
    EmployerVersion,
    Membership,
    Unit,
    UnitEvent,
    UnitVersion,
)
from unions.services import unit_rename, unit_rename_revert

PROGRESS_EVERY = 500
IMPORTERS = {
    "units": UnitImporter,
    "members": MemberImporter,
    "initiatives": PastInitiativeImporter,
    "awards": PastAwardImporter,
}


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
    batch: ImportBatch | None = None,
    progress: Callable[[int], None] | None = None,
    written: Callable[[int, int], None] | None = None,
) -> Report:
    """Check and import ``handle``. Nothing is written when any row is wrong, unless
    ``valid_only``; the report lists every problem by row and column. ``progress`` is told the
    rows checked so far, ``written`` the rows written so far and how many are to be written.
    Returns the report, with ``batch_id`` set when a batch was recorded."""
    if kind not in IMPORTERS:
        raise ApplicationError(_("Unknown kind of import: %(kind)s.") % {"kind": kind})
    importer = IMPORTERS[kind](actor=actor, scope=scope)
    report = Report(kind=kind)
    rows: list[tuple[int, list, dict]] = []
    try:
        for number, cells in read_rows(
            handle, importer.columns, importer.ignored_headers, file_name=file_name
        ):
            report.rows += 1
            if progress is not None and report.rows % PROGRESS_EVERY == 0:
                progress(report.rows)
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
    if progress is not None:
        progress(report.rows)
    try:
        with transaction.atomic():
            if dry_run:
                batch = None
            elif batch is None:
                batch = ImportBatch.objects.create(kind=kind, file_name=file_name, created_by=actor)
            total = len(rows)
            if written is not None:
                written(0, total)
            if hasattr(importer, "apply_all"):
                importer.apply_all(rows, batch, report, written=written)
            else:
                for index, (number, cells, values) in enumerate(rows, start=1):
                    if written is not None and index % PROGRESS_EVERY == 0:
                        written(index, total)
                    try:
                        with transaction.atomic():
                            outcome = importer.apply(values, batch)
                    except ApplicationError as error:
                        report.reject(number, cells, error)
                        continue
                    report.count(outcome)
            if dry_run or (report.errors and not valid_only):
                raise _Rollback
            batch.rows = report.rows
            batch.created, batch.updated = report.created, report.updated
            batch.unchanged, batch.rejected = report.unchanged, len(report.rejected)
            batch.recorded = True
            batch.save()
            report.batch_id = batch.pk
    except _Rollback:
        if not dry_run:
            report.created = report.updated = report.unchanged = 0
    return report


def rejected_rows_workbook(kind: str, report: Report) -> bytes:
    """The rejected rows, as they were, with the reason in a last column."""
    importer = IMPORTERS[kind]()
    headers = [column.header for column in importer.columns] + [_("Reason")]
    rows = [[*cells, reason] for _number, cells, reason in report.rejected]
    return workbook_bytes([SheetTable(_("Rejected rows"), headers, rows)])


def template_workbook(kind: str) -> bytes:
    """The template of ``kind``: the headers with one example row, and a sheet explaining
    every column."""
    importer = IMPORTERS[kind]()
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


# Kinds whose rows the register has no export of: the export writes them in the template's
# columns, so an exported file imports back.
EXPORTS = {
    "units": (exported_units, unit_export_rows),
    "initiatives": (exported_initiatives, initiative_export_rows),
    "awards": (exported_recipients, award_export_rows),
}


def export_workbook(
    kind: str, scope: Unit | None = None, *, paths: list[str] | None = None
) -> bytes:
    """The records of ``kind`` in ``scope``'s subtree, or under the tree ``paths`` (all when
    neither is given), in the columns of its template. Raises ApplicationError for a kind
    without an export here."""
    if kind not in EXPORTS:
        raise ApplicationError(_("Unknown kind of import: %(kind)s.") % {"kind": kind})
    if scope is not None:
        paths = [scope.path]
    select, rows = EXPORTS[kind]
    headers = [column.header for column in IMPORTERS[kind]().columns]
    return workbook_bytes([SheetTable(_("Data"), headers, rows(select(paths)))])


def _depends_on_more_than(obj, allowed: set[type]) -> bool:
    collector = Collector(using="default")
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError):
        return True
    if any(model not in allowed and rows for model, rows in collector.data.items()):
        return True
    return any(qs.model not in allowed and qs.exists() for qs in collector.fast_deletes)


# What an imported object may have around it and still be undone: its own history rows.
_UNIT_FAMILY = {Unit, UnitVersion, UnitEvent, EmployerUnion, EmployerEvent}
_OWN_ROWS = {
    "user": (User, {User, Membership}),
    "unit": (Unit, _UNIT_FAMILY),
    "employer": (Employer, {Employer, EmployerVersion, EmployerEvent, EmployerUnion}),
    "employerunion": (EmployerUnion, {EmployerUnion}),
    # A past dossier: its authors, its one history row, the similar dossiers found and the
    # employer's decision recorded with it; anything else (an award, a round, a benefit, a
    # remuneration, a file, another step) makes it stay.
    "initiative": (
        Initiative,
        {
            Initiative,
            InitiativeAuthor,
            InitiativeTransition,
            SimilarInitiative,
            ExternalRecognition,
        },
    ),
    # A past decision and its recipients; a certificate or a revocation makes it stay.
    "awarddecision": (AwardDecision, {AwardDecision, Recipient}),
}
_CHECKED = {"user", "employer", "employerunion", "initiative", "awarddecision"}


def _refuse(obj) -> None:
    raise ApplicationError(
        _("Records now depend on %(name)s; the import cannot be undone.") % {"name": obj}
    )


@transaction.atomic
def batch_undo(*, batch: ImportBatch, actor: User | None = None) -> ImportBatch:
    """Undo ``batch``: delete what it created and restore the values it changed. Raises
    ApplicationError when something has come to depend on its rows (a created member moved,
    signed in or wrote an initiative, a created unit has members…) or when it was undone
    already."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.undone_at is not None:
        raise ApplicationError(_("This import has already been undone."))
    if not batch.recorded:
        raise ApplicationError(_("This run wrote nothing, so there is nothing to undo."))
    written = list(batch.written.all())
    created = [row for row in written if row.created and row.model in _OWN_ROWS]
    objects = []
    for row in created:
        model, _allowed = _OWN_ROWS[row.model]
        obj = model.objects.filter(pk=row.object_id).first()
        if obj is not None:
            objects.append((row.model, obj))
    # The units whose counted records this undo changes, read before anything is deleted.
    touched = [
        getattr(obj, "unit_id", None) or getattr(obj, "issuer_id", None)
        for kind, obj in objects
        if kind in ("initiative", "awarddecision")
    ] + list(
        Membership.objects.filter(
            user_id__in=[obj.pk for kind, obj in objects if kind == "user"]
        ).values_list("unit_id", flat=True)
    )
    for kind, obj in objects:
        if kind == "user" and (
            obj.last_login is not None or Membership.objects.filter(user=obj).count() != 1
        ):
            _refuse(obj)
        if kind == "initiative" and obj.transitions.count() != 1:
            _refuse(obj)
    # Everything created is deleted together, children before parents.
    for kind, obj in reversed(objects):
        if (
            kind == "unit"
            and Unit.objects.filter(path__startswith=obj.path, depth__gt=obj.depth)
            .exclude(pk__in=[o.pk for k, o in objects if k == "unit"])
            .exists()
        ):
            _refuse(obj)
    for row in reversed(written):
        if row.created or not row.previous:
            continue
        if row.model == "membership":
            _restore_member(row.object_id, row.previous)
        elif row.model == "unit" and "event_id" in row.previous:
            unit_rename_revert(
                unit=Unit.objects.get(pk=row.object_id),
                event_id=row.previous["event_id"],
                previous_version=row.previous["version"],
                name=row.previous["name"],
                short_name=row.previous["short_name"],
            )
        elif row.model == "unit":  # recorded before renames could be taken back
            unit = Unit.objects.get(pk=row.object_id)
            unit_rename(
                unit=unit,
                name=row.previous["name"],
                short_name=row.previous["short_name"],
                effective_date=timezone.localdate(),
                actor=actor,
            )
    for kind, obj in reversed(objects):
        if kind == "employerunion":
            EmployerEvent.objects.filter(
                employer_id=obj.employer_id, unit_id=obj.unit_id, effective_date=obj.valid_from
            ).delete()
        if kind == "employer":
            created_units = {o.pk for k, o in objects if k == "unit"}
            links = EmployerUnion.objects.filter(employer=obj)
            if links.exclude(unit_id__in=created_units).exists():
                _refuse(obj)
            links.delete()
        if kind == "unit":
            UnitEvent.objects.filter(unit=obj).delete()
            UnitVersion.objects.filter(unit=obj).delete()
        _model, allowed = _OWN_ROWS[kind]
        if kind in _CHECKED and _depends_on_more_than(obj, allowed):
            _refuse(obj)
        try:
            type(obj).objects.get(pk=obj.pk).delete()
        except (ProtectedError, RestrictedError):
            _refuse(obj)
    # The figures counted under what was taken back are recounted (the rollup reads the log).
    if any(kind in ("unit", "employerunion") for kind, _obj in objects) or any(
        row.model == "unit" for row in written
    ):
        units_changed(tree=True)
    units_changed(units=touched)
    batch.undone_at = timezone.now()
    batch.save(update_fields=["undone_at"])
    return batch


def _restore_member(membership_id: int, previous: dict) -> None:
    membership = Membership.objects.select_related("user").get(pk=membership_id)
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


_NULLABLE = {"phone", "email", "identity_number"}


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# --- imports started in the browser, run by the task queue -----------------------------------


@transaction.atomic
def import_queue(
    *,
    kind: str,
    upload,
    actor: User,
    dry_run: bool = False,
    valid_only: bool = False,
    scope: Unit | None = None,
) -> ImportBatch:
    """Keep the uploaded file and queue its import (or check) after commit. Raises
    ApplicationError for an unknown kind or a file that is not an Excel workbook."""
    if kind not in IMPORTERS:
        raise ApplicationError(_("Unknown kind of import: %(kind)s.") % {"kind": kind})
    name = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    if not name.lower().endswith(".xlsx"):
        raise ApplicationError(_("The file is not an Excel workbook (.xlsx)."), field="file")
    batch = ImportBatch.objects.create(
        kind=kind,
        file_name=name,
        created_by=actor,
        status=ImportStatus.QUEUED,
        dry_run=dry_run,
        valid_only=valid_only,
        scope=scope,
    )
    batch.file.save(name, upload, save=True)
    transaction.on_commit(lambda: run_import_batch.enqueue(batch.pk))
    return batch


def batch_run(batch_id: int) -> ImportBatch:
    """Run a queued batch: check (and import) its file, recording progress, the problems, the
    counts and the rejected rows on the batch."""
    batch = ImportBatch.objects.select_related("created_by", "scope").get(pk=batch_id)
    if batch.status != ImportStatus.QUEUED:
        return batch
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING)

    def progress(rows: int) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(checked_rows=rows)

    side = _SideConnection()

    def written(rows: int, total: int) -> None:
        side.update(batch.pk, written_rows=rows, rows_to_write=total)

    try:
        with batch.file.open("rb") as handle:
            report = import_file(
                kind=batch.kind,
                handle=handle,
                file_name=batch.file_name,
                actor=batch.created_by,
                scope=batch.scope,
                dry_run=batch.dry_run,
                valid_only=batch.valid_only,
                batch=batch,
                progress=progress,
                written=written,
            )
    except Exception:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.FAILED)
        raise
    finally:
        side.close()
    batch.refresh_from_db()
    batch.status = ImportStatus.DONE
    batch.rows, batch.checked_rows = report.rows, report.rows
    batch.created, batch.updated, batch.unchanged = report.created, report.updated, report.unchanged
    batch.rejected = len(report.rejected)
    batch.errors = [problem.as_dict() for problem in report.errors[:MAX_PROBLEMS_KEPT]]
    if report.rejected:
        batch.rejected_file.save(
            f"tu-choi-{batch.pk}.xlsx",
            ContentFile(rejected_rows_workbook(batch.kind, report)),
            save=False,
        )
    batch.save()
    return batch


MAX_PROBLEMS_KEPT = 5000


class _SideConnection:
    """A second connection to the database, in autocommit, for the rows written so far: the
    writes happen in one transaction, which the batch page (another connection) cannot see
    into until it commits. PostgreSQL only: SQLite locks the whole file while the import
    writes, so there the page shows the rows checked until the import ends."""

    def __init__(self):
        self.connection = None
        self.enabled = connections["default"].vendor == "postgresql"

    def update(self, batch_id: int, **values: int) -> None:
        if not self.enabled:
            return
        if self.connection is None:
            self.connection = connections.create_connection("default")
        table = ImportBatch._meta.db_table
        columns = ", ".join(f"{name} = %s" for name in values)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {columns} WHERE id = %s",  # noqa: S608 (names are ours)
                [*values.values(), batch_id],
            )

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


@task()
def run_import_batch(batch_id: int) -> int:
    """The task queue's side of ``import_queue``. Returns the number of rows read."""
    return batch_run(batch_id).rows
