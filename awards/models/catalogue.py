"""The award catalogue: kinds of award, who may issue them, and their eligibility rules as data."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.enums import Periodicity, QualificationTier, RecipientKind, RuleKind, Scope


class AwardType(models.Model):
    """A kind of award (Giấy khen, Bằng khen, Bằng Lao động sáng tạo …) and who may issue it."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    issuer_kinds = models.JSONField(
        _("unit kinds that may issue it"),
        default=list,
        help_text=_("Kinds of unit (see the organisation tree) whose officers issue this award."),
    )
    recipient_kind = models.CharField(_("awarded to"), max_length=12, choices=RecipientKind.choices)
    periodicity = models.CharField(
        _("how often"), max_length=12, choices=Periodicity.choices, default=Periodicity.ANY_TIME
    )
    quota_per_year = models.PositiveIntegerField(
        _("quota per issuer and year"),
        null=True,
        blank=True,
        help_text=_("How many recipients one issuer may award in a year. Empty: no limit."),
    )
    first_round_year = models.PositiveSmallIntegerField(
        _("year of the first round"),
        null=True,
        blank=True,
        help_text=_(
            "For an award given every five years: the year of one round (for example 2008); "
            "decisions are dated only in that year and every fifth year after it."
        ),
    )
    period_source = models.CharField(
        _("legal source of the period"),
        max_length=255,
        blank=True,
        help_text=_("The document and article that set how often the award is given."),
    )
    is_initiative_certificate = models.BooleanField(
        _("initiative certificate"),
        default=False,
        help_text=_("Issued to the authors when a review round recognises their initiative."),
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def is_round_year(self, year: int) -> bool:
        """Whether a decision of this award may be dated in ``year``: always, except for an
        award given every five years whose first round is known."""
        if self.periodicity != Periodicity.FIVE_YEARLY or self.first_round_year is None:
            return True
        return year >= self.first_round_year and (year - self.first_round_year) % 5 == 0


class EligibilityRule(models.Model):
    """One condition of an award type. Rules sharing an ``alternative`` group are alternatives
    (one of them suffices); the groups must all be met."""

    award_type = models.ForeignKey(
        AwardType, on_delete=models.CASCADE, related_name="rules", verbose_name=_("award type")
    )
    alternative = models.PositiveSmallIntegerField(
        _("group of alternatives"),
        default=1,
        help_text=_("Rules with the same number are alternatives: one of them is enough."),
    )
    kind = models.CharField(_("condition"), max_length=32, choices=RuleKind.choices)
    amount_vnd = models.BigIntegerField(_("amount (VND)"), null=True, blank=True)
    years = models.PositiveSmallIntegerField(_("consecutive years"), null=True, blank=True)
    scope = models.CharField(
        _("scope of influence"), max_length=12, choices=Scope.choices, blank=True
    )
    prior_award = models.ForeignKey(
        AwardType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("earlier award"),
    )
    prior_title = models.CharField(_("emulation title"), max_length=200, blank=True)
    tier = models.CharField(
        _("applies to"),
        max_length=24,
        choices=QualificationTier.choices,
        blank=True,
        help_text=_(
            "Qualification and position of the candidates this rule is for. Empty: everyone."
        ),
    )
    share_of_benefit = models.BooleanField(
        _("each author counts their contribution share"),
        default=False,
        help_text=_(
            "Unticked (the default): every author of a solution counts its whole verified "
            "benefit. Ticked: each author counts the benefit times their contribution (%)."
        ),
    )
    legal_source = models.CharField(
        _("legal source"),
        max_length=255,
        blank=True,
        help_text=_("The document number and article this condition comes from."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["award_type", "alternative", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="min_benefit") | Q(amount_vnd__isnull=False, amount_vnd__gt=0),
                name="rule_min_benefit_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(kind="min_benefit_over_years")
                | Q(amount_vnd__isnull=False, amount_vnd__gt=0, years__isnull=False, years__gte=2),
                name="rule_benefit_over_years_has_amount_and_years",
            ),
            models.CheckConstraint(
                condition=~Q(kind="total_benefit_in_year")
                | Q(amount_vnd__isnull=False, amount_vnd__gt=0),
                name="rule_total_benefit_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(kind="total_benefit_consecutive")
                | Q(amount_vnd__isnull=False, amount_vnd__gt=0, years__isnull=False, years__gte=2),
                name="rule_total_consecutive_has_amount_and_years",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_type}: {self.get_kind_display()}"
