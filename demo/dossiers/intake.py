"""Demo dossiers: about two hundred initiatives in every state across the demo grassroots unions.

Each dossier is built through the real services (draft, attachments, every transition), each
step on its planned day of the last two years: the demo clock (``demo.clock``) travels there, so
the history, the dates of submission and acceptance, the names of the unit as they stood that day
and the receipt numbers are the services' own. The steps of all dossiers run in the order they
happened, so each unit numbers its receipts of a year in the order it accepted the dossiers.
Whoever receives a dossier is the officer who looked after the unit on the day. Texts are
composed from the parts of ``demo.dossiers.texts``; names of people and organisations are
invented.

``seed_initiatives`` is the second step of ``seed_demo`` (``demo.steps``); it is idempotent: a
dossier that already exists (same unit and title) is not built again.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from demo.accounts import DEMO_MEMBER_EMAIL
from demo.clock import DemoClock, Timeline
from demo.dossiers.files import DemoFile, chart, summary_pdfs
from demo.dossiers.texts import (
    NOTES,
    REVISION_NOTE,
    at_place,
    compose_values,
    draw_authors,
    unfinished,
)
from demo.dossiers.topics import TOPICS, UNIT_PROFILES
from demo.units import GRASSROOTS
from initiatives.enums import InitiativeField, InitiativeStatus
from initiatives.models import Initiative
from initiatives.selectors import review_rules
from initiatives.services import (
    AuthorData,
    attachment_add,
    initiative_save_draft,
    initiative_transition,
)
from unions.enums import GRASSROOTS_KINDS, Capability
from unions.models import Membership, Unit
from unions.selectors import nearest_holders

S = InitiativeStatus
F = InitiativeField

SEED = 20260

# How many dossiers end in each state (200 in all).
STATUS_COUNTS = {
    S.DRAFT: 24,
    S.SUBMITTED: 16,
    S.RETURNED: 14,
    S.RESUBMITTED: 10,
    S.ACCEPTED: 36,
    S.REFUSED: 12,
    S.WITHDRAWN: 10,
    S.UNDER_REVIEW: 26,
    S.RECOGNISED: 36,
    S.NOT_RECOGNISED: 16,
}
# The demo member's own dossiers, so that "My initiatives" shows a bit of everything.
DEMO_MEMBER_STATUSES = [S.RETURNED, S.DRAFT, S.ACCEPTED, S.RECOGNISED, S.SUBMITTED]

# Ways through the workflow that end in each state (one is drawn for each dossier).
PATHS: dict[str, list[tuple[str, ...]]] = {
    S.DRAFT: [()],
    S.SUBMITTED: [("submit",)],
    S.RETURNED: [("submit", "return")],
    S.RESUBMITTED: [("submit", "return", "resubmit")],
    S.ACCEPTED: [
        ("submit", "accept"),
        ("submit", "accept"),
        ("submit", "return", "resubmit", "accept"),
    ],
    S.REFUSED: [("submit", "refuse"), ("submit", "return", "resubmit", "refuse")],
    S.WITHDRAWN: [
        ("submit", "withdraw"),
        ("submit", "return", "withdraw"),
        ("submit", "accept", "withdraw"),
    ],
    S.UNDER_REVIEW: [
        ("submit", "accept", "start_review"),
        ("submit", "return", "resubmit", "accept", "start_review"),
    ],
    S.RECOGNISED: [
        ("submit", "accept", "start_review", "recognise"),
        ("submit", "return", "resubmit", "accept", "start_review", "recognise"),
    ],
    S.NOT_RECOGNISED: [("submit", "accept", "start_review", "not_recognise")],
}
# Days between one step and the next (the step named), drawn at random within the range.
GAPS = {
    "submit": (2, 25),
    "return": (3, 12),
    "resubmit": (4, 20),
    "accept": (3, 15),
    "refuse": (5, 20),
    "withdraw": (3, 40),
    "start_review": (10, 45),
    "recognise": (15, 40),
    "not_recognise": (15, 40),
}
BY_AUTHOR = {"submit", "resubmit", "withdraw"}

# --- the plan of one dossier -------------------------------------------------------------


@dataclass
class DossierPlan:
    unit: Unit
    status: str
    actions: tuple[str, ...]
    moments: list[datetime.datetime]  # the draft's creation, then one per action
    values: dict
    authors: list[AuthorData]
    author: User  # the first author, who writes it unless an officer enters it for the authors
    on_behalf: bool
    notes: list[str]
    files: list[DemoFile] = field(default_factory=list)
    revision_files: list[DemoFile] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.values["title"]

    def values_on(self, day: datetime.date, **changes) -> dict:
        """The form as written on ``day``: a date of first application still to come then is
        filled in later, before the dossier is submitted."""
        values = {**self.values, **changes}
        first = values["first_applied_on"]
        if first is not None and first > day:
            values["first_applied_on"] = None
        return values


def _at(rng: random.Random, day: datetime.date) -> datetime.datetime:
    minutes = rng.randint(7 * 60 + 30, 16 * 60 + 30)
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60))
    )


def _schedule(
    rng: random.Random, status: str, actions: tuple[str, ...], today: datetime.date
) -> list[datetime.date]:
    """Days of the draft's creation and of each action, ending before today."""
    months = review_rules().decision_months
    if "accept" in actions:
        anchor = actions.index("accept") + 1
        if status == S.ACCEPTED:
            kind = rng.choices(["fresh", "near", "overdue"], weights=[50, 20, 30])[0]
            span = {"fresh": (2, 55), "near": (30 * months - 25, 30 * months - 3)}
            ago = rng.randint(*span.get(kind, (30 * months + 5, 30 * months + 120)))
        elif status in (S.UNDER_REVIEW, S.WITHDRAWN):
            ago = rng.randint(20, 30 * months + 40)
        else:
            ago = rng.randint(70, 640)
    else:
        anchor = len(actions)
        ago = {
            S.DRAFT: (0, 90),
            S.SUBMITTED: (1, 14),
            S.RETURNED: (2, 30),
            S.RESUBMITTED: (1, 20),
            S.REFUSED: (10, 600),
            S.WITHDRAWN: (5, 400),
        }
        ago = rng.randint(*ago.get(status, (1, 30)))
    days = [None] * (len(actions) + 1)
    days[anchor] = today - datetime.timedelta(days=ago)
    for i in range(anchor - 1, -1, -1):
        days[i] = days[i + 1] - datetime.timedelta(days=rng.randint(*GAPS[actions[i]]))
    for i in range(anchor + 1, len(days)):
        gap = rng.randint(*GAPS[actions[i - 1]])
        days[i] = min(days[i - 1] + datetime.timedelta(days=gap), today)
    return days


