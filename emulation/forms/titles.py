"""The form of the year-end titles page: the decision, and a box for each title each member on
the page may receive (with, for Chiến sĩ thi đua cơ sở, the reason of an exception)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation.enums import IndividualTitle
from emulation.selectors.titles import Candidate
from emulation.services.titles import TitleChoice
from unions.forms import DATE_WIDGET


def title_field_name(person_id: int, title: str) -> str:
    return f"title_{person_id}_{title}"


def reason_field_name(person_id: int) -> str:
    return f"reason_{person_id}"


def recorded_field_name(person_id: int, what: str) -> str:
    return f"{what}_{person_id}"


RECORDED = ("months_worked", "leave_days", "disciplined")


class ConferTitlesForm(forms.Form):
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=64,
        help_text=_("As written on the signed decision, for example 12/QĐ-CĐCS."),
    )
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DATE_WIDGET)
    signer_name = forms.CharField(
        label=_("Signed by"),
        max_length=200,
        required=False,
        help_text=_("The head of the employer. Empty: the head recorded for the employer."),
    )
    signer_title = forms.CharField(label=_("Title of the signer"), max_length=200, required=False)

    def __init__(self, *args, candidates: list[Candidate], actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Nobody confers a title on themself: the officer's own row has no boxes.
        self.candidates = [c for c in candidates if actor is None or c.person.pk != actor.pk]
        self.all_candidates = candidates
        for candidate in self.candidates:
            person = candidate.person
            name = person.get_full_name() or person.email
            for option in candidate.open_options:
                self.fields[title_field_name(person.pk, option.title)] = forms.BooleanField(
                    label=_("Confer %(title)s on %(name)s") % {"title": option.label, "name": name},
                    required=False,
                )
            if any(o.title == IndividualTitle.ADVANCED_WORKER for o in candidate.open_options):
                pk = person.pk
                self.fields[recorded_field_name(pk, "months_worked")] = forms.IntegerField(
                    label=_("Months worked in the year"),
                    required=False,
                    min_value=0,
                    max_value=12,
                )
                self.fields[recorded_field_name(pk, "leave_days")] = forms.IntegerField(
                    label=_("Days of leave"), required=False, min_value=0, max_value=366
                )
                self.fields[recorded_field_name(pk, "disciplined")] = forms.NullBooleanField(
                    label=_("Disciplined in the year"),
                    required=False,
                    widget=forms.Select(
                        choices=[
                            ("unknown", _("Not recorded")),
                            ("false", _("No")),
                            ("true", _("Yes")),
                        ]
                    ),
                )
            if any(o.title == IndividualTitle.GRASSROOTS_FIGHTER for o in candidate.open_options):
                self.fields[reason_field_name(person.pk)] = forms.CharField(
                    label=_("Reason for an exception (only without a recognised initiative)"),
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def attach(self) -> list[Candidate]:
        """The candidates with their bound fields (``option.field``, ``candidate.reason``),
        for the template."""
        for candidate in self.all_candidates:
            pk = candidate.person.pk
            for option in candidate.open_options:
                name = title_field_name(pk, option.title)
                option.field = self[name] if name in self.fields else None
            name = reason_field_name(pk)
            candidate.reason = self[name] if name in self.fields else None
            candidate.recorded_fields = [
                self[recorded_field_name(pk, what)]
                for what in RECORDED
                if recorded_field_name(pk, what) in self.fields
            ]
        return self.all_candidates

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.choices():
            raise forms.ValidationError(_("Choose at least one member and title to confer."))
        return cleaned

    def choices(self) -> list[TitleChoice]:
        chosen = []
        for candidate in self.candidates:
            pk = candidate.person.pk
            reason = self.cleaned_data.get(reason_field_name(pk), "") or ""
            recorded = {
                what: self.cleaned_data.get(recorded_field_name(pk, what)) for what in RECORDED
            }
            for option in candidate.open_options:
                if self.cleaned_data.get(title_field_name(pk, option.title)):
                    chosen.append(
                        TitleChoice(
                            person=candidate.person,
                            title=option.title,
                            exception_reason=reason,
                            **recorded,
                        )
                    )
        return chosen


class UnionTitleForm(forms.Form):
    """The union's own decision conferring one of its titles on a registration."""

    title = forms.CharField(widget=forms.HiddenInput)
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=64,
        help_text=_("As written on the signed decision of the union, for example 12/QĐ-CĐCS."),
    )
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DATE_WIDGET)
