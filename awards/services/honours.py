"""Award decisions, their recipients, certificates and revocations.

A decision is written as a draft, then issued: issuing gives it the unit's next number, checks
the award's issuer kinds, yearly quota and period (an award given every five years is dated only
in a round year), creates one certificate per recipient and queues the PDFs.

One person receives one certificate of a decision: adding a person who is already a recipient
(with an account, or by the same name) is refused, whether the rows would be for the same
initiative, another one or none (issue 13, §6: a person added once with the initiative and once
without got two certificates). Refused rather than warned, because the second row can only
produce a second certificate for the same act; the officer removes or keeps the first row.
The initiative certificates of a recognition round are per initiative and follow their own path.

An issued decision never changes; a revocation is a separate dated act with a reason. A review
round's recognition decision issues its initiative certificates through the same path
(``round_certificates``).
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from awards.certificates import generate_certificates
from awards.codes import new_short_code, new_token
from awards.eligibility import tier_from_record
from awards.enums import AwardDecisionStatus, Outcome, RecipientType
from awards.models import (
    AwardDecision,
    AwardType,
    Certificate,
    Decision,
    Recipient,
    ReviewRound,
    Revocation,
)
from awards.services.numbering import next_decision_number
from initiatives.models import Initiative
from unions.changes import units_changed
from unions.models import Unit
from unions.selectors import current_membership

D = AwardDecisionStatus


def _require(actor: User, obj) -> None:
    if not actor.has_perm("awards.issue_award", obj):
        raise ApplicationError(_("You may not issue or change awards of this unit."))


def _locked(decision: AwardDecision) -> AwardDecision:
    return (
        AwardDecision.objects.select_for_update()
        .select_related("issuer", "award_type")
        .get(pk=decision.pk)
    )


def _require_draft(decision: AwardDecision) -> None:
    if decision.status != D.DRAFT:
        raise ApplicationError(_("An issued decision cannot change; revoke it instead."))


def _check_period(award_type: AwardType, year: int) -> None:
    """An award given every five years is decided only in a round year (Giải thưởng Nguyễn
    Đức Cảnh: in the year of the national congress, 2008, 2013, 2018, 2023 …; the source is
    kept on the award type)."""
    if award_type.is_round_year(year):
        return
    first = award_type.first_round_year
    rounds = [first + 5 * step for step in range(max(0, (year - first) // 5) + 2)]
    later = [r for r in rounds if r > year]
    raise ApplicationError(
        _(
            "“%(award)s” is given every five years; %(year)s is not a year of a round (the "
            "next is %(next)s)."
        )
        % {"award": award_type.name, "year": year, "next": later[0] if later else first},
        field="decided_on",
    )


def _check_issuer(award_type: AwardType, issuer: Unit) -> None:
    if issuer.kind not in (award_type.issuer_kinds or []):
        raise ApplicationError(
            _("%(unit)s cannot issue “%(award)s”.")
            % {"unit": issuer.name, "award": award_type.name},
            field="award_type",
        )
    if not award_type.is_active:
        raise ApplicationError(_("This award is no longer in use."), field="award_type")


@transaction.atomic
def award_decision_create(
    *,
    issuer: Unit,
    award_type: AwardType,
    decided_on: date,
    signer_name: str,
    signer_title: str,
    actor: User,
    grounds: str = "",
    source_round: ReviewRound | None = None,
) -> AwardDecision:
    """A draft decision of ``issuer``, written by one of its officers. Raises
    ApplicationError."""
    _require(actor, issuer)
    return _draft(
        issuer=issuer,
        award_type=award_type,
        decided_on=decided_on,
        signer_name=signer_name,
        signer_title=signer_title,
        actor=actor,
        grounds=grounds,
        source_round=source_round,
    )


@transaction.atomic
def award_decision_propose(
    *,
    issuer: Unit,
    award_type: AwardType,
    decided_on: date,
    signer_name: str,
    signer_title: str,
    grounds: str,
    units: list[Unit],
    actor: User,
) -> AwardDecision:
    """A draft decision of ``issuer`` giving ``award_type`` to ``units``, proposed by someone
    who need not be one of the issuer's officers: the caller has established the proposer's
    standing (an emulation block's scorers propose the block's leader for the emulation flag,
    ``emulation.services.flags``). The issuer's officers check, complete and issue it like any
    other draft; the proposer cannot change it. Raises ApplicationError."""
    decision = _draft(
        issuer=issuer,
        award_type=award_type,
        decided_on=decided_on,
        signer_name=signer_name,
        signer_title=signer_title,
        actor=actor,
        grounds=grounds,
    )
    for unit in units:
        _add_unit(decision, unit)
    return decision


def _draft(
    *,
    issuer: Unit,
    award_type: AwardType,
    decided_on: date,
    signer_name: str,
    signer_title: str,
    actor: User,
    grounds: str = "",
    source_round: ReviewRound | None = None,
) -> AwardDecision:
    _check_issuer(award_type, issuer)
    _check_period(award_type, decided_on.year)
    if not signer_name.strip() or not signer_title.strip():
        raise ApplicationError(_("Give the name and the title of the signer."), field="signer_name")
    if source_round is not None and not source_round.is_closed:
        raise ApplicationError(_("Only a closed round can be the grounds of an award."))
    if source_round is not None and not source_round.unit.path.startswith(issuer.path):
        raise ApplicationError(
            _("The grounds round belongs to a unit outside the issuer's."), field="source_round"
        )
    return AwardDecision.objects.create(
        issuer=issuer,
        award_type=award_type,
        year=decided_on.year,
        decided_on=decided_on,
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        grounds=grounds.strip(),
        source_round=source_round,
        created_by=actor,
    )


@transaction.atomic
def award_decision_update(*, decision: AwardDecision, actor: User, **values) -> AwardDecision:
    """Change a draft's date, signer or grounds."""
    decision = _locked(decision)
    _require(actor, decision)
    _require_draft(decision)
    for name in ("decided_on", "signer_name", "signer_title", "grounds"):
        if name in values:
            value = values[name]
            setattr(decision, name, value.strip() if isinstance(value, str) else value)
    if not decision.signer_name or not decision.signer_title:
        raise ApplicationError(_("Give the name and the title of the signer."), field="signer_name")
    decision.year = decision.decided_on.year
    _check_period(decision.award_type, decision.year)
    decision.save()
    return decision


