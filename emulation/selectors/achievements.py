"""Achievement records: a person's or a unit's recognitions, awards and individual titles,
year by year. Recognitions and awards are read from the awards app
(``awards.selectors.recognitions_of`` and ``awards_of``); titles are emulation's own."""

from collections import defaultdict
from dataclasses import dataclass, field

from accounts.models import User
from awards.models import RoundEntry
from awards.selectors.achievements import AwardLine, awards_of, recognitions_of
from emulation.models import TitleConferral
from unions.models import Unit


@dataclass
class AchievementYear:
    year: int
    recognitions: list[RoundEntry]
    awards: list[AwardLine]
    # A person's titles, or the titles a unit conferred on its members.
    titles: list[TitleConferral] = field(default_factory=list)


def titles_of(*, person: User | None = None, unit: Unit | None = None):
    """Individual titles of the person, or the titles the unit conferred on its members, newest
    year first."""
    titles = TitleConferral.objects.all()
    if person is not None:
        titles = titles.filter(person=person)
    elif unit is not None:
        titles = titles.filter(unit=unit)
    else:
        return titles.none()
    return titles.select_related("unit", "person").order_by(
        "-year", "title", "person__first_name", "person__last_name", "pk"
    )


def achievement_record(
    *, person: User | None = None, unit: Unit | None = None
) -> list[AchievementYear]:
    """Recognitions, awards and individual titles of a person or a unit (for a unit: the
    titles it conferred) grouped by year, newest year first. Four queries whatever their
    number."""
    recognitions: dict[int, list[RoundEntry]] = defaultdict(list)
    for entry in recognitions_of(person=person, unit=unit):
        recognitions[entry.round.decision.year].append(entry)
    awards: dict[int, list[AwardLine]] = defaultdict(list)
    for line in awards_of(person=person, unit=unit):
        awards[line.year].append(line)
    titles: dict[int, list[TitleConferral]] = defaultdict(list)
    for title in titles_of(person=person, unit=unit):
        titles[title.year].append(title)
    return [
        AchievementYear(
            year=year, recognitions=recognitions[year], awards=awards[year], titles=titles[year]
        )
        for year in sorted(set(recognitions) | set(awards) | set(titles), reverse=True)
    ]
