"""Forms of the officer pages. Units are picked by code, checked against the user's scope."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.phone import looks_like_phone, normalise_phone
from unions.enums import GRASSROOTS_KINDS, Capability, EmployerKind, Role, UnitKind
from unions.models import Employer, Unit
from unions.selectors import units_visible_to
from unions.services.employers import EmployerData


class DatePickerInput(forms.DateInput):
    """The browser's date picker (``<input type="date">``, which sends yyyy-mm-dd); the field
    still accepts a Vietnamese date typed as dd/mm/yyyy (``DATE_INPUT_FORMATS``), as a browser
    without a picker shows a text box."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


DATE_WIDGET = DatePickerInput()


class UnitCodeField(forms.ModelChoiceField):
    """A unit typed by its code; only units in ``queryset`` (the user's scope) are accepted."""

    default_error_messages = {
        "invalid_choice": _("No active unit with this code is within your scope."),
    }

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off"}))
        kwargs.setdefault("help_text", _("Type the unit's code, as shown on its page."))
        super().__init__(queryset=queryset, to_field_name="code", **kwargs)

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


# Up to this many units a unit field is a list to pick from; beyond, a code to type.
UNIT_LIST_LIMIT = 60


class UnitChoiceField(UnitCodeField):
    """A unit among ``queryset`` (the user's scope): a list when it is short, with the only
    unit already chosen when there is one; a code to type otherwise."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, **kwargs)
        count = queryset.count()
        if count <= UNIT_LIST_LIMIT:
            self.widget = forms.Select()
            self.empty_label = None if count == 1 else "—"
            self.widget.choices = self.choices
            self.help_text = kwargs.get("help_text", "")

    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.code})"


class RestructureForm(forms.Form):
    effective_date = forms.DateField(label=_("Effective date"), widget=DATE_WIDGET)
    note = forms.CharField(
        label=_("Reason or decision reference"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: Decision No. 123/QĐ-TLĐ of 20/06/2025."),
    )

    def __init__(self, *args, user: User, unit: Unit | None = None, **kwargs):
        self.user = user
        self.unit = unit
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("effective_date", timezone.localdate())

    def scoped_units(self):
        return units_visible_to(self.user, Capability.RESTRUCTURE_UNIT).filter(is_active=True)

    def clean_effective_date(self):
        value = self.cleaned_data["effective_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The effective date cannot be in the future."))
        return value


class UnitCreateForm(RestructureForm):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Full name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)

    field_order = ["code", "name", "short_name", "kind", "effective_date", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = False
        self.fields["effective_date"].label = _("Established on")


class UnitRenameForm(RestructureForm):
    name = forms.CharField(label=_("New full name"), max_length=255)
    short_name = forms.CharField(label=_("New short name"), max_length=100, required=False)

    field_order = ["name", "short_name", "effective_date", "note"]


class UnitMoveForm(RestructureForm):
    new_parent = forms.CharField(label=_("New parent unit"))

    field_order = ["new_parent", "effective_date", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"] = UnitCodeField(
            self.scoped_units(), label=_("Code of the new parent unit")
        )


class UnitMergeForm(RestructureForm):
    """Merge this unit and others into an existing unit or a new one."""

    other_sources = forms.CharField(
        label=_("Other units merged at the same time"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Codes separated by commas or new lines. Leave empty to merge only this unit."),
    )
    target = forms.CharField(label=_("Merge into an existing unit"), required=False)
    new_code = forms.CharField(label=_("Code of the new unit"), max_length=32, required=False)
    new_name = forms.CharField(label=_("Full name of the new unit"), max_length=255, required=False)
    new_short_name = forms.CharField(
        label=_("Short name of the new unit"), max_length=100, required=False
    )
    new_kind = forms.ChoiceField(
        label=_("Kind of the new unit"), choices=[("", "—"), *UnitKind.choices], required=False
    )
    new_parent = forms.CharField(label=_("The new unit stands under"), required=False)

    field_order = [
        "other_sources",
        "target",
        "new_code",
        "new_name",
        "new_short_name",
        "new_kind",
        "new_parent",
        "effective_date",
        "note",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scoped = self.scoped_units()
        self.fields["target"] = UnitCodeField(
            scoped, label=_("Code of the unit that takes over"), required=False
        )
        self.fields["new_parent"] = UnitCodeField(
            scoped, label=_("Code of the parent of the new unit"), required=False
        )
        self.order_fields(self.field_order)

    def clean_other_sources(self) -> list[Unit]:
        raw = self.cleaned_data.get("other_sources") or ""
        codes = [code.strip() for code in raw.replace("\n", ",").split(",") if code.strip()]
        found = {unit.code.lower(): unit for unit in self.scoped_units().filter(code__in=codes)}
        missing = [code for code in codes if code.lower() not in found]
        if missing:
            raise forms.ValidationError(
                _("These codes are not active units within your scope: %(codes)s"),
                params={"codes": ", ".join(missing)},
            )
        return list(found.values())

    def clean(self):
        cleaned = super().clean()
        has_target = bool(cleaned.get("target"))
        new_fields = ("new_code", "new_name", "new_kind", "new_parent")
        has_new = any(cleaned.get(name) for name in new_fields)
        if has_target and has_new:
            raise forms.ValidationError(
                _("Choose an existing unit or describe a new one, not both.")
            )
        if not has_target and not has_new and not self.errors:
            raise forms.ValidationError(
                _("Choose the unit that takes over, or describe the new unit.")
            )
        if has_new:
            for name in new_fields:
                if not cleaned.get(name):
                    self.add_error(name, _("This field is required for a new unit."))
        return cleaned


class UnitSplitForm(RestructureForm):
    """Split this unit into new units; each sub-unit and member picks the new unit it joins."""

    PART_SLOTS = 4

    def __init__(self, *args, children=(), memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.children = list(children)
        self.memberships = list(memberships)
        for index in range(1, self.PART_SLOTS + 1):
            required = index <= 2
            self.fields[f"part{index}_code"] = forms.CharField(
                label=_("Code"), max_length=32, required=required
            )
            self.fields[f"part{index}_name"] = forms.CharField(
                label=_("Full name"), max_length=255, required=required
            )
            self.fields[f"part{index}_short_name"] = forms.CharField(
                label=_("Short name"), max_length=100, required=False
            )
            self.fields[f"part{index}_kind"] = forms.ChoiceField(
                label=_("Kind"),
                choices=[("", "—"), *UnitKind.choices],
                required=required,
                initial=self.unit.kind if self.unit else None,
            )
        choices = [(str(index), str(index)) for index in range(1, self.PART_SLOTS + 1)]
        for child in self.children:
            self.fields[f"child_{child.pk}"] = forms.TypedChoiceField(
                label=child.name, choices=choices, coerce=int, initial="1"
            )
        for membership in self.memberships:
            self.fields[f"member_{membership.pk}"] = forms.TypedChoiceField(
                label=str(membership.user), choices=choices, coerce=int, initial="1"
            )

    def part_rows(self):
        return [
            [self[f"part{index}_{name}"] for name in ("code", "name", "short_name", "kind")]
            for index in range(1, self.PART_SLOTS + 1)
        ]

    def child_fields(self):
        return [self[f"child_{child.pk}"] for child in self.children]

    def member_fields(self):
        return [self[f"member_{membership.pk}"] for membership in self.memberships]

    def clean(self):
        cleaned = super().clean()
        parts = []
        for index in range(1, self.PART_SLOTS + 1):
            values = [cleaned.get(f"part{index}_{name}") for name in ("code", "name", "kind")]
            if any(values) and not all(values):
                self.add_error(
                    f"part{index}_code",
                    _("Give new unit %(number)s a code, a full name and a kind.")
                    % {"number": index},
                )
            if all(values):
                parts.append(index)
        used = {cleaned.get(f"child_{c.pk}") for c in self.children} | {
            cleaned.get(f"member_{m.pk}") for m in self.memberships
        }
        for number in used - {None}:
            if number not in parts:
                raise forms.ValidationError(
                    _(
                        "New unit %(number)s is chosen for a sub-unit or member but is not "
                        "described."
                    )
                    % {"number": number}
                )
        cleaned["part_numbers"] = parts
        return cleaned


class UnitDissolveForm(RestructureForm):
    receiver = forms.CharField(label=_("Unit that takes over the sub-units"), required=False)

    field_order = ["receiver", "effective_date", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiver"] = UnitCodeField(
            self.scoped_units(),
            label=_("Code of the unit that takes over the sub-units"),
            required=False,
        )
        self.order_fields(self.field_order)


class PersonField(forms.CharField):
    """A person typed by e-mail address or phone number."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        value = value.strip()
        try:
            if looks_like_phone(value):
                return User.objects.get(phone=normalise_phone(value))
            return User.objects.get(email__iexact=value)
        except (User.DoesNotExist, forms.ValidationError):
            raise forms.ValidationError(
                _("No account has this e-mail address or phone number.")
            ) from None