def _moments(
    rng: random.Random, days: list[datetime.date], now: datetime.datetime
) -> list[datetime.datetime]:
    moments = []
    for day in days:
        moment = _at(rng, day)
        if moments and moment <= moments[-1]:
            moment = moments[-1] + datetime.timedelta(minutes=rng.randint(5, 90))
        moments.append(moment)
    if moments[-1] > now:  # a step planned for later today happened earlier instead
        shift = moments[-1] - now + datetime.timedelta(minutes=30)
        moments = [moment - shift for moment in moments]
    return moments


# --- building --------------------------------------------------------------------------


def _demo_units() -> list[Unit]:
    codes = [code for code, _name, _parent in GRASSROOTS]
    return list(
        Unit.objects.filter(code__in=codes, is_active=True, kind__in=GRASSROOTS_KINDS).order_by(
            "code"
        )
    )


def _plans(clock: DemoClock) -> list[DossierPlan]:
    """Every demo dossier, drawn from a fixed seed: the same plans on every run (of a day)."""
    rng = random.Random(SEED)
    now, today = clock.now, clock.today
    units = _demo_units()
    memberships: dict[int, list[Membership]] = {unit.pk: [] for unit in units}
    for membership in (
        Membership.objects.filter(unit__in=units, valid_to__isnull=True, user__is_active=True)
        .select_related("user", "unit")
        .order_by("unit_id", "user_id")
    ):
        memberships[membership.unit_id].append(membership)
    officers = {}
    for unit in units:
        holder = nearest_holders(unit, Capability.RECEIVE_INITIATIVES).order_by("pk").first()
        if holder is not None and memberships[unit.pk]:
            officers[unit.pk] = holder
    units = [unit for unit in units if unit.pk in officers]
    if not units:
        return []
    # Officers (those of today) do not write the dossiers they will receive.
    for unit in units:
        memberships[unit.pk] = [
            m for m in memberships[unit.pk] if m.user_id != officers[unit.pk].pk
        ]

    statuses = [status for status, count in STATUS_COUNTS.items() for _ in range(count)]
    for status in DEMO_MEMBER_STATUSES:
        statuses.remove(status)
    rng.shuffle(statuses)
    demo_member = next(
        (m for unit in units for m in memberships[unit.pk] if m.user.email == DEMO_MEMBER_EMAIL),
        None,
    )
    assignments: list[tuple[Unit, str, Membership | None]] = []
    if demo_member is not None:
        assignments += [(demo_member.unit, status, demo_member) for status in DEMO_MEMBER_STATUSES]
    else:
        statuses += DEMO_MEMBER_STATUSES
    assignments += [(units[i % len(units)], status, None) for i, status in enumerate(statuses)]

    used_titles: set[str] = set()
    plans = []
    for unit, status, first in assignments:
        fields, places = UNIT_PROFILES.get(unit.code, ([F.OTHER], ["đơn vị"]))
        for _attempt in range(50):
            field_value = rng.choice(fields)
            topic = rng.choice(TOPICS[field_value])
            place = rng.choice(places)
            if at_place(topic.title, place) not in used_titles:
                break
        colleagues = memberships[unit.pk]
        first = first or rng.choice(colleagues)
        authors = draw_authors(rng, first, colleagues)
        actions = rng.choice(PATHS[status])
        days = _schedule(rng, status, actions, today)
        moments = _moments(rng, days, now)
        submitted = days[1] if actions else None
        reference = submitted or days[0]
        first_applied_on = reference - datetime.timedelta(days=rng.randint(20, 300))
        values = compose_values(rng, topic, field_value, place, authors, first_applied_on)
        if status == S.DRAFT:
            values = unfinished(rng, values)
        if values["title"] in used_titles:
            values["title"] += f" (giai đoạn {len(plans) + 2})"
        used_titles.add(values["title"])
        on_behalf = status != S.DRAFT and first is not demo_member and rng.random() < 0.06
        notes = [rng.choice(NOTES[action]) if action in NOTES else "" for action in actions]
        plan = DossierPlan(
            unit=unit,
            status=status,
            actions=actions,
            moments=moments,
            values=values,
            authors=authors,
            author=first.user,
            on_behalf=on_behalf,
            notes=notes,
        )
        wants_pdf = status != S.DRAFT and rng.random() < 0.55
        if wants_pdf:
            plan.files.append(
                DemoFile("thuyet-minh-sang-kien.pdf", "Bản thuyết minh chi tiết", b"")
            )
        if rng.random() < (0.3 if wants_pdf or status == S.DRAFT else 0.7):
            plan.files.append(
                DemoFile(
                    "bieu-do-truoc-sau.png",
                    "Biểu đồ so sánh trước và sau khi áp dụng",
                    chart(rng),
                )
            )
        if "resubmit" in actions:
            plan.revision_files.append(
                DemoFile("so-lieu-bo-sung.png", "Số liệu bổ sung theo yêu cầu", chart(rng))
            )
        plans.append(plan)
    return plans


