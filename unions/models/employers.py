"""Employers: the agency, public service unit or enterprise that is the "cơ sở" of Decree
13/2012/NĐ-CP. Its head establishes the initiative council and recognises initiatives (Art. 5,
Circular 18/2013/TT-BKHCN Art. 8) and confers Lao động tiên tiến and Chiến sĩ thi đua cơ sở
(Law 06/2022/QH15 Art. 80). A grassroots union sits at an employer over a period
(``EmployerUnion``); employers restructure and keep their history like the unit tree.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from unions.enums import EmployerEventAction, EmployerKind
from unions.models.units import Unit


class Employer(models.Model):
    """The current record of an employer; ``EmployerVersion`` keeps what it was before."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("full name"), max_length=255)
    tax_code = models.CharField(
        _("organisation or tax code"),
        max_length=20,
        blank=True,
        help_text=_("Enterprise or tax code, or the agency's budget-unit code."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=EmployerKind.choices)
    head_name = models.CharField(_("head of the employer"), max_length=200, blank=True)
    head_title = models.CharField(_("position of the head"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="employer_valid_period",
                violation_error_message=_("An employer cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["tax_code"],
                condition=~Q(tax_code=""),
                name="employer_tax_code_unique",
                violation_error_message=_("Another employer has this organisation or tax code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EmployerVersion(models.Model):
    """What an employer was called, what kind it was and who headed it over
    ``[valid_from, valid_to)``."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="versions")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    name = models.CharField(_("full name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=EmployerKind.choices)
    head_name = models.CharField(_("head of the employer"), max_length=200, blank=True)
    head_title = models.CharField(_("position of the head"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("employer version")
        verbose_name_plural = _("employer versions")
        ordering = ["employer", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer"],
                condition=Q(valid_to__isnull=True),
                name="one_open_employer_version",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="employer_version_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"


class EmployerUnion(models.Model):
    """A grassroots union at an employer over ``[valid_from, valid_to)``. One grassroots union
    is at one employer at a time; an employer may have several unions (e.g. at branches)."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="union_links")
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="employer_links",
        verbose_name=_("grassroots union"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("grassroots union at an employer")
        verbose_name_plural = _("grassroots unions at employers")
        ordering = ["unit", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(valid_to__isnull=True),
                name="one_current_employer_per_union",
                violation_error_message=_("This grassroots union is already at an employer."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="employer_union_valid_period",
            ),
        ]
        indexes = [
            models.Index(fields=["employer", "valid_to"], name="employer_union_employer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.employer}"

    @property
    def scope_unit(self) -> Unit:
        return self.unit


class EmployerEvent(models.Model):
    """One step in an employer's history, with its legal reference."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=EmployerEventAction.choices)
    effective_date = models.DateField(_("effective date"))
    related_employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The successor of a merged or split employer, or the predecessor it came from."
        ),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("grassroots union"),
    )
    note = models.TextField(_("reason or decision reference"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("employer event")
        verbose_name_plural = _("employer events")
        ordering = ["-effective_date", "-id"]
        indexes = [
            models.Index(fields=["employer", "-effective_date"], name="employer_event_history_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.employer} {self.effective_date:%d/%m/%Y}"
