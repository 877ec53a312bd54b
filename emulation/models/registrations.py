"""Emulation registrations (đăng ký thi đua): a unit or a person registers targets and the
titles aimed for at the start of a period; the unit above approves or returns them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from emulation.enums import EmulationTitle, RegistrantKind, RegistrationStatus
from emulation.models.movements import Movement
from unions.models.units import Unit


class Registration(models.Model):
    """One registration for a movement and year.

    A unit registration names the unit; a personal one names the person and their grassroots
    union at the time (``unit``), which approves it. A unit's registration is approved by the
    unit above it. ``status`` changes only through the registration services, following
    ``emulation.workflow.REGISTRATION_TRANSITIONS``.
    """

    movement = models.ForeignKey(
        Movement, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("movement")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    registrant_kind = models.CharField(
        _("registrant"), max_length=10, choices=RegistrantKind.choices
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("unit"),
        help_text=_("The registering unit, or the grassroots union of the registering person."),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="emulation_registrations",
        verbose_name=_("person"),
    )
    targets = models.TextField(
        _("targets"), help_text=_("One target per line, for example “3 initiatives recognised”.")
    )
    titles = models.JSONField(
        _("titles aimed for"),
        default=list,
        blank=True,
        help_text=_("Codes of emulation titles (see EmulationTitle)."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.NOT_SENT,
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("emulation registration")
        verbose_name_plural = _("emulation registrations")
        ordering = ["-year", "unit__path", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "year", "unit"],
                condition=Q(registrant_kind=RegistrantKind.UNIT),
                name="registration_unit_once",
            ),
            models.UniqueConstraint(
                fields=["movement", "year", "person"],
                condition=Q(registrant_kind=RegistrantKind.PERSON),
                name="registration_person_once",
            ),
            models.CheckConstraint(
                condition=(
                    Q(registrant_kind=RegistrantKind.UNIT, person__isnull=True)
                    | Q(registrant_kind=RegistrantKind.PERSON, person__isnull=False)
                ),
                name="registration_registrant",
            ),
        ]
        indexes = [
            models.Index(fields=["movement", "year", "status"], name="registration_state_idx"),
            models.Index(fields=["unit", "year"], name="registration_unit_idx"),
        ]

    def __str__(self) -> str:
        who = self.person if self.person_id else self.unit
        return f"{who} – {self.movement} {self.year}"

    @property
    def scope_unit(self) -> Unit:
        return self.unit

    @property
    def is_personal(self) -> bool:
        return self.registrant_kind == RegistrantKind.PERSON

    def title_labels(self) -> list[str]:
        labels = dict(EmulationTitle.choices)
        return [str(labels.get(code, code)) for code in self.titles]


class RegistrationEvent(models.Model):
    """One step of a registration (sent, approved, returned …) with its note."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration event")
        verbose_name_plural = _("registration events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.registration} {self.action}"
