"""The lifecycle of a dossier as a pure table: action → allowed sources → target → permission.

No database here. ``initiatives.services.initiative_transition`` is the one place that applies
it (through ``accounts.transitions``); the dossier page asks ``actions_from`` which buttons to
show. Who may take the review steps is the rule ``initiatives.review_initiative``, stated in
``initiatives.rules``.
"""

from django.utils.translation import gettext_lazy as _

from accounts import workflow
from accounts.workflow import Transition
from initiatives.enums import UNDECIDED_STATUSES, InitiativeStatus

S = InitiativeStatus


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "submit",
            frozenset({S.DRAFT}),
            S.SUBMITTED,
            "initiatives.submit_initiative",
            _("Submit"),
        ),
        Transition(
            "resubmit",
            frozenset({S.RETURNED}),
            S.RESUBMITTED,
            "initiatives.submit_initiative",
            _("Resubmit"),
        ),
        Transition(
            "return",
            frozenset({S.SUBMITTED, S.RESUBMITTED}),
            S.RETURNED,
            "initiatives.receive_initiative",
            _("Return for completion"),
            note_required=True,
        ),
        Transition(
            "accept",
            frozenset({S.SUBMITTED, S.RESUBMITTED}),
            S.ACCEPTED,
            "initiatives.receive_initiative",
            _("Accept"),
        ),
        Transition(
            "refuse",
            frozenset({S.SUBMITTED, S.RESUBMITTED}),
            S.REFUSED,
            "initiatives.receive_initiative",
            _("Refuse"),
            note_required=True,
        ),
        Transition(
            "withdraw",
            UNDECIDED_STATUSES,
            S.WITHDRAWN,
            "initiatives.withdraw_initiative",
            _("Withdraw"),
        ),
        # Driven by review rounds (awards app).
        Transition(
            "start_review",
            frozenset({S.ACCEPTED}),
            S.UNDER_REVIEW,
            "initiatives.review_initiative",
            _("Start the review"),
        ),
        Transition(
            "recognise",
            frozenset({S.UNDER_REVIEW}),
            S.RECOGNISED,
            "initiatives.review_initiative",
            _("Recognise"),
        ),
        Transition(
            "not_recognise",
            frozenset({S.UNDER_REVIEW}),
            S.NOT_RECOGNISED,
            "initiatives.review_initiative",
            _("Do not recognise"),
            note_required=True,
        ),
        Transition(
            "return_for_clarification",
            frozenset({S.UNDER_REVIEW}),
            S.RETURNED,
            "initiatives.review_initiative",
            _("Return for clarification"),
            note_required=True,
        ),
        Transition(
            "stop_review",
            frozenset({S.UNDER_REVIEW}),
            S.ACCEPTED,
            "initiatives.review_initiative",
            _("Take out of the review round"),
        ),
        Transition(
            "resume_review",
            frozenset({S.RESUBMITTED}),
            S.UNDER_REVIEW,
            "initiatives.review_initiative",
            _("Resume the review"),
        ),
        # A recognition the employer decided outside the registry (its own paper decision,
        # Decree 13/2012/NĐ-CP Art. 7), once an officer of the union has checked the decision
        # (issue 13 §2); driven by ``awards.services.recognitions``.
        Transition(
            "confirm_external_recognition",
            frozenset({S.SUBMITTED, S.RESUBMITTED, S.ACCEPTED}),
            S.RECOGNISED,
            "initiatives.receive_initiative",
            _("Confirm the employer's recognition"),
            note_required=True,
        ),
    ]
}

# Actions people take on the dossier page; the review actions belong to review rounds.
DOSSIER_PAGE_ACTIONS = ("submit", "resubmit", "return", "accept", "refuse", "withdraw")


def actions_from(status: str, actions=DOSSIER_PAGE_ACTIONS) -> list[Transition]:
    """Transitions allowed from ``status``, in the order of ``actions``."""
    return workflow.actions_from(TRANSITIONS, status, actions)
