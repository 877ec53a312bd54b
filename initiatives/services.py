"""Writes to initiative dossiers: drafts, authors, attachments and the one lifecycle service.

Every error is an ``ApplicationError`` with a message for the user; nothing is saved when one
is raised. E-mails and in-app notifications go out after the transaction commits.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.transitions import Lifecycle, Step, transition_applied
from accounts.uploads import checked_upload
from initiatives.enums import EDITABLE_STATUSES, InitiativeStatus, WorkType
from initiatives.models import (
    Attachment,
    Initiative,
    InitiativeAuthor,
    InitiativeTransition,
    Remuneration,
    SimilarInitiative,
)
from initiatives.notifications import notify_transition
from initiatives.search import build_document
from initiatives.selectors import review_rules, similar_candidates
from initiatives.standing import (
    initiative_bank_standing_set,
)
from initiatives.workflow import TRANSITIONS
from unions.changes import units_changed
from unions.enums import GRASSROOTS_KINDS, Capability
from unions.levels import Level
from unions.models import Employer, Unit
from unions.selectors import has_capability_on, unit_snapshot
from unions.selectors.employers import employer_may_address, employer_of

# The fields of the form that must be filled in before a dossier can be submitted.
REQUIRED_FOR_SUBMISSION = [
    "title",
    "field",
    "kind",
    "first_applied_on",
    "previous_state",
    "solution_purpose",
    "solution_steps",
    "solution_novelty",
    "application_conditions",
    "benefit_claimed",
]
DOSSIER_FIELDS = [
    "owner_name",
    "owner_address",
    "title",
    "work_type",
    "field",
    "kind",
    "first_applied_on",
    "previous_state",
    "solution_purpose",
    "solution_steps",
    "solution_novelty",
    "application_conditions",
    "other_applicants",
    "confidential_info",
    "benefit_claimed",
    "benefit_basis",
    "social_benefits",
    "first_application_participants",
]


@dataclass(frozen=True)
class AuthorData:
    full_name: str
    contribution: Decimal
    user: User | None = None
    date_of_birth: date | None = None
    workplace: str = ""
    job_title: str = ""
    qualification: str = ""


# --- rules shared by drafts and submission ---------------------------------------------


def application_deadline(initiative: Initiative) -> date | None:
    """The last day recognition may be asked for: one year after the first application,
    counted in calendar dates, not 365 days.

    Decree 13/2012/NĐ-CP gives the author one year ("01 năm") from the first application. A
    period counted in years ends on the same date of the last year, and where that month has
    no such date, on the month's last day (Civil Code 2015, Art. 148.2–3, Bộ luật Dân sự
    91/2015/QH13): first applied 15/03/2024 → 15/03/2025; 29/02/2024 → 28/02/2025."""
    if initiative.first_applied_on is None:
        return None
    return add_months(initiative.first_applied_on, 12)


def is_past_application_limit(initiative: Initiative, on: date | None = None) -> bool:
    deadline = application_deadline(initiative)
    return deadline is not None and (on or timezone.localdate()) > deadline


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def decision_due(accepted_on: date, first_applied_on: date | None) -> date:
    """The day the unit must decide by: the months of the review rules in force on acceptance
    (three: Decree 13/2012/NĐ-CP Art. 7.1) from the acceptance, or from the first application
    where that comes later (an initiative first applied after its application was accepted)."""
    start = max(accepted_on, first_applied_on or accepted_on)
    return add_months(start, review_rules(accepted_on).decision_months)


def _percent(value: Decimal) -> str:
    # 99.50 reads "99,5" in Vietnamese and 100.00 reads "100"; the format keeps the locale's comma.
    return formats.number_format(value.normalize())


def submission_problems(initiative: Initiative) -> list[str]:
    """What still stops ``initiative`` from being submitted, as messages for the author."""
    problems = []
    labels = {
        f.name: f.verbose_name for f in Initiative._meta.get_fields() if hasattr(f, "verbose_name")
    }
    for name in REQUIRED_FOR_SUBMISSION:
        value = getattr(initiative, name)
        if value is None or value == "":
            problems.append(_("Fill in “%(field)s”.") % {"field": str(labels[name]).capitalize()})
    if initiative.benefit_claimed and not initiative.benefit_basis.strip():
        problems.append(_("Explain how the claimed benefit was calculated."))
    authors = list(initiative.authors.all())
    if not authors:
        problems.append(_("Add at least one author."))
    else:
        total = sum((author.contribution for author in authors), Decimal(0))
        if total != Decimal(100):
            problems.append(
                _("The authors' contributions add up to %(total)s%%; they must add up to 100%%.")
                % {"total": _percent(total)}
            )
    if initiative.employer_id is None and employer_of(initiative.unit) is not None:
        # Decree 13/2012/NĐ-CP Art. 5.1 and Circular 18/2013/TT-BKHCN Art. 5, Appendix I
        # ("Kính gửi"): the application is addressed to the employer (cơ sở).
        problems.append(
            _(
                "Choose the employer the application is addressed to: the agency, public "
                "service unit or enterprise where the initiative was created or applied."
            )
        )
    if not initiative.unit.is_active:
        problems.append(
            _("%(unit)s is no longer active; choose the unit that took it over.")
            % {"unit": initiative.unit.name}
        )
    return problems


def _check_unit(unit: Unit) -> None:
    if unit.kind not in GRASSROOTS_KINDS or not unit.is_active:
        raise ApplicationError(
            _("Choose an active grassroots union to recognise the initiative."), field="unit"
        )


def _chosen_employer(employer: Employer | None, unit: Unit, actor: User) -> Employer | None:
    """The employer a dossier of ``unit`` is addressed to: the one chosen, which must be linked
    to that union (now or before) or, for an officer, to a union in their scope; without a
    choice, the employer the union sits at today (Decree 13/2012/NĐ-CP Art. 5.1)."""
    if employer is None:
        return employer_of(unit)
    employer = Employer.objects.get(pk=employer.pk)
    if not employer_may_address(employer, unit, actor):
        raise ApplicationError(
            _(
                "%(employer)s is not an employer of %(unit)s: choose the employer where the "
                "initiative was created or applied."
            )
            % {"employer": employer.name, "unit": unit.name},
            field="employer",
        )
    if not employer.is_active:
        raise ApplicationError(
            _("%(employer)s is no longer active; choose the employer that took it over.")
            % {"employer": employer.name},
            field="employer",
        )
    return employer


def _check_values(values: dict) -> None:
    today = timezone.localdate()
    first = values.get("first_applied_on")
    if first is not None and first > today:
        raise ApplicationError(
            _("The date of first application cannot be in the future."), field="first_applied_on"
        )
    benefit = values.get("benefit_claimed")
    if benefit is not None and (
        not isinstance(benefit, int) or isinstance(benefit, bool) or benefit < 0
    ):
        raise ApplicationError(
            _("The benefit is a whole, non-negative number of đồng."), field="benefit_claimed"
        )
    if not (values.get("title") or "").strip():
        raise ApplicationError(_("Give the initiative a title."), field="title")
    if "work_type" in values:
        if not values["work_type"]:
            values["work_type"] = WorkType.INITIATIVE
        elif values["work_type"] not in WorkType.values:
            raise ApplicationError(_("Choose the kind of work."), field="work_type")


def _check_authors(authors: list[AuthorData]) -> None:
    today = timezone.localdate()
    seen_users = set()
    for author in authors:
        if not author.full_name.strip():
            raise ApplicationError(_("Each author needs a full name."), field="authors")
        if not Decimal(0) < author.contribution <= Decimal(100):
            raise ApplicationError(_("Each contribution lies between 0 and 100%."), field="authors")
        if author.date_of_birth and author.date_of_birth > today:
            raise ApplicationError(_("A date of birth cannot be in the future."), field="authors")
        if author.user is not None:
            if author.user.pk in seen_users:
                raise ApplicationError(_("A member is listed twice as an author."), field="authors")
            seen_users.add(author.user.pk)
    total = sum((author.contribution for author in authors), Decimal(0))
    if total > Decimal(100):
        raise ApplicationError(
            _("The authors' contributions add up to %(total)s%%; they must add up to 100%%.")
            % {"total": _percent(total)},
            field="authors",
        )


def _check_may_change(initiative: Initiative, actor: User) -> None:
    # The authors and whoever entered the dossier; the lists already passed the status check.
    if not actor.has_perm("initiatives.edit_initiative", initiative):
        raise ApplicationError(_("You may not change this dossier."))


def _record(initiative: Initiative, action: str, source: str, target: str, actor, note: str):
    return InitiativeTransition.objects.create(
        initiative=initiative,
        action=action,
        from_status=source,
        to_status=target,
        actor=actor,
        note=note,
    )


# --- drafts ------------------------------------------------------------------------------


@transaction.atomic
def initiative_save_draft(
    *,
    actor: User,
    unit: Unit,
    values: dict,
    authors: list[AuthorData],
    initiative: Initiative | None = None,
    employer: Employer | None = None,
) -> Initiative:
    """Create a draft or save changes to a draft or a returned dossier.

    The actor must be one of the authors, or an officer of the unit entering it on a member's
    behalf (recorded). Required fields wait until submission; dates, the benefit and the
    contributions are checked now. ``employer`` is the employer the application is addressed
    to (by default the one the union sits at today). Raises ApplicationError.
    """
    _check_unit(unit)
    _check_values(values)
    _check_authors(authors)
    employer = _chosen_employer(employer, unit, actor)
    author_user_ids = {a.user.pk for a in authors if a.user is not None}
    is_author = actor.pk in author_user_ids
    may_enter_for_others = has_capability_on(actor, Capability.RECEIVE_INITIATIVES, unit)
    if not is_author and not may_enter_for_others:
        raise ApplicationError(
            _(
                "Add yourself as one of the authors, or ask an officer of the unit to enter the "
                "initiative for you."
            ),
            field="authors",
        )
    if initiative is None:
        initiative = Initiative(
            created_by=actor, entered_on_behalf=not is_author, status=InitiativeStatus.DRAFT
        )
        creating = True
    else:
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        creating = False
        if initiative.status not in EDITABLE_STATUSES:
            raise ApplicationError(
                _("The dossier can no longer be changed: it is %(status)s.")
                % {"status": initiative.get_status_display().lower()}
            )
        _check_may_change(initiative, actor)
        # A returned dossier stays with the unit it was submitted to, unless that unit is gone.
        if (
            initiative.status != InitiativeStatus.DRAFT
            and unit.pk != initiative.unit_id
            and initiative.unit.is_active
        ):
            raise ApplicationError(
                _("The unit cannot change once the dossier has been submitted."), field="unit"
            )
    previous_title = initiative.title
    previous_unit_id = initiative.unit_id
    before = _history_fields(initiative)
    initiative.unit = unit
    initiative.employer = employer
    for name in DOSSIER_FIELDS:
        if name in values:
            value = values[name]
            setattr(
                initiative,
                name,
                value
                if value is not None or name in ("first_applied_on", "benefit_claimed")
                else "",
            )
    # A save that changes no field writes no history row (the change history lists changes).
    if not creating and _history_fields(initiative) == before:
        initiative.skip_history_when_saving = True
    initiative._history_user = actor
    initiative.save()
    vars(initiative).pop("skip_history_when_saving", None)
    _authors_replace(initiative, authors, actor)
    if creating:
        note = _("Entered on behalf of the authors.") if initiative.entered_on_behalf else ""
        _record(initiative, "create", "", InitiativeStatus.DRAFT, actor, note)
    title_changed = creating or initiative.title != previous_title
    units_changed(units=[initiative.unit_id, previous_unit_id])
    search_document_refresh(initiative, [a.full_name.strip() for a in authors])
    if title_changed:
        similar_refresh(initiative)
    return initiative


def _history_fields(obj) -> dict:
    """The values of the fields the model's change history records."""
    return {
        field.attname: getattr(obj, field.attname)
        for field in obj.history.model._meta.fields
        if not field.name.startswith("history_") and hasattr(obj, field.attname)
    }


AUTHOR_FIELDS = (
    "user_id",
    "full_name",
    "date_of_birth",
    "workplace",
    "job_title",
    "qualification",
    "contribution",
)


def _authors_replace(initiative: Initiative, authors: list[AuthorData], actor: User) -> None:
    """Make the dossier's authors those of ``authors``, in their order: the row at each
    position is changed in place (only when a field differs), the new ones are added and the
    surplus removed, so the change history shows who was added, removed or corrected instead of
    every author removed and added again on each save. One INSERT of history per row written."""
    existing = list(InitiativeAuthor.objects.filter(initiative=initiative).order_by("order", "pk"))
    added = []
    for index, author in enumerate(authors):
        wanted = {
            "user_id": author.user.pk if author.user is not None else None,
            "full_name": author.full_name.strip(),
            "date_of_birth": author.date_of_birth,
            "workplace": author.workplace.strip(),
            "job_title": author.job_title.strip(),
            "qualification": author.qualification.strip(),
            "contribution": author.contribution,
        }
        if index >= len(existing):
            added.append(InitiativeAuthor(initiative=initiative, order=index, **wanted))
            continue
        row = existing[index]
        if row.order == index and all(getattr(row, name) == wanted[name] for name in wanted):
            continue
        row.order = index
        for name, value in wanted.items():
            setattr(row, name, value)
        row._history_user = actor
        row.save()
    for row in existing[len(authors) :]:
        row._history_user = actor
        row.delete()
    if added:
        bulk_create_with_history(added, InitiativeAuthor, default_user=actor)


