"""Forms of the rubric screens in the Wagtail admin.

A criterion's bands are typed as text, one band a line (``27–30: Hoàn toàn mới``), and kept as
``[{"min": "27", "max": "30", "label": "Hoàn toàn mới"}]``. Rubrics and units offered to a user
are those the user may manage (rule ``awards.manage_rubric``).
"""

import re
from decimal import Decimal, InvalidOperation
from functools import reduce
from operator import or_

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel
from wagtail.admin.panels.base import get_form_for_model

from accounts.models import User
from awards.models import Rubric, RubricVersion
from unions.enums import Capability
from unions.forms import UnitCodeField
from unions.models import Unit
from unions.selectors import scope_paths, units_visible_to

# --- who manages which rubric --------------------------------------------------------------


def may_manage_shared_rubrics(user: User) -> bool:
    return user.has_perm("awards.manage_rubric", Rubric(unit=None))


def rubric_scope(user: User, prefix: str = "") -> Q | None:
    """A filter for the rubrics ``user`` may manage (``prefix``: the lookup to the rubric,
    e.g. ``"rubric__"``); None when there are none. Mirrors ``awards.rules.may_manage_rubric``.
    """
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Q()
    parts = [
        Q(**{f"{prefix}unit__path__startswith": path})
        for path in scope_paths(user, Capability.MANAGE_RUBRICS)
    ]
    if may_manage_shared_rubrics(user):
        parts.append(Q(**{f"{prefix}unit__isnull": True}))
    return reduce(or_, parts) if parts else None


def rubrics_user_manages(user: User) -> QuerySet[Rubric]:
    scope = rubric_scope(user)
    rubrics = Rubric.objects.select_related("unit").order_by("name", "pk")
    return rubrics.none() if scope is None else rubrics.filter(scope)


def versions_user_manages(user: User) -> QuerySet[RubricVersion]:
    scope = rubric_scope(user, "rubric__")
    versions = RubricVersion.objects.select_related("rubric__unit")
    return versions.none() if scope is None else versions.filter(scope)


# --- bands as text -------------------------------------------------------------------------

_NUMBER = r"\d{1,4}(?:[.,]\d{1,2})?"
_BAND_LINE = re.compile(
    rf"^(?P<low>{_NUMBER})\s*(?:[-–—]\s*(?P<high>{_NUMBER})\s*)?(?::\s*(?P<label>.*))?$"
)


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _json_number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def shown_number(value) -> str:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return _json_number(number).replace(".", ",")


def format_bands(bands) -> str:
    """The bands as the text the officer edits: ``27–30: Hoàn toàn mới`` a line."""
    lines = []
    for band in bands or []:
        line = f"{shown_number(band.get('min'))}–{shown_number(band.get('max'))}"
        label = (band.get("label") or "").strip()
        lines.append(f"{line}: {label}" if label else line)
    return "\n".join(lines)


def parse_bands(text: str) -> list[tuple[Decimal, Decimal, str, int]]:
    """Bands from text, as (low, high, label, line number). Raises ValidationError listing
    every line that is not a band, whose bounds are reversed, or that overlaps another."""
    bands: list[tuple[Decimal, Decimal, str, int]] = []
    errors: list[forms.ValidationError] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _BAND_LINE.match(line)
        if match is None:
            errors.append(
                forms.ValidationError(
                    _(
                        "Line %(line)s, “%(text)s”, is not a band. Write it as "
                        "“27–30: what it means”."
                    ),
                    code="band_syntax",
                    params={"line": number, "text": line},
                )
            )
            continue
        low = _number(match["low"])
        high = _number(match["high"]) if match["high"] else low
        if low > high:
            errors.append(
                forms.ValidationError(
                    _("Line %(line)s: the first number of a band cannot be above the second."),
                    code="band_reversed",
                    params={"line": number},
                )
            )
            continue
        bands.append((low, high, (match["label"] or "").strip(), number))
    if not errors:
        ordered = sorted(bands, key=lambda band: (band[0], band[1]))
        for before, after in zip(ordered, ordered[1:], strict=False):
            if after[0] <= before[1]:
                errors.append(
                    forms.ValidationError(
                        _("Lines %(first)s and %(second)s overlap: a score fits one band only."),
                        code="band_overlap",
                        params={
                            "first": min(before[3], after[3]),
                            "second": max(before[3], after[3]),
                        },
                    )
                )
    if errors:
        raise forms.ValidationError(errors)
    return bands


def bands_json(bands: list[tuple[Decimal, Decimal, str, int]]) -> list[dict]:
    return [
        {"min": _json_number(low), "max": _json_number(high), "label": label}
        for low, high, label, _line in bands
    ]


# --- forms ---------------------------------------------------------------------------------


