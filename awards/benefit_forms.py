"""Forms of the benefit pages: a year's claim and the verifier's finding. They shape input; the
services in ``awards.services.benefits`` check the rules again."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.enums import BenefitStatus, Scope
from awards.services.benefits import MAX_YEARS
from emulation.forms import DATE_WIDGET
from initiatives.forms import AmountField
from initiatives.models import Initiative

EVIDENCE_HELP = _(
    "PDF, Word, Excel, OpenDocument, JPG or PNG; the type is read from the content. Optional."
)


def claim_years(initiative: Initiative) -> list[int]:
    """Years a benefit may be claimed for: the first years of application that have begun."""
    this_year = timezone.localdate().year
    first = initiative.first_applied_on.year if initiative.first_applied_on else this_year
    return [year for year in range(first, first + MAX_YEARS) if year <= this_year]


class BenefitClaimForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year of application"), coerce=int, choices=())
    claimed_vnd = AmountField(
        label=_("Benefit claimed (VND)"),
        help_text=_("A whole number of đồng for that year, for example 50.000.000."),
    )
    evidence = forms.FileField(label=_("Evidence"), required=False, help_text=EVIDENCE_HELP)

    def __init__(self, *args, initiative: Initiative, records=(), **kwargs):
        """``records``: the benefit already recorded; verified years are no longer offered,
        and a year without a record comes first."""
        super().__init__(*args, **kwargs)
        settled = {r.year for r in records if r.status != BenefitStatus.CLAIMED}
        recorded = {r.year for r in records}
        years = [year for year in claim_years(initiative) if year not in settled]
        self.fields["year"].choices = [(year, str(year)) for year in years]
        if not self.is_bound and years:
            missing = [year for year in years if year not in recorded]
            self.initial.setdefault("year", (missing or years)[0])


FINDINGS = [
    (BenefitStatus.VERIFIED, _("Verified as claimed")),
    (BenefitStatus.ADJUSTED, _("Verified at another value")),
    (BenefitStatus.REJECTED, _("Rejected")),
]


class BenefitVerifyForm(forms.Form):
    status = forms.ChoiceField(label=_("Finding"), choices=FINDINGS, widget=forms.RadioSelect)
    verified_vnd = AmountField(
        label=_("Verified benefit (VND)"),
        required=False,
        help_text=_("Required when the benefit is verified at another value."),
    )
    method = forms.CharField(
        label=_("Method of verification"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: checked the accounts of 2024 and the production records."),
    )
    scope = forms.ChoiceField(
        label=_("Scope of influence"),
        required=False,
        choices=[("", "—"), *Scope.choices],
    )
    verified_on = forms.DateField(label=_("Verified on"), widget=DATE_WIDGET)
    evidence = forms.FileField(label=_("Evidence"), required=False, help_text=EVIDENCE_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("verified_on", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == BenefitStatus.ADJUSTED and cleaned.get("verified_vnd") is None:
            self.add_error("verified_vnd", _("Give the verified value."))
        return cleaned