def search_document_refresh(initiative: Initiative, author_names: list[str] | None = None) -> None:
    """Write the dossier's folded search text (``initiatives.search``) from its fields and its
    authors' names (read unless given). Called wherever they change: saving the draft, and the
    steps that set the receipt number, unit and employer names."""
    if author_names is None:
        author_names = list(
            InitiativeAuthor.objects.filter(initiative=initiative)
            .order_by("order", "pk")
            .values_list("full_name", flat=True)
        )
    document = build_document(initiative, author_names)
    if document != initiative.search_document or initiative.pk is None:
        Initiative.objects.filter(pk=initiative.pk).update(search_document=document)
        initiative.search_document = document


def similar_refresh(initiative: Initiative) -> None:
    """Find, through the trigram index, the submitted dossiers whose title resembles this one's,
    and store them (``SimilarInitiative``) for its page and preview to read back. Called when
    a dossier is created, its title changes, or it is submitted or resubmitted."""
    SimilarInitiative.objects.filter(initiative=initiative).delete()
    SimilarInitiative.objects.bulk_create(
        SimilarInitiative(initiative=initiative, other_id=pk, similarity=score)
        for pk, score in similar_candidates(initiative)
    )


@transaction.atomic
def initiative_delete_draft(*, initiative: Initiative, actor: User) -> None:
    """Delete a draft that was never submitted, with its attachments."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status != InitiativeStatus.DRAFT:
        raise ApplicationError(_("Only a draft that was never submitted can be deleted."))
    _check_may_change(initiative, actor)
    files = [attachment.file.name for attachment in initiative.attachments.all()]
    storage = Attachment._meta.get_field("file").storage
    unit_id = initiative.unit_id
    initiative.delete()
    units_changed(units=[unit_id])
    transaction.on_commit(lambda: [storage.delete(name) for name in files])


# --- attachments -------------------------------------------------------------------------


@transaction.atomic
def attachment_add(
    *,
    initiative: Initiative,
    upload: UploadedFile,
    actor: User,
    description: str = "",
    is_public: bool = False,
) -> Attachment:
    """Attach a file to a dossier the actor may edit. Checks the content (not the name) against
    the accepted types and the size limits per file and per dossier. ``is_public`` lets the
    public initiative bank offer the file once the initiative is recognised."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status not in EDITABLE_STATUSES:
        raise ApplicationError(_("Files can only be added while the dossier is being prepared."))
    _check_may_change(initiative, actor)
    max_total = settings.INITIATIVE_DOSSIER_MAX_BYTES
    used = initiative.attachments.aggregate(total=Sum("size"))["total"] or 0
    if used + upload.size > max_total:
        raise ApplicationError(
            _("The files of a dossier may not exceed %(limit)s MB in all.")
            % {"limit": max_total // (1024 * 1024)},
            field="upload",
        )
    mime, name = checked_upload(upload)
    attachment = Attachment(
        initiative=initiative,
        original_name=name,
        content_type=mime,
        size=upload.size,
        description=description.strip()[:255],
        is_public=is_public,
        uploaded_by=actor,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor: User) -> None:
    initiative = Initiative.objects.select_for_update().get(pk=attachment.initiative_id)
    if initiative.status not in EDITABLE_STATUSES:
        raise ApplicationError(_("Files can only be removed while the dossier is being prepared."))
    _check_may_change(initiative, actor)
    name = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


def initiative_save_draft_with_files(
    *,
    actor: User,
    unit: Unit,
    values: dict,
    authors: list[AuthorData],
    uploads: list[UploadedFile],
    files_description: str = "",
    files_public: bool = False,
    initiative: Initiative | None = None,
    employer: Employer | None = None,
) -> Initiative:
    """Save a draft (see ``initiative_save_draft``) and attach ``uploads`` in one transaction.

    On an ApplicationError nothing is kept: the rows roll back and the files already written
    to storage are deleted before the error is raised again.
    """
    added: list[Attachment] = []
    try:
        with transaction.atomic():
            saved = initiative_save_draft(
                actor=actor,
                unit=unit,
                values=values,
                authors=authors,
                initiative=initiative,
                employer=employer,
            )
            for upload in uploads:
                added.append(
                    attachment_add(
                        initiative=saved,
                        upload=upload,
                        actor=actor,
                        description=files_description,
                        is_public=files_public,
                    )
                )
    except ApplicationError:
        for attachment in added:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return saved


# --- the lifecycle -----------------------------------------------------------------------


def _next_receipt(initiative: Initiative, year: int) -> tuple[int, str]:
    # Lock the unit row so two officers accepting at once do not draw the same number.
    Unit.objects.select_for_update().filter(pk=initiative.unit_id).first()
    last = Initiative.objects.filter(unit_id=initiative.unit_id, receipt_year=year).aggregate(
        last=Max("receipt_sequence")
    )["last"]
    sequence = (last or 0) + 1
    return sequence, f"SK-{year}-{sequence:05d}"


def _give_receipt(initiative: Initiative, today: date) -> None:
    if initiative.receipt_number:
        return
    sequence, number = _next_receipt(initiative, today.year)
    initiative.receipt_year = today.year
    initiative.receipt_sequence = sequence
    initiative.receipt_number = number


def _lock(initiative: Initiative) -> Initiative:
    return Initiative.objects.select_for_update().select_related("unit").get(pk=initiative.pk)


DOSSIER_LIFECYCLE: Lifecycle[Initiative] = Lifecycle(
    table=TRANSITIONS,
    lock=_lock,
    not_allowed=lambda initiative: (
        _("This is not possible while the dossier is “%(status)s”.")
        % {"status": initiative.get_status_display()}
    ),
    forbidden=lambda initiative: _("You may not do this on this dossier."),
    record=lambda step: _record(
        step.obj, step.action, step.source, step.target, step.actor, step.note
    ),
)


def _check_submission(step: Step[Initiative], today: date) -> None:
    initiative, note = step.obj, step.note
    problems = submission_problems(initiative)
    if problems:
        raise ApplicationError(" ".join(problems))
    if step.action == "submit" and is_past_application_limit(initiative, today):
        officer = has_capability_on(step.actor, Capability.RECEIVE_INITIATIVES, initiative.unit)
        if not officer or not note:
            raise ApplicationError(
                _(
                    "The right to ask for recognition lapsed on %(date)s, one year after the "
                    "first application. Only an officer of the unit can still submit it, "
                    "with the reason recorded."
                )
                % {"date": application_deadline(initiative).strftime("%d/%m/%Y")}
            )
        initiative.late_acceptance_reason = note
    if step.action == "submit":
        initiative.submitted_at = timezone.now()
        # The receipt (giấy biên nhận) is given when the application arrives (Decree
        # 13/2012/NĐ-CP Art. 6.1); accepting it is a later step with its own date.
        _give_receipt(initiative, today)
        snapshot = unit_snapshot(initiative.unit, today)
        initiative.unit_name_snapshot = snapshot.path_label if snapshot else initiative.unit.name
    if step.action in ("submit", "resubmit"):
        # The employer's name as the application named it ("Kính gửi", Circular 18/2013
        # Appendix I); a returned dossier may have been readdressed before its resubmission.
        employer = initiative.employer
        initiative.employer_name_snapshot = employer.name if employer is not None else ""


def _accept(step: Step[Initiative], today: date) -> None:
    initiative, note = step.obj, step.note
    submitted_on = timezone.localdate(initiative.submitted_at) if initiative.submitted_at else today
    if is_past_application_limit(initiative, submitted_on) and not (
        initiative.late_acceptance_reason or note
    ):
        raise ApplicationError(
            _("The dossier came in after the one-year limit: record the reason for accepting it."),
            field="note",
        )
    if (
        is_past_application_limit(initiative, submitted_on)
        and not initiative.late_acceptance_reason
    ):
        initiative.late_acceptance_reason = note
    # Dossiers submitted before receipts were given on arrival get theirs now; every other
    # dossier keeps the number of its receipt.
    _give_receipt(initiative, today)
    initiative.accepted_at = timezone.now()
    initiative.decision_due = decision_due(today, initiative.first_applied_on)


def _notify(record: InitiativeTransition) -> None:
    notify_transition(record.pk)


@transaction.atomic
def initiative_transition(
    *, initiative: Initiative, action: str, actor: User, note: str = "", notify: bool = True
) -> Initiative:
    """Apply ``action`` of the workflow table to ``initiative`` as ``actor``.

    Checks the table, the actor's permission (the rule the step names in
    ``initiatives.workflow``: the review steps ``initiatives.review_initiative``, see
    ``initiatives.rules``), the note where one is required and the rules
    of the step (complete dossier to submit, one-year limit, receipt number and due date on
    acceptance); records the transition; notifies after commit unless ``notify`` is False
    (recording past events, such as the demo data: nobody needs telling). Raises
    ApplicationError.
    """
    with transition_applied(
        DOSSIER_LIFECYCLE,
        initiative,
        action=action,
        actor=actor,
        note=note,
        after_commit=_notify if notify else None,
    ) as step:
        today = timezone.localdate()
        if action in ("submit", "resubmit"):
            _check_submission(step, today)
        elif action == "accept":
            _accept(step, today)
        units_changed(units=[step.obj.unit_id])
    if action in ("submit", "resubmit", "accept"):
        # The unit and employer names and the receipt number are part of the search text.
        search_document_refresh(step.obj)
    if action in ("submit", "resubmit"):
        similar_refresh(step.obj)
    if step.obj.status == InitiativeStatus.RECOGNISED:
        # In the bank from now on: the year of this step and the grassroots level, unless a
        # decision already gave them (a round's close and a confirmed decision of the employer
        # write theirs after this step, ``initiative_bank_standing_set``).
        initiative = step.obj
        initiative_bank_standing_set(
            standings={
                initiative.pk: (
                    initiative.recognised_year or timezone.localdate().year,
                    initiative.highest_level or Level.GRASSROOTS,
                )
            }
        )
        initiative.refresh_from_db(fields=["recognised_year", "highest_level", "province"])
    return step.obj


# --- author remuneration ------------------------------------------------------------------


@transaction.atomic
def remuneration_record(
    *,
    initiative: Initiative,
    actor: User,
    amount_vnd: int,
    paid_on: date,
    payer: str,
    author: InitiativeAuthor | None = None,
    note: str = "",
) -> Remuneration:
    """Record remuneration (thù lao, Decree 13/2012/NĐ-CP Art. 10) paid for a recognised
    initiative: the amount in đồng, the day and who paid, to the authors together or to one of
    them (``author``). An officer who receives the unit's dossiers records it. Raises
    ApplicationError; nothing is saved then."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not actor.has_perm("initiatives.record_remuneration", initiative):
        raise ApplicationError(_("You may not do this on this dossier."))
    if initiative.status != InitiativeStatus.RECOGNISED:
        raise ApplicationError(_("Remuneration is recorded for recognised initiatives only."))
    if not isinstance(amount_vnd, int) or isinstance(amount_vnd, bool) or amount_vnd <= 0:
        raise ApplicationError(
            _("The amount is a whole number of đồng, more than 0."), field="amount_vnd"
        )
    if paid_on is None or paid_on > timezone.localdate():
        raise ApplicationError(_("The payment cannot be dated in the future."), field="paid_on")
    payer = (payer or "").strip()
    if not payer:
        raise ApplicationError(_("Write who paid."), field="payer")
    if author is not None and author.initiative_id != initiative.pk:
        raise ApplicationError(_("This person is not an author of the dossier."), field="author")
    return Remuneration.objects.create(
        initiative=initiative,
        author=author,
        author_name=author.full_name if author else "",
        amount_vnd=amount_vnd,
        paid_on=paid_on,
        payer=payer,
        note=(note or "").strip(),
        recorded_by=actor,
    )
