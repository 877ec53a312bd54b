"""What the registry knows of each person's recognised initiatives, for the titles rules.

Chiến sĩ thi đua cơ sở needs an initiative recognised that year or the year before. Emulation
cannot read review rounds (they live in the awards app, above it), so awards registers one
provider here at start-up (``AwardsConfig.ready``): given people and years, it answers, in one
query, each person's initiatives recognised by a decision of those years. Without a provider
(the awards app not installed) nobody has any.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Recognition:
    """An initiative of the person recognised by a decision: what, which act, when, at which
    level (a label such as "Grassroots") and by which unit."""

    initiative_title: str
    decision_number: str
    decided_on: date
    level: str
    deciding_unit: str = ""


RecognitionProvider = Callable[[Iterable[int], Iterable[int]], dict[int, list[Recognition]]]

_providers: list[RecognitionProvider] = []


def register_recognition_provider(fn: RecognitionProvider) -> RecognitionProvider:
    """Add ``fn(person_ids, years) -> {person_id: [Recognition, …]}`` (once)."""
    if fn not in _providers:
        _providers.append(fn)
    return fn


def recognitions_by_person(
    person_ids: Iterable[int], years: Iterable[int]
) -> dict[int, list[Recognition]]:
    """Each person's initiatives recognised by decisions dated in ``years``, oldest first; a
    person with none is absent. One query per registered provider."""
    person_ids, years = list(person_ids), list(years)
    found: dict[int, list[Recognition]] = {}
    if not person_ids or not years:
        return found
    for provider in _providers:
        for person_id, recognitions in provider(person_ids, years).items():
            found.setdefault(person_id, []).extend(recognitions)
    for recognitions in found.values():
        recognitions.sort(key=lambda r: (r.decided_on, r.decision_number, r.initiative_title))
    return found
