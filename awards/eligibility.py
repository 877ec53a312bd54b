"""Whether a candidate meets an award's rules, and why: each rule with the figure found and
pass or fail. Rules sharing a group of alternatives need one of them; every group must pass.

``evaluate`` is pure and explains itself; ``awards.selectors.recipients_eligibility`` reads the
``Figures`` of every recipient of a decision (verified benefit by year, scope of influence,
earlier awards) and evaluates them.

A rule row may be for one group of candidates (``tier``: qualification and position, as the
VGCL rules of Bằng Lao động sáng tạo set different thresholds for each); a candidate is judged
by the rules of their recorded group and by the rules for everyone. When the group is not
recorded, the rules of every group are shown and none of them passes. Every check carries the
rule's ``legal_source`` so the officer sees where the condition comes from.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from accounts import formatting
from awards.enums import SCOPE_ORDER, QualificationTier, RuleKind, Scope
from awards.models import EligibilityRule


def format_vnd(amount: int | None) -> str:
    return formatting.format_vnd(amount, empty="—")


@dataclass
class Figures:
    """What the rules look at for one candidate."""

    # Verified benefit by year, per initiative considered (a person's: the solutions they are
    # an author of, never those they only typed in).
    benefits: dict[int, dict[int, int]] = field(default_factory=dict)
    # The person's contribution (%) to each of those initiatives, where recorded.
    shares: dict[int, Decimal] = field(default_factory=dict)
    scope: str = ""
    award_type_ids: set[int] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    # Recorded for the candidate on the recipient row: qualification and position group, and
    # whether they work directly in production (None: not recorded).
    tier: str = ""
    direct_production: bool | None = None

    def _value(self, initiative_id: int, value: int, share: bool) -> int:
        if not share:
            return value
        percent = self.shares.get(initiative_id)
        if percent is None:
            return 0
        return int(Decimal(value) * Decimal(percent) / 100)

    def year_totals(self, *, share: bool = False) -> dict[int, int]:
        """The verified benefit of all the solutions considered, added up by year (each
        author's share of it when ``share``)."""
        totals: dict[int, int] = {}
        for initiative_id, by_year in self.benefits.items():
            for year, value in by_year.items():
                totals[year] = totals.get(year, 0) + self._value(initiative_id, value, share)
        return totals

    def best_total_year(self, *, share: bool = False) -> tuple[int | None, int | None]:
        """The year whose solutions together bring the most, and that total."""
        totals = self.year_totals(share=share)
        if not totals:
            return None, None
        year = max(totals, key=lambda y: (totals[y], y))
        return year, totals[year]

    def best_consecutive_total(
        self, years: int, *, share: bool = False
    ) -> tuple[int | None, int | None]:
        """The first year and the total of the best run of ``years`` consecutive years in each
        of which at least one solution has a verified benefit; (None, None) without such a
        run."""
        totals = self.year_totals(share=share)
        best_start, best = None, None
        for start in sorted(totals):
            run = [start + offset for offset in range(years)]
            if not all(year in totals for year in run):
                continue
            total = sum(totals[year] for year in run)
            if best is None or total >= best:
                best_start, best = start, total
        return best_start, best

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

    @property
    def legal_source(self) -> str:
        return self.rule.legal_source


@dataclass(frozen=True)
class Eligibility:
    checks: list[RuleCheck]
    eligible: bool


def _counting(rule: EligibilityRule) -> str:
    if rule.share_of_benefit:
        return _("each author counts their contribution share")
    return _("each author counts the whole benefit")


def _with_tier(rule: EligibilityRule, requirement: str) -> str:
    if not rule.tier:
        return requirement
    return f"{QualificationTier(rule.tier).label}: {requirement}"


def _check(rule: EligibilityRule, figures: Figures) -> RuleCheck:
    check = _check_rule(rule, figures)
    if rule.tier and not figures.tier:
        return RuleCheck(
            rule,
            _with_tier(rule, check.requirement),
            _("qualification and position not recorded"),
            False,
        )
    return RuleCheck(rule, _with_tier(rule, check.requirement), check.found, check.passed)


def _check_rule(rule: EligibilityRule, figures: Figures) -> RuleCheck:
    if rule.kind == RuleKind.TOTAL_BENEFIT_IN_YEAR:
        year, total = figures.best_total_year(share=rule.share_of_benefit)
        return RuleCheck(
            rule,
            _(
                "One or more solutions recognised in a year with a total verified benefit of "
                "at least %(amount)s (%(counting)s)"
            )
            % {"amount": format_vnd(rule.amount_vnd), "counting": _counting(rule)},
            _("%(amount)s in %(year)s") % {"amount": format_vnd(total), "year": year}
            if year is not None
            else format_vnd(None),
            total is not None and total >= rule.amount_vnd,
        )
    if rule.kind == RuleKind.TOTAL_BENEFIT_CONSECUTIVE:
        start, total = figures.best_consecutive_total(rule.years, share=rule.share_of_benefit)
        return RuleCheck(
            rule,
            _(
                "A recognised solution in each of %(years)s consecutive years, with a total "
                "verified benefit of at least %(amount)s (%(counting)s)"
            )
            % {
                "years": rule.years,
                "amount": format_vnd(rule.amount_vnd),
                "counting": _counting(rule),
            },
            _("%(amount)s in %(first)s–%(last)s")
            % {"amount": format_vnd(total), "first": start, "last": start + rule.years - 1}
            if start is not None
            else _("no %(years)s consecutive years with a solution") % {"years": rule.years},
            total is not None and total >= rule.amount_vnd,
        )
    if rule.kind == RuleKind.DIRECT_PRODUCTION:
        found = {
            True: _("yes"),
            False: _("no"),
            None: _("not recorded"),
        }[figures.direct_production]
        return RuleCheck(
            rule,
            _("Works directly in production"),
            found,
            figures.direct_production is True,
        )
    if rule.kind == RuleKind.NOT_HELD_BEFORE:
        held = rule.award_type_id in figures.award_type_ids
        return RuleCheck(
            rule,
            _("Has not received “%(award)s” before") % {"award": rule.award_type},
            _("already received") if held else _("not received"),
            not held,
        )
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
    An award without rules is open to anyone the issuer chooses. Rules for another group of
    candidates than the recorded one are left out."""
    checks = [
        _check(rule, figures)
        for rule in rules
        if not (rule.tier and figures.tier and rule.tier != figures.tier)
    ]
    groups: dict[int, bool] = {}
    for check in checks:
        groups[check.rule.alternative] = groups.get(check.rule.alternative, False) or check.passed
    return Eligibility(checks=checks, eligible=all(groups.values()))


# Words of a free-text qualification or position that place a person in a group of Bằng Lao
# động sáng tạo. Only a clear word decides; anything else leaves the group unrecorded, for the
# officer to choose.
UNIVERSITY_WORDS = (
    "đại học",
    "thạc sĩ",
    "thạc sỹ",
    "tiến sĩ",
    "tiến sỹ",
    "kỹ sư",
    "kĩ sư",
    "cử nhân",
    "bác sĩ",
    "dược sĩ",
    "kiến trúc sư",
)
LEADER_WORDS = (
    "giám đốc",
    "chủ tịch",
    "trưởng phòng",
    "phó phòng",
    "trưởng ban",
    "phó ban",
    "quản đốc",
    "trưởng khoa",
    "hiệu trưởng",
    "trưởng đơn vị",
)
COLLEGE_WORDS = ("cao đẳng", "trung cấp", "sơ cấp", "công nhân", "bậc thợ", "thợ")


def tier_from_record(qualification: str, position: str) -> str:
    """The group of qualification and position a person's recorded (free-text) qualification
    and position clearly say, or "" when they do not."""
    qualification, position = (qualification or "").casefold(), (position or "").casefold()
    if any(word in qualification for word in UNIVERSITY_WORDS) or any(
        word in position for word in LEADER_WORDS
    ):
        return QualificationTier.UNIVERSITY_OR_LEADER
    if any(word in qualification for word in COLLEGE_WORDS):
        return QualificationTier.COLLEGE_OR_LOWER
    return ""
