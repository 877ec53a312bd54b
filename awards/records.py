"""A person's recognised initiative, as the titles rules read it (Chiến sĩ thi đua cơ sở needs
an initiative recognised that year or the year before): ``awards.selectors.recognitions_by_person``
answers for many people and years in one query."""

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
