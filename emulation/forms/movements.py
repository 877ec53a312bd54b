"""Forms of the movement and registration pages.

Units are offered in a list when there are few, and typed by their code otherwise; either way
only the units given in the queryset (the user's scope) are accepted.
"""

import re

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from emulation.enums import (
    COLLECTIVE_TITLES,
    PERSONAL_TITLES,
    EmulationTitle,
    MovementKind,
    MovementStatus,
)
from emulation.models import Movement
from emulation.selectors.movements import launching_units_for, stages_for
from unions.forms import DATE_WIDGET, UnitChoiceField
from unions.models import Unit

_CODE_SEPARATORS = re.compile(r"[\s,;]+")


def parse_codes(raw: str) -> list[str]:
    """Unit codes separated by commas, semicolons, spaces or new lines, without repeats."""
    codes: list[str] = []
    for code in _CODE_SEPARATORS.split(raw or ""):
        if code and code.lower() not in {c.lower() for c in codes}:
            codes.append(code)
    return codes


class MovementFilterForm(forms.Form):
    """The filters of the movement list (GET)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name or launching unit")}
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *MovementStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *MovementKind.choices]
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100}),
    )

    def values(self) -> dict:
        """The valid filters; an invalid one is ignored rather than failing the page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q") or "",
            "status": data.get("status") or "",
            "kind": data.get("kind") or "",
            "year": data.get("year"),
        }


class MovementForm(forms.Form):
    """Create (with the launching unit) or edit (without) a movement."""

    launching_unit = forms.CharField(label=_("Launching unit"))
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=MovementKind.choices)
    part_of = forms.ModelChoiceField(
        label=_("Part of the stage"),
        queryset=Movement.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("For a year of a five-year movement, choose the five-year stage."),
    )
    period_start = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Until"), widget=DATE_WIDGET)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    whole_subtree = forms.BooleanField(
        label=_("Every unit beneath the launching unit takes part"),
        required=False,
        initial=True,
    )
    participant_codes = forms.CharField(
        label=_("Participating units"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "When not every unit takes part: the codes of the participating units, separated "
            "by commas or new lines. The units beneath each of them take part too."
        ),
    )

    def __init__(self, *args, user: User, movement: Movement | None = None, **kwargs):
        self.user = user
        self.movement = movement
        if movement is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": movement.name,
                    "kind": movement.kind,
                    "part_of": movement.part_of,
                    "period_start": movement.period_start,
                    "period_end": movement.period_end,
                    "description": movement.description,
                    "whole_subtree": movement.whole_subtree,
                    "participant_codes": "\n".join(
                        movement.selections.order_by("unit__path").values_list(
                            "unit__code", flat=True
                        )
                    ),
                },
            )
        super().__init__(*args, **kwargs)
        if movement is None:
            self.fields["launching_unit"] = UnitChoiceField(
                launching_units_for(user), label=_("Launching unit")
            )
            stages = stages_for(user)
        else:
            del self.fields["launching_unit"]
            stages = stages_for(user, movement.launching_unit).exclude(pk=movement.pk)
        self.fields["part_of"].queryset = stages
        self.fields["part_of"].label_from_instance = lambda stage: (
            f"{stage.name} ({stage.period_start:%Y}–{stage.period_end:%Y})"
        )

    @property
    def launching(self) -> Unit | None:
        if self.movement is not None:
            return self.movement.launching_unit
        return self.cleaned_data.get("launching_unit")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("A movement cannot end before it starts."))
        codes = parse_codes(cleaned.get("participant_codes", ""))
        cleaned["participants"] = []
        if cleaned.get("whole_subtree"):
            return cleaned
        if not codes:
            self.add_error(
                "participant_codes",
                _("Give the codes of the participating units, or let every unit take part."),
            )
            return cleaned
        launching = self.launching
        if launching is None:
            return cleaned
        units = self._units_beneath(launching, codes)
        missing = [code for code in codes if code.lower() not in units]
        if missing:
            self.add_error(
                "participant_codes",
                forms.ValidationError(
                    _("These codes are not active units beneath %(unit)s: %(codes)s"),
                    params={"unit": launching.name, "codes": ", ".join(missing)},
                ),
            )
        cleaned["participants"] = list(units.values())
        return cleaned

    @staticmethod
    def _units_beneath(launching: Unit, codes: list[str]) -> dict[str, Unit]:
        wanted = {code.lower() for code in codes}
        candidates = Unit.objects.filter(
            path__startswith=launching.path, is_active=True, code__in=codes
        ).exclude(pk=launching.pk)
        found = {unit.code.lower(): unit for unit in candidates}
        if len(found) < len(wanted):
            # Codes typed in another case than they are stored.
            for code in wanted - set(found):
                unit = (
                    Unit.objects.filter(
                        path__startswith=launching.path, is_active=True, code__iexact=code
                    )
                    .exclude(pk=launching.pk)
                    .first()
                )
                if unit is not None:
                    found[code] = unit
        return found

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "part_of": data.get("part_of"),
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "description": data.get("description", ""),
            "whole_subtree": bool(data.get("whole_subtree")),
            "participants": data.get("participants", []),
        }


class NoteForm(forms.Form):
    """The reasons of a step that needs them (returning a registration, reopening)."""

    note = forms.CharField(
        label=pgettext_lazy("reasons of a step", "Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


def title_choices(personal: bool) -> list[tuple[str, str]]:
    allowed = PERSONAL_TITLES if personal else COLLECTIVE_TITLES
    return [(value, label) for value, label in EmulationTitle.choices if value in allowed]


class RegistrationForm(forms.Form):
    """Targets and titles of a registration; for a new one also the year and, for a unit,
    which unit."""

    unit = forms.CharField(label=_("Registering unit"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())
    targets = forms.CharField(
        label=_("Targets"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One target per line, for example “3 initiatives recognised”."),
    )
    titles = forms.MultipleChoiceField(
        label=_("Titles aimed for"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(
        self,
        *args,
        personal: bool,
        units: QuerySet[Unit] | None = None,
        years: list[int] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.personal = personal
        if personal or units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"] = UnitChoiceField(units, label=_("Registering unit"))
        if years is None:
            del self.fields["year"]
        else:
            self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["titles"].choices = title_choices(personal)
        self.order_fields(["unit", "year", "targets", "titles"])
