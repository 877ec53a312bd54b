"""The awards app's computed indicators for pledges: initiatives recognised, verified benefit
and awards received, each for a subtree as it stood on each day of the period.

- ``initiatives_recognised``: distinct dossiers that a closed round recognised by a decision
  dated in the period, at any level, each counted once (a dossier recognised at grassroots
  level and again by the province counts one), placed by the dossier's unit.
- ``benefit_verified_vnd``: the verified (or adjusted) benefit placed by the day of its
  verification, whatever year of application it is for. The verification date is the day the
  figure became known, so a mid-year report counted "as of" a date never includes a benefit
  verified after it, and a later verification never changes a closed period.
- ``awards_received``: recipients of issued award decisions dated in the period — units of the
  subtree, and people whose grassroots union stood in it on the day of the decision (people
  without an account have no membership to place them by and are not counted). Revoked
  certificates, and every certificate of a revoked decision, are left out whenever the
  revocation happened; initiative certificates issued with a recognition decision are
  counted as initiatives recognised, not as awards.

``register_award_sources`` adds them at start-up (``AwardsConfig.ready``).
"""

from decimal import Decimal

from django.db.models import Count, DateField, Exists, ExpressionWrapper, OuterRef, Q, Sum
from django.utils.translation import gettext_lazy, ngettext

from accounts.formatting import format_vnd
from awards.enums import COUNTED_BENEFIT, AwardDecisionStatus, Outcome, RecipientType, RoundStatus
from awards.models import BenefitRecord, Recipient, RoundEntry
from awards.selectors import revoked_recipient
from emulation.indicators import IndicatorFigure, explain, period_words, register_indicator_source
from unions.models import Membership
from unions.selectors.history import SubtreeWindow


def initiatives_recognised(window: SubtreeWindow) -> IndicatorFigure:
    """Distinct initiatives recognised by a round decision dated in the period. One query."""
    count = (
        RoundEntry.objects.filter(
            outcome=Outcome.RECOGNISED,
            round__status=RoundStatus.CLOSED,
            round__decision__isnull=False,
        )
        .filter(window.q(unit_field="initiative__unit", date_field="round__decision__decided_on"))
        .aggregate(n=Count("initiative", distinct=True))["n"]
    )
    sentence = ngettext(
        "%(count)s initiative of %(unit)s and the units beneath it was recognised by a "
        "decision dated between %(start)s and %(end)s, at any level; an initiative recognised "
        "at several levels counts once. Each is placed where the unit that received its "
        "dossier stood on the day of the decision.",
        "%(count)s initiatives of %(unit)s and the units beneath it were recognised by a "
        "decision dated between %(start)s and %(end)s, at any level; an initiative recognised "
        "at several levels counts once. Each is placed where the unit that received its "
        "dossier stood on the day of the decision.",
        count,
    ) % {"count": count, **period_words(window)}
    return IndicatorFigure(Decimal(count), explain(window, sentence))


def benefit_verified_vnd(window: SubtreeWindow) -> IndicatorFigure:
    """The verified benefit, in VND, of the benefit records verified during the period. One
    query."""
    figures = (
        BenefitRecord.objects.filter(
            status__in=list(COUNTED_BENEFIT),
            verified_on__isnull=False,
            verified_vnd__isnull=False,
        )
        .filter(window.q(unit_field="initiative__unit", date_field="verified_on"))
        .aggregate(total=Sum("verified_vnd"), records=Count("pk"))
    )
    total = int(figures["total"] or 0)
    records = figures["records"]
    sentence = ngettext(
        "%(amount)s of benefit verified between %(start)s and %(end)s for the initiatives of "
        "%(unit)s and the units beneath it (%(count)s year of application verified or "
        "verified at another value; rejected claims and claims not yet verified are left "
        "out). A benefit is placed by the day it was verified, whatever year of application "
        "it is for, and where the initiative's unit stood on that day.",
        "%(amount)s of benefit verified between %(start)s and %(end)s for the initiatives of "
        "%(unit)s and the units beneath it (%(count)s years of application verified or "
        "verified at another value; rejected claims and claims not yet verified are left "
        "out). A benefit is placed by the day it was verified, whatever year of application "
        "it is for, and where the initiative's unit stood on that day.",
        records,
    ) % {"amount": format_vnd(total), "count": records, **period_words(window)}
    return IndicatorFigure(Decimal(total), explain(window, sentence))


def awards_received(window: SubtreeWindow) -> IndicatorFigure:
    """Recipients of issued award decisions dated in the period: units of the subtree and
    people whose grassroots union stood in it on the day of the decision. One query."""
    decided_on = OuterRef("decision__decided_on")
    person_in_subtree = Exists(
        Membership.objects.filter(user_id=OuterRef("user_id"), valid_from__lte=decided_on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=decided_on))
        # The day of the decision, as a field of the membership that ``window.q`` can place.
        .annotate(on=ExpressionWrapper(decided_on, output_field=DateField()))
        .filter(window.q(unit_field="unit", date_field="on"))
    )
    unit_in_subtree = Q(kind=RecipientType.UNIT) & window.q(
        unit_field="unit", date_field="decision__decided_on"
    )
    in_period = Q(decision__decided_on__gte=window.start, decision__decided_on__lte=window.end)
    count = (
        Recipient.objects.filter(
            in_period,
            decision__status=AwardDecisionStatus.ISSUED,
            decision__round_decision__isnull=True,
        )
        .filter(unit_in_subtree | (Q(kind=RecipientType.PERSON) & person_in_subtree))
        .exclude(revoked_recipient())
        .count()
    )
    sentence = ngettext(
        "%(count)s award was received, by decisions dated between %(start)s and %(end)s, by "
        "%(unit)s, the units beneath it and their members. A unit counts where it stood on "
        "the day of the decision, a person where their grassroots union stood then (people "
        "with no account in the registry cannot be placed and are not counted). Revoked "
        "awards are left out; initiative certificates are counted as initiatives recognised.",
        "%(count)s awards were received, by decisions dated between %(start)s and %(end)s, by "
        "%(unit)s, the units beneath it and their members. A unit counts where it stood on "
        "the day of the decision, a person where their grassroots union stood then (people "
        "with no account in the registry cannot be placed and are not counted). Revoked "
        "awards are left out; initiative certificates are counted as initiatives recognised.",
        count,
    ) % {"count": count, **period_words(window)}
    return IndicatorFigure(Decimal(count), explain(window, sentence))


def register_award_sources() -> None:
    register_indicator_source(
        key="initiatives_recognised",
        label=gettext_lazy("Initiatives recognised"),
        unit_of_measure=gettext_lazy("initiatives"),
        description=gettext_lazy(
            "Initiatives recognised by a decision dated in the period, at any level, each "
            "counted once."
        ),
        compute=initiatives_recognised,
    )
    register_indicator_source(
        key="benefit_verified_vnd",
        label=gettext_lazy("Verified benefit"),
        unit_of_measure=gettext_lazy("VND"),
        description=gettext_lazy(
            "Benefit of initiatives verified during the period (by the date of verification)."
        ),
        compute=benefit_verified_vnd,
    )
    register_indicator_source(
        key="awards_received",
        label=gettext_lazy("Awards received"),
        unit_of_measure=gettext_lazy("awards"),
        description=gettext_lazy(
            "Awards of issued decisions dated in the period received by the units and their "
            "members; revoked ones left out."
        ),
        compute=awards_received,
    )