@transaction.atomic
def award_decision_delete(*, decision: AwardDecision, actor: User) -> None:
    decision = _locked(decision)
    _require(actor, decision)
    _require_draft(decision)
    decision.recipients.all().delete()
    decision.delete()


def _check_recipient_kind(decision: AwardDecision, kind: str) -> None:
    allowed = decision.award_type.recipient_kind
    if allowed != "both" and ((allowed == "individual") != (kind == RecipientType.PERSON)):
        raise ApplicationError(
            _("“%(award)s” is not given to this kind of recipient.")
            % {"award": decision.award_type.name}
        )


def _next_order(decision: AwardDecision) -> int:
    last = decision.recipients.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


def _same_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def _already_recipient(
    decision: AwardDecision, *, user: User | None, name: str
) -> Recipient | None:
    """The decision's row for this person, if any: the same account, or (for a person by
    name alone) the same name."""
    rows = decision.recipients.filter(kind=RecipientType.PERSON).select_related("initiative")
    if user is not None:
        return rows.filter(user=user).first()
    wanted = _same_name(name)
    return next((row for row in rows if _same_name(row.name) == wanted), None)


def _recorded_tier(user: User, initiative: Initiative | None) -> str:
    """The group of qualification and position the person's records clearly say: their author
    row of the initiative, else their current membership; "" when neither says."""
    if initiative is not None:
        author = initiative.authors.filter(user=user).first()
        if author is not None:
            tier = tier_from_record(author.qualification, author.job_title)
            if tier:
                return tier
    membership = current_membership(user)
    if membership is not None:
        return tier_from_record(membership.qualification, membership.position)
    return ""


