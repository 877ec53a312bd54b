import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.search import search
from unions.enums import EmployerKind, UnitKind
from unions.models import Employer, Unit


class UnitFilter(django_filters.FilterSet):
    """Search box and filters of the unit browser."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        widget=forms.TextInput(
            attrs={"placeholder": _("Name or code, with or without diacritics"), "type": "search"}
        ),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=UnitKind.choices, empty_label=_("All")
    )
    is_active = django_filters.BooleanFilter(
        label=_("Status"),
        widget=forms.Select(choices=[("", _("All")), ("true", _("Active")), ("false", _("Ended"))]),
    )

    class Meta:
        # The browse view builds a probe without a queryset to learn whether the user searches;
        # without a model django-filter cannot build its default queryset and fails.
        model = Unit
        fields = ["q", "kind", "is_active"]

    def filter_text(self, queryset, name, value):
        return search(queryset, value, ["name", "short_name", "code"])

    @property
    def is_searching(self) -> bool:
        data = self.data or {}
        return bool((data.get("q") or "").strip() or data.get("kind"))


class EmployerFilter(django_filters.FilterSet):
    """Search box and filters of the employer list."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Name, code, tax code or head, with or without diacritics"),
                "type": "search",
            }
        ),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=EmployerKind.choices, empty_label=_("All")
    )
    is_active = django_filters.BooleanFilter(
        label=_("Status"),
        widget=forms.Select(choices=[("", _("All")), ("true", _("Active")), ("false", _("Ended"))]),
    )

    class Meta:
        model = Employer
        fields = ["q", "kind", "is_active"]

    def filter_text(self, queryset, name, value):
        return search(queryset, value, ["name", "code", "tax_code", "head_name"])
