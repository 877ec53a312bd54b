"""The initiatives app's computed indicator for pledges: dossiers first submitted in the period.

Registered with ``emulation.indicators`` at start-up (``InitiativesConfig.ready``), since the
emulation app may not read dossiers itself.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy, ngettext

from emulation.indicators import IndicatorFigure, explain, period_words, register_indicator_source
from initiatives.models import Initiative
from unions.selectors.history import SubtreeWindow


def initiatives_submitted(window: SubtreeWindow) -> IndicatorFigure:
    """Dossiers first submitted during the period, by the unit asked to recognise them. One
    query."""
    count = (
        Initiative.objects.filter(submitted_at__isnull=False)
        .filter(window.q(unit_field="unit", date_field="submitted_at__date"))
        .count()
    )
    sentence = ngettext(
        "%(count)s initiative dossier was first submitted between %(start)s and %(end)s to "
        "%(unit)s and the units beneath it, whatever became of it since. Each dossier is "
        "counted where the unit it was submitted to stood on that day.",
        "%(count)s initiative dossiers were first submitted between %(start)s and %(end)s to "
        "%(unit)s and the units beneath it, whatever became of them since. Each dossier is "
        "counted where the unit it was submitted to stood on that day.",
        count,
    ) % {"count": count, **period_words(window)}
    return IndicatorFigure(Decimal(count), explain(window, sentence))


def register_initiative_sources() -> None:
    register_indicator_source(
        key="initiatives_submitted",
        label=gettext_lazy("Initiatives submitted"),
        unit_of_measure=gettext_lazy("dossiers"),
        description=gettext_lazy("Initiative dossiers first submitted during the period."),
        compute=initiatives_submitted,
    )
