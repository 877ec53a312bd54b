"""The demo's clock: the moment the seeding began, and travel to any earlier moment so that a
service called there takes it for the present.

The demo tells the last two years of the federation. Each step plans its moments from the real
"now" (a round opened 420 days ago, a dossier accepted on such a day), then calls the real
service at each moment under ``time_machine.travel``: what the service stamps (``created_at``,
history rows, ``submitted_at``, a decision's number drawn for its year) and what it checks
(an intake still open, a decision not dated in the future, a grant in force on the day) are
the service's own. Nothing is back-dated afterwards.
"""

import datetime
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import time_machine
from django.utils import timezone

from accounts.models import User
from unions.models import Unit
from unions.selectors import forget_scopes, nearest_holders

T = TypeVar("T")


class DemoClock:
    """``now`` and ``today`` are the real present, fixed when the clock is made; ``at`` and
    ``run`` travel to a moment of the past (or stay in the present when it is None)."""

    def __init__(self, now: datetime.datetime | None = None) -> None:
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)

    def ago(self, days: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days)

    @staticmethod
    def moment(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
        """``day`` at ``hour``:``minute``, local time."""
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    @contextmanager
    def at(self, moment: datetime.datetime | None) -> Iterator[None]:
        """Inside the block the services take ``moment`` for the present (the clock stands
        still there). The demo records the past: a moment after ``now`` is a mistake."""
        if moment is None:
            yield
            return
        if moment > self.now:
            raise ValueError(f"The demo records the past, not {moment:%Y-%m-%d %H:%M}.")
        with time_machine.travel(moment, tick=False):
            yield

    def officer(self, unit: Unit, capability: str, moment: datetime.datetime | None) -> User:
        """The officer who looks after ``unit`` with ``capability`` on the day of ``moment``
        (the first of the nearest holders then): grants begin and end, so who acts on a unit
        depends on the day."""
        with self.at(moment):
            officer = nearest_holders(unit, capability).order_by("pk").first()
        if officer is None:
            day = timezone.localdate(moment or self.now)
            raise LookupError(f"Nobody holds {capability} on {unit.code} on {day}.")
        return officer

    def run(self, moment: datetime.datetime | None, service: Callable[..., T], **kwargs) -> T:
        """Call ``service(**kwargs)`` at ``moment``, as a request made then: the scopes the
        rules cache on the people passed in are forgotten first, since their grants in force
        depend on the day."""
        for value in kwargs.values():
            if isinstance(value, User):
                forget_scopes(value)
        with self.at(moment):
            return service(**kwargs)


class WorkingDays:
    """Moments of one story (a round, a dossier) in working hours, drawn from ``rng``: each
    later than the one before, even when two fall on the same day."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.last: datetime.datetime | None = None

    def at(self, day: datetime.date) -> datetime.datetime:
        minutes = self.rng.randint(7 * 60 + 30, 16 * 60)
        moment = DemoClock.moment(day, minutes // 60, minutes % 60)
        if self.last is not None and moment <= self.last:
            moment = self.last + datetime.timedelta(minutes=self.rng.randint(2, 15))
        self.last = moment
        return moment


class Timeline:
    """Steps of many stories (the demo's dossiers), run in the order of their moments across
    all of them, so that what a service draws in turn (a unit's receipt numbers of a year) comes
    in the order things happened. Each story's steps keep their own order."""

    def __init__(self) -> None:
        self._steps: list[tuple[datetime.datetime, int, Callable[[datetime.datetime], None]]] = []

    def add(self, moment: datetime.datetime, step: Callable[[datetime.datetime], None]) -> None:
        """``step(moment)`` is to run at ``moment``; it travels there itself (``DemoClock.run``)."""
        self._steps.append((moment, len(self._steps), step))

    def run(self) -> None:
        for moment, _order, step in sorted(self._steps, key=lambda row: row[:2]):
            step(moment)
        self._steps.clear()
