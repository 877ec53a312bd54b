from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from unions.enums import GRASSROOTS_KINDS, UNIT_LEVELS, UnitEventAction, UnitKind


class Unit(MP_Node):
    """A union unit at any level of the tree (materialised path: a subtree is a path prefix).

    The current name and place live here; ``UnitVersion`` keeps what they were before and
    ``UnitEvent`` why they changed. Units are never deleted: a merged or dissolved unit gets
    ``valid_to`` and ``is_active=False`` and keeps its records.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("full name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    steplen = 4

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [models.Index(fields=["kind", "is_active"], name="unit_kind_active_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="unit_valid_period",
                violation_error_message=_("A unit cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def level(self) -> int:
        return UNIT_LEVELS[self.kind]

    @property
    def is_grassroots(self) -> bool:
        return self.kind in GRASSROOTS_KINDS

    @property
    def parent_path(self) -> str:
        return self.path[: -self.steplen]

    @property
    def scope_unit(self) -> "Unit":
        return self

    def contains(self, other: "Unit") -> bool:
        return other.path.startswith(self.path)


class UnitVersion(models.Model):
    """What a unit was called and where it stood over ``[valid_from, valid_to)``."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="versions")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    name = models.CharField(_("full name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("unit version")
        verbose_name_plural = _("unit versions")
        ordering = ["unit", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(valid_to__isnull=True), name="one_open_unit_version"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="unit_version_valid_period",
            ),
        ]
        indexes = [models.Index(fields=["unit", "valid_from"], name="unit_version_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"


class UnitEvent(models.Model):
    """One restructuring step as it happened to one unit, with its legal reference."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=UnitEventAction.choices)
    effective_date = models.DateField(_("effective date"))
    old_name = models.CharField(_("previous name"), max_length=255, blank=True)
    new_name = models.CharField(_("new name"), max_length=255, blank=True)
    old_parent = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    new_parent = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    related_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The successor of a merged or split unit, or the predecessor it came from."),
    )
    note = models.TextField(_("reason or decision reference"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit event")
        verbose_name_plural = _("unit events")
        ordering = ["-effective_date", "-id"]
        indexes = [
            models.Index(fields=["unit", "-effective_date"], name="unit_event_history_idx"),
            models.Index(fields=["related_unit", "action"], name="unit_event_related_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.unit} {self.effective_date:%d/%m/%Y}"
