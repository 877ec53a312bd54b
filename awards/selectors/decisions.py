"""Reads of award decisions for the officer pages: decisions and certificates of the units one
works in, what a decision may cite and reward, and the eligibility of its recipients."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts.models import User
from awards.eligibility import Eligibility, Figures, evaluate
from awards.enums import COUNTED_BENEFIT, SCOPE_ORDER, RoundStatus
from awards.models import (
    AwardDecision,
    AwardType,
    BenefitRecord,
    Certificate,
    Recipient,
    ReviewRound,
    Revocation,
)
from initiatives.models import Initiative, InitiativeAuthor
from unions.enums import Capability
from unions.models import Unit
from unions.selectors import units_visible_to


def _award_units(user: User) -> QuerySet[Unit]:
    """Units whose decisions the user reads: where they issue awards or read dossiers."""
    return units_visible_to(user, Capability.ISSUE_AWARDS) | units_visible_to(
        user, Capability.VIEW_INITIATIVES
    )


def award_decisions_visible_to(user: User) -> QuerySet[AwardDecision]:
    """Award decisions (drafts and issued) of the units in the subtrees where the user issues
    awards or reads dossiers, with issuer, award type and grounds round."""
    if not user.is_authenticated:
        return AwardDecision.objects.none()
    return AwardDecision.objects.filter(issuer__in=_award_units(user)).select_related(
        "issuer", "award_type", "source_round"
    )


def award_decision_list(
    user: User,
    *,
    status: str = "",
    year: int | None = None,
    award_type_id: int | None = None,
) -> QuerySet[AwardDecision]:
    """The decisions page: visible decisions, newest first, each with its number of recipients
    and whether the whole decision was revoked; filtered by status, year and award type."""
    whole_revoked = Revocation.objects.filter(decision=OuterRef("pk"), certificate__isnull=True)
    decisions = award_decisions_visible_to(user).annotate(
        recipient_count=Count("recipients", distinct=True),
        is_revoked=Exists(whole_revoked),
    )
    if status:
        decisions = decisions.filter(status=status)
    if year is not None:
        decisions = decisions.filter(year=year)
    if award_type_id is not None:
        decisions = decisions.filter(award_type_id=award_type_id)
    return decisions.order_by("-decided_on", "-pk")


def award_types_issuable_by(kinds) -> QuerySet[AwardType]:
    """Active award types that units of one of ``kinds`` may issue (the catalogue is small;
    the kinds are read in Python because SQLite cannot search inside a JSON list)."""
    kinds = set(kinds)
    ids = [
        pk
        for pk, issuer_kinds in AwardType.objects.filter(is_active=True).values_list(
            "pk", "issuer_kinds"
        )
        if kinds.intersection(issuer_kinds or [])
    ]
    return AwardType.objects.filter(pk__in=ids).order_by("sort_order", "name")


def closed_rounds_under(units: QuerySet[Unit] | Unit) -> QuerySet[ReviewRound]:
    """Closed review rounds held by ``units`` (or by one unit and its subtree): the rounds an
    award decision may cite as its grounds."""
    rounds = ReviewRound.objects.filter(status=RoundStatus.CLOSED)
    if isinstance(units, Unit):
        rounds = rounds.filter(unit__path__startswith=units.path)
    else:
        rounds = rounds.filter(unit__in=units)
    return rounds.select_related("unit").order_by("-year", "-pk")


def initiatives_under(unit: Unit) -> QuerySet[Initiative]:
    """Dossiers of ``unit``'s subtree, where a decision of ``unit`` finds the initiative a
    recipient is rewarded for."""
    return Initiative.objects.filter(unit__path__startswith=unit.path).select_related("unit")


INITIATIVE_MATCHES = 20


def initiative_search(unit: Unit, query: str, limit: int = INITIATIVE_MATCHES) -> list[Initiative]:
    """Dossiers of ``unit``'s subtree matching every word of ``query`` in the title, the receipt
    number or the name of the unit, newest first; at most ``limit`` + 1 (the caller says "more"
    when it gets one too many). Receipt numbers repeat from one grassroots union to another
    (each union numbers its own), so a number alone may match several dossiers: the officer
    picks one of them. One query; nothing for an empty query."""
    words = query.split()[:8]
    if not words:
        return []
    found = initiatives_under(unit)
    for word in words:
        found = found.filter(
            Q(title__icontains=word)
            | Q(receipt_number__icontains=word)
            | Q(unit__name__icontains=word)
            | Q(unit__short_name__icontains=word)
            | Q(unit__code__iexact=word)
        )
    return list(found.order_by("-pk")[: limit + 1])


def units_under(unit: Unit) -> QuerySet[Unit]:
    """Active units of ``unit``'s subtree: those a decision of ``unit`` may reward."""
    return Unit.objects.filter(path__startswith=unit.path, is_active=True)


def decision_recipients(decision: AwardDecision) -> QuerySet[Recipient]:
    """The decision's recipients in order, with account, unit, initiative and certificate."""
    return decision.recipients.select_related(
        "user", "unit", "initiative__unit", "certificate"
    ).order_by("order", "pk")