def _refuse_duplicate(existing: Recipient) -> None:
    if existing.initiative_id:
        message = _(
            "%(name)s is already a recipient of this decision, for the initiative “%(title)s”. "
            "One person receives one certificate of a decision: remove that row first to "
            "change what the award is for. If this is another person with the same name, add "
            "them by their account."
        ) % {"name": existing.name, "title": existing.initiative.title}
    else:
        message = _(
            "%(name)s is already a recipient of this decision. One person receives one "
            "certificate of a decision: remove that row first to change what the award is "
            "for. If this is another person with the same name, add them by their account."
        ) % {"name": existing.name}
    raise ApplicationError(message, field="person" if existing.user_id else "name")


@transaction.atomic
def recipient_add_person(
    *,
    decision: AwardDecision,
    actor: User,
    name: str,
    user: User | None = None,
    initiative: Initiative | None = None,
    tier: str = "",
    direct_production: bool | None = None,
) -> Recipient:
    """Add a person, with an account or by name alone, with what is recorded about them for
    the award's rules (group of qualification and position, work in direct production).
    Refuses a person who is already a recipient of the decision."""
    decision = _locked(decision)
    _require(actor, decision)
    _require_draft(decision)
    _check_recipient_kind(decision, RecipientType.PERSON)
    name = (name or (user.get_full_name() if user else "")).strip()
    if not name:
        raise ApplicationError(_("Give the recipient's name."), field="name")
    if initiative is not None and not initiative.unit.path.startswith(decision.issuer.path):
        raise ApplicationError(
            _("This initiative is outside the issuer's subtree."), field="initiative"
        )
    existing = _already_recipient(decision, user=user, name=name)
    if existing is not None:
        _refuse_duplicate(existing)
    if not tier and user is not None:
        tier = _recorded_tier(user, initiative)
    return Recipient.objects.create(
        decision=decision,
        kind=RecipientType.PERSON,
        user=user,
        name=name,
        initiative=initiative,
        tier=tier or "",
        direct_production=direct_production,
        order=_next_order(decision),
    )


@transaction.atomic
def recipient_add_unit(
    *, decision: AwardDecision, actor: User, unit: Unit, initiative: Initiative | None = None
) -> Recipient:
    decision = _locked(decision)
    _require(actor, decision.issuer)
    return _add_unit(decision, unit, initiative)


def _add_unit(
    decision: AwardDecision, unit: Unit, initiative: Initiative | None = None
) -> Recipient:
    _require_draft(decision)
    _check_recipient_kind(decision, RecipientType.UNIT)
    if not unit.path.startswith(decision.issuer.path):
        raise ApplicationError(_("This unit is outside the issuer's."), field="unit")
    if decision.recipients.filter(unit=unit).exists():
        raise ApplicationError(_("This unit is already a recipient."), field="unit")
    return Recipient.objects.create(
        decision=decision,
        kind=RecipientType.UNIT,
        unit=unit,
        name=unit.name,
        initiative=initiative,
        order=_next_order(decision),
    )


def _author_rows(
    decision: AwardDecision, initiative: Initiative, start: int, *, skip_present: bool = False
) -> list[Recipient]:
    """A row per author of ``initiative``; with ``skip_present``, leaving out the authors who
    are already recipients of the decision (same account, or same name for one without)."""
    present_users: set[int] = set()
    present_names: set[str] = set()
    if skip_present:
        for user_id, name in decision.recipients.filter(kind=RecipientType.PERSON).values_list(
            "user_id", "name"
        ):
            if user_id:
                present_users.add(user_id)
            else:
                present_names.add(_same_name(name))
    rows = []
    for author in initiative.authors.order_by("order", "pk"):
        if author.user_id in present_users or (
            author.user_id is None and _same_name(author.full_name) in present_names
        ):
            continue
        rows.append(
            Recipient(
                decision=decision,
                kind=RecipientType.PERSON,
                user_id=author.user_id,
                name=author.full_name,
                initiative=initiative,
                tier=tier_from_record(author.qualification, author.job_title),
                order=start + len(rows),
            )
        )
        if author.user_id:
            present_users.add(author.user_id)
        else:
            present_names.add(_same_name(author.full_name))
    return rows


