"""Dossiers waiting for someone, for "Việc của tôi": to receive, to decide soon, and the next
step of a member's own dossiers. One query per list, whatever the number of rows."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.worklist import WORK_LIST_LIMIT, WorkItem, WorkList, limited, work_list
from initiatives.enums import AWAITING_DECISION_STATUSES, InitiativeStatus
from initiatives.models import Initiative, InitiativeAuthor
from unions.enums import Capability
from unions.selectors import units_visible_to

S = InitiativeStatus
# Decisions due within this many days are shown before they are late.
DECISION_WARNING_DAYS = 30


def _dossier_url(initiative: Initiative) -> str:
    return reverse("initiatives:detail", args=[initiative.pk])


def dossiers_to_receive(user: User) -> WorkList:
    """Submitted and resubmitted dossiers of the units where ``user`` receives dossiers, the
    longest waiting first."""
    units = units_visible_to(user, Capability.RECEIVE_INITIATIVES)
    rows = (
        Initiative.objects.filter(unit__in=units, status__in=[S.SUBMITTED, S.RESUBMITTED])
        .select_related("unit")
        # Waiting since the last change: a resubmitted dossier waits from its resubmission.
        .order_by("updated_at", "pk")[: WORK_LIST_LIMIT + 1]
    )
    rows, more = limited(rows)
    items = [
        WorkItem(
            title=initiative.title,
            url=_dossier_url(initiative),
            note=gettext("%(unit)s · %(status)s")
            % {"unit": initiative.unit.name, "status": initiative.get_status_display()},
            since=initiative.updated_at,
        )
        for initiative in rows
    ]
    return work_list(
        "receive",
        _("Dossiers to receive"),
        items,
        more,
        reverse("initiatives:inbox") + "?status=submitted",
    )


def decisions_due(user: User, *, on: date | None = None) -> WorkList:
    """Accepted dossiers of the units where ``user`` receives dossiers whose decision is due
    within ``DECISION_WARNING_DAYS`` days or already late, the earliest due first."""
    on = on or timezone.localdate()
    units = units_visible_to(user, Capability.RECEIVE_INITIATIVES)
    rows = (
        Initiative.objects.filter(
            unit__in=units,
            status__in=AWAITING_DECISION_STATUSES,
            decision_due__isnull=False,
            decision_due__lte=on + timedelta(days=DECISION_WARNING_DAYS),
        )
        .select_related("unit")
        .order_by("decision_due", "pk")[: WORK_LIST_LIMIT + 1]
    )
    rows, more = limited(rows)
    items = []
    for initiative in rows:
        overdue = initiative.decision_due < on
        items.append(
            WorkItem(
                title=initiative.title,
                url=_dossier_url(initiative),
                note=(
                    gettext("%(unit)s · decision overdue")
                    if overdue
                    else gettext("%(unit)s · decision due soon")
                )
                % {"unit": initiative.unit.name},
                due=initiative.decision_due,
                overdue=overdue,
            )
        )
    return work_list(
        "decide",
        _("Decisions nearing or past due"),
        items,
        more,
        reverse("initiatives:inbox") + "?sort=due",
    )


# What the author does next, by status; statuses not named here wait for nobody's action of
# theirs (decided, withdrawn, refused).
_NEXT_STEP = {
    S.DRAFT: _("Draft: complete it and send it to your union"),
    S.RETURNED: _("Returned for completion: complete it and send it again"),
    S.SUBMITTED: _("Sent: waiting for the union to receive it"),
    S.RESUBMITTED: _("Sent again: waiting for the union to receive it"),
    S.ACCEPTED: _("Accepted: waiting for the decision"),
    S.UNDER_REVIEW: _("Under review by the council"),
}


def my_dossier_steps(user: User, *, on: date | None = None) -> WorkList:
    """The next step of each dossier ``user`` wrote or entered that is not decided yet: theirs
    first to act on (draft, returned), then those waiting for the union, earliest due first."""
    on = on or timezone.localdate()
    mine = (
        Initiative.objects.filter(created_by=user)
        .order_by()
        .values("pk")
        .union(InitiativeAuthor.objects.filter(user=user).order_by().values("initiative_id"))
    )
    rows = (
        Initiative.objects.filter(pk__in=mine, status__in=list(_NEXT_STEP))
        .only("pk", "title", "status", "decision_due", "updated_at")
        .order_by("updated_at", "pk")[: WORK_LIST_LIMIT + 1]
    )
    rows, more = limited(rows)
    items = []
    for initiative in rows:
        due = initiative.decision_due if initiative.status in AWAITING_DECISION_STATUSES else None
        url = (
            reverse("initiatives:edit", args=[initiative.pk])
            if initiative.status in (S.DRAFT, S.RETURNED)
            else _dossier_url(initiative)
        )
        items.append(
            WorkItem(
                title=initiative.title or gettext("(untitled dossier)"),
                url=url,
                note=str(_NEXT_STEP[initiative.status]),
                due=due,
                since=initiative.updated_at,
                overdue=bool(due and due < on),
            )
        )
    return work_list(
        "my_dossiers", _("My dossiers: next steps"), items, more, reverse("initiatives:mine")
    )
