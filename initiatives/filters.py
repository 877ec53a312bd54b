import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from accounts.search import Fold
from initiatives.enums import InitiativeField, InitiativeKind, InitiativeStatus, WorkType
from initiatives.models import Initiative
from initiatives.selectors import overdue_q, search_initiatives
from unions.models import Unit


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorts with empty dates last on every database and the newest dossier breaking ties,
    so that pages never overlap. Titles sort without their diacritics ("Đồ gá" among the
    d's), the same on PostgreSQL and SQLite."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        name = self.param_map[param.lstrip("-")]
        field = Fold(name) if name == "title" else F(name)
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)

    def filter(self, qs, value):
        if not value:
            return qs
        known = [param for param in value if param.lstrip("-") in self.param_map]
        if not known:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in known], "-pk")


INBOX_STATUSES = [
    (value, label) for value, label in InitiativeStatus.choices if value != InitiativeStatus.DRAFT
]


class InitiativeFilter(django_filters.FilterSet):
    """Search box, filters and sorting of the officer's inbox."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Title, description or author, with or without diacritics"),
                "type": "search",
            }
        ),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=INBOX_STATUSES, empty_label=_("All")
    )
    unit = django_filters.CharFilter(
        label=_("Unit code"),
        method="filter_unit",
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 10}),
        help_text=_("The unit and every unit beneath it."),
    )
    field = django_filters.ChoiceFilter(
        label=_("Field"), choices=InitiativeField.choices, empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=InitiativeKind.choices, empty_label=_("All")
    )
    work_type = django_filters.ChoiceFilter(
        label=_("Kind of work"), choices=WorkType.choices, empty_label=_("All")
    )
    year = django_filters.NumberFilter(
        label=_("Year submitted"),
        method="filter_year",
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "style": "width: 6em"}),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Decision"),
        method="filter_overdue",
        widget=forms.Select(
            choices=[("", _("All")), ("true", _("Overdue")), ("false", _("Not overdue"))]
        ),
    )
    sort = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("submitted_at", "submitted"),
            ("decision_due", "due"),
            ("title", "title"),
            ("status", "status"),
        ),
        # Each direction named in words, never "(descending)".
        choices=[
            ("-submitted", _("Date submitted (newest)")),
            ("submitted", _("Date submitted (oldest)")),
            ("due", _("Decision due (soonest)")),
            ("-due", _("Decision due (latest)")),
            ("title", _("Title (A to Z)")),
            ("-title", _("Title (Z to A)")),
            ("status", _("Status (A to Z)")),
            ("-status", _("Status (Z to A)")),
        ],
        empty_label=_("Newest submitted first"),
    )

    class Meta:
        model = Initiative
        fields = ["q", "status", "unit", "work_type", "field", "kind", "year", "overdue", "sort"]

    def filter_text(self, queryset, name, value):
        return search_initiatives(queryset, value)

    def filter_unit(self, queryset, name, value):
        unit = Unit.objects.filter(code__iexact=value.strip()).only("path").first()
        if unit is None:
            return queryset.none()
        return queryset.filter(unit__path__startswith=unit.path)

    def filter_year(self, queryset, name, value):
        year = int(value)
        if not 1900 <= year <= 9999:
            return queryset.none()
        return queryset.filter(submitted_at__year=year)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())