def decision_revocations(decision: AwardDecision) -> QuerySet[Revocation]:
    """The acts revoking the decision or some of its certificates, oldest first."""
    return decision.revocations.select_related("certificate__recipient", "revoked_by").order_by(
        "revoked_on", "pk"
    )


def certificates_visible_to(user: User) -> QuerySet[Certificate]:
    """Certificates of issued decisions of the units the user reads decisions of, and the
    user's own certificates."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    return (
        Certificate.objects.issued()
        .filter(Q(recipient__decision__issuer__in=_award_units(user)) | Q(recipient__user=user))
        .select_related(
            "recipient__decision__issuer", "recipient__decision__award_type", "recipient__user"
        )
    )


def recipients_eligibility(
    decision: AwardDecision, recipients: list[Recipient]
) -> dict[int, Eligibility]:
    """The eligibility of each of the decision's ``recipients`` for its award, by recipient
    pk. A person with an account is judged on every dossier they are an AUTHOR of (never on
    those they only typed in: ``created_by`` does not count), with their contribution share
    of each; a person by name alone on the initiative they are rewarded for; a unit on the
    initiative it is rewarded for, else on every dossier of the unit. Also the awards the
    person or the unit holds from other decisions, and what the recipient row records (group
    of qualification and position, work in direct production). Five queries whatever the
    number of recipients; one when the award has no rules."""
    rules = list(decision.award_type.rules.select_related("prior_award", "award_type"))
    if not rules or not recipients:
        return {r.pk: evaluate(rules, _recorded(r)) for r in recipients}

    # Whose benefit counts. Subqueries keep the number of queries the same whichever kinds of
    # recipient the decision has.
    of_decision = Recipient.objects.filter(decision=decision)
    people = of_decision.filter(user__isnull=False).values("user_id")
    units = of_decision.filter(initiative__isnull=True, unit__isnull=False).values("unit_id")
    authored: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for user_id, initiative_id, contribution in InitiativeAuthor.objects.filter(
        user_id__in=people
    ).values_list("user_id", "initiative_id", "contribution"):
        authored[user_id][initiative_id] = contribution
    wanted = {r.initiative_id for r in recipients if r.initiative_id}
    wanted.update(i for ids in authored.values() for i in ids)
    by_initiative: dict[int, list[tuple]] = defaultdict(list)
    by_unit: dict[int, list[tuple]] = defaultdict(list)
    records = BenefitRecord.objects.filter(status__in=COUNTED_BENEFIT).filter(
        Q(initiative_id__in=sorted(wanted)) | Q(initiative__unit_id__in=units)
    )
    for initiative_id, unit_id, year, value, scope in records.order_by("pk").values_list(
        "initiative_id", "initiative__unit_id", "year", "verified_vnd", "scope"
    ):
        row = (initiative_id, year, value, scope)
        by_initiative[initiative_id].append(row)
        by_unit[unit_id].append(row)

    # Awards held (issued, not revoked, by another decision), by person and by unit.
    held_by_user: dict[int, set[int]] = defaultdict(set)
    held_by_unit: dict[int, set[int]] = defaultdict(set)
    held = (
        Recipient.objects.standing()
        .exclude(decision=decision)
        .filter(
            Q(user_id__in=of_decision.filter(user__isnull=False).values("user_id"))
            | Q(unit_id__in=of_decision.filter(unit__isnull=False).values("unit_id"))
        )
    )
    for user_id, unit_id, award_type_id in held.values_list(
        "user_id", "unit_id", "decision__award_type_id"
    ):
        if user_id:
            held_by_user[user_id].add(award_type_id)
        if unit_id:
            held_by_unit[unit_id].add(award_type_id)

    def figures_of(recipient: Recipient) -> Figures:
        figures = _recorded(recipient)
        if recipient.user_id:
            figures.shares = dict(authored[recipient.user_id])
            rows = [row for i in sorted(figures.shares) for row in by_initiative[i]]
        elif recipient.initiative_id:
            rows = by_initiative.get(recipient.initiative_id, [])
        elif recipient.unit_id:
            rows = by_unit.get(recipient.unit_id, [])
        else:
            rows = []
        best_scope = 0
        for initiative_id, year, value, scope in rows:
            figures.benefits.setdefault(initiative_id, {})[year] = value or 0
            if scope and SCOPE_ORDER[scope] > best_scope:
                best_scope, figures.scope = SCOPE_ORDER[scope], scope
        if recipient.user_id:
            figures.award_type_ids = set(held_by_user[recipient.user_id])
        elif recipient.unit_id:
            figures.award_type_ids = set(held_by_unit[recipient.unit_id])
        return figures

    return {r.pk: evaluate(rules, figures_of(r)) for r in recipients}


def _recorded(recipient: Recipient) -> Figures:
    """What the recipient row records about the candidate."""
    return Figures(tier=recipient.tier, direct_production=recipient.direct_production)
