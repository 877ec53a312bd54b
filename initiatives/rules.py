"""Who may do what with a dossier: authorship combined with capabilities on its unit."""

import rules

from initiatives.enums import EDITABLE_STATUSES, InitiativeStatus
from initiatives.models import Initiative
from initiatives.reviews import is_decider, is_reviewer
from initiatives.services import is_past_application_limit
from unions.enums import Capability
from unions.models import Unit
from unions.rules import has_capability
from unions.selectors import has_capability_on, holds_capability_directly


def _initiative_of(obj) -> Initiative | None:
    if obj is None:
        return None
    return obj if isinstance(obj, Initiative) else getattr(obj, "initiative", None)


@rules.predicate
def is_author(user, obj=None) -> bool:
    """The user is an author of the dossier or entered it."""
    initiative = _initiative_of(obj)
    if initiative is None or not user.is_authenticated:
        return False
    if initiative.created_by_id == user.pk:
        return True
    cache = getattr(initiative, "_author_ids", None)
    if cache is None:
        cache = {a.user_id for a in initiative.authors.all() if a.user_id}
        initiative._author_ids = cache
    return user.pk in cache


@rules.predicate
def is_editable(user, obj=None) -> bool:
    initiative = _initiative_of(obj)
    return initiative is not None and initiative.status in EDITABLE_STATUSES


@rules.predicate
def is_officer_of_deciding_unit(user, obj=None) -> bool:
    initiative = _initiative_of(obj)
    return initiative is not None and holds_capability_directly(
        user, Capability.RECEIVE_INITIATIVES, initiative.unit
    )


@rules.predicate
def is_draft_past_limit(user, obj=None) -> bool:
    """A draft whose one-year limit has lapsed: the member can no longer submit it."""
    initiative = _initiative_of(obj)
    return (
        initiative is not None
        and initiative.status == InitiativeStatus.DRAFT
        and is_past_application_limit(initiative)
    )


@rules.predicate
def is_council_reviewer(user, obj=None) -> bool:
    """An unconflicted member of the council of a round the dossier sits in (answered by the
    review rounds through ``initiatives.reviews``)."""
    initiative = _initiative_of(obj)
    return initiative is not None and is_reviewer(user, initiative)


@rules.predicate
def is_round_decider(user, obj=None) -> bool:
    """The chair or the secretary of a review round not yet closed that holds the dossier
    (answered by the review rounds through ``initiatives.reviews``)."""
    initiative = _initiative_of(obj)
    return initiative is not None and is_decider(user, initiative)


can_read = is_author | has_capability(Capability.VIEW_INITIATIVES) | is_council_reviewer
can_receive = has_capability(Capability.RECEIVE_INITIATIVES)

rules.add_perm("initiatives.view_initiative", can_read)
rules.add_perm("initiatives.edit_initiative", is_author & is_editable)
# Past the one-year limit only an officer of the unit may still submit, with a recorded reason.
rules.add_perm("initiatives.submit_initiative", is_author | (is_draft_past_limit & can_receive))
rules.add_perm("initiatives.withdraw_initiative", is_author)
rules.add_perm("initiatives.receive_initiative", can_receive)
# Who may move a dossier under review, stated here and nowhere else. Every review step of
# ``initiatives.workflow`` (start, stop and resume the review; recognise, not recognise, return
# for clarification) names this rule and ``initiative_transition`` checks it; the dossier page
# offers none of those steps, the round pages do (under the round's rules, ``awards.rules``).
# It allows the officers who receive dossiers at the dossier's unit or above (the officer role
# also runs the rounds that put dossiers in, take them out and bring them back), and the chair
# and the secretary of a round not yet closed that holds the dossier (the chair closes the
# round, recognising it or not; the secretary records the vote that returns it).
may_move_under_review = can_receive | is_round_decider
rules.add_perm("initiatives.review_initiative", may_move_under_review)
rules.add_perm(
    "initiatives.view_confidential",
    is_author | is_officer_of_deciding_unit | is_council_reviewer,
)
rules.add_perm("initiatives.download_attachment", can_read)
# The field-level history of the dossier, its authors and benefits (issue 16): the officers who
# read dossiers in the unit's subtree. Authors and council members follow the dossier through its
# page and its lifecycle steps; who changed which field is the officers' audit.
rules.add_perm("initiatives.view_change_history", has_capability(Capability.VIEW_INITIATIVES))
rules.add_perm("initiatives.enter_on_behalf", can_receive)
rules.add_perm("initiatives.record_remuneration", can_receive)


@rules.predicate
def configures_rubrics_at_the_top(user) -> bool:
    """Administrators, and officers who configure rubrics at a unit at the top of the tree:
    the review rules hold for the whole federation."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or any(
        has_capability_on(user, Capability.MANAGE_RUBRICS, root) for root in Unit.get_root_nodes()
    )


rules.add_perm("initiatives.change_review_rules", configures_rubrics_at_the_top)
