"""Pages of the dossier, by audience: ``member`` (writing and following one's own dossiers),
``officer`` (the inbox, the dossier page and its actions) and ``documents`` (the PDFs).

What both audiences share lives here: fetching a dossier within the user's scope, the dossier
page's context and the "next step" a dossier waits for.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.access import get_visible_or_404
from accounts.errors import ApplicationError
from initiatives.documents import format_vnd
from initiatives.enums import EDITABLE_STATUSES, InitiativeStatus
from initiatives.forms import RemunerationForm, TransitionForm
from initiatives.models import Initiative
from initiatives.reviews import dossier_panels
from initiatives.selectors import (
    initiative_history,
    initiatives_visible_to,
    is_overdue,
    similar_initiatives,
)
from initiatives.services import (
    application_deadline,
    is_past_application_limit,
    submission_problems,
)
from initiatives.workflow import Transition, actions_from

PAGE_SIZE = 25
S = InitiativeStatus


def visible_initiative(request: HttpRequest, pk: int) -> Initiative:
    """The dossier ``pk`` if the user may read it; 404 otherwise."""
    return get_visible_or_404(
        initiatives_visible_to(request.user), request.user, "initiatives.view_initiative", pk=pk
    )


def next_step(initiative: Initiative) -> str:
    """What the dossier waits for, in the words of its author."""
    status = initiative.status
    due = initiative.decision_due.strftime("%d/%m/%Y") if initiative.decision_due else ""
    if status == S.DRAFT:
        return _("Complete and submit")
    if status in (S.SUBMITTED, S.RESUBMITTED):
        return _("Waiting for the unit to check")
    if status == S.RETURNED:
        return _("Answer the return")
    if status == S.ACCEPTED:
        if due:
            return _("Waiting for the decision by %(date)s") % {"date": due}
        return _("Waiting for the decision")
    if status == S.UNDER_REVIEW:
        if due:
            return _("Under review by the council; decision due by %(date)s") % {"date": due}
        return _("Under review by the council")
    return _("Nothing more to do")


def allowed_actions(user, initiative: Initiative, only=None) -> list[Transition]:
    """The actions of the workflow table the user may take on the dossier now."""
    return [
        step
        for step in actions_from(initiative.status)
        if (only is None or step.action in only) and user.has_perm(step.permission, initiative)
    ]


def similar_for(user, initiative: Initiative) -> list[dict]:
    """Similar dossiers stored for this one, with their similarity in percent: only those the
    user may read (a title from another province is not for everyone's eyes)."""
    return [
        {"initiative": item.initiative, "percent": round(item.similarity * 100)}
        for item in similar_initiatives(initiative, user)
    ]


def dossier_context(
    request: HttpRequest,
    initiative: Initiative,
    *,
    action_forms: dict | None = None,
    only_actions=None,
) -> dict:
    """Everything the dossier page and the preview show: sections, files, status, similar
    dossiers, history and the action forms the user may use."""
    user = request.user
    action_forms = action_forms or {}
    actions = [
        {
            "transition": step,
            "form": action_forms.get(step.action)
            or TransitionForm(transition=step, auto_id=f"id_{step.action}_%s"),
        }
        for step in allowed_actions(user, initiative, only=only_actions)
    ]
    can_edit = user.has_perm("initiatives.edit_initiative", initiative)
    authors = list(initiative.authors.all())
    is_own = initiative.created_by_id == user.pk or any(a.user_id == user.pk for a in authors)
    context = {
        "initiative": initiative,
        "from_inbox": not is_own,
        "authors": authors,
        "contribution_total": sum(author.contribution for author in authors),
        "attachments": list(initiative.attachments.all()),
        "benefit_display": format_vnd(initiative.benefit_claimed),
        "can_edit": can_edit,
        "can_view_confidential": user.has_perm("initiatives.view_confidential", initiative),
        "can_download": user.has_perm("initiatives.download_attachment", initiative),
        "can_delete": can_edit and initiative.status == S.DRAFT,
        "actions": actions,
        "overdue": is_overdue(initiative),
        "past_limit": initiative.status in EDITABLE_STATUSES
        and is_past_application_limit(initiative),
        "application_deadline": application_deadline(initiative),
        "problems": submission_problems(initiative)
        if initiative.status in EDITABLE_STATUSES
        else [],
        "similar": similar_for(user, initiative),
        "history": list(initiative_history(initiative)),
        "next_step": next_step(initiative),
        "panels": dossier_panels(request, initiative),
        **remuneration_context(request, initiative),
    }
    return context


def remuneration_context(request: HttpRequest, initiative: Initiative, form=None) -> dict:
    """The remuneration paid for the dossier, with its total, and the form to record one for
    the officers who may (recognised dossiers only)."""
    payments = list(initiative.remunerations.select_related("recorded_by").order_by("paid_on"))
    may_record = initiative.status == S.RECOGNISED and request.user.has_perm(
        "initiatives.record_remuneration", initiative
    )
    return {
        "remunerations": payments,
        "remuneration_total": format_vnd(sum(p.amount_vnd for p in payments)) if payments else "",
        "remuneration_form": (form or RemunerationForm(initiative=initiative))
        if may_record
        else None,
    }


def apply_error(form, error: ApplicationError, *, aliases: dict | None = None) -> None:
    """Attach a service's error to the form field it names, or to the whole form."""
    field = (aliases or {}).get(error.field, error.field)
    form.add_error(field if field in form.fields else None, error.message)
