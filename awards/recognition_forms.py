"""Forms of the recognitions decided outside the registry (the employer's own decision). They
shape input; ``awards.services.recognitions`` checks the rules again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.enums import Scope
from awards.services.recognitions import DecisionData
from unions.forms import DATE_WIDGET
from unions.models import Employer

NOTE_WIDGET = forms.Textarea(attrs={"rows": 3})


class ExternalRecognitionForm(forms.Form):
    employer = forms.ModelChoiceField(
        label=_("Employer that recognised it"), queryset=Employer.objects.none()
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DATE_WIDGET)
    signer_name = forms.CharField(label=_("Signed by"), max_length=200)
    signer_title = forms.CharField(label=_("Title of the signer"), max_length=200)
    scope = forms.ChoiceField(label=_("Scope of influence"), choices=Scope.choices)
    scan = forms.FileField(
        label=_("Scan of the decision"),
        help_text=_("PDF, Word, OpenDocument, JPG or PNG."),
    )

    def __init__(self, *args, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        only = list(employers[:2])
        if len(only) == 1 and not self.is_bound:
            employer = only[0]
            self.initial.setdefault("employer", employer.pk)
            self.initial.setdefault("signer_name", employer.head_name)
            self.initial.setdefault("signer_title", employer.head_title)
        self.initial.setdefault("scope", Scope.UNIT)

    def data_for_service(self) -> DecisionData:
        data = self.cleaned_data
        return DecisionData(
            employer=data["employer"],
            decision_number=data["decision_number"],
            decided_on=data["decided_on"],
            signer_name=data["signer_name"],
            signer_title=data["signer_title"],
            scope=data["scope"],
        )


class RejectRecognitionForm(forms.Form):
    reason = forms.CharField(label=_("Reasons"), widget=NOTE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Give the reasons.")
