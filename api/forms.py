from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ACCESS_CHOICES = [("read", _("Read only")), ("write", _("Read and write"))]


def _default_expiry():
    return timezone.localdate() + timedelta(days=90)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        help_text=_("What it is for, e.g. “Member software of the provincial federation”."),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        initial=_default_expiry,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    access = forms.ChoiceField(
        label=_("Access"), choices=ACCESS_CHOICES, initial="read", widget=forms.RadioSelect
    )
