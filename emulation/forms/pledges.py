"""Forms of the block and pledge pages. Units are typed by code (checked against the user's
scope) or chosen among the block's current members; the services check the rest."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from emulation.enums import BlockKind, IndicatorDirection, IndicatorSourceKind
from emulation.indicators import indicator_choices
from emulation.models import EmulationBlock, Movement, PledgeIndicator, ReportValue
from emulation.services.pledges import IndicatorScore, IndicatorValues, ReportedValue
from unions.enums import Capability
from unions.forms import DATE_WIDGET, UnitCodeField
from unions.models import Unit
from unions.selectors import units_visible_to

# Numbers are typed the Vietnamese way ("87,5"); a dot is read as the decimal point too.
NUMBER = {"max_digits": 18, "decimal_places": 2, "localize": True}
SCORE = {"max_digits": 7, "decimal_places": 2, "min_value": Decimal("0"), "localize": True}


def _number_widget() -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


def _year_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        initial=lambda: timezone.localdate().year,
        **kwargs,
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit: Unit) -> str:
        return f"{unit.name} ({unit.code})"


# --- blocks --------------------------------------------------------------------------------


class BlockForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=BlockKind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class BlockCreateForm(BlockForm):
    managing_unit = UnitCodeField(
        queryset=Unit.objects.none(),
        label=_("Managing unit"),
        help_text=_("The unit that organises the block, above all its members (its code)."),
    )

    field_order = ["managing_unit", "name", "kind", "description"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["managing_unit"].queryset = units_visible_to(
            user, Capability.MANAGE_EMULATION
        ).filter(is_active=True)


class BlockEditForm(BlockForm):
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("A block that is no longer active takes no new pledge."),
    )


class MemberAddForm(forms.Form):
    unit = UnitCodeField(queryset=Unit.objects.none(), label=_("Member unit"))
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE_WIDGET)

    def __init__(self, *args, block: EmulationBlock, **kwargs):
        super().__init__(*args, **kwargs)
        managing = block.managing_unit
        self.fields["unit"].queryset = Unit.objects.filter(
            path__startswith=managing.path, is_active=True
        ).exclude(pk=managing.pk)
        self.fields["unit"].help_text = _("The code of a unit beneath %(unit)s.") % {
            "unit": managing.name
        }
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "No active unit with this code lies beneath the managing unit."
        )
        if not self.is_bound:
            self.initial.setdefault("joined_on", timezone.localdate())


class MemberLeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("left_on", timezone.localdate())


class LeadershipForm(forms.Form):
    year = _year_field()
    chair = UnitChoiceField(queryset=Unit.objects.none(), label=_("Chair (khối trưởng)"))
    vice_chair = UnitChoiceField(
        queryset=Unit.objects.none(), label=_("Vice-chair (khối phó)"), required=False
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = members
        self.fields["vice_chair"].queryset = members


# --- pledges -------------------------------------------------------------------------------


class MovementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, movement: Movement) -> str:
        return f"{movement.name} ({movement.period_start.year}–{movement.period_end.year})"


class PledgeForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("pledge", "Title"), max_length=255)
    year = _year_field()
    movement = MovementChoiceField(
        queryset=Movement.objects.none(),
        label=_("Movement"),
        required=False,
        help_text=_("The movement the pledge carries out, if any."),
    )

    def __init__(self, *args, movements, with_year: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["movement"].queryset = movements
        if not with_year:
            del self.fields["year"]


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=255)
    unit_of_measure = forms.CharField(
        label=_("Unit of measure"), max_length=50, help_text=_("For example: %, initiatives.")
    )
    target = forms.DecimalField(
        label=_("Target"), min_value=Decimal("0"), widget=_number_widget(), **NUMBER
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=IndicatorDirection.choices, initial=IndicatorDirection.HIGHER
    )
    max_score = forms.DecimalField(
        label=_("Maximum score"),
        min_value=Decimal("0.01"),
        max_digits=7,
        decimal_places=2,
        localize=True,
        widget=_number_widget(),
    )
    source = forms.ChoiceField(
        label=_("Source"),
        choices=IndicatorSourceKind.choices,
        initial=IndicatorSourceKind.REPORTED,
        widget=forms.RadioSelect,
    )
    computed_key = forms.ChoiceField(
        label=_("Registry figure"),
        required=False,
        help_text=_("For a computed indicator: which figure of the registry it counts."),
    )
    guidance = forms.CharField(
        label=_("How it is measured"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["computed_key"].choices = [("", "—")] + indicator_choices()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") == IndicatorSourceKind.COMPUTED and not cleaned.get(
            "computed_key"
        ):
            self.add_error(
                "computed_key", _("Choose which registry figure the indicator is computed from.")
            )
        return cleaned

    def values(self) -> IndicatorValues:
        data = self.cleaned_data
        return IndicatorValues(
            name=data["name"],
            unit_of_measure=data["unit_of_measure"],
            target=data["target"],
            max_score=data["max_score"],
            direction=data["direction"],
            source=data["source"],
            computed_key=data.get("computed_key") or "",
            guidance=data.get("guidance") or "",
        )

    @staticmethod
    def initial_from(indicator: PledgeIndicator) -> dict:
        return {
            name: getattr(indicator, name)
            for name in (
                "name",
                "unit_of_measure",
                "target",
                "direction",
                "max_score",
                "source",
                "computed_key",
                "guidance",
            )
        }


class SignatoryForm(forms.Form):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Member unit"))
    signer_name = forms.CharField(label=_("Signed by"), max_length=200)
    signer_title = forms.CharField(label=_("Title of the signer"), max_length=200, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_WIDGET)
    signed_at_place = forms.CharField(label=_("Signed at"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("signed_on", timezone.localdate())


class FlagForm(forms.Form):
    unit = UnitChoiceField(
        queryset=Unit.objects.none(),
        label=_("Unit proposed for the emulation flag"),
        empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, leaders: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in leaders]).order_by(
            "name"
        )
        if len(leaders) == 1:
            self.initial.setdefault("unit", leaders[0].pk)


# --- reports -------------------------------------------------------------------------------


class ReportForm(forms.Form):
    """The figures date, the summary, and a value and comment per reported indicator."""

    as_of = forms.DateField(
        label=_("Figures as of"),
        widget=DATE_WIDGET,
        help_text=_("Computed indicators are counted from 1 January up to this day."),
    )
    note = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, rows: list[ReportValue], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = [row for row in rows if not row.indicator.is_computed]
        for row in self.rows:
            indicator = row.indicator
            self.fields[f"value_{indicator.pk}"] = forms.DecimalField(
                label=_("%(indicator)s (%(unit)s)")
                % {"indicator": indicator.name, "unit": indicator.unit_of_measure},
                required=False,
                widget=_number_widget(),
                **NUMBER,
            )
            self.fields[f"comment_{indicator.pk}"] = forms.CharField(
                label=_("Comment on “%(indicator)s”") % {"indicator": indicator.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if not self.is_bound:
                self.initial.setdefault(f"value_{indicator.pk}", row.reported_value)
                self.initial.setdefault(f"comment_{indicator.pk}", row.comment)

    def pairs(self):
        """(row, value field, comment field) for the template."""
        return [
            (row, self[f"value_{row.indicator.pk}"], self[f"comment_{row.indicator.pk}"])
            for row in self.rows
        ]

    def values(self) -> list[ReportedValue]:
        return [
            ReportedValue(
                row.indicator.pk,
                self.cleaned_data.get(f"value_{row.indicator.pk}"),
                self.cleaned_data.get(f"comment_{row.indicator.pk}") or "",
            )
            for row in self.rows
        ]


class EvidenceForm(forms.Form):
    upload = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, OpenDocument, JPG or PNG."),
    )
    indicator = forms.ModelChoiceField(
        queryset=PledgeIndicator.objects.none(),
        label=_("For the indicator"),
        required=False,
        empty_label=_("The whole report"),
    )
    description = forms.CharField(label=_("Description"), max_length=255, required=False)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators


class ScoreForm(forms.Form):
    """The checked value, the score and a note per indicator; the score starts at the one
    suggested by the attainment, which the chair may change."""

    def __init__(self, *args, rows: list[ReportValue], suggestions: dict[int, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            indicator = row.indicator
            self.fields[f"checked_{indicator.pk}"] = forms.DecimalField(
                label=_("Value after cross-checking"),
                required=False,
                widget=_number_widget(),
                **NUMBER,
            )
            self.fields[f"score_{indicator.pk}"] = forms.DecimalField(
                label=_("Score (at most %(max)s)") % {"max": _plain(indicator.max_score)},
                widget=_number_widget(),
                **SCORE,
            )
            self.fields[f"note_{indicator.pk}"] = forms.CharField(
                label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 1})
            )
            if not self.is_bound:
                checked = row.checked_value if row.checked_value is not None else row.reported_value
                score = row.score if row.score is not None else suggestions.get(indicator.pk)
                self.initial[f"checked_{indicator.pk}"] = checked
                self.initial[f"score_{indicator.pk}"] = score
                self.initial[f"note_{indicator.pk}"] = row.score_note

    def lines(self):
        return [
            (
                row,
                self[f"checked_{row.indicator.pk}"],
                self[f"score_{row.indicator.pk}"],
                self[f"note_{row.indicator.pk}"],
            )
            for row in self.rows
        ]

    def scores(self) -> list[IndicatorScore]:
        data = self.cleaned_data
        return [
            IndicatorScore(
                row.indicator.pk,
                data.get(f"score_{row.indicator.pk}"),
                data.get(f"checked_{row.indicator.pk}"),
                data.get(f"note_{row.indicator.pk}") or "",
            )
            for row in self.rows
        ]


class ReasonForm(forms.Form):
    note = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}".replace(".", ",")