class CriterionForm(WagtailAdminModelForm):
    """One criterion in the version's inline panel, with its bands as text."""

    bands_text = forms.CharField(
        label=_("Bands"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Optional. One band a line: lowest and highest points, a colon, then what the band "
            "means, e.g. “27–30: Entirely new, not applied anywhere”. Use a comma for decimals."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["bands_text"] = format_bands(self.instance.bands)

    def clean_bands_text(self):
        return parse_bands(self.cleaned_data["bands_text"])

    def clean_max_points(self):
        value = self.cleaned_data["max_points"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("The maximum must be greater than 0."))
        return value

    def clean_weight(self):
        value = self.cleaned_data["weight"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("The weight must be greater than 0."))
        return value

    def clean(self):
        cleaned = super().clean()
        bands, maximum = cleaned.get("bands_text"), cleaned.get("max_points")
        if bands is None or maximum is None:
            return cleaned
        outside = [band[3] for band in bands if band[1] > maximum]
        if outside:
            self.add_error(
                "bands_text",
                forms.ValidationError(
                    _("Line %(lines)s: bands lie between 0 and %(max)s points, the maximum."),
                    code="band_range",
                    params={
                        "lines": ", ".join(str(line) for line in outside),
                        "max": shown_number(maximum),
                    },
                ),
            )
            return cleaned
        self.instance.bands = bands_json(bands)
        return cleaned


class CriterionInlinePanel(InlinePanel):
    """An InlinePanel whose child forms are ``CriterionForm`` (bands as text)."""

    def get_form_options(self):
        options = super().get_form_options()
        formset = options["formsets"][self.relation_name]
        child = self.child_edit_handler.get_form_options()
        formset["form"] = get_form_for_model(
            self.db_field.related_model,
            form_class=CriterionForm,
            defer_required_on_fields=child.get("defer_required_on_fields", []),
        )
        return options


def rubric_label(rubric: Rubric) -> str:
    keeper = rubric.unit.short_name or rubric.unit.name if rubric.unit else _("shared")
    return f"{rubric.name} ({keeper})"


class RubricVersionForm(WagtailAdminModelForm):
    """A version and its criteria. The rubric is chosen once, among those the user manages;
    the number is given on saving. A frozen version shows read-only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rubric = self.fields.get("rubric")
        if rubric is not None:
            rubric.queryset = (
                rubrics_user_manages(self.for_user)
                if self.for_user is not None
                else Rubric.objects.none()
            )
            rubric.label_from_instance = rubric_label
            rubric.disabled = self.instance.pk is not None
        if self.instance.pk and self.instance.is_frozen:
            for field in self.fields.values():
                field.disabled = True
            for formset in self.formsets.values():
                for form in formset.forms:
                    for field in form.fields.values():
                        field.disabled = True

    def is_valid(self):
        if not super().is_valid():
            return False
        total = Decimal(0)
        for formset in self.formsets.values():
            deleted = formset.deleted_forms if formset.can_delete else []
            for form in formset.forms:
                if form in deleted:
                    continue
                if form.cleaned_data.get("max_points") is None:
                    continue
                total += form.cleaned_data["max_points"] * form.cleaned_data.get(
                    "weight", Decimal(1)
                )
        threshold = self.cleaned_data.get("pass_threshold")
        if threshold is not None and threshold > total:
            self.add_error(
                "pass_threshold",
                forms.ValidationError(
                    _(
                        "The pass threshold cannot be above the %(total)s points the criteria "
                        "add up to."
                    ),
                    code="threshold_above_total",
                    params={"total": shown_number(total)},
                ),
            )
            return False
        return True

    def save(self, commit=True):
        # Criteria added now go after the existing ones, in the order they were typed.
        formset = self.formsets.get("criteria")
        if formset is not None:
            existing = [f.instance.sort_order for f in formset.forms if f.instance.pk]
            following = max(existing, default=-1) + 1
            for form in formset.forms:
                if form.instance.pk is None:
                    form.instance.sort_order = following
                    following += 1
        return super().save(commit=commit)


class RubricForm(WagtailAdminModelForm):
    """A rubric's name and keeper: a unit the user manages rubrics at, typed by its code, or
    none (shared by every unit) for officers at the top of the tree."""

    unit = UnitCodeField(
        queryset=None,
        required=False,
        label=_("Kept by"),
        help_text=_(
            "Type the code of the unit that keeps this rubric. Leave empty for a rubric every "
            "unit may use."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            units = Unit.objects.none()
        else:
            # A unit dissolved since stays acceptable for the rubric it already keeps.
            units = units_visible_to(self.for_user, Capability.MANAGE_RUBRICS).filter(
                Q(is_active=True) | Q(pk=self.instance.unit_id)
            )
        self.fields["unit"].queryset = units
        if self.instance.unit_id:
            self.initial["unit"] = self.instance.unit

    def clean_unit(self):
        unit = self.cleaned_data["unit"]
        user = self.for_user
        if unit is None and (user is None or not may_manage_shared_rubrics(user)):
            raise forms.ValidationError(
                _("Only officers of the top unit keep shared rubrics. Type the code of your unit."),
                code="shared_not_allowed",
            )
        return unit
