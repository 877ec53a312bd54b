"""Pages of the review rounds, by audience: ``officer`` (rounds, councils, dossiers, votes,
decisions and documents), ``council`` (a member's dossiers and score sheets) and ``ladder``
(the panel on the dossier page).

What they share lives here: fetching a round or one of its dossiers within the user's scope,
and turning a service's error into a form error.
"""

from django.http import HttpRequest

from accounts.access import get_visible_or_404
from accounts.errors import ApplicationError
from awards.models import ReviewRound, RoundEntry
from awards.selectors.rounds import rounds_visible_to


def visible_round(request: HttpRequest, pk: int) -> ReviewRound:
    """The round ``pk`` if the user may follow it; 404 otherwise."""
    return get_visible_or_404(
        rounds_visible_to(request.user), request.user, "awards.view_round", pk=pk
    )


def visible_entry(request: HttpRequest, pk: int) -> RoundEntry:
    """The dossier-in-a-round ``pk`` if the user may follow its round; 404 otherwise."""
    entry = get_visible_or_404(
        RoundEntry.objects.filter(round__in=rounds_visible_to(request.user)).select_related(
            "round__unit", "round__rubric_version__rubric", "initiative__unit"
        ),
        request.user,
        "awards.view_round",
        pk=pk,
    )
    return entry


def apply_error(form, error: ApplicationError) -> None:
    """Attach a service's error to the field it names, or to the whole form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
