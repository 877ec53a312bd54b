"""Award decisions, their recipients and certificates, revocations and the public checks of a
certificate; and the words every list and figure of awards is counted with (``issued``,
``standing``, ``without_round_certificates``: see the README, "Which figure counts what")."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from awards.enums import AwardDecisionStatus, QualificationTier, RecipientType
from awards.models.catalogue import AwardType
from awards.models.rounds import Decision, ReviewRound
from initiatives.models import Initiative
from unions.models import Unit

# --- what counts as an award -----------------------------------------------------------------
# Each condition is written once, for a path from the rows filtered to the decision ("" for a
# decision, "decision__" for a recipient, "recipient__decision__" for a certificate).


def _issued(decision: str) -> Q:
    """The decision was issued (drafts never count)."""
    return Q(**{f"{decision}status": AwardDecisionStatus.ISSUED})


def _round_certificate(decision: str) -> Q:
    """The decision gives initiative certificates: those a recognition round issues to the
    authors of the initiatives it recognised (they record a recognition, not an award)."""
    return Q(**{f"{decision}round_decision__isnull": False}) | Q(
        **{f"{decision}award_type__is_initiative_certificate": True}
    )


def revoked_condition(recipient: str = "") -> Exists:
    """True for a recipient (at ``recipient``: "" for a recipient row, "recipient__" for a
    certificate) whose certificate, or whose whole decision, has been revoked, whenever. For the
    filter of an aggregate; querysets say ``.revoked()`` and ``.standing()``."""
    return Exists(
        Revocation.objects.filter(
            Q(decision_id=OuterRef(f"{recipient}decision_id"), certificate__isnull=True)
            | Q(certificate__recipient=OuterRef(f"{recipient}pk"))
        )
    )


class AwardDecisionQuerySet(models.QuerySet):
    def issued(self) -> "AwardDecisionQuerySet":
        return self.filter(_issued(""))

    def without_round_certificates(self) -> "AwardDecisionQuerySet":
        return self.exclude(_round_certificate(""))


class RecipientQuerySet(models.QuerySet):
    def issued(self) -> "RecipientQuerySet":
        """Recipients of issued decisions, revoked ones included."""
        return self.filter(_issued("decision__"))

    def revoked(self) -> "RecipientQuerySet":
        """Recipients of issued decisions whose certificate or whole decision was revoked."""
        return self.issued().filter(revoked_condition())

    def standing(self) -> "RecipientQuerySet":
        """Recipients of issued decisions whose award was never revoked."""
        return self.issued().filter(~revoked_condition())

    def without_round_certificates(self) -> "RecipientQuerySet":
        """Leaves out the initiative certificates of recognition rounds."""
        return self.exclude(_round_certificate("decision__"))


class CertificateQuerySet(models.QuerySet):
    def issued(self) -> "CertificateQuerySet":
        """Certificates of issued decisions, revoked ones included."""
        return self.filter(_issued("recipient__decision__"))

    def revoked(self) -> "CertificateQuerySet":
        return self.issued().filter(revoked_condition("recipient__"))

    def standing(self) -> "CertificateQuerySet":
        return self.issued().filter(~revoked_condition("recipient__"))


class AwardDecision(models.Model):
    """A numbered act of a unit giving an award to its recipients. Issued, it never changes;
    ``status`` changes only through ``awards.honours`` services."""

    issuer = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="award_decisions", verbose_name=_("issuer")
    )
    award_type = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("award")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"), null=True, blank=True)
    number = models.CharField(_("decision number"), max_length=64, blank=True)
    decided_on = models.DateField(_("date of the decision"))
    signer_name = models.CharField(_("signed by"), max_length=200)
    signer_title = models.CharField(_("title of the signer"), max_length=200)
    grounds = models.TextField(_("grounds"), blank=True)
    source_round = models.ForeignKey(
        ReviewRound,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_decisions",
        verbose_name=_("review round that selected the recipients"),
    )
    round_decision = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_decision",
        help_text=_("The recognition decision of a round, when this is its certificates."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AwardDecisionStatus.choices,
        default=AwardDecisionStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)

    objects = AwardDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            # The certificates of a round's recognition decision carry that decision's number,
            # unique there (an employer's council numbers in the employer's sequence).
            models.UniqueConstraint(
                fields=["issuer", "year", "sequence"],
                condition=Q(sequence__isnull=False, round_decision__isnull=True),
                name="award_decision_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(sequence__isnull=False),
                name="issued_decision_has_number",
            ),
        ]
        indexes = [models.Index(fields=["issuer", "status"], name="award_decision_issuer_idx")]

    def __str__(self) -> str:
        return self.number or str(_("Draft decision"))

    @property
    def scope_unit(self) -> Unit:
        return self.issuer

    @property
    def is_issued(self) -> bool:
        return self.status == AwardDecisionStatus.ISSUED

    @property
    def is_round_certificate(self) -> bool:
        """What ``without_round_certificates`` leaves out, for a decision in hand."""
        return self.round_decision_id is not None or self.award_type.is_initiative_certificate


class Recipient(models.Model):
    """Who receives the award: a person (with or without an account) or a unit, for an
    initiative where the award is for one."""

    decision = models.ForeignKey(AwardDecision, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(_("recipient"), max_length=8, choices=RecipientType.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards_received",
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="awards_received"
    )
    name = models.CharField(_("name on the certificate"), max_length=255)
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_recipients",
        verbose_name=_("initiative"),
    )
    tier = models.CharField(
        _("qualification and position"),
        max_length=24,
        choices=QualificationTier.choices,
        blank=True,
        help_text=_(
            "The group whose thresholds apply (Bằng Lao động sáng tạo). Empty: not recorded."
        ),
    )
    direct_production = models.BooleanField(
        _("works directly in production"),
        null=True,
        blank=True,
        help_text=_("Recorded for the candidate; empty: not recorded."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["decision", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="person") & Q(unit__isnull=True))
                | (Q(kind="unit") & Q(unit__isnull=False) & Q(user__isnull=True)),
                name="recipient_person_or_unit",
            ),
        ]
        indexes = [models.Index(fields=["user"], name="recipient_user_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_unit(self) -> Unit:
        return self.decision.issuer


def _private_storage():
    return storages["private"]


class Certificate(models.Model):
    """The certificate of one recipient. ``token`` (128 random bits) sits behind the QR code;
    ``short_code`` is what people type. Neither follows any order."""

    recipient = models.OneToOneField(
        Recipient, on_delete=models.PROTECT, related_name="certificate"
    )
    token = models.CharField(_("verification token"), max_length=32, unique=True)
    short_code = models.CharField(_("short code"), max_length=16, unique=True)
    file = models.FileField(
        _("PDF"), storage=_private_storage, upload_to="certificates/", blank=True
    )
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["recipient__decision", "recipient__order", "pk"]

    def __str__(self) -> str:
        return self.short_code

    @property
    def scope_unit(self) -> Unit:
        return self.recipient.decision.issuer


class Revocation(models.Model):
    """A dated act revoking one certificate, or every certificate of a decision, with the
    reason."""

    decision = models.ForeignKey(
        AwardDecision, on_delete=models.PROTECT, related_name="revocations"
    )
    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revocations",
        help_text=_("Empty: the whole decision is revoked."),
    )
    revoked_on = models.DateField(_("revoked on"))
    reason = models.TextField(_("reason"))
    reference = models.CharField(_("act of revocation (number)"), max_length=100, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("revocation")
        verbose_name_plural = _("revocations")
        ordering = ["-revoked_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="revocation_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.decision} – {self.revoked_on}"


class VerificationCheck(models.Model):
    """One public check of a code: found or not, when, and a hash of the client (no address
    kept)."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.SET_NULL, null=True, blank=True, related_name="checks"
    )
    found = models.BooleanField(_("found"))
    client_hash = models.CharField(_("client"), max_length=64)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("verification check")
        verbose_name_plural = _("verification checks")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["certificate", "at"], name="verification_check_idx"),
            models.Index(fields=["client_hash", "at"], name="verification_client_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {'✓' if self.found else '✗'}"


class VerificationRate(models.Model):
    """How many checks a client (hashed as in ``VerificationCheck``) asked for in one minute.

    One row per client and minute, counted up by a single upsert, so parallel requests cannot
    all read the same count before any of them writes."""

    client_hash = models.CharField(_("client"), max_length=64)
    minute = models.DateTimeField(_("minute"))
    requests = models.PositiveIntegerField(_("requests"), default=0)

    class Meta:
        verbose_name = _("verification rate")
        verbose_name_plural = _("verification rates")
        constraints = [
            models.UniqueConstraint(
                fields=["client_hash", "minute"], name="verification_rate_unique"
            ),
        ]
        indexes = [models.Index(fields=["minute"], name="verification_rate_minute_idx")]

    def __str__(self) -> str:
        return f"{self.minute:%d/%m/%Y %H:%M} {self.requests}"
