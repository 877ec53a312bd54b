"""The ladder on the dossier page: every round the dossier went through, level by level, with
its outcome, decision and (once the round closed) its scores."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from awards.selectors.recognitions import recognition_of
from awards.selectors.rounds import initiative_ladder
from awards.selectors.scores import round_results
from initiatives.models import Initiative


def ladder_panel(request: HttpRequest, initiative: Initiative) -> str:
    entries = initiative_ladder(initiative)
    # The base step: who recognised it (a council run for the employer, or the employer's
    # decision recorded from outside).
    recognition = recognition_of(initiative) if initiative.status == "recognised" else None
    if not entries and recognition is None:
        return ""
    steps = []
    for entry in entries:
        review_round = entry.round
        result = None
        if review_round.is_closed:
            # The whole round, so the rank is the dossier's place among all of them.
            result = round_results(review_round).get(entry.pk)
        steps.append(
            {
                "entry": entry,
                "round": review_round,
                "result": result,
                "may_read_decision": review_round.is_closed
                and request.user.has_perm("awards.view_decision", review_round),
            }
        )
    return render_to_string(
        "awards/_ladder.html",
        {"steps": steps, "initiative": initiative, "recognition": recognition},
        request=request,
    )
