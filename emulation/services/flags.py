"""The emulation flag a block proposes: a draft award decision of the block's managing unit
giving its emulation flag (Cờ thi đua) to the leader of the block's year.

``emulation.services.pledges.pledge_flag_propose`` checks who proposes whom and calls
``flag_decision_draft``; ``awards.services.honours.award_decision_propose`` writes the draft,
and the issuer's officers check, complete and issue it like any other decision.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.formatting import format_number
from accounts.models import User
from awards.models import AwardDecision, AwardType
from awards.services.honours import award_decision_propose
from emulation.enums import ReportPeriod
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


def flag_decision_draft(pledge: Pledge, unit: Unit, actor: User) -> AwardDecision:
    """The draft decision of the block's managing unit giving its emulation flag to ``unit``,
    with the grounds naming the pledge and the ranking; ``actor`` has been checked as one who
    scores the pledge. Raises ApplicationError when the catalogue has no flag the managing unit
    may give."""
    issuer = pledge.block.managing_unit
    signer_name, signer_title = _signer(issuer)
    return award_decision_propose(
        issuer=issuer,
        award_type=flag_award_type(issuer),
        decided_on=timezone.localdate(),
        signer_name=signer_name,
        signer_title=signer_title,
        grounds=_grounds(pledge, unit),
        units=[unit],
        actor=actor,
    )
