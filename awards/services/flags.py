"""The emulation flag proposed by an emulation block: a draft award decision of the block's
managing unit giving its emulation flag (Cờ thi đua) to the leader of the block's year.

The emulation app calls ``flag_proposal_create`` through ``emulation.flags`` when a block's
chair (or managing unit) proposes its leader; the draft is written with the honours services,
and the issuer's officers check, complete and issue it like any other decision.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.formatting import format_number
from accounts.models import User
from awards.models import AwardDecision, AwardType
from awards.services.honours import award_decision_create, recipient_add_unit
from emulation.enums import PledgeStatus, ReportPeriod
from emulation.models import Pledge
from emulation.selectors.pledges import pledge_ranking
from unions.models import Unit

# Award types whose code starts with this are emulation flags (Cờ thi đua); which one a unit
# gives depends on the kinds of unit that may issue it, as the catalogue says.
FLAG_CODE_PREFIX = "co-thi-dua"


def flag_award_type(issuer: Unit) -> AwardType:
    """The emulation flag ``issuer`` may give. Raises ApplicationError when the catalogue has
    none for its kind of unit."""
    for award_type in AwardType.objects.filter(
        code__startswith=FLAG_CODE_PREFIX, is_active=True
    ).order_by("sort_order", "pk"):
        if issuer.kind in (award_type.issuer_kinds or []):
            return award_type
    raise ApplicationError(
        _("The award catalogue has no emulation flag that %(unit)s may give.")
        % {"unit": issuer.name}
    )


def _signer(issuer: Unit) -> tuple[str, str]:
    """The signer of the issuer's latest decision, as a starting point the officers correct."""
    latest = (
        AwardDecision.objects.filter(issuer=issuer)
        .exclude(signer_name="")
        .order_by("-decided_on", "-pk")
        .values_list("signer_name", "signer_title")
        .first()
    )
    if latest is not None:
        return latest
    return _("To be completed"), _("To be completed")


def _grounds(pledge: Pledge, unit: Unit) -> str:
    rows = pledge_ranking(pledge, ReportPeriod.YEAR_END)
    row = next(row for row in rows if row.unit.pk == unit.pk)
    ranked = sum(1 for other in rows if other.rank is not None)
    shared = sum(1 for other in rows if other.rank == row.rank) > 1
    values = {
        "unit": unit.name,
        "block": pledge.block.name,
        "year": pledge.year,
        "pledge": pledge.title,
        "score": format_number(row.total),
        "count": ranked,
    }
    if shared:
        return (
            _(
                "%(unit)s shares the first place of the emulation block “%(block)s” in %(year)s "
                "(pledge “%(pledge)s”) with %(score)s points, among %(count)s ranked units; "
                "the block proposes it for the emulation flag."
            )
            % values
        )
    return (
        _(
            "%(unit)s leads the emulation block “%(block)s” in %(year)s (pledge “%(pledge)s”) "
            "with %(score)s points, first of %(count)s ranked units; the block proposes it for "
            "the emulation flag."
        )
        % values
    )


@transaction.atomic
def flag_proposal_create(pledge: Pledge, unit: Unit, actor: User) -> AwardDecision:
    """A draft decision of the block's managing unit giving its emulation flag to ``unit``,
    with the grounds naming the pledge and the ranking. Raises ApplicationError when the pledge
    is not closed, already has a proposal, the unit is not first, or the catalogue has no flag
    the managing unit may give."""
    pledge = Pledge.objects.select_related("block__managing_unit").get(pk=pledge.pk)
    if pledge.status != PledgeStatus.CLOSED:
        raise ApplicationError(_("Close the year first: the flag goes to the final leader."))
    if AwardDecision.objects.filter(source_pledge=pledge).exists():
        raise ApplicationError(_("The leader of this pledge has already been proposed."))
    leaders = [row.unit.pk for row in pledge_ranking(pledge) if row.rank == 1]
    if unit.pk not in leaders:
        raise ApplicationError(
            _("%(unit)s is not first in the ranking.") % {"unit": unit.name}, field="unit"
        )
    issuer = pledge.block.managing_unit
    award_type = flag_award_type(issuer)
    signer_name, signer_title = _signer(issuer)
    decision = award_decision_create(
        issuer=issuer,
        award_type=award_type,
        decided_on=timezone.localdate(),
        signer_name=signer_name,
        signer_title=signer_title,
        grounds=_grounds(pledge, unit),
        source_pledge=pledge,
        actor=actor,
    )
    recipient_add_unit(decision=decision, actor=actor, unit=unit)
    return decision


def flag_proposal_url(pledge: Pledge, user: User) -> str | None:
    """The address of the pledge's proposal, for someone who may read the issuer's awards."""
    decision = AwardDecision.objects.filter(source_pledge=pledge).select_related("issuer").first()
    if decision is None or not user.has_perm("awards.view_award_decision", decision):
        return None
    return reverse("honours:decision_detail", args=[decision.pk])
