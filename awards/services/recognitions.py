"""Recognitions decided outside the registry (issue 13 §2): the employer's own decision
(Quyết định công nhận sáng kiến, Decree 13/2012/NĐ-CP Art. 7) recorded by an officer who
receives dossiers, or registered by the member with the dossier (the "1 triệu sáng kiến"
campaign); an officer checks the decision and confirms it, and the dossier becomes recognised
at the base through ``initiatives.services.initiative_transition``, or rejects it with the
reason.

Every service checks the actor's permission (``awards.rules``) and the dossier's state, locks
the rows it changes and tells the authors after commit (through the dossier's transition, or a
notification when the dossier does not move).
"""

from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.services import notification_create
from accounts.uploads import checked_upload
from awards.enums import ExternalRecognitionStatus, Scope
from awards.models import ExternalRecognition
from awards.selectors.recognitions import employer_accepts
from awards.services.standing import bank_standing_refresh
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from initiatives.notifications import author_users
from initiatives.services import initiative_transition
from unions.changes import units_changed
from unions.models import Employer
from unions.selectors.employers import employer_of

S = InitiativeStatus
X = ExternalRecognitionStatus

# Dossiers an officer may record the employer's decision for: arrived, not yet decided and not
# in a council's hands.
RECORDABLE = frozenset({S.SUBMITTED, S.RESUBMITTED, S.ACCEPTED})
# A member registers it with a draft (it is submitted with it) or a dossier already sent.
REGISTRABLE = frozenset({S.DRAFT, S.SUBMITTED, S.RESUBMITTED})


@dataclass(frozen=True)
class DecisionData:
    """What the employer's decision says."""

    employer: Employer | None
    decision_number: str
    decided_on: date | None
    signer_name: str
    signer_title: str
    scope: str


def _check_decision(initiative: Initiative, data: DecisionData) -> DecisionData:
    number = (data.decision_number or "").strip()
    signer_name = (data.signer_name or "").strip()
    signer_title = (data.signer_title or "").strip()
    if data.employer is None:
        raise ApplicationError(_("Choose the employer that recognised it."), field="employer")
    expected = initiative.employer or employer_of(initiative.unit)
    if expected is not None and not employer_accepts(data.employer, initiative):
        raise ApplicationError(
            _("The dossier is addressed to %(employer)s: only its decision counts.")
            % {"employer": expected},
            field="employer",
        )
    if not number:
        raise ApplicationError(_("Give the number of the decision."), field="decision_number")
    if data.decided_on is None:
        raise ApplicationError(_("Give the date of the decision."), field="decided_on")
    if data.decided_on > timezone.localdate():
        raise ApplicationError(_("The decision cannot be dated in the future."), field="decided_on")
    if not signer_name:
        raise ApplicationError(_("Give the name of the signer."), field="signer_name")
    if not signer_title:
        raise ApplicationError(_("Give the title of the signer."), field="signer_title")
    if data.scope not in Scope.values:
        raise ApplicationError(_("Choose the scope of influence."), field="scope")
    return DecisionData(
        employer=data.employer,
        decision_number=number[:64],
        decided_on=data.decided_on,
        signer_name=signer_name[:200],
        signer_title=signer_title[:200],
        scope=data.scope,
    )


def _lock(initiative: Initiative) -> Initiative:
    return Initiative.objects.select_for_update().select_related("unit").get(pk=initiative.pk)