class RoleGrantForm(forms.Form):
    person = PersonField(
        label=_("E-mail or phone number of the person"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE_WIDGET)
    valid_to = forms.DateField(
        label=_("Valid until (last day)"), required=False, widget=DATE_WIDGET
    )

    def __init__(self, *args, can_grant_administrator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("valid_from", timezone.localdate())
        if not can_grant_administrator:
            self.fields["role"].choices = [
                choice for choice in Role.choices if choice[0] != Role.ADMINISTRATOR
            ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("A grant cannot end before it starts."))
        return cleaned


class RoleGrantEndForm(forms.Form):
    last_day = forms.DateField(label=_("Last day of the grant"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("last_day", timezone.localdate())


# --- employers -----------------------------------------------------------------------------


class EmployerCodeField(forms.ModelChoiceField):
    """An employer typed by its code or its organisation/tax code, among ``queryset``."""

    default_error_messages = {
        "invalid_choice": _("No active employer with this code is within your scope."),
    }

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off"}))
        kwargs.setdefault(
            "help_text", _("Type the employer's code or its organisation or tax code.")
        )
        super().__init__(queryset=queryset, **kwargs)

    def to_python(self, value):
        value = (value or "").strip() if isinstance(value, str) else value
        if value in self.empty_values:
            return None
        found = (
            self.queryset.filter(code__iexact=value).first()
            or self.queryset.filter(tax_code=value).first()
        )
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return found

    def prepare_value(self, value):
        return getattr(value, "code", value)


class EmployerDetailsMixin(forms.Form):
    """The details of an employer: what ``EmployerData`` holds."""

    name = forms.CharField(label=_("Full name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=EmployerKind.choices)
    tax_code = forms.CharField(
        label=_("Organisation or tax code"),
        max_length=20,
        required=False,
        help_text=_("Enterprise or tax code, or the agency's budget-unit code."),
    )
    head_name = forms.CharField(label=_("Head of the employer"), max_length=200, required=False)
    head_title = forms.CharField(
        label=_("Position of the head"),
        max_length=200,
        required=False,
        help_text=_("For example: Giám đốc, Tổng Giám đốc, Hiệu trưởng."),
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)

    def employer_data(self, prefix: str = "", code: str = "") -> EmployerData:
        data = self.cleaned_data
        return EmployerData(
            name=data.get(f"{prefix}name") or "",
            kind=data.get(f"{prefix}kind") or "",
            tax_code=data.get(f"{prefix}tax_code") or "",
            head_name=data.get(f"{prefix}head_name") or "",
            head_title=data.get(f"{prefix}head_title") or "",
            address=data.get(f"{prefix}address") or "",
            code=code,
        )

    @staticmethod
    def initial_for(employer: Employer) -> dict:
        return {
            name: getattr(employer, name)
            for name in ("name", "kind", "tax_code", "head_name", "head_title", "address")
        }


class EmployerForm(EmployerDetailsMixin, RestructureForm):
    """Record a new employer and link it to a grassroots union of the user's scope."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        required=False,
        help_text=_("Leave empty to have one given."),
    )
    unit = forms.CharField(label=_("Grassroots union at this employer"))

    field_order = [
        "name",
        "kind",
        "tax_code",
        "head_name",
        "head_title",
        "address",
        "code",
        "unit",
        "effective_date",
        "note",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitCodeField(
            self.scoped_units().filter(kind__in=GRASSROOTS_KINDS),
            label=_("Code of the grassroots union at this employer"),
        )
        self.fields["effective_date"].label = _("Recorded from")
        self.fields["note"].required = False
        if self.unit is not None and not self.is_bound:
            self.initial.setdefault("unit", self.unit.code)
        self.order_fields(self.field_order)


class EmployerUpdateForm(EmployerDetailsMixin, RestructureForm):
    """A dated change of an employer's details (a new head, name, kind or address)."""

    field_order = [
        "name",
        "kind",
        "tax_code",
        "head_name",
        "head_title",
        "address",
        "effective_date",
        "note",
    ]


class EmployerLinkForm(RestructureForm):
    """Link a grassroots union of the user's scope to this employer."""

    unit = forms.CharField(label=_("Grassroots union"))

    field_order = ["unit", "effective_date", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitCodeField(
            self.scoped_units().filter(kind__in=GRASSROOTS_KINDS),
            label=_("Code of the grassroots union"),
        )
        self.fields["effective_date"].label = _("At the employer from")
        self.fields["note"].required = False
        self.order_fields(self.field_order)


class UnitEmployerLinkForm(RestructureForm):
    """Link this grassroots union to an employer already in the registry."""

    employer = forms.CharField(label=_("Employer"))

    field_order = ["employer", "effective_date", "note"]

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"] = EmployerCodeField(
            employers if employers is not None else Employer.objects.none(),
            label=_("Code or tax code of the employer"),
        )
        self.fields["effective_date"].label = _("At the employer from")
        self.fields["note"].required = False
        self.order_fields(self.field_order)


class EmployerUnlinkForm(RestructureForm):
    field_order = ["effective_date", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_date"].label = _("No longer at the employer from")
        self.fields["effective_date"].help_text = _(
            "The first day the union is no longer at the employer."
        )
        self.fields["note"].required = False


class EmployerMergeForm(EmployerDetailsMixin, RestructureForm):
    """Merge this employer (and others) into an existing employer or a new one."""

    other_sources = forms.CharField(
        label=_("Other employers merged at the same time"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Codes separated by commas or new lines. Leave empty to merge only this employer."
        ),
    )
    target = forms.CharField(label=_("Merge into an existing employer"), required=False)

    field_order = [
        "other_sources",
        "target",
        "name",
        "kind",
        "tax_code",
        "head_name",
        "head_title",
        "address",
        "effective_date",
        "note",
    ]

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.employers = employers if employers is not None else Employer.objects.none()
        self.fields["target"] = EmployerCodeField(
            self.employers, label=_("Code of the employer that takes over"), required=False
        )
        for name, label in [
            ("name", _("Full name of the new employer")),
            ("kind", _("Kind of the new employer")),
        ]:
            self.fields[name].label = label
            self.fields[name].required = False
        self.fields["kind"].choices = [("", "—"), *EmployerKind.choices]
        self.order_fields(self.field_order)

    def clean_other_sources(self) -> list[Employer]:
        raw = self.cleaned_data.get("other_sources") or ""
        codes = [code.strip() for code in raw.replace("\n", ",").split(",") if code.strip()]
        found = {
            employer.code.lower(): employer
            for employer in self.employers.filter(code__in=[c.upper() for c in codes] + codes)
        }
        missing = [code for code in codes if code.lower() not in found]
        if missing:
            raise forms.ValidationError(
                _("These codes are not active employers within your scope: %(codes)s"),
                params={"codes": ", ".join(missing)},
            )
        return list(found.values())

    def clean(self):
        cleaned = super().clean()
        has_target = bool(cleaned.get("target"))
        has_new = bool(cleaned.get("name") or cleaned.get("kind"))
        if has_target and has_new:
            raise forms.ValidationError(
                _("Choose an existing employer or describe a new one, not both.")
            )
        if not has_target and not has_new and not self.errors:
            raise forms.ValidationError(
                _("Choose the employer that takes over, or describe the new employer.")
            )
        if has_new:
            for name in ("name", "kind"):
                if not cleaned.get(name):
                    self.add_error(name, _("This field is required for a new employer."))
        return cleaned


class EmployerSplitForm(RestructureForm):
    """Split this employer into new ones; each of its grassroots unions picks the part it joins."""

    PART_SLOTS = 3
    PART_FIELDS = ("name", "kind", "tax_code", "head_name", "head_title", "address")

    def __init__(self, *args, links=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.links = list(links)
        for index in range(1, self.PART_SLOTS + 1):
            required = index <= 2
            number = {"number": index}
            self.fields[f"part{index}_name"] = forms.CharField(
                label=_("New employer %(number)s: full name") % number,
                max_length=255,
                required=required,
            )
            self.fields[f"part{index}_kind"] = forms.ChoiceField(
                label=_("New employer %(number)s: kind") % number,
                choices=[("", "—"), *EmployerKind.choices],
                required=required,
            )
            self.fields[f"part{index}_tax_code"] = forms.CharField(
                label=_("New employer %(number)s: organisation or tax code") % number,
                max_length=20,
                required=False,
            )
            self.fields[f"part{index}_head_name"] = forms.CharField(
                label=_("New employer %(number)s: head") % number, max_length=200, required=False
            )
            self.fields[f"part{index}_head_title"] = forms.CharField(
                label=_("New employer %(number)s: position of the head") % number,
                max_length=200,
                required=False,
            )
            self.fields[f"part{index}_address"] = forms.CharField(
                label=_("New employer %(number)s: address") % number,
                max_length=255,
                required=False,
            )
        choices = [(str(index), str(index)) for index in range(1, self.PART_SLOTS + 1)]
        for link in self.links:
            self.fields[f"union_{link.unit_id}"] = forms.TypedChoiceField(
                label=_("%(unit)s goes to new employer") % {"unit": link.unit.name},
                choices=choices,
                coerce=int,
                initial="1",
            )
        self.order_fields([*self.fields][2:] + ["effective_date", "note"])

    def clean(self):
        cleaned = super().clean()
        parts = []
        for index in range(1, self.PART_SLOTS + 1):
            if cleaned.get(f"part{index}_name") and cleaned.get(f"part{index}_kind"):
                parts.append(index)
            elif cleaned.get(f"part{index}_name") or cleaned.get(f"part{index}_kind"):
                self.add_error(
                    f"part{index}_name",
                    _("Give new employer %(number)s a full name and a kind.") % {"number": index},
                )
        for link in self.links:
            number = cleaned.get(f"union_{link.unit_id}")
            if number is not None and number not in parts:
                self.add_error(
                    f"union_{link.unit_id}",
                    _("New employer %(number)s is not described.") % {"number": number},
                )
        cleaned["part_numbers"] = parts
        return cleaned

    def parts(self) -> list[EmployerData]:
        data = self.cleaned_data
        return [
            EmployerData(
                **{name: data.get(f"part{index}_{name}") or "" for name in self.PART_FIELDS}
            )
            for index in data["part_numbers"]
        ]

    def union_parts(self) -> dict[int, int]:
        position = {number: i for i, number in enumerate(self.cleaned_data["part_numbers"])}
        return {
            link.unit_id: position[self.cleaned_data[f"union_{link.unit_id}"]]
            for link in self.links
        }


class EmployerDissolveForm(RestructureForm):
    receiver = forms.CharField(label=_("Employer that takes over its unions"), required=False)

    field_order = ["receiver", "effective_date", "note"]

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiver"] = EmployerCodeField(
            employers if employers is not None else Employer.objects.none(),
            label=_("Code of the employer that takes over its grassroots unions"),
            required=False,
            help_text=_("Leave empty when the unions simply stop being at an employer."),
        )
        self.order_fields(self.field_order)
