"""Forms of the review-round pages. They shape input; the services check the rules again."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from awards.codes import SHORT_CODE_LENGTH, normalise_short_code
from awards.enums import (
    BenefitStatus,
    CouncilRole,
    Outcome,
    QualificationTier,
    RoundPurpose,
    RoundStatus,
    Scope,
    VoteBasis,
)
from awards.models import CouncilMember, Criterion, ReviewRound, RubricVersion
from awards.services import ScoreData
from awards.services.benefits import MAX_YEARS
from initiatives.forms import AmountField
from initiatives.models import Initiative
from unions.forms import DATE_WIDGET, PersonField, UnitChoiceField, UnitCodeField
from unions.models import Employer

NOTE_WIDGET = forms.Textarea(attrs={"rows": 3})


class RoundForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("review round", "Title"), max_length=255)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=RoundPurpose.choices)
    employer = forms.ModelChoiceField(
        label=_("Employer"),
        queryset=Employer.objects.none(),
        required=False,
        help_text=_(
            "A recognition round is the initiative council of one employer, run in the registry "
            "on its behalf: its decision is the employer's. Other rounds have none."
        ),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period_start = forms.DateField(label=_("Period from"), widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Period until"), widget=DATE_WIDGET)
    intake_closes = forms.DateField(label=_("Dossiers accepted until"), widget=DATE_WIDGET)
    scoring_closes = forms.DateField(label=_("Scoring closes on"), widget=DATE_WIDGET)
    rubric_version = forms.ModelChoiceField(
        label=_("Rubric"), queryset=RubricVersion.objects.none()
    )
    assignment_mode = forms.ChoiceField(
        label=_("Who scores"),
        choices=ReviewRound._meta.get_field("assignment_mode").choices,
        widget=forms.RadioSelect,
    )
    vote_basis = forms.ChoiceField(
        label=_("Share of votes counted on"),
        choices=ReviewRound._meta.get_field("vote_basis").choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=ReviewRound._meta.get_field("vote_basis").help_text,
    )
    forward_quota = forms.IntegerField(
        label=_("Forwarding quota"),
        required=False,
        min_value=0,
        max_value=1000,
        help_text=_("How many recognised dossiers may be nominated upward. Empty: no limit."),
    )

    def __init__(
        self, *args, rubric_versions, units=None, review_round=None, employers=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["rubric_version"].queryset = rubric_versions
        if employers is not None:
            self.fields["employer"].queryset = employers
        if units is not None:
            self.fields = {
                "unit": UnitChoiceField(units, label=_("Deciding unit")),
                **self.fields,
            }
        if review_round is not None and review_round.status != RoundStatus.DRAFT:
            for name in ("purpose", "rubric_version", "assignment_mode", "employer"):
                self.fields[name].disabled = True
        if not self.is_bound and review_round is None:
            today = timezone.localdate()
            self.initial.setdefault("year", today.year)
            self.initial.setdefault("assignment_mode", "everyone")
            self.initial.setdefault("vote_basis", VoteBasis.WHOLE_COUNCIL)

    def values(self) -> dict:
        values = {k: v for k, v in self.cleaned_data.items() if k != "unit"}
        values["vote_basis"] = values.get("vote_basis") or VoteBasis.WHOLE_COUNCIL
        return values


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=NOTE_WIDGET)

    def __init__(self, *args, required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if required:
            self.fields["note"].required = True
            self.fields["note"].label = _("Reasons")
            self.fields["note"].error_messages["required"] = _("Give the reasons.")


class CouncilMemberForm(forms.Form):
    person = PersonField(
        label=_("E-mail or phone number of the person"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Officers, members and outside experts alike need an account."),
    )
    role = forms.ChoiceField(label=_("Role on the council"), choices=CouncilRole.choices)
    position = forms.CharField(label=_("Position and workplace"), required=False, max_length=255)


class EntriesForm(forms.Form):
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Accepted dossiers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one dossier.")},
    )

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiatives"].queryset = eligible
        self.fields["initiatives"].label_from_instance = lambda i: (
            f"{i.receipt_number} – {i.title} ({i.unit.short_name or i.unit.name})"
        )


class ScoreSheetForm(forms.Form):
    """One points field and one comment per criterion of the rubric version, then the overall
    comment. Points stay text here: the service reads "27,5" and "27.5" alike and says which
    criterion is wrong."""

    overall_comment = forms.CharField(
        label=_("Overall comment"), required=False, max_length=4000, widget=NOTE_WIDGET
    )

    def __init__(self, *args, criteria: list[Criterion], sheet=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        fields = {}
        existing = {s.criterion_id: s for s in sheet.scores.all()} if sheet else {}
        for criterion in criteria:
            points_name, comment_name = f"points_{criterion.pk}", f"comment_{criterion.pk}"
            fields[points_name] = forms.CharField(
                label=_("Points (0–%(max)s)") % {"max": f"{criterion.max_points.normalize():f}"},
                required=False,
                max_length=12,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
            fields[comment_name] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            score = existing.get(criterion.pk)
            if score is not None and not self.is_bound:
                if score.points is not None:
                    self.initial[points_name] = f"{score.points.normalize():f}".replace(".", ",")
                self.initial[comment_name] = score.comment
        self.fields = {**fields, **self.fields}
        if sheet is not None and not self.is_bound:
            self.initial["overall_comment"] = sheet.overall_comment

    def rows(self):
        """(criterion, points field, comment field) in the rubric's order, for the template."""
        return [(c, self[f"points_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, ScoreData]:
        return {
            c.pk: ScoreData(
                points=self.cleaned_data.get(f"points_{c.pk}") or None,
                comment=self.cleaned_data.get(f"comment_{c.pk}") or "",
            )
            for c in self.criteria
        }


class VoteForm(forms.Form):
    votes_for = forms.IntegerField(label=_("In favour"), min_value=0, max_value=999)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, max_value=999)
    votes_abstain = forms.IntegerField(label=_("Abstaining"), min_value=0, max_value=999)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (Outcome.RECOGNISED, Outcome.RECOGNISED.label),
            (Outcome.NOT_RECOGNISED, Outcome.NOT_RECOGNISED.label),
            (Outcome.RETURNED, Outcome.RETURNED.label),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reasons"),
        required=False,
        max_length=4000,
        widget=NOTE_WIDGET,
        help_text=_("Required when the dossier is not recognised or returned."),
    )


class CloseForm(forms.Form):
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DATE_WIDGET)
    signer_name = forms.CharField(label=_("Signed by"), max_length=200, required=False)
    signer_title = forms.CharField(
        label=_("Title of the signer"),
        max_length=200,
        required=False,
        help_text=_("For example: Chủ tịch Công đoàn cơ sở."),
    )

    def __init__(self, *args, employer=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("decided_on", timezone.localdate())
        if employer is not None:
            # The recognition decision is the employer's, signed by its head.
            self.fields["signer_title"].help_text = _(
                "The decision is %(employer)s's, signed by its head."
            ) % {"employer": employer.name}
            if not self.is_bound:
                self.initial.setdefault("signer_name", employer.head_name)
                self.initial.setdefault("signer_title", employer.head_title)


class NominateForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Round of the level above"),
        queryset=ReviewRound.objects.none(),
        empty_label=None,
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets
        self.fields["target"].label_from_instance = lambda r: f"{r.title} – {r.unit.name}"


class ConflictForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Council member"), queryset=CouncilMember.objects.none()
    )
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=NOTE_WIDGET)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is None:
            del self.fields["member"]
        else:
            self.fields["member"].queryset = members
            self.fields["member"].label_from_instance = lambda m: (
                f"{m.user.get_full_name()} ({m.get_role_display()})"
            )


class AssignForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Members who score this dossier"),
        queryset=CouncilMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["members"].label_from_instance = lambda m: (
            f"{m.user.get_full_name()} ({m.get_role_display()})"
        )


class VerificationForm(forms.Form):
    code = forms.CharField(
        label=_("Code on the certificate"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=_("Twelve letters and digits, for example 7K3M-Q9TA-2XWD."),
        error_messages={"required": _("Type the code printed under the QR code.")},
    )

    def clean_code(self):
        code = normalise_short_code(self.cleaned_data["code"])
        if len(code.replace("-", "")) != SHORT_CODE_LENGTH:
            raise forms.ValidationError(_("A code has twelve letters and digits."))
        return code


# --- award decisions ------------------------------------------------------------------------

GROUNDS_WIDGET = forms.Textarea(attrs={"rows": 4})


class AwardDecisionForm(forms.Form):
    """A draft decision. The issuer (typed by code, within the user's scope), the award and the
    grounds round are chosen once; the date, the signer and the grounds stay editable while
    the decision is a draft (``editing=True`` shows only those)."""

    award_type = forms.ModelChoiceField(label=_("Award"), queryset=None)
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DATE_WIDGET)
    signer_name = forms.CharField(label=_("Signed by"), max_length=200)
    signer_title = forms.CharField(
        label=_("Title of the signer"),
        max_length=200,
        help_text=_("For example: Chủ tịch Công đoàn cơ sở."),
    )
    grounds = forms.CharField(
        label=_("Grounds"),
        required=False,
        max_length=4000,
        widget=GROUNDS_WIDGET,
        help_text=_("Achievements, regulations and proposals the decision rests on."),
    )
    source_round = forms.ModelChoiceField(
        label=_("Review round that selected the recipients"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_("A closed round of the issuing unit or a unit beneath it."),
    )

    def __init__(self, *args, issuers=None, award_types=None, rounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if issuers is None:
            for name in ("award_type", "source_round"):
                del self.fields[name]
        else:
            self.fields = {
                "issuer": UnitChoiceField(issuers, label=_("Issuing unit")),
                **self.fields,
            }
            self.fields["award_type"].queryset = award_types
            self.fields["source_round"].queryset = rounds
            self.fields["source_round"].label_from_instance = lambda r: (
                f"{r.title} – {r.unit.short_name or r.unit.name}"
            )
        if not self.is_bound:
            self.initial.setdefault("decided_on", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        issuer, award_type = cleaned.get("issuer"), cleaned.get("award_type")
        source_round = cleaned.get("source_round")
        if issuer is None:
            return cleaned
        if award_type is not None and issuer.kind not in (award_type.issuer_kinds or []):
            self.add_error(
                "award_type",
                _("%(unit)s cannot issue “%(award)s”.")
                % {"unit": issuer.name, "award": award_type.name},
            )
        if source_round is not None and not source_round.unit.path.startswith(issuer.path):
            self.add_error(
                "source_round", _("Choose a round of the issuing unit or of a unit beneath it.")
            )
        return cleaned

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "issuer"}


def initiative_label(initiative: Initiative) -> str:
    unit = initiative.unit.short_name or initiative.unit.name
    number = initiative.receipt_number or _("no receipt number")
    return f"{number} – {initiative.title} ({unit})"


TIER_CHOICES = [("", _("Not recorded")), *QualificationTier.choices]


class RecipientPersonForm(forms.Form):
    """A person: with an account (e-mail or phone) or by name only; optionally the initiative
    the award is for, chosen among the dossiers of the issuer's subtree that a search found
    (``matches``; receipt numbers repeat between grassroots unions, so the pick is the dossier
    itself, never a number); and what the award's rules read about the candidate."""

    person = PersonField(
        label=_("E-mail or phone number"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Leave empty for a person without an account, and give the name."),
    )
    name = forms.CharField(
        label=_("Name on the certificate"),
        required=False,
        max_length=255,
        help_text=_("Empty: the name of the account."),
    )
    initiative = forms.ModelChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("None: the award is not for one initiative"),
        help_text=_("Search for it above by title, receipt number or unit."),
        error_messages={
            "invalid_choice": _(
                "This initiative is not among the dossiers of the issuing unit's subtree. "
                "Search for it again."
            )
        },
    )
    tier = forms.ChoiceField(
        label=_("Qualification and position"),
        choices=TIER_CHOICES,
        required=False,
        help_text=_(
            "Which thresholds of Bằng Lao động sáng tạo apply to the person. Empty: taken from "
            "the author's record of the initiative where it says so."
        ),
    )
    direct_production = forms.NullBooleanField(
        label=_("Works directly in production"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("Not recorded")), ("true", _("Yes")), ("false", _("No"))]
        ),
        help_text=_("A condition of Giải thưởng Nguyễn Đức Cảnh."),
    )

    def __init__(self, *args, initiatives=None, matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["initiative"]
        if initiatives is not None:
            field.queryset = initiatives
        shown = list(matches)
        # After a failed post, the initiative chosen stays among the choices.
        chosen = self.data.get(self.add_prefix("initiative")) if self.is_bound else None
        if chosen and initiatives is not None and not any(str(i.pk) == chosen for i in shown):
            shown += list(initiatives.filter(pk=chosen)) if str(chosen).isdigit() else []
        field.choices = [("", field.empty_label)] + [(i.pk, initiative_label(i)) for i in shown]

    def clean(self):
        cleaned = super().clean()
        has_name = bool((cleaned.get("name") or "").strip())
        if not cleaned.get("person") and not has_name and not self.has_error("person"):
            self.add_error("name", _("Give an account or the recipient's name."))
        return cleaned


class RecipientUnitForm(forms.Form):
    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitCodeField(queryset=units, label=_("Code of the unit"))


class IssueForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the recipients and the details above."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class RevocationForm(forms.Form):
    certificate = forms.ModelChoiceField(
        label=_("What is revoked"),
        queryset=None,
        required=False,
        empty_label=_("The whole decision"),
    )
    revoked_on = forms.DateField(label=_("Revoked on"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=4000,
        widget=NOTE_WIDGET,
        error_messages={"required": _("Give the reason for the revocation.")},
    )
    reference = forms.CharField(
        label=_("Act of revocation (number)"),
        required=False,
        max_length=100,
        help_text=_("For example: 05/QĐ-CSX/2025."),
    )

    def __init__(self, *args, certificates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].queryset = certificates
        self.fields["certificate"].label_from_instance = lambda c: (
            f"{c.recipient.name} – {c.short_code}"
        )
        if not self.is_bound:
            self.initial.setdefault("revoked_on", timezone.localdate())


# --- benefits of an initiative -------------------------------------------------------------

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
