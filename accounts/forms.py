from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.phone import normalise_phone


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("E-mail or phone number"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        "invalid_login": _(
            "The e-mail or phone number and password do not match an account. "
            "Both fields may be case-sensitive."
        ),
        "inactive": _("This account is inactive."),
    }


class ProfileForm(forms.Form):
    last_name = forms.CharField(label=_("Family and middle names"), max_length=150)
    first_name = forms.CharField(label=_("Given name"), max_length=50)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        help_text=_("dd/mm/yyyy"),
        widget=forms.DateInput(format="%d/%m/%Y"),
    )

    def clean_phone(self) -> str | None:
        raw = self.cleaned_data.get("phone")
        return normalise_phone(raw) if raw else None

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not self.errors:
            raise forms.ValidationError(_("Enter an e-mail address or a phone number."))
        return cleaned


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )
