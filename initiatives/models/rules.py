"""The review rules the union may change: how long a unit has to decide, what share of the
council must vote for recognition and when council members disagree too widely.

They are data, not settings: the union changes them by a dated row (in the Wagtail admin:
administrators, and officers who configure rubrics at the top of the tree), and each value
keeps the text of its legal source beside it. The row in force on a day is the latest one
valid from that day or earlier (``initiatives.selectors.review_rules``), so a change never
rewrites what was decided under the old rule.
"""

from fractions import Fraction

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# The values in force when the rules became data (they were settings before), with their
# sources; the migration ``initiatives.0006_seed_review_rules`` writes the same row.
SEEDED_REVIEW_RULES = {
    "decision_months": 3,
    "decision_months_source": (
        "Nghị định 13/2012/NĐ-CP (Điều lệ Sáng kiến), Điều 7 khoản 1: việc xét công nhận sáng "
        "kiến được thực hiện trong thời hạn 03 tháng kể từ ngày chấp nhận đơn yêu cầu công nhận "
        "sáng kiến hoặc từ ngày hoàn thành việc áp dụng lần đầu, nếu sáng kiến được áp dụng lần "
        "đầu sau khi đơn được chấp nhận."
    ),
    "vote_share_numerator": 2,
    "vote_share_denominator": 3,
    "vote_share_source": (
        "Thông tư 18/2013/TT-BKHCN, Điều 8 khoản 1: quyết định của Hội đồng sáng kiến được "
        "thông qua theo nguyên tắc biểu quyết hoặc bỏ phiếu kín với ít nhất 2/3 ý kiến đồng ý "
        "của các thành viên Hội đồng."
    ),
    "spread_margin_percent": 20,
    "spread_margin_source": (
        "Quy ước chấm điểm của hệ thống (không có văn bản pháp luật quy định): điểm của các "
        "thành viên hội đồng lệch nhau quá 20% điểm tối đa thì được đánh dấu để hội đồng thảo "
        "luận lại."
    ),
}


class ReviewRules(models.Model):
    valid_from = models.DateField(_("in force from"), unique=True)
    decision_months = models.PositiveSmallIntegerField(
        _("months to decide"),
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_(
            "The unit decides within this many months of accepting the application, or of "
            "the first application where that comes later."
        ),
    )
    decision_months_source = models.TextField(_("legal source of the period to decide"))
    vote_share_numerator = models.PositiveSmallIntegerField(
        _("share of votes: numerator"), validators=[MinValueValidator(1)]
    )
    vote_share_denominator = models.PositiveSmallIntegerField(
        _("share of votes: denominator"), validators=[MinValueValidator(1)]
    )
    vote_share_source = models.TextField(_("legal source of the share of votes"))
    spread_margin_percent = models.PositiveSmallIntegerField(
        _("spread margin (%)"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Council members disagree when their points differ by more than this share of "
            "the maximum."
        ),
    )
    spread_margin_source = models.TextField(_("source of the spread margin"))
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("review rules")
        verbose_name_plural = _("review rules")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vote_share_numerator__lte=F("vote_share_denominator")),
                name="review_rules_share_at_most_whole",
                violation_error_message=_("The share of votes cannot be more than the whole."),
            ),
            models.CheckConstraint(
                condition=Q(decision_months__gte=1), name="review_rules_decision_months"
            ),
            models.CheckConstraint(
                condition=Q(spread_margin_percent__gte=1, spread_margin_percent__lte=100),
                name="review_rules_spread_margin",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Review rules in force from %(date)s")) % {
            "date": self.valid_from.strftime("%d/%m/%Y")
        }

    @property
    def vote_share_label(self) -> str:
        return f"{self.vote_share_numerator}/{self.vote_share_denominator}"

    @property
    def vote_share(self) -> Fraction:
        return Fraction(self.vote_share_numerator, self.vote_share_denominator)
