"""Forms of the members' register (kept apart from ``unions.forms``, which holds the tree's)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Sex
from accounts.phone import normalise_phone
from unions.enums import MembershipEndReason
from unions.forms import DATE_WIDGET
from unions.services.members import PersonData


def _not_future(value, message):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


class PersonFieldsMixin(forms.Form):
    last_name = forms.CharField(label=_("Family and middle names"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=50)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_WIDGET)
    identity_number = forms.CharField(
        label=_("Personal identification number"),
        max_length=12,
        required=False,
        help_text=_("The 12 digits on the citizen identity card."),
    )
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    card_number = forms.CharField(label=_("Member card number"), max_length=32, required=False)
    joined_on = forms.DateField(
        label=_("Joined the union on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty when it is the day the membership starts."),
    )
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    qualification = forms.CharField(label=_("Qualification"), max_length=150, required=False)

    def clean_phone(self) -> str:
        raw = self.cleaned_data.get("phone")
        return normalise_phone(raw) if raw else ""

    def clean_identity_number(self) -> str:
        value = (self.cleaned_data.get("identity_number") or "").strip()
        if value and not (value.isascii() and value.isdigit() and len(value) == 12):
            raise forms.ValidationError(_("The personal identification number has 12 digits."))
        return value

    def clean_date_of_birth(self):
        return _not_future(
            self.cleaned_data.get("date_of_birth"),
            _("The date of birth cannot be in the future."),
        )

    def clean_joined_on(self):
        return _not_future(
            self.cleaned_data.get("joined_on"), _("The date cannot be in the future.")
        )

    def person(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            last_name=data["last_name"],
            first_name=data["first_name"],
            sex=data.get("sex") or "",
            date_of_birth=data.get("date_of_birth"),
            identity_number=data.get("identity_number") or "",
            phone=data.get("phone") or "",
            email=data.get("email") or "",
        )


class MemberCreateForm(PersonFieldsMixin):
    unit = forms.ModelChoiceField(label=_("Grassroots union"), queryset=None)
    valid_from = forms.DateField(label=_("Member of this union since"), widget=DATE_WIDGET)
    with_account = forms.BooleanField(
        label=_("Give the member a sign-in account"),
        required=False,
        help_text=_("An e-mail with a link to choose a password is sent to the address above."),
    )

    field_order = [
        "last_name",
        "first_name",
        "sex",
        "date_of_birth",
        "identity_number",
        "phone",
        "email",
        "unit",
        "card_number",
        "valid_from",
        "joined_on",
        "position",
        "qualification",
        "with_account",
    ]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if not self.is_bound:
            self.initial.setdefault("valid_from", timezone.localdate())
        self.order_fields(self.field_order)

    def clean_valid_from(self):
        return _not_future(
            self.cleaned_data.get("valid_from"), _("The date cannot be in the future.")
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("with_account") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter an e-mail address to send the invitation to."))
        return cleaned


class MemberUpdateForm(PersonFieldsMixin):
    pass


class MemberMoveForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("New grassroots union"), queryset=None)
    effective_date = forms.DateField(label=_("Effective date"), widget=DATE_WIDGET)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if not self.is_bound:
            self.initial.setdefault("effective_date", timezone.localdate())

    def clean_effective_date(self):
        return _not_future(
            self.cleaned_data.get("effective_date"),
            _("The effective date cannot be in the future."),
        )


class MembershipEndForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=MembershipEndReason.choices)
    end_date = forms.DateField(label=_("Membership ends on"), widget=DATE_WIDGET)
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the decision on retirement, or the new place of work."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("end_date", timezone.localdate())

    def clean_end_date(self):
        return _not_future(
            self.cleaned_data.get("end_date"), _("The end date cannot be in the future.")
        )
