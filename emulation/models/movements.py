"""Emulation movements and campaigns, and the emulation blocks whose units pledge together."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from emulation.enums import BlockKind, MovementKind, MovementStatus
from unions.models.units import Unit


class Movement(models.Model):
    """A movement (phong trào) or campaign (cuộc vận động) launched by a unit for a period.

    Participants are the launching unit's whole subtree, or only the selected units (and their
    subtrees) when ``whole_subtree`` is off. ``status`` changes only through the movement
    services, following ``emulation.workflow.MOVEMENT_TRANSITIONS``.
    """

    launching_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="movements", verbose_name=_("launching unit")
    )
    part_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("part of"),
        help_text=_("The stage this movement belongs to, for example 2025–2030."),
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(
        _("kind"), max_length=20, choices=MovementKind.choices, default=MovementKind.MOVEMENT
    )
    description = models.TextField(_("description"), blank=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    whole_subtree = models.BooleanField(
        _("the whole subtree takes part"),
        default=True,
        help_text=_("Off: only the selected units (and the units beneath them) take part."),
    )
    participants = models.ManyToManyField(
        Unit,
        through="MovementParticipant",
        related_name="movements_joined",
        blank=True,
        verbose_name=_("participating units"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MovementStatus.choices, default=MovementStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        ordering = ["-period_start", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="movement_period",
                violation_error_message=_("A movement cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["status", "period_start"], name="movement_status_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_unit(self) -> Unit:
        return self.launching_unit

    @property
    def years(self) -> list[int]:
        return list(range(self.period_start.year, self.period_end.year + 1))


class MovementParticipant(models.Model):
    """A unit selected to take part in a movement that is not open to the whole subtree."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="selections")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("participating unit")
        verbose_name_plural = _("participating units")
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit"], name="movement_participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.movement} – {self.unit}"


class MovementEvent(models.Model):
    """One step of a movement's life (launched, closed, edited), for its history."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("movement event")
        verbose_name_plural = _("movement events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.movement} {self.action}"


class EmulationBlock(models.Model):
    """A block or cluster of peer units (khối / cụm thi đua) that pledge and are ranked
    together, organised by ``managing_unit`` (the unit above them all)."""

    managing_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="blocks", verbose_name=_("managing unit")
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(
        _("kind"), max_length=20, choices=BlockKind.choices, default=BlockKind.BLOCK
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("emulation block")
        verbose_name_plural = _("emulation blocks")
        ordering = ["managing_unit__path", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["managing_unit", "name"], name="block_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_unit(self) -> Unit:
        return self.managing_unit


class BlockMember(models.Model):
    """A unit's membership of a block over ``[joined_on, left_on)``."""

    block = models.ForeignKey(EmulationBlock, on_delete=models.CASCADE, related_name="members")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="block_memberships", verbose_name=_("unit")
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("block member")
        verbose_name_plural = _("block members")
        ordering = ["block", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["block", "unit"],
                condition=Q(left_on__isnull=True),
                name="block_member_current_once",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="block_member_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.block} – {self.unit}"

    @property
    def scope_unit(self) -> Unit:
        return self.block.managing_unit


class BlockLeadership(models.Model):
    """Who chairs a block in a year (the chair rotates every year), recorded per year."""

    block = models.ForeignKey(EmulationBlock, on_delete=models.CASCADE, related_name="leaderships")
    year = models.PositiveSmallIntegerField(_("year"))
    chair = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("chair (khối trưởng)")
    )
    vice_chair = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vice-chair (khối phó)"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("block leadership")
        verbose_name_plural = _("block leaderships")
        ordering = ["block", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["block", "year"], name="block_leadership_year"),
            models.CheckConstraint(
                condition=~Q(chair=F("vice_chair")), name="block_chair_not_vice_chair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.block} {self.year}: {self.chair}"
