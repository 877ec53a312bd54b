"""Whether a candidate meets an award's rules, and why: each rule with the figure found and
pass or fail. Rules sharing a group of alternatives need one of them; every group must pass.

``candidate_figures`` reads what the rules look at (verified benefit by year, scope of
influence, earlier awards); ``evaluate`` is pure and explains itself.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts import formatting
from accounts.models import User
from awards.enums import COUNTED_BENEFIT, SCOPE_ORDER, AwardDecisionStatus, RuleKind, Scope
from awards.models import BenefitRecord, EligibilityRule, Recipient, Revocation
from initiatives.models import Initiative
from unions.models import Unit


def format_vnd(amount: int | None) -> str:
    return formatting.format_vnd(amount, empty="—")


@dataclass
class Figures:
    """What the rules look at for one candidate."""

    # Verified benefit by year, per initiative considered.
    benefits: dict[int, dict[int, int]] = field(default_factory=dict)
    scope: str = ""
    award_type_ids: set[int] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)

    def best_year(self) -> int | None:
        values = [v for years in self.benefits.values() for v in years.values()]
        return max(values) if values else None

    def best_run(self, years: int) -> int | None:
        """The largest sum of verified benefit of one initiative over ``years`` consecutive
        years (a missing year counts as nothing)."""
        best = None
        for by_year in self.benefits.values():
            for start in by_year:
                total = sum(by_year.get(start + offset, 0) for offset in range(years))
                best = total if best is None else max(best, total)
        return best


@dataclass(frozen=True)
class RuleCheck:
    rule: EligibilityRule
    requirement: str
    found: str
    passed: bool


@dataclass(frozen=True)
class Eligibility:
    checks: list[RuleCheck]
    eligible: bool


def _check(rule: EligibilityRule, figures: Figures) -> RuleCheck:
    if rule.kind == RuleKind.MIN_BENEFIT:
        best = figures.best_year()
        return RuleCheck(
            rule,
            _("One initiative with a verified benefit of at least %(amount)s in a year")
            % {"amount": format_vnd(rule.amount_vnd)},
            format_vnd(best),
            best is not None and best >= rule.amount_vnd,
        )
    if rule.kind == RuleKind.MIN_BENEFIT_OVER_YEARS:
        best = figures.best_run(rule.years)
        return RuleCheck(
            rule,
            _("A verified benefit of at least %(amount)s over %(years)s consecutive years")
            % {"amount": format_vnd(rule.amount_vnd), "years": rule.years},
            format_vnd(best),
            best is not None and best >= rule.amount_vnd,
        )
    if rule.kind == RuleKind.SCOPE:
        found = Scope(figures.scope).label if figures.scope else "—"
        return RuleCheck(
            rule,
            _("Scope of influence: %(scope)s or wider") % {"scope": Scope(rule.scope).label},
            str(found),
            bool(figures.scope) and SCOPE_ORDER[figures.scope] >= SCOPE_ORDER[rule.scope],
        )
    if rule.kind == RuleKind.PRIOR_AWARD:
        held = rule.prior_award_id in figures.award_type_ids
        return RuleCheck(
            rule,
            _("Holds “%(award)s”") % {"award": rule.prior_award},
            _("yes") if held else _("not found"),
            held,
        )
    held = rule.prior_title in figures.titles
    return RuleCheck(
        rule,
        _("Holds the title “%(title)s”") % {"title": rule.prior_title},
        _("yes") if held else _("not found"),
        held,
    )


def evaluate(rules: list[EligibilityRule], figures: Figures) -> Eligibility:
    """Every rule checked; eligible when each group of alternatives has a rule that passes.
    An award without rules is open to anyone the issuer chooses."""
    checks = [_check(rule, figures) for rule in rules]
    groups: dict[int, bool] = {}
    for check in checks:
        groups[check.rule.alternative] = groups.get(check.rule.alternative, False) or check.passed
    return Eligibility(checks=checks, eligible=all(groups.values()))


def candidate_figures(
    *, user: User | None = None, unit: Unit | None = None, initiative: Initiative | None = None
) -> Figures:
    """The figures of a person (their initiatives, or ``initiative`` only) or a unit."""
    figures = Figures()
    records = BenefitRecord.objects.filter(status__in=COUNTED_BENEFIT)
    if initiative is not None:
        records = records.filter(initiative=initiative)
    elif user is not None:
        records = records.filter(
            Q(initiative__authors__user=user) | Q(initiative__created_by=user)
        ).distinct()
    elif unit is not None:
        records = records.filter(initiative__unit=unit)
    else:
        records = records.none()
    best_scope = 0
    for initiative_id, year, value, scope in records.values_list(
        "initiative_id", "year", "verified_vnd", "scope"
    ):
        figures.benefits.setdefault(initiative_id, {})[year] = value or 0
        if scope and SCOPE_ORDER[scope] > best_scope:
            best_scope, figures.scope = SCOPE_ORDER[scope], scope
    held = Recipient.objects.filter(decision__status=AwardDecisionStatus.ISSUED)
    if user is not None:
        held = held.filter(user=user)
    elif unit is not None:
        held = held.filter(unit=unit)
    else:
        held = held.none()
    revoked_decisions = Revocation.objects.filter(certificate__isnull=True).values("decision_id")
    revoked_certificates = Revocation.objects.filter(certificate__isnull=False).values(
        "certificate_id"
    )
    figures.award_type_ids = set(
        held.exclude(decision_id__in=revoked_decisions)
        .exclude(certificate__in=revoked_certificates)
        .values_list("decision__award_type_id", flat=True)
    )
    return figures


def check_recipient(recipient: Recipient) -> Eligibility:
    """The eligibility of a recipient of a decision for its award."""
    rules = list(recipient.decision.award_type.rules.select_related("prior_award"))
    figures = candidate_figures(
        user=recipient.user, unit=recipient.unit, initiative=recipient.initiative
    )
    return evaluate(rules, figures)
