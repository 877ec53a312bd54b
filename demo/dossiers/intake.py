"""Demo dossiers: about two hundred initiatives in every state across the demo grassroots unions.

Each dossier is built through the real services (draft, attachments, every transition), so its
history is the one an officer would see; afterwards the dates are moved into the past with
``queryset.update``/``bulk_update``, as if the dossiers had come in over the last two years (demo
data only, never domain logic). Texts are composed from the parts below; names of people and
organisations are invented.

``seed_initiatives`` is registered as a step of ``emulation``'s ``seed_demo`` from
``InitiativesConfig.ready``; it is idempotent: a dossier that already exists (same unit and
title) is not built again.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from demo.accounts import DEMO_MEMBER_EMAIL
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
from demo.units import GRASSROOTS, REFORM_DAY
from emulation.enums import GRASSROOTS_KINDS, Capability
from emulation.models import Membership, Unit
from emulation.selectors import nearest_holders, unit_snapshot
from initiatives.enums import InitiativeField, InitiativeStatus
from initiatives.models import Attachment, Initiative, InitiativeTransition
from initiatives.services import (
    AuthorData,
    add_months,
    attachment_add,
    initiative_save_draft,
    initiative_transition,
)

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
    creator: User
    officer: User
    notes: list[str]
    first_applied_on: datetime.date | None
    files: list[DemoFile] = field(default_factory=list)
    revision_files: list[DemoFile] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.values["title"]

    def moment_of(self, action: str) -> datetime.datetime | None:
        if action not in self.actions:
            return None
        return self.moments[1 + self.actions.index(action)]


def _at(rng: random.Random, day: datetime.date) -> datetime.datetime:
    minutes = rng.randint(7 * 60 + 30, 16 * 60 + 30)
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60))
    )


def _schedule(
    rng: random.Random, status: str, actions: tuple[str, ...], today: datetime.date
) -> list[datetime.date]:
    """Days of the draft's creation and of each action, ending before today."""
    months = settings.INITIATIVE_DECISION_MONTHS
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


