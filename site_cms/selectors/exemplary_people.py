"""A person's achievements as an exemplary-person page shows them, read live from the
registry's achievement record (``emulation.selectors.achievements``): the
initiatives recognised and the level each reached, the awards of issued decisions (revoked ones and
initiative certificates left out) and the individual titles conferred. Only what the
decisions themselves make public: names, levels, numbers and dates — never the person's
account, contact data or papers."""

import datetime
from dataclasses import dataclass, field

from accounts.models import User
from emulation.selectors.achievements import achievement_record
from unions.levels import level_of
from unions.models import Unit
from unions.selectors import current_membership


@dataclass(frozen=True)
class RecognitionShown:
    initiative_title: str
    level: str
    deciding_unit: Unit
    decision_number: str
    decided_on: datetime.date


@dataclass(frozen=True)
class AwardShown:
    award_name: str
    level: str
    issuer: Unit
    decision_number: str
    decided_on: datetime.date


@dataclass(frozen=True)
class TitleShown:
    title: str
    unit: Unit
    decision_number: str
    decided_on: datetime.date


@dataclass
class AchievementYearShown:
    year: int
    recognitions: list[RecognitionShown] = field(default_factory=list)
    awards: list[AwardShown] = field(default_factory=list)
    titles: list[TitleShown] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.recognitions or self.awards or self.titles)


def public_achievements(person: User) -> list[AchievementYearShown]:
    """The person's achievements year by year, newest first; years left with nothing public
    (only revoked awards) are dropped. Four queries whatever the record's length."""
    years = []
    for group in achievement_record(person=person):
        shown = AchievementYearShown(year=group.year)
        for entry in group.recognitions:
            decision = entry.round.decision
            shown.recognitions.append(
                RecognitionShown(
                    initiative_title=entry.initiative.title,
                    level=str(level_of(entry.round.unit).label),
                    deciding_unit=entry.round.unit,
                    decision_number=decision.number,
                    decided_on=decision.decided_on,
                )
            )
        for line in group.awards:
            decision = line.decision
            # Revoked awards are no longer honours; initiative certificates repeat the
            # recognitions listed above.
            if line.revocation is not None or decision.is_round_certificate:
                continue
            shown.awards.append(
                AwardShown(
                    award_name=decision.award_type.name,
                    level=str(level_of(decision.issuer).label),
                    issuer=decision.issuer,
                    decision_number=decision.number,
                    decided_on=decision.decided_on,
                )
            )
        for title in group.titles:
            shown.titles.append(
                TitleShown(
                    title=title.get_title_display(),
                    unit=title.unit,
                    decision_number=title.decision_number,
                    decided_on=title.decided_on,
                )
            )
        if not shown.is_empty:
            years.append(shown)
    return years


def current_union(person: User) -> Unit | None:
    """The grassroots union the person belongs to today, if any. One query."""
    membership = current_membership(person)
    return membership.unit if membership else None
