"""Achievement records: a person's or a unit's recognitions (dossiers a closed round recognised,
at each level) and awards (issued decisions naming them, revoked ones marked), year by year,
with links to the decisions.

A person sees their own record; officers and viewers reading dossiers of the person's current
grassroots unit (or of a unit above it) see theirs; a unit's record is seen by those reading
dossiers of that unit. Anyone else gets 404. Titles (issue 6) join the record once they exist.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from awards.models import AwardDecision
from awards.selectors import achievement_record, current_membership
from unions.enums import UNIT_LEVELS
from unions.models import Unit

LEVEL_LABELS = {
    1: _("National"),
    2: _("Provincial or central sector"),
    3: _("Upper-direct"),
    4: _("Grassroots"),
}


# --- pages ---------------------------------------------------------------------------------


def decision_url(user: User, decision: AwardDecision | None) -> str | None:
    """The page of an award decision, for those who may open it."""
    if decision is None or not user.has_perm("awards.view_award_decision", decision):
        return None
    return reverse("honours:decision_detail", args=[decision.pk])


def certificate_url(user: User, certificate) -> str | None:
    """The certificate's PDF, once generated, for its holder and those who may download it."""
    if certificate is None or not certificate.file:
        return None
    if not user.has_perm("awards.download_certificate", certificate):
        return None
    return reverse("honours:certificate_download", args=[certificate.pk])


def _level_label(unit: Unit) -> str:
    return LEVEL_LABELS.get(UNIT_LEVELS.get(unit.kind, 4), LEVEL_LABELS[4])


def _years(user: User, *, person: User | None = None, unit: Unit | None = None) -> list[dict]:
    """The record shaped for the template: every link and label worked out once."""
    years = []
    for group in achievement_record(person=person, unit=unit):
        recognitions = []
        for entry in group.recognitions:
            round_decision = entry.round.decision
            award_decision = getattr(round_decision, "award_decision", None)
            recognitions.append(
                {
                    "initiative": entry.initiative,
                    "round": entry.round,
                    "unit": entry.round.unit,
                    "level": _level_label(entry.round.unit),
                    "number": round_decision.number,
                    "decided_on": round_decision.decided_on,
                    "decision_url": decision_url(user, award_decision),
                }
            )
        awards = []
        for line in group.awards:
            decision = line.decision
            certificate = line.certificate
            awards.append(
                {
                    "recipient": line.recipient,
                    "decision": decision,
                    "award_type": decision.award_type,
                    "issuer": decision.issuer,
                    "level": _level_label(decision.issuer),
                    "initiative": line.recipient.initiative,
                    "certificate": certificate,
                    "revocation": line.revocation,
                    "decision_url": decision_url(user, decision),
                    "download_url": certificate_url(user, certificate),
                    "verification_url": reverse(
                        "verification:certificate", args=[certificate.short_code]
                    )
                    if certificate
                    else None,
                }
            )
        years.append(
            {
                "year": group.year,
                "recognitions": recognitions,
                "awards": awards,
                "titles": group.titles,
            }
        )
    return years


def _person_page(request: HttpRequest, person: User) -> HttpResponse:
    membership = current_membership(person)
    person._current_membership = membership
    if not request.user.has_perm("awards.view_person_achievements", person):
        raise Http404
    return render(
        request,
        "awards/achievements_record.html",
        {
            "person": person,
            "subject_name": person.get_full_name() or person.email,
            "subject_unit": membership.unit if membership else None,
            "is_own": person.pk == request.user.pk,
            "years": _years(request.user, person=person),
        },
    )


@login_required
def my_achievements(request: HttpRequest) -> HttpResponse:
    return _person_page(request, request.user)


@login_required
def person_achievements(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_page(request, get_object_or_404(User, pk=pk, is_active=True))


@login_required
def unit_achievements(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk)
    if not request.user.has_perm("awards.view_unit_achievements", unit):
        raise Http404
    return render(
        request,
        "awards/achievements_record.html",
        {
            "unit": unit,
            "subject_name": unit.name,
            "subject_unit": None,
            "level": _level_label(unit),
            "years": _years(request.user, unit=unit),
        },
    )
