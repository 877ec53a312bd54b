"""Achievement records: a person's or a unit's recognitions (dossiers a closed round recognised,
at each level) and awards (issued decisions naming them, revoked ones marked), year by year,
with links to the decisions.

A person sees their own record; officers and viewers reading dossiers of the person's current
grassroots unit (or of a unit above it) see theirs; a unit's record is seen by those reading
dossiers of that unit. Anyone else gets 404. Individual titles are on the record too.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from accounts.models import User
from awards.models import AwardDecision
from emulation.selectors.achievements import achievement_record
from unions.levels import level_of
from unions.models import Unit
from unions.selectors import current_membership

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
                    "level": level_of(entry.round.unit).label,
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
                    "level": level_of(decision.issuer).label,
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
        "emulation/achievements_record.html",
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
        "emulation/achievements_record.html",
        {
            "unit": unit,
            "subject_name": unit.name,
            "subject_unit": None,
            "level": level_of(unit).label,
            "years": _years(request.user, unit=unit),
        },
    )
