"""The search box and the filters of the public initiative bank.

Kept out of ``site_cms/filters.py`` on purpose: the bank's page model builds this filter set,
and the import contract forbids ``site_cms.models`` to depend on ``site_cms.filters``."""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from initiatives.enums import InitiativeField, InitiativeKind
from site_cms.selectors.bank import LEVEL_CHOICES, at_level, in_province, in_year, search_bank
from unions.models import Unit

QUERY_MAX_LENGTH = 200


class InitiativeBankFilter(django_filters.FilterSet):
    """Search and filters of the bank. ``provinces`` (level-2 units, already read) and
    ``years`` (years of recognition) give the choices, so that showing and applying the
    filters costs no query of its own. A value that is not one of the choices is ignored."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Title, description, field or unit, with or without diacritics"),
            }
        ),
    )
    field = django_filters.ChoiceFilter(
        label=_("Field"), choices=InitiativeField.choices, empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=InitiativeKind.choices, empty_label=_("All")
    )
    province = django_filters.ChoiceFilter(
        label=_("Province or central sector"),
        choices=[],
        method="filter_province",
        empty_label=_("All"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year recognised"), choices=[], method="filter_year", empty_label=_("All")
    )
    level = django_filters.ChoiceFilter(
        label=_("Highest level reached"),
        choices=LEVEL_CHOICES,
        method="filter_level",
        empty_label=_("All"),
    )

    def __init__(
        self, data=None, queryset=None, *, provinces: list[Unit], years: list[int], **kwargs
    ):
        super().__init__(data, queryset, **kwargs)
        self.provinces = {unit.code: unit for unit in provinces}
        self.filters["province"].extra["choices"] = [(unit.code, unit.name) for unit in provinces]
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_bank(queryset, value)

    def filter_province(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        province = self.provinces.get(value)
        return in_province(queryset, province) if province else queryset

    def filter_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return in_year(queryset, int(value))

    def filter_level(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return at_level(queryset, value)

    @property
    def is_filtering(self) -> bool:
        """True when a search or a filter is applied (and valid)."""
        if not self.is_bound:
            return False
        self.form.is_valid()  # fills cleaned_data, leaving out the values that are invalid
        return any(self.form.cleaned_data.get(name) for name in self.filters)
