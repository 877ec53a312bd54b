"""Emulation work waiting for someone, for "Việc của tôi": registrations to approve, pledge
reports to send and to score. One query per list, whatever the number of rows."""

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.worklist import WORK_LIST_LIMIT, WorkItem, WorkList, limited, work_list
from emulation.enums import PledgeStatus, ReportPeriod, ReportStatus
from emulation.models import PledgeReport, PledgeSignatory
from emulation.selectors.movements import registrations_awaiting
from unions.enums import Capability
from unions.selectors import units_visible_to


def registrations_to_approve(user: User) -> WorkList:
    """Registrations waiting for the user's approval, the longest waiting first."""
    rows, more = limited(registrations_awaiting(user)[: WORK_LIST_LIMIT + 1])
    items = [
        WorkItem(
            title=registration.person.get_full_name()
            if registration.person_id
            else registration.unit.name,
            url=reverse("movements:registration_detail", args=[registration.pk]),
            note=gettext("%(movement)s, %(year)s")
            % {"movement": registration.movement.name, "year": registration.year},
            since=registration.sent_at,
        )
        for registration in rows
    ]
    return work_list(
        "registrations",
        _("Registrations to approve"),
        items,
        more,
        reverse("movements:registration_inbox"),
    )


def pledge_reports_due(user: User) -> WorkList:
    """Signed pledges of the year whose year-end report a unit in the user's scope has not
    submitted yet (a draft report is linked, else the pledge where it is opened)."""
    units = units_visible_to(user, Capability.MANAGE_EMULATION)
    reports = PledgeReport.objects.filter(
        pledge=OuterRef("pledge"), unit=OuterRef("unit"), period=ReportPeriod.YEAR_END
    )
    rows = (
        PledgeSignatory.objects.filter(pledge__status=PledgeStatus.SIGNED, unit__in=units)
        .annotate(
            sent=Exists(reports.exclude(status=ReportStatus.DRAFT)),
            draft_pk=Subquery(reports.filter(status=ReportStatus.DRAFT).values("pk")[:1]),
        )
        .filter(sent=False)
        .select_related("pledge", "unit")
        .order_by("pledge__year", "pledge_id", "unit__path")[: WORK_LIST_LIMIT + 1]
    )
    rows, more = limited(rows)
    items = [
        WorkItem(
            title=row.pledge.title,
            url=reverse("pledges:report_detail", args=[row.draft_pk])
            if row.draft_pk
            else reverse("pledges:pledge_detail", args=[row.pledge_id]),
            note=gettext("%(unit)s · year-end report of %(year)s")
            % {"unit": row.unit.name, "year": row.pledge.year},
        )
        for row in rows
    ]
    return work_list("pledge_reports", _("Pledge reports due"), items, more)


def pledge_reports_to_score(user: User) -> WorkList:
    """Submitted reports of signed pledges whose block the user's units manage, the oldest
    first."""
    units = units_visible_to(user, Capability.MANAGE_EMULATION)
    rows = (
        PledgeReport.objects.filter(
            status=ReportStatus.SUBMITTED,
            pledge__status=PledgeStatus.SIGNED,
            pledge__block__managing_unit__in=units,
        )
        .select_related("pledge", "unit")
        .order_by("submitted_at", "pk")[: WORK_LIST_LIMIT + 1]
    )
    rows, more = limited(rows)
    items = [
        WorkItem(
            title=report.pledge.title,
            url=reverse("pledges:report_score", args=[report.pk]),
            note=gettext("%(unit)s · %(period)s")
            % {"unit": report.unit.name, "period": report.get_period_display()},
            since=report.submitted_at,
        )
        for report in rows
    ]
    return work_list("pledge_scores", _("Pledge reports to score"), items, more)
