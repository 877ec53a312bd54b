"""The computed indicator read from the initiatives app: dossiers first submitted in the
period."""

from decimal import Decimal

from django.utils.translation import gettext_lazy, ngettext

from emulation.indicator_sources.base import IndicatorFigure, IndicatorSource, explain, period_words
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


# The figures this module computes, in the order pledge forms offer them.
SOURCES = (
    IndicatorSource(
        key="initiatives_submitted",
        label=gettext_lazy("Initiatives submitted"),
        unit_of_measure=gettext_lazy("dossiers"),
        description=gettext_lazy("Initiative dossiers first submitted during the period."),
        compute=initiatives_submitted,
    ),
)