@transaction.atomic
def recipients_add_authors(
    *, decision: AwardDecision, actor: User, initiative: Initiative
) -> list[Recipient]:
    """Every author of ``initiative`` becomes a recipient for it (members and outside people
    alike), except those who are already recipients of the decision: one person, one
    certificate of a decision."""
    decision = _locked(decision)
    _require(actor, decision)
    _require_draft(decision)
    _check_recipient_kind(decision, RecipientType.PERSON)
    if decision.recipients.filter(initiative=initiative).exists():
        raise ApplicationError(_("The authors of this initiative are already recipients."))
    rows = _author_rows(decision, initiative, _next_order(decision), skip_present=True)
    if not rows:
        raise ApplicationError(
            _("Every author of this initiative is already a recipient of this decision.")
        )
    return Recipient.objects.bulk_create(rows)


@transaction.atomic
def recipients_from_round(
    *, decision: AwardDecision, actor: User, review_round: ReviewRound | None = None
) -> int:
    """The authors of every dossier the round recognised (the decision's grounds round by
    default) that are not recipients yet. Returns how many were added."""
    decision = _locked(decision)
    _require(actor, decision)
    _require_draft(decision)
    review_round = review_round or decision.source_round
    if review_round is None or not review_round.is_closed:
        raise ApplicationError(_("Choose a closed review round first."))
    added = 0
    initiatives = Initiative.objects.filter(
        round_entries__round=review_round, round_entries__outcome=Outcome.RECOGNISED
    ).exclude(award_recipients__decision=decision)
    for initiative in initiatives.order_by("pk"):
        rows = _author_rows(decision, initiative, _next_order(decision), skip_present=True)
        added += len(Recipient.objects.bulk_create(rows))
    return added


@transaction.atomic
def recipient_remove(*, recipient: Recipient, actor: User) -> None:
    decision = _locked(recipient.decision)
    _require(actor, decision)
    _require_draft(decision)
    recipient.delete()


def _check_quota(decision: AwardDecision, count: int) -> None:
    quota = decision.award_type.quota_per_year
    if quota is None:
        return
    used = Recipient.objects.filter(
        decision__issuer=decision.issuer,
        decision__award_type=decision.award_type,
        decision__year=decision.year,
        decision__status=D.ISSUED,
    ).count()
    if used + count > quota:
        raise ApplicationError(
            _(
                "“%(award)s” is limited to %(quota)s recipients a year for this issuer; "
                "%(used)s are already awarded in %(year)s."
            )
            % {
                "award": decision.award_type.name,
                "quota": quota,
                "used": used,
                "year": decision.year,
            }
        )


def _new_certificates(recipients) -> list[Certificate]:
    return Certificate.objects.bulk_create(
        Certificate(recipient=r, token=new_token(), short_code=new_short_code()) for r in recipients
    )


@transaction.atomic
def award_decision_issue(
    *, decision: AwardDecision, actor: User, base_url: str | None = None
) -> AwardDecision:
    """Issue a draft: number, certificates, and the PDFs queued for the task worker (their QR
    codes lead to ``base_url``, the address the site is served at, else SITE_URL). Raises
    ApplicationError (no recipient, quota, date in the future, already issued)."""
    units_changed(units=[decision.issuer_id])
    decision = _locked(decision)
    _require(actor, decision)
    _require_draft(decision)
    _check_issuer(decision.award_type, decision.issuer)
    recipients = list(decision.recipients.all())
    if not recipients:
        raise ApplicationError(_("Add at least one recipient before issuing."))
    if decision.decided_on > timezone.localdate():
        raise ApplicationError(_("The decision cannot be dated in the future."), field="decided_on")
    _check_period(decision.award_type, decision.year)
    _check_quota(decision, len(recipients))
    decision.sequence, decision.number = next_decision_number(decision.issuer, decision.year)
    decision.status = D.ISSUED
    decision.issued_by = actor
    decision.issued_at = timezone.now()
    decision.save()
    _new_certificates(recipients)
    _queue_certificates(decision.pk, base_url)
    return decision


def _queue_certificates(decision_id: int, base_url: str | None = None) -> None:
    if base_url:
        transaction.on_commit(lambda: generate_certificates.enqueue(decision_id, base_url))
    else:
        transaction.on_commit(lambda: generate_certificates.enqueue(decision_id))


