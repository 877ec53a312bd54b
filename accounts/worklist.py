"""The shape of "Việc của tôi" (my work): lists of things waiting for one person.

Each app that owns the data has a selector returning a ``WorkList``; the workspace page (in
``emulation``, the top layer) composes them. Every list reads its rows in a fixed number of
queries and keeps at most ``WORK_LIST_LIMIT`` of them (``more`` says there were others, and
``more_url`` leads to the page with all of them).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar

from django.utils.functional import Promise

WORK_LIST_LIMIT = 20

T = TypeVar("T")


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    note: str = ""
    # The date by which it should be done (None: no deadline), and since when it waits.
    due: date | None = None
    since: datetime | date | None = None
    overdue: bool = False

    @property
    def sort_key(self) -> tuple:
        # Oldest deadline first; items without one after them, the longest waiting first.
        since = self.since.date() if isinstance(self.since, datetime) else self.since
        return (
            self.due is None,
            self.due or date.max,
            since is None,
            since or date.max,
            self.title,
        )


@dataclass
class WorkList:
    key: str
    heading: str | Promise
    items: list[WorkItem] = field(default_factory=list)
    more: bool = False
    more_url: str = ""

    def __bool__(self) -> bool:
        return bool(self.items)

    @property
    def first_key(self) -> tuple:
        return self.items[0].sort_key if self.items else (True, date.max, True, date.max, "")


def limited(rows: Iterable[T], limit: int = WORK_LIST_LIMIT) -> tuple[list[T], bool]:
    """The first ``limit`` of ``rows`` (a queryset sliced to ``limit + 1`` by the caller, or any
    iterable) and whether there were more."""
    rows = list(rows)
    return rows[:limit], len(rows) > limit


def work_list(
    key: str, heading: str | Promise, items: list[WorkItem], more: bool = False, more_url: str = ""
) -> WorkList:
    """A list with its items oldest deadline first."""
    return WorkList(key, heading, sorted(items, key=lambda item: item.sort_key), more, more_url)
