"""The benefit of a recognised initiative, year by year: the authors' or the unit's claim, and
the verifier's finding kept apart from it. Only verified (or adjusted) values count for
eligibility and for the figures of verified benefit."""

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.uploads import checked_upload
from awards.enums import BenefitStatus, Scope
from awards.models import BenefitEvidence, BenefitRecord
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from unions.changes import units_changed

# Benefit is counted for the first years of application, as the award rules ask.
MAX_YEARS = 3


def _check_year(initiative: Initiative, year: int) -> None:
    today = timezone.localdate()
    first = initiative.first_applied_on.year if initiative.first_applied_on else None
    if year > today.year:
        raise ApplicationError(_("A benefit is recorded for a year that has begun."), field="year")
    if first is not None and not (first <= year < first + MAX_YEARS):
        raise ApplicationError(
            _("Benefit counts for the first %(years)s years of application: %(first)s–%(last)s.")
            % {"years": MAX_YEARS, "first": first, "last": first + MAX_YEARS - 1},
            field="year",
        )


@transaction.atomic
def benefit_claim(
    *, initiative: Initiative, year: int, claimed_vnd: int, actor: User
) -> BenefitRecord:
    """Record (or correct, while unverified) the benefit claimed for one year of a recognised
    initiative. Raises ApplicationError."""
    units_changed(units=[initiative.unit_id])
    initiative = Initiative.objects.select_for_update().select_related("unit").get(pk=initiative.pk)
    if not actor.has_perm("awards.claim_benefit", initiative):
        raise ApplicationError(_("You may not record the benefit of this initiative."))
    if initiative.status != InitiativeStatus.RECOGNISED:
        raise ApplicationError(_("Benefit is recorded once the initiative is recognised."))
    if claimed_vnd is None or claimed_vnd < 0:
        raise ApplicationError(_("The benefit cannot be negative."), field="claimed_vnd")
    _check_year(initiative, year)
    record = BenefitRecord.objects.filter(initiative=initiative, year=year).first()
    if record is None:
        if initiative.benefit_records.count() >= MAX_YEARS:
            raise ApplicationError(
                _("Benefit is recorded for at most %(years)s years.") % {"years": MAX_YEARS},
                field="year",
            )
        record = BenefitRecord(
            initiative=initiative, year=year, claimed_vnd=claimed_vnd, recorded_by=actor
        )
        record._history_user = actor
        record.save(force_insert=True)
        return record
    if record.status != BenefitStatus.CLAIMED:
        raise ApplicationError(
            _("The benefit of %(year)s has been verified; it no longer changes.") % {"year": year},
            field="year",
        )
    record.claimed_vnd = claimed_vnd
    record.recorded_by = actor
    record._history_user = actor
    record.save(update_fields=["claimed_vnd", "recorded_by"])
    return record


@transaction.atomic
def benefit_verify(
    *,
    record: BenefitRecord,
    actor: User,
    status: str,
    method: str,
    verified_on: date,
    verified_vnd: int | None = None,
    scope: str = "",
) -> BenefitRecord:
    """The verifier's finding: the claim confirmed, confirmed at another value (adjusted) or
    rejected; with the method, the date and the scope of influence. Raises ApplicationError."""
    units_changed(units=[record.initiative.unit_id])
    record = (
        BenefitRecord.objects.select_for_update()
        .select_related("initiative__unit")
        .get(pk=record.pk)
    )
    if not actor.has_perm("awards.verify_benefit", record.initiative):
        raise ApplicationError(_("You may not verify the benefit of this initiative."))
    method = (method or "").strip()
    if not method:
        raise ApplicationError(_("Say how the benefit was verified."), field="method")
    if verified_on > timezone.localdate():
        raise ApplicationError(
            _("The verification cannot be dated in the future."), field="verified_on"
        )
    if scope and scope not in Scope.values:
        raise ApplicationError(_("Choose the scope of influence."), field="scope")
    if status == BenefitStatus.VERIFIED:
        verified_vnd = record.claimed_vnd
    elif status == BenefitStatus.ADJUSTED:
        if verified_vnd is None or verified_vnd < 0:
            raise ApplicationError(_("Give the verified value."), field="verified_vnd")
        if verified_vnd == record.claimed_vnd:
            status = BenefitStatus.VERIFIED
    elif status == BenefitStatus.REJECTED:
        verified_vnd = None
    else:
        raise ApplicationError(_("Choose the finding."), field="status")
    record.status = status
    record.verified_vnd = verified_vnd
    record.method = method
    record.scope = scope
    record.verified_by = actor
    record.verified_on = verified_on
    record._history_user = actor
    record.save()
    return record


@transaction.atomic
def benefit_evidence_add(
    *, record: BenefitRecord, upload: UploadedFile, actor: User
) -> BenefitEvidence:
    """Attach a piece of evidence (checked by content and size like a dossier's files)."""
    record = (
        BenefitRecord.objects.select_for_update()
        .select_related("initiative__unit")
        .get(pk=record.pk)
    )
    if not (
        actor.has_perm("awards.verify_benefit", record.initiative)
        or actor.has_perm("awards.claim_benefit", record.initiative)
    ):
        raise ApplicationError(_("You may not add evidence to this benefit."))
    mime, name = checked_upload(upload)
    evidence = BenefitEvidence(
        record=record,
        original_name=name,
        content_type=mime,
        size=upload.size,
        uploaded_by=actor,
    )
    evidence.file.save(name, upload, save=False)
    evidence.save()
    return evidence