def initiative_certificate_type() -> AwardType | None:
    return AwardType.objects.filter(is_initiative_certificate=True, is_active=True).first()


def round_certificates(*, round_decision: Decision, actor: User) -> AwardDecision | None:
    """Issue the initiative certificates of a recognition decision: the same act, number and
    signer; every author of every recognised dossier receives one. Called by ``round_close``
    inside its transaction. Returns None when there is nothing to certify or no certificate
    type in the catalogue."""
    units_changed(units=[round_decision.unit_id])
    award_type = initiative_certificate_type()
    review_round = round_decision.round
    initiatives = list(
        Initiative.objects.filter(
            round_entries__round=review_round, round_entries__outcome=Outcome.RECOGNISED
        ).order_by("pk")
    )
    if award_type is None or not initiatives:
        return None
    decision = AwardDecision.objects.create(
        issuer=round_decision.unit,
        award_type=award_type,
        year=round_decision.year,
        sequence=round_decision.sequence,
        number=round_decision.number,
        decided_on=round_decision.decided_on,
        signer_name=round_decision.signer_name,
        signer_title=round_decision.signer_title,
        grounds=review_round.title,
        source_round=review_round,
        round_decision=round_decision,
        status=D.ISSUED,
        created_by=actor,
        issued_by=actor,
        issued_at=timezone.now(),
    )
    rows = []
    for initiative in initiatives:
        rows += _author_rows(decision, initiative, len(rows) + 1)
    _new_certificates(Recipient.objects.bulk_create(rows))
    _queue_certificates(decision.pk)
    return decision


@transaction.atomic
def certificate_revoke(
    *,
    decision: AwardDecision,
    actor: User,
    revoked_on: date,
    reason: str,
    certificate: Certificate | None = None,
    reference: str = "",
) -> Revocation:
    """Revoke one certificate, or the whole decision when ``certificate`` is None, by an
    officer of the issuer, with the date and reason kept. Raises ApplicationError."""
    units_changed(units=[decision.issuer_id])
    decision = _locked(decision)
    if not actor.has_perm("awards.revoke_award", decision):
        raise ApplicationError(_("Only an officer of the issuing unit may revoke it."))
    if decision.status != D.ISSUED:
        raise ApplicationError(_("A draft is deleted, not revoked."))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason for the revocation."), field="reason")
    if revoked_on > timezone.localdate() or revoked_on < decision.decided_on:
        raise ApplicationError(
            _("The revocation is dated between the decision and today."), field="revoked_on"
        )
    already = Revocation.objects.filter(decision=decision)
    if already.filter(certificate__isnull=True).exists():
        raise ApplicationError(_("This decision is already revoked."))
    if certificate is not None:
        if certificate.recipient.decision_id != decision.pk:
            raise ApplicationError(_("This certificate belongs to another decision."))
        if already.filter(certificate=certificate).exists():
            raise ApplicationError(_("This certificate is already revoked."))
    return Revocation.objects.create(
        decision=decision,
        certificate=certificate,
        revoked_on=revoked_on,
        reason=reason,
        reference=reference.strip(),
        revoked_by=actor,
    )


# --- decisions issued before the registry ----------------------------------------------------


def _past_sequence(issuer: Unit, year: int, number: str) -> int:
    """The sequence an issued decision needs: the number's leading figure ("15/QĐ-…" → 15)
    when the issuer has no decision with it that year, else the next free one, so the unit's
    later decisions are numbered after it and no two decisions share a sequence."""
    taken = set(
        AwardDecision.objects.filter(
            issuer=issuer, year=year, sequence__isnull=False, round_decision__isnull=True
        ).values_list("sequence", flat=True)
    )
    match = re.match(r"\s*(\d+)", number)
    if match and int(match.group(1)) not in taken and int(match.group(1)) > 0:
        return int(match.group(1))
    return max(taken, default=0) + 1


@dataclass(frozen=True)
class PastRecipient:
    """One recipient of a past decision: a person (with an account, or by name) or a unit,
    for an initiative where there is one."""

    name: str = ""
    user: User | None = None
    unit: Unit | None = None
    initiative: Initiative | None = None


