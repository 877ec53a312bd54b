"""The rules of the individual titles a grassroots union confers at year end, as pure functions:
given what the registry knows of a member, which rules pass and why.

- Lao động tiên tiến (advanced worker): the member registered for emulation that year and the
  registration was approved. Registration is a condition of every emulation title, so a member
  without one is never offered a title.
- Chiến sĩ thi đua cơ sở (grassroots emulation fighter): registered and approved, Lao động
  tiên tiến the same year (conferred before, or in the same decision), and an initiative
  recognised by a decision dated that year or the year before — or, instead of the
  initiative, an exception recorded with its reason (a research topic accepted, a solution
  recognised elsewhere …).

- Lao động tiên tiến is not conferred on a member recorded with fewer months of work in the
  year, a discipline, or too many days of leave; Chiến sĩ thi đua cơ sở stays within a share
  of the advanced workers of the same employer and year. The figures are rows of
  ``TitleRule`` with their legal source (``RuleFigure`` here); an exclusion not recorded for
  the member is shown as not recorded and does not block.

Both titles are the employer's (Luật Thi đua, khen thưởng 06/2022/QH15, Điều 80): the union
records the decision of the head of the employer.

No database here: ``emulation.selectors.titles`` (for the page) and
``emulation.services.titles`` (when conferring) gather the facts and ask ``evaluate``. Checks
are stored with the conferral as plain data (``Check.as_dict``), and read back with
``Check.from_dict``, so their sentences are written in the reader's language.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from awards.records import Recognition
from emulation.enums import IndividualTitle, RegistrantKind, RegistrationStatus
from unions.enums import GRASSROOTS_KINDS

T = IndividualTitle

RULE_REGISTERED = "registered"
RULE_ADVANCED_WORKER = "advanced_worker_same_year"
RULE_INITIATIVE = "initiative_recognised"
RULE_EXCEPTION = "exception"
RULE_MONTHS = "months_worked"
RULE_LEAVE = "leave_days"
RULE_DISCIPLINE = "not_disciplined"
RULE_SHARE = "share_of_advanced"


@dataclass(frozen=True)
class RuleFigure:
    """A row of ``TitleRule``: the condition, its figure and its legal source."""

    kind: str
    value: Any
    legal_source: str


@dataclass(frozen=True)
class Recorded:
    """What the union recorded of the member for the year (None: not recorded)."""

    months_worked: int | None = None
    disciplined: bool | None = None
    leave_days: int | None = None


def registrations_counted_q(
    *, unit_id: int, year: int, person_ids: Iterable[int] | None = None
) -> Q:
    """The personal registrations that make a member a candidate: approved, for ``year``,
    through the grassroots union ``unit_id``. Movements that were closed since still count: a
    movement closing at the end of the year does not undo its registrations."""
    condition = Q(
        registrant_kind=RegistrantKind.PERSON,
        status=RegistrationStatus.APPROVED,
        year=year,
        unit_id=unit_id,
    )
    if person_ids is not None:
        condition &= Q(person_id__in=list(person_ids))
    return condition


def confers_titles(unit_kind: str) -> bool:
    """Individual titles are conferred by grassroots unions on their members."""
    return unit_kind in GRASSROOTS_KINDS


def offered_titles(aimed_for: Iterable[str]) -> list[str]:
    """The titles a member may be considered for, from the titles their registrations aim
    for: Lao động tiên tiến for anyone aiming at either title (Chiến sĩ thi đua cơ sở
    requires it), Chiến sĩ thi đua cơ sở only for those who aimed at it."""
    aimed = set(aimed_for)
    offered = []
    if aimed & {T.ADVANCED_WORKER, T.GRASSROOTS_FIGHTER}:
        offered.append(T.ADVANCED_WORKER.value)
    if T.GRASSROOTS_FIGHTER in aimed:
        offered.append(T.GRASSROOTS_FIGHTER.value)
    return offered


def _day(value: date | str) -> str:
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Check:
    """One rule as it was evaluated: ``data`` holds the figures found (movement names, the
    decision and initiative found, the reason of an exception), plain enough for JSON."""

    rule: str
    passed: bool
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        labels = {
            RULE_REGISTERED: _("Registered for emulation and the registration approved"),
            RULE_ADVANCED_WORKER: _("Lao động tiên tiến in the same year"),
            RULE_INITIATIVE: _("An initiative recognised in the year or the year before"),
            RULE_EXCEPTION: _("Exception recorded instead of an initiative"),
            RULE_MONTHS: _("At least %(months)s months of work in the year")
            % {"months": self.data.get("limit")},
            RULE_LEAVE: _("Fewer than %(days)s days of leave in the year")
            % {"days": self.data.get("limit")},
            RULE_DISCIPLINE: _("Not disciplined in the year"),
            RULE_SHARE: _("At most %(percent)s%% of the advanced workers of the same year")
            % {"percent": self.data.get("limit")},
        }
        return labels.get(self.rule, self.rule)

    @property
    def source(self) -> str:
        return self.data.get("source", "")

    @property
    def figure(self) -> str:
        """What the registry found, in a sentence."""
        data = self.data
        if self.rule == RULE_REGISTERED:
            if not self.passed:
                return _("No approved personal registration for %(year)s.") % {
                    "year": data.get("year")
                }
            return _("Approved registration in: %(movements)s.") % {
                "movements": "; ".join(data.get("movements", []))
            }
        if self.rule == RULE_ADVANCED_WORKER:
            if data.get("now"):
                return _("Conferred in the same decision.")
            if self.passed:
                return _("Conferred by decision No. %(number)s of %(date)s.") % {
                    "number": data.get("decision_number") or "—",
                    "date": _day(data["decided_on"]),
                }
            return _(
                "Not conferred for %(year)s yet: confer Lao động tiên tiến in the same "
                "decision or before."
            ) % {"year": data.get("year")}
        if self.rule == RULE_INITIATIVE:
            found = data.get("recognitions", [])
            if not found:
                return _(
                    "No initiative of this member was recognised by a decision dated in "
                    "%(before)s or %(year)s."
                ) % {"before": data.get("year", 0) - 1, "year": data.get("year")}
            return "; ".join(
                _("“%(title)s”, decision No. %(number)s of %(date)s (%(level)s, %(unit)s)")
                % {
                    "title": item["title"],
                    "number": item["number"],
                    "date": _day(item["decided_on"]),
                    "level": item["level"],
                    "unit": item["unit"],
                }
                for item in found
            )
        if self.rule == RULE_EXCEPTION:
            return data.get("reason", "")
        if self.rule in (RULE_MONTHS, RULE_LEAVE, RULE_DISCIPLINE):
            if data.get("found") is None:
                return _("Not recorded.")
            if self.rule == RULE_MONTHS:
                return _("%(months)s months recorded.") % {"months": data["found"]}
            if self.rule == RULE_LEAVE:
                return _("%(days)s days recorded.") % {"days": data["found"]}
            return _("Disciplined.") if data["found"] else _("Not disciplined.")
        if self.rule == RULE_SHARE:
            return _(
                "%(fighters)s Chiến sĩ thi đua cơ sở for %(advanced)s Lao động tiên tiến of "
                "%(body)s in %(year)s."
            ) % {
                "fighters": data.get("fighters"),
                "advanced": data.get("advanced"),
                "body": data.get("body", ""),
                "year": data.get("year"),
            }
        return ""

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "passed": self.passed, "data": self.data}

    @classmethod
    def from_dict(cls, value: dict[str, Any]) -> "Check":
        return cls(
            rule=str(value.get("rule", "")),
            passed=bool(value.get("passed")),
            data=dict(value.get("data") or {}),
        )


@dataclass(frozen=True)
class PriorTitle:
    """A title already conferred on the member for the year."""

    title: str
    decision_number: str
    decided_on: date


@dataclass(frozen=True)
class MemberFacts:
    """What the registry knows of a member for ``year``: the movements of their approved
    registrations, the titles already conferred on them that year, and their initiatives
    recognised (any years; only the year and the one before count)."""

    year: int
    movements: tuple[str, ...] = ()
    conferred: tuple[PriorTitle, ...] = ()
    recognitions: tuple[Recognition, ...] = ()

    def prior(self, title: str) -> PriorTitle | None:
        return next((p for p in self.conferred if p.title == title), None)


@dataclass(frozen=True)
class Evaluation:
    """The checks of one title for one member, and whether it may be conferred."""

    title: str
    checks: tuple[Check, ...]
    passed: bool
    # Only the initiative rule failed: an exception with its reason would let it pass.
    needs_exception: bool = False

    @property
    def title_label(self) -> str:
        return str(T(self.title).label)

    @property
    def exception_used(self) -> bool:
        return any(c.rule == RULE_EXCEPTION and c.passed for c in self.checks)


def _recognition_data(recognition: Recognition) -> dict[str, str]:
    return {
        "title": recognition.initiative_title,
        "number": recognition.decision_number,
        "decided_on": recognition.decided_on.isoformat(),
        "level": recognition.level,
        "unit": recognition.deciding_unit,
    }


def evaluate(
    title: str,
    facts: MemberFacts,
    *,
    advanced_worker_now: bool = False,
    exception_reason: str = "",
    recorded: Recorded | None = None,
    rules: Iterable[RuleFigure] = (),
) -> Evaluation:
    """The checks of ``title`` for a member with ``facts``.

    ``advanced_worker_now``: Lao động tiên tiến is conferred in the same decision.
    ``exception_reason``: the reason recorded for conferring Chiến sĩ thi đua cơ sở without a
    recognised initiative; ignored when an initiative was found.
    ``recorded`` and ``rules``: the member's recorded exclusions and the figures of the rules
    of Lao động tiên tiến.
    """
    registered = Check(
        RULE_REGISTERED,
        bool(facts.movements),
        {"year": facts.year, "movements": list(facts.movements)},
    )
    if title == T.ADVANCED_WORKER:
        checks = (registered, *exclusion_checks(recorded or Recorded(), rules))
        return Evaluation(title, checks, all(c.passed for c in checks))
    if title != T.GRASSROOTS_FIGHTER:
        raise ValueError(f"no rule for the title {title!r}")
    prior = facts.prior(T.ADVANCED_WORKER)
    if prior is not None:
        worker = Check(
            RULE_ADVANCED_WORKER,
            True,
            {
                "year": facts.year,
                "decision_number": prior.decision_number,
                "decided_on": prior.decided_on.isoformat(),
            },
        )
    elif advanced_worker_now:
        worker = Check(RULE_ADVANCED_WORKER, True, {"year": facts.year, "now": True})
    else:
        worker = Check(RULE_ADVANCED_WORKER, False, {"year": facts.year})
    counted = [r for r in facts.recognitions if r.decided_on.year in (facts.year - 1, facts.year)]
    initiative = Check(
        RULE_INITIATIVE,
        bool(counted),
        {"year": facts.year, "recognitions": [_recognition_data(r) for r in counted]},
    )
    checks = [registered, worker, initiative]
    reason = exception_reason.strip()
    if not initiative.passed and reason:
        checks.append(Check(RULE_EXCEPTION, True, {"reason": reason}))
    initiative_or_exception = initiative.passed or bool(reason)
    return Evaluation(
        title,
        tuple(checks),
        registered.passed and worker.passed and initiative_or_exception,
        needs_exception=not initiative.passed and not reason,
    )


def exclusion_checks(recorded: Recorded, rules: Iterable[RuleFigure]) -> list[Check]:
    """The exclusions of Lao động tiên tiến the rules set, against what was recorded: an
    exclusion not recorded passes, shown as not recorded."""
    checks = []
    for rule in rules:
        source = {"source": rule.legal_source}
        if rule.kind == "min_months_worked":
            limit, found = int(rule.value), recorded.months_worked
            passed = found is None or found >= limit
            checks.append(Check(RULE_MONTHS, passed, {**source, "limit": limit, "found": found}))
        elif rule.kind == "max_leave_days":
            limit, found = int(rule.value), recorded.leave_days
            passed = found is None or found < limit
            checks.append(Check(RULE_LEAVE, passed, {**source, "limit": limit, "found": found}))
        elif rule.kind == RULE_DISCIPLINE:
            found = recorded.disciplined
            checks.append(Check(RULE_DISCIPLINE, found is not True, {**source, "found": found}))
    return checks


def share_check(*, year: int, body: str, advanced: int, fighters: int, rule: RuleFigure) -> Check:
    """Chiến sĩ thi đua cơ sở within the share of the advanced workers of the same employer
    (or union) and year: ``fighters`` × 100 ≤ share × ``advanced``."""
    limit = rule.value
    return Check(
        RULE_SHARE,
        fighters * 100 <= limit * advanced,
        {
            "year": year,
            "body": body,
            "advanced": advanced,
            "fighters": fighters,
            "limit": f"{limit.normalize():f}" if hasattr(limit, "normalize") else str(limit),
            "source": rule.legal_source,
        },
    )
