from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Sex, User
from accounts.search import search, search_document
from unions.enums import EmployerKind, MembershipStatus, UnitKind
from unions.models import Employer, Membership, Unit


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


class UnitLookupField(forms.CharField):
    """A unit typed by its code or by words of its name, among ``units`` (the user's scope):
    cleans to the matching units, outermost first, without those inside another match. A
    select of every unit would carry 20,000 options for a national officer."""

    MAX_MATCHES = 50
    units: QuerySet[Unit] = Unit.objects.none()

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        exact = list(self.units.filter(code__iexact=value))
        matches = exact or list(
            search(self.units, value, ["name", "short_name", "code"])
            .order_by("path")
            .only("pk", "path", "name", "code")[: self.MAX_MATCHES + 1]
        )
        if not matches:
            raise ValidationError(
                _("No unit within your scope has this code or name: %(value)s."),
                params={"value": value},
                code="unknown_unit",
            )
        if len(matches) > self.MAX_MATCHES:
            raise ValidationError(
                _("More than %(limit)s units match: type more of the name, or the code."),
                params={"limit": self.MAX_MATCHES},
                code="too_many_units",
            )
        outermost: list[Unit] = []
        for unit in sorted(matches, key=lambda u: u.path):
            if not any(unit.path.startswith(kept.path) for kept in outermost):
                outermost.append(unit)
        return outermost


class UnitLookupFilter(django_filters.Filter):
    field_class = UnitLookupField


class MemberFilter(django_filters.FilterSet):
    """Search box and filters of the members' register. ``units`` are the units the user may
    see members of; choosing one keeps the members of its whole subtree."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Name, card number, phone or e-mail, with or without diacritics"),
                "type": "search",
            }
        ),
    )
    unit = UnitLookupFilter(
        label=_("Unit (with its sub-units)"),
        method="filter_unit",
        widget=forms.TextInput(
            attrs={"placeholder": _("Code or name of the unit"), "autocomplete": "off"}
        ),
    )
    sex = django_filters.ChoiceFilter(
        label=_("Sex"), field_name="user__sex", choices=Sex.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=MembershipStatus.choices,
        method="filter_status",
        empty_label=_("All"),
    )
    year = django_filters.NumberFilter(
        label=_("Year joined"),
        method="filter_year",
        widget=forms.NumberInput(attrs={"min": 1900, "max": 2100}),
    )

    class Meta:
        model = Membership
        fields = ["q", "unit", "sex", "status", "year"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.form.fields["unit"].units = units

    def filter_text(self, queryset, name, value):
        # A card number is the query whole (its own index): when a register row has it, the
        # rows of those people or of the card, as a set of ids the rows join (an OR across the
        # join would not keep each side's index). Otherwise (one indexed probe) the folded
        # names, phone or e-mail on the joined person hold the words: the planner then either
        # reads the few matches of a rare word through the trigram index, or walks the
        # people's names in order (``user_name_idx``) and stops at the page for a common one
        # ("nguyen" matches a tenth of the country), instead of sorting every match.
        card = value.strip()
        cards = {card, card.upper()}
        if card and Membership.objects.filter(card_number__in=cards).exists():
            people = search_document(User.objects.order_by(), value).values("pk")
            people = people.union(
                Membership.objects.order_by().filter(card_number__in=cards).values("user_id")
            )
            return queryset.filter(user_id__in=people)
        return search_document(queryset, value, "user__search_document")

    def filter_unit(self, queryset, name, value):
        return queryset.filter(reduce(or_, (Q(unit__path__startswith=unit.path) for unit in value)))

    def filter_status(self, queryset, name, value):
        if value == MembershipStatus.CURRENT:
            return queryset.filter(valid_to__isnull=True)
        return queryset.filter(valid_to__isnull=False)

    def filter_year(self, queryset, name, value):
        return queryset.filter(joined_union_on__year=int(value))

    @property
    def is_searching(self) -> bool:
        data = self.data or {}
        return any((data.get(key) or "").strip() for key in ("q", "unit", "sex", "status", "year"))