@transaction.atomic
def award_decision_record_past(
    *,
    issuer: Unit,
    award_type: AwardType,
    number: str,
    decided_on: date,
    recipients: list[PastRecipient],
    actor: User | None,
    signer_name: str = "",
    signer_title: str = "",
    grounds: str = "",
) -> AwardDecision:
    """Record a decision issued before the registry was used (the import of past awards),
    issued at once with its recipients and its original number, which is never redrawn.

    No certificate is made and nothing is sent: the award was handed over on paper long ago, a
    registry certificate would carry a QR code printed nowhere, and nobody needs telling. The
    yearly quota and the period of the award are not checked (the decision was taken; the
    registry records it); the kind of recipient the award is given to is. ``actor`` None: an
    operator's import. Raises ApplicationError."""
    if actor is not None:
        _require(actor, issuer)
    number = " ".join((number or "").split())
    if not number:
        raise ApplicationError(_("Give the number of the decision."), field="number")
    if decided_on is None or decided_on > timezone.localdate():
        raise ApplicationError(_("The decision cannot be dated in the future."), field="decided_on")
    if not recipients:
        raise ApplicationError(_("Add at least one recipient before issuing."))
    if AwardDecision.objects.filter(issuer=issuer, number__iexact=number).exists():
        raise ApplicationError(
            _("%(unit)s already has a decision numbered %(number)s.")
            % {"unit": issuer.name, "number": number},
            field="number",
        )
    Unit.objects.select_for_update().filter(pk=issuer.pk).first()
    creator = actor or User.objects.filter(is_superuser=True).order_by("pk").first()
    if creator is None:
        raise ApplicationError(_("An administrator account is needed to record decisions."))
    decision = AwardDecision.objects.create(
        issuer=issuer,
        award_type=award_type,
        year=decided_on.year,
        sequence=_past_sequence(issuer, decided_on.year, number),
        number=number[:64],
        decided_on=decided_on,
        signer_name=(signer_name or "").strip()[:200],
        signer_title=(signer_title or "").strip()[:200],
        grounds=(grounds or "").strip(),
        status=D.ISSUED,
        created_by=creator,
        issued_by=creator,
        issued_at=timezone.now(),
    )
    for recipient in recipients:
        past_recipient_add(decision=decision, recipient=recipient)
    units_changed(units=[issuer.pk])
    return decision


def past_recipient_add(*, decision: AwardDecision, recipient: PastRecipient) -> Recipient:
    """Add a recipient to a past decision being recorded (``award_decision_record_past``; the
    import adds the later rows of the same decision in the same file). Refuses a recipient the
    decision already has. Call inside the transaction that records the decision."""
    kind = RecipientType.UNIT if recipient.unit is not None else RecipientType.PERSON
    _check_recipient_kind(decision, kind)
    initiative = recipient.initiative
    if initiative is not None and not initiative.unit.path.startswith(decision.issuer.path):
        raise ApplicationError(
            _("This initiative is outside the issuer's subtree."), field="initiative"
        )
    if kind == RecipientType.UNIT:
        if not recipient.unit.path.startswith(decision.issuer.path):
            raise ApplicationError(_("This unit is outside the issuer's."), field="unit")
        if decision.recipients.filter(unit=recipient.unit).exists():
            raise ApplicationError(_("This unit is already a recipient."), field="unit")
        name = recipient.unit.name
    else:
        name = recipient.name or (recipient.user.get_full_name() if recipient.user else "")
        name = " ".join(name.split())
        if not name:
            raise ApplicationError(_("Give the recipient's name."), field="name")
        existing = _already_recipient(decision, user=recipient.user, name=name)
        if existing is not None:
            _refuse_duplicate(existing)
    added = Recipient.objects.create(
        decision=decision,
        kind=kind,
        user=recipient.user,
        unit=recipient.unit,
        name=name[:255],
        initiative=initiative,
        order=_next_order(decision),
    )
    units_changed(units=[decision.issuer_id])  # the awards counted under the issuer
    return added