def _upload(demo_file: DemoFile) -> SimpleUploadedFile:
    content_type = "application/pdf" if demo_file.name.endswith(".pdf") else "image/png"
    return SimpleUploadedFile(demo_file.name, demo_file.content, content_type=content_type)


def _story(timeline: Timeline, clock: DemoClock, plan: DossierPlan) -> None:
    """Put the steps of ``plan`` on the timeline: the draft written (by the first author, or
    entered for the authors by the unit's officer of the day) and its files attached a few
    minutes later; each action of its path at its moment, by the authors' side or by the
    officer of the day; before resubmitting, the revision asked for and its figures. Past events
    are not news: nobody is told."""
    unit = plan.unit
    dossier: dict[str, Initiative | User] = {}

    def officer(moment: datetime.datetime) -> User:
        return clock.officer(unit, Capability.RECEIVE_INITIATIVES, moment)

    def write(moment: datetime.datetime) -> None:
        dossier["creator"] = officer(moment) if plan.on_behalf else plan.author
        dossier["initiative"] = clock.run(
            moment,
            initiative_save_draft,
            actor=dossier["creator"],
            unit=unit,
            values=plan.values_on(timezone.localdate(moment)),
            authors=plan.authors,
        )

    def attach(files: list[DemoFile]):
        def step(moment: datetime.datetime) -> None:
            for demo_file in files:
                clock.run(
                    moment,
                    attachment_add,
                    initiative=dossier["initiative"],
                    upload=_upload(demo_file),
                    actor=dossier["creator"],
                    description=demo_file.description,
                )

        return step

    def revise(changes: dict):
        def step(moment: datetime.datetime) -> None:
            dossier["initiative"] = clock.run(
                moment,
                initiative_save_draft,
                actor=dossier["creator"],
                unit=unit,
                values=plan.values_on(timezone.localdate(moment), **changes),
                authors=plan.authors,
                initiative=dossier["initiative"],
            )

        return step

    def act(action: str, note: str):
        def step(moment: datetime.datetime) -> None:
            dossier["initiative"] = clock.run(
                moment,
                initiative_transition,
                initiative=dossier["initiative"],
                action=action,
                actor=dossier["creator"] if action in BY_AUTHOR else officer(moment),
                note=note,
                notify=False,
            )

        return step

    created = plan.moments[0]
    timeline.add(created, write)
    if plan.files:
        timeline.add(created + datetime.timedelta(minutes=4), attach(plan.files))
    for action, note, moment in zip(plan.actions, plan.notes, plan.moments[1:], strict=True):
        before = moment - datetime.timedelta(minutes=3)
        if action == "submit" and plan.values_on(timezone.localdate(created)) != plan.values:
            timeline.add(before, revise({}))  # the date of first application filled in
        if action == "resubmit":
            basis = f"{plan.values['benefit_basis']}\n{REVISION_NOTE}".strip()
            timeline.add(before, revise({"benefit_basis": basis}))
            if plan.revision_files:
                timeline.add(before, attach(plan.revision_files))
            note = note or REVISION_NOTE
        timeline.add(moment, act(action, note))


@transaction.atomic
def seed_initiatives() -> bool:
    """Add the demo dossiers that are missing. Returns whether anything was added; without the
    demo federation (``demo.federation``) it does nothing."""
    clock = DemoClock()
    plans = _plans(clock)
    if not plans:
        return False
    existing = set(
        Initiative.objects.filter(
            unit__in={plan.unit.pk for plan in plans}, title__in=[plan.title for plan in plans]
        ).values_list("unit_id", "title")
    )
    missing = [plan for plan in plans if (plan.unit.pk, plan.title) not in existing]
    if not missing:
        return False
    summaries = [
        (demo_file, plan) for plan in missing for demo_file in plan.files if not demo_file.content
    ]
    for (demo_file, _plan), content in zip(
        summaries, summary_pdfs([plan for _file, plan in summaries]), strict=True
    ):
        demo_file.content = content
    timeline = Timeline()
    for plan in missing:
        _story(timeline, clock, plan)
    timeline.run()
    return True