def _plans(now: datetime.datetime) -> list[DossierPlan]:
    """Every demo dossier, drawn from a fixed seed: the same plans on every run."""
    rng = random.Random(SEED)
    today = timezone.localdate(now)
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
    # Officers do not write the dossiers they will receive.
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
        officer = officers[unit.pk]
        on_behalf = status != S.DRAFT and first is not demo_member and rng.random() < 0.06
        notes = [rng.choice(NOTES[action]) if action in NOTES else "" for action in actions]
        plan = DossierPlan(
            unit=unit,
            status=status,
            actions=actions,
            moments=moments,
            values=values,
            authors=authors,
            creator=officer if on_behalf else first.user,
            officer=officer,
            notes=notes,
            first_applied_on=values["first_applied_on"],
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


def _service_values(plan: DossierPlan, **changes) -> dict:
    values = {**plan.values, **changes}
    if plan.actions and values["first_applied_on"] is not None:
        # Built today, the dossier must still be within the one-year limit; the planned date
        # (possibly long ago, like its submission) is put back by _backdate.
        values["first_applied_on"] = timezone.localdate() - datetime.timedelta(days=30)
    return values


def _build(plan: DossierPlan) -> Initiative:
    """Create the dossier and take it along its path through the real services, telling
    nobody: this is history, not news (and the e-mail addresses are invented)."""
    initiative = initiative_save_draft(
        actor=plan.creator, unit=plan.unit, values=_service_values(plan), authors=plan.authors
    )
    for demo_file in plan.files:
        attachment_add(
            initiative=initiative,
            upload=_upload(demo_file),
            actor=plan.creator,
            description=demo_file.description,
        )
    for action, note in zip(plan.actions, plan.notes, strict=True):
        if action == "resubmit":
            basis = f"{plan.values['benefit_basis']}\n{REVISION_NOTE}".strip()
            initiative = initiative_save_draft(
                actor=plan.creator,
                unit=plan.unit,
                values=_service_values(plan, benefit_basis=basis),
                authors=plan.authors,
                initiative=initiative,
            )
            for demo_file in plan.revision_files:
                attachment_add(
                    initiative=initiative,
                    upload=_upload(demo_file),
                    actor=plan.creator,
                    description=demo_file.description,
                )
            note = note or REVISION_NOTE
        actor = plan.creator if action in BY_AUTHOR else plan.officer
        initiative = initiative_transition(
            initiative=initiative, action=action, actor=actor, note=note, notify=False
        )
    return initiative


def _backdate(built: list[tuple[DossierPlan, Initiative]]) -> None:
    """Move each dossier's history to the dates of its plan (demo data only)."""
    months = settings.INITIATIVE_DECISION_MONTHS
    ids = [initiative.pk for _plan, initiative in built]
    transitions: dict[int, list[InitiativeTransition]] = {pk: [] for pk in ids}
    for record in InitiativeTransition.objects.filter(initiative_id__in=ids).order_by("pk"):
        transitions[record.initiative_id].append(record)
    attachments: dict[int, list[Attachment]] = {pk: [] for pk in ids}
    for attachment in Attachment.objects.filter(initiative_id__in=ids).order_by("pk"):
        attachments[attachment.initiative_id].append(attachment)

    changed_transitions, changed_attachments = [], []
    snapshots: dict[tuple[int, bool], str] = {}
    for plan, initiative in built:
        for record, moment in zip(transitions[initiative.pk], plan.moments, strict=True):
            record.at = moment
            changed_transitions.append(record)
        resubmitted = plan.moment_of("resubmit")
        for attachment in attachments[initiative.pk]:
            is_revision = attachment.original_name == "so-lieu-bo-sung.png"
            base = resubmitted if is_revision and resubmitted else plan.moments[0]
            attachment.uploaded_at = base - datetime.timedelta(minutes=3 if is_revision else -4)
            changed_attachments.append(attachment)
        initiative.created_at = plan.moments[0]
        initiative.updated_at = plan.moments[-1]
        initiative.first_applied_on = plan.first_applied_on
        submitted = plan.moment_of("submit")
        initiative.submitted_at = submitted
        if submitted is not None:
            day = timezone.localdate(submitted)
            # Names as they stood on the day it came in (before or after the 2025 reform).
            key = (plan.unit.pk, day >= REFORM_DAY)
            if key not in snapshots:
                snapshot = unit_snapshot(plan.unit, day)
                snapshots[key] = snapshot.path_label if snapshot else plan.unit.name
            initiative.unit_name_snapshot = snapshots[key]
        accepted = plan.moment_of("accept")
        if accepted is not None:
            accepted_on = timezone.localdate(accepted)
            initiative.accepted_at = accepted
            initiative.receipt_year = accepted_on.year
            initiative.decision_due = add_months(accepted_on, months)
    InitiativeTransition.objects.bulk_update(changed_transitions, ["at"], batch_size=500)
    Attachment.objects.bulk_update(changed_attachments, ["uploaded_at"], batch_size=500)
    _renumber_receipts([initiative for _plan, initiative in built if initiative.receipt_number])
    Initiative.objects.bulk_update(
        [initiative for _plan, initiative in built],
        [
            "created_at",
            "updated_at",
            "first_applied_on",
            "submitted_at",
            "unit_name_snapshot",
            "accepted_at",
            "receipt_year",
            "receipt_sequence",
            "receipt_number",
            "decision_due",
        ],
        batch_size=200,
    )


def _renumber_receipts(accepted: list[Initiative]) -> None:
    """Receipt numbers in order of acceptance within each unit and year, after any number the
    unit already gave that year."""
    if not accepted:
        return
    Initiative.objects.filter(pk__in=[i.pk for i in accepted]).update(receipt_sequence=None)
    taken = {
        (row["unit_id"], row["receipt_year"]): row["last"]
        for row in Initiative.objects.filter(
            unit_id__in={i.unit_id for i in accepted}, receipt_sequence__isnull=False
        )
        .values("unit_id", "receipt_year")
        .annotate(last=Max("receipt_sequence"))
    }
    for initiative in sorted(accepted, key=lambda i: (i.unit_id, i.accepted_at, i.pk)):
        key = (initiative.unit_id, initiative.receipt_year)
        taken[key] = taken.get(key, 0) + 1
        initiative.receipt_sequence = taken[key]
        initiative.receipt_number = f"SK-{initiative.receipt_year}-{taken[key]:05d}"


@transaction.atomic
def seed_initiatives() -> bool:
    """Add the demo dossiers that are missing. Returns whether anything was added; without the
    demo federation (``emulation.demo``) it does nothing."""
    plans = _plans(timezone.now())
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
    built = [(plan, _build(plan)) for plan in missing]
    _backdate(built)
    return True