@transaction.atomic
def external_recognition_record(
    *,
    initiative: Initiative,
    actor: User,
    data: DecisionData,
    upload: UploadedFile | None,
    by_member: bool = False,
    notify: bool = True,
) -> ExternalRecognition:
    """Record the employer's decision recognising ``initiative``, with its scan, waiting for
    an officer's confirmation.

    ``by_member``: an author registers it (``awards.register_external_recognition``); a draft
    is submitted with it. Otherwise an officer who receives dossiers records it
    (``awards.record_external_recognition``). A rejected record is replaced; a record waiting
    or confirmed cannot be recorded again. The scan is checked for type and size as dossier
    attachments are. Nothing is kept when an ApplicationError is raised.
    """
    units_changed(units=[initiative.unit_id])
    initiative = _lock(initiative)
    permission = (
        "awards.register_external_recognition"
        if by_member
        else "awards.record_external_recognition"
    )
    if not actor.has_perm(permission, initiative):
        raise ApplicationError(_("You may not record a recognition for this dossier."))
    allowed = REGISTRABLE if by_member else RECORDABLE
    if initiative.status not in allowed:
        raise ApplicationError(
            _("A recognition cannot be recorded while the dossier is “%(status)s”.")
            % {"status": initiative.get_status_display()}
        )
    existing = ExternalRecognition.objects.select_for_update().filter(initiative=initiative).first()
    if existing is not None and existing.status != X.REJECTED:
        raise ApplicationError(_("The employer's decision is already recorded for this dossier."))
    data = _check_decision(initiative, data)
    if upload is None:
        raise ApplicationError(_("Attach the scan of the decision."), field="scan")
    try:
        mime, name = checked_upload(upload)
    except ApplicationError as error:
        raise ApplicationError(error.message, field="scan") from None
    if initiative.status == S.DRAFT:
        initiative_transition(
            initiative=initiative,
            action="submit",
            actor=actor,
            note=_("Registered as already recognised by the employer."),
            notify=notify,
        )
    record = existing or ExternalRecognition(initiative=initiative)
    record.employer = data.employer
    record.decision_number = data.decision_number
    record.decided_on = data.decided_on
    record.signer_name = data.signer_name
    record.signer_title = data.signer_title
    record.scope = data.scope
    record.status = X.RECORDED
    record.by_member = by_member
    record.recorded_by = actor
    record.recorded_at = timezone.now()
    record.checked_by = None
    record.checked_at = None
    record.rejection_reason = ""
    old_scan = record.scan.name if existing is not None else ""
    record.scan_name, record.scan_type, record.scan_size = name, mime, upload.size
    record.scan.save(name, upload, save=False)
    saved_name = record.scan.name
    storage = record.scan.storage
    # The new file is written now: remove it if the transaction does not commit.
    transaction.on_commit(lambda: old_scan and storage.delete(old_scan))
    try:
        record.save()
    except Exception:
        storage.delete(saved_name)
        raise
    return record


def _locked_record(record: ExternalRecognition) -> ExternalRecognition:
    return (
        ExternalRecognition.objects.select_for_update()
        .select_related("initiative__unit", "employer")
        .get(pk=record.pk)
    )


@transaction.atomic
def external_recognition_confirm(
    *, record: ExternalRecognition, actor: User, notify: bool = True
) -> ExternalRecognition:
    """An officer who receives dossiers confirms the employer's decision after checking it:
    the dossier becomes recognised at the base (step "confirm_external_recognition" of the
    dossier's table, with the decision's number and date as its note). Raises
    ApplicationError."""
    units_changed(units=[record.initiative.unit_id])
    record = _locked_record(record)
    if not actor.has_perm("awards.confirm_external_recognition", record.initiative):
        raise ApplicationError(_("You may not confirm recognitions for this dossier."))
    if record.status != X.RECORDED:
        raise ApplicationError(_("Only a recognition waiting for confirmation can be confirmed."))
    initiative = record.initiative
    if initiative.status == S.UNDER_REVIEW:
        raise ApplicationError(
            _("The dossier is in a review round: take it out of the round first.")
        )
    initiative_transition(
        initiative=initiative,
        action="confirm_external_recognition",
        actor=actor,
        note=_("Decision No. %(number)s of %(date)s of %(employer)s")
        % {
            "number": record.decision_number,
            "date": record.decided_on.strftime("%d/%m/%Y"),
            "employer": record.employer.name,
        },
        notify=notify,
    )
    record.status = X.CONFIRMED
    record.checked_by = actor
    record.checked_at = timezone.now()
    record.save(update_fields=["status", "checked_by", "checked_at"])
    # The employer's decision dates the recognition in the public bank (issue 14 §4).
    bank_standing_refresh(initiative_ids=[initiative.pk])
    return record


