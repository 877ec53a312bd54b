"""The emulation app's own computed indicators: members with an approved personal registration,
individual titles conferred, and union members on the last day of the period.

Each counts in one query over the subtree as it stood on each day
(``unions.selectors.history``); ``register_emulation_sources`` adds them to the registry at
start-up.
"""

from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy, ngettext

from emulation.enums import RegistrantKind, RegistrationStatus
from emulation.indicators import IndicatorFigure, explain, period_words, register_indicator_source
from emulation.models import Registration, TitleConferral
from unions.models import Membership
from unions.selectors.history import SubtreeWindow


def members_registered(window: SubtreeWindow) -> IndicatorFigure:
    """Members with an approved personal registration sent during the period, each once."""
    count = (
        Registration.objects.filter(
            registrant_kind=RegistrantKind.PERSON,
            status=RegistrationStatus.APPROVED,
            sent_at__isnull=False,
        )
        .filter(window.q(unit_field="unit", date_field="sent_at__date"))
        .aggregate(n=Count("person", distinct=True))["n"]
    )
    sentence = ngettext(
        "%(count)s member of %(unit)s and the units beneath it has a personal emulation "
        "registration, sent between %(start)s and %(end)s, that is now approved. Each "
        "registration is placed where the member's grassroots union stood on the day it was "
        "sent; a member registered in several movements counts once.",
        "%(count)s members of %(unit)s and the units beneath it have a personal emulation "
        "registration, sent between %(start)s and %(end)s, that is now approved. Each "
        "registration is placed where the member's grassroots union stood on the day it was "
        "sent; a member registered in several movements counts once.",
        count,
    ) % {"count": count, **period_words(window)}
    return IndicatorFigure(Decimal(count), explain(window, sentence))


def titles_conferred(window: SubtreeWindow) -> IndicatorFigure:
    """Individual titles conferred by the units of the subtree, by the date of the decision."""
    count = TitleConferral.objects.filter(
        window.q(unit_field="unit", date_field="decided_on")
    ).count()
    sentence = ngettext(
        "%(count)s individual title (Lao động tiên tiến or Chiến sĩ thi đua cơ sở) was "
        "conferred by %(unit)s and the units beneath it, by decisions dated between %(start)s "
        "and %(end)s.",
        "%(count)s individual titles (Lao động tiên tiến or Chiến sĩ thi đua cơ sở) were "
        "conferred by %(unit)s and the units beneath it, by decisions dated between %(start)s "
        "and %(end)s.",
        count,
    ) % {"count": count, **period_words(window)}
    return IndicatorFigure(Decimal(count), explain(window, sentence))


def union_members(window: SubtreeWindow) -> IndicatorFigure:
    """Members on the last day of the period, in the units that stood in the subtree then."""
    last_day = window.end
    count = (
        Membership.objects.filter(valid_from__lte=last_day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=last_day))
        .filter(window.on_q(last_day, unit_field="unit"))
        .count()
    )
    sentence = ngettext(
        "%(count)s union member belonged to %(unit)s and the units beneath it on %(end)s. "
        "This is the number on the last day of the period (%(start)s – %(end)s), not a count "
        "of everyone who was a member during it.",
        "%(count)s union members belonged to %(unit)s and the units beneath it on %(end)s. "
        "This is the number on the last day of the period (%(start)s – %(end)s), not a count "
        "of everyone who was a member during it.",
        count,
    ) % {"count": count, **period_words(window)}
    return IndicatorFigure(Decimal(count), explain(window, sentence))


def register_emulation_sources() -> None:
    register_indicator_source(
        key="members_registered",
        label=gettext_lazy("Members registered for emulation"),
        unit_of_measure=gettext_lazy("members"),
        description=gettext_lazy(
            "Members whose personal registration, sent during the period, is approved."
        ),
        compute=members_registered,
    )
    register_indicator_source(
        key="titles_conferred",
        label=gettext_lazy("Individual titles conferred"),
        unit_of_measure=gettext_lazy("titles"),
        description=gettext_lazy(
            "Lao động tiên tiến and Chiến sĩ thi đua cơ sở conferred by decisions dated in "
            "the period."
        ),
        compute=titles_conferred,
    )
    register_indicator_source(
        key="union_members",
        label=gettext_lazy("Union members"),
        unit_of_measure=gettext_lazy("members"),
        description=gettext_lazy("Members on the last day of the period."),
        compute=union_members,
    )