@transaction.atomic
def external_recognition_reject(
    *, record: ExternalRecognition, actor: User, reason: str, notify: bool = True
) -> ExternalRecognition:
    """An officer rejects the recorded decision with the reason. A dossier the member sent
    with it goes back to them for completion (with the reason); otherwise the dossier stays
    where it was and the authors are told. Raises ApplicationError."""
    units_changed(units=[record.initiative.unit_id])
    record = _locked_record(record)
    if not actor.has_perm("awards.confirm_external_recognition", record.initiative):
        raise ApplicationError(_("You may not confirm recognitions for this dossier."))
    if record.status != X.RECORDED:
        raise ApplicationError(_("Only a recognition waiting for confirmation can be rejected."))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reasons."), field="reason")
    initiative = record.initiative
    record.status = X.REJECTED
    record.checked_by = actor
    record.checked_at = timezone.now()
    record.rejection_reason = reason
    record.save(update_fields=["status", "checked_by", "checked_at", "rejection_reason"])
    if initiative.status in (S.SUBMITTED, S.RESUBMITTED) and record.by_member:
        initiative_transition(
            initiative=initiative, action="return", actor=actor, note=reason, notify=notify
        )
    elif notify:
        initiative_id, title = initiative.pk, initiative.title
        users = [u for u in author_users(initiative) if u != actor]
        transaction.on_commit(
            lambda: notification_create(
                users=users,
                message=_("“%(title)s”: the employer's decision was not confirmed: %(reason)s")
                % {"title": title, "reason": reason},
                url=reverse("initiatives:detail", args=[initiative_id]),
            )
        )
    return record


@transaction.atomic
def external_recognition_record_past(
    *,
    initiative: Initiative,
    actor: User | None,
    employer: Employer,
    decision_number: str,
    decided_on: date,
    scope: str = Scope.UNIT,
) -> ExternalRecognition:
    """Record, already confirmed, the employer's decision that recognised a dossier recorded
    as recognised before the registry was used (``initiatives.past_records.initiative_record_past``,
    the import of past initiatives): no scan (the paper decision stays in the unit's archive),
    no check step and no notification, so the dossier page, the ladder and the public bank
    say who recognised it. Raises ApplicationError."""
    initiative = _lock(initiative)
    if initiative.status != S.RECOGNISED:
        raise ApplicationError(_("Only a recognised dossier carries the employer's decision."))
    if ExternalRecognition.objects.filter(initiative=initiative).exists():
        raise ApplicationError(_("The employer's decision is already recorded for this dossier."))
    number = (decision_number or "").strip()
    if not number:
        raise ApplicationError(_("Give the number of the decision."), field="decision_number")
    if decided_on is None:
        raise ApplicationError(_("Give the date of the decision."), field="decided_on")
    if decided_on > timezone.localdate():
        raise ApplicationError(_("The decision cannot be dated in the future."), field="decided_on")
    now = timezone.now()
    record = ExternalRecognition.objects.create(
        initiative=initiative,
        employer=employer,
        decision_number=number[:64],
        decided_on=decided_on,
        signer_name="",
        signer_title="",
        scope=scope,
        scan="",
        scan_name="",
        scan_type="",
        scan_size=0,
        status=X.CONFIRMED,
        recorded_by=actor or initiative.created_by,
        checked_by=actor or initiative.created_by,
        checked_at=now,
    )
    # The bank reads the year of the employer's decision; the figures count it.
    bank_standing_refresh(initiative_ids=[initiative.pk])
    units_changed(units=[initiative.unit_id])
    return record
