"""Forms of the dossier pages: the application in the order of the legal form, its authors,
its files and the note that goes with an action. The services check the rules again."""

import re
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.form_sections import FormSection, FormSections, build_sections
from initiatives.enums import InitiativeField, InitiativeKind, WorkType
from initiatives.models import Initiative, InitiativeAuthor
from initiatives.services import DOSSIER_FIELDS, REQUIRED_FOR_SUBMISSION, AuthorData
from unions.enums import GRASSROOTS_KINDS
from unions.forms import DATE_WIDGET, PersonField, UnitCodeField
from unions.models import Employer, Unit
from unions.selectors.employers import employers_for_dossier

# "50000000", "50.000.000", "50 000 000" or "50,000,000": groups of three after the first.
_GROUPED = re.compile(r"^[0-9]{1,3}(?:([., ])[0-9]{3})(?:\1[0-9]{3})*$")
# Far above any benefit a grassroots unit could claim, well inside the database's integer.
MAX_AMOUNT = 10**15


def format_amount(value: int | None) -> str:
    """``50000000`` → ``"50.000.000"``, the way the form shows an amount back."""
    return "" if value is None else f"{value:,}".replace(",", ".")


class AmountField(forms.CharField):
    """A whole, non-negative number of đồng; dots, spaces or commas may group the thousands."""

    default_error_messages = {
        "invalid": _("Enter a whole number of đồng, for example 50.000.000."),
        "negative": _("The benefit cannot be negative."),
        "too_large": _("This amount is too large."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return format_amount(value) if isinstance(value, int) else value

    def to_python(self, value):
        value = (super().to_python(value) or "").strip().replace("\u00a0", " ")
        if value.endswith("₫"):
            value = value[:-1].strip()
        if value.lower().endswith("đồng"):
            value = value[:-4].strip()
        if not value:
            return None
        if value.startswith("-"):
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        if re.fullmatch(r"[0-9]+", value) or _GROUPED.match(value):
            amount = int(re.sub(r"[^0-9]", "", value))
        else:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if amount > MAX_AMOUNT:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        return amount


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the services check each one's content and size."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        cleaned = super().clean(data, initial)
        return [cleaned] if cleaned else []


def _label(name: str) -> str:
    return capfirst(Initiative._meta.get_field(name).verbose_name)


def _text(name: str, rows: int = 4, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=_label(name),
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class InitiativeForm(forms.Form):
    """The application for recognition, field by field in the order of the legal form.

    Only the title is needed to save a draft; the rest is checked when the dossier is
    submitted (``services.submission_problems``).
    """

    unit = forms.CharField()  # replaced in __init__ by a unit code field
    employer = forms.ModelChoiceField(
        label=_("Employer asked to recognise the initiative"),
        queryset=Employer.objects.none(),  # narrowed in __init__
        required=False,
        empty_label=_("— the employer of the grassroots union —"),
        help_text=_(
            "The agency, public service unit or enterprise where the initiative was created or "
            "applied; the application is addressed to it (Decree 13/2012/NĐ-CP Art. 5)."
        ),
    )
    owner_name = forms.CharField(
        label=_label("owner_name"),
        max_length=255,
        required=False,
        help_text=_("Leave empty when the authors themselves invested in the initiative."),
    )
    owner_address = forms.CharField(label=_label("owner_address"), max_length=255, required=False)
    # The model's "title" is a shared msgid (Wagtail's page title too): say which title.
    title = forms.CharField(label=pgettext_lazy("initiative", "Title"), max_length=300)
    work_type = forms.ChoiceField(
        label=_label("work_type"),
        choices=WorkType.choices,
        initial=WorkType.INITIATIVE,
        required=False,
        help_text=Initiative._meta.get_field("work_type").help_text,
    )
    field = forms.ChoiceField(
        label=_label("field"), choices=[("", "—"), *InitiativeField.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_label("kind"), choices=[("", "—"), *InitiativeKind.choices], required=False
    )
    first_applied_on = forms.DateField(
        label=_label("first_applied_on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("The right to ask for recognition lapses one year after this date."),
    )
    previous_state = _text("previous_state")
    solution_purpose = _text("solution_purpose")
    solution_steps = _text("solution_steps", rows=6)
    solution_novelty = _text("solution_novelty")
    application_conditions = _text("application_conditions")
    other_applicants = _text("other_applicants", rows=3)
    confidential_info = _text(
        "confidential_info",
        rows=3,
        help_text=_(
            "Shown only to the authors and to the officers and council of the unit that decides."
        ),
    )
    benefit_claimed = AmountField(
        label=_label("benefit_claimed"),
        required=False,
        help_text=_("A whole number of đồng per year, for example 50.000.000."),
    )
    benefit_basis = _text("benefit_basis", rows=3)
    social_benefits = _text("social_benefits", rows=3)
    first_application_participants = _text("first_application_participants", rows=3)
    files = MultipleFileField(
        label=_("Add files"),
        help_text=_(
            "PDF, Word, Excel, OpenDocument, JPG or PNG; the type is read from the content. "
            "You may choose several files at once."
        ),
    )
    files_description = forms.CharField(
        label=_("Description of the files"), max_length=255, required=False
    )
    files_public = forms.BooleanField(
        label=_("Publish these files in the initiative bank"),
        required=False,
        help_text=_(
            "Once the initiative is recognised, anyone may download them from the public bank. "
            "Leave it unticked for files holding personal or confidential information."
        ),
    )

    FIELDSETS = [
        ("unit", _("Employer and grassroots union"), ["unit", "employer"]),
        ("owner", _("Owner or investor"), ["owner_name", "owner_address"]),
        (
            "initiative",
            _("The initiative"),
            ["title", "work_type", "field", "kind", "first_applied_on"],
        ),
        ("previous", _("Previous state"), ["previous_state"]),
        (
            "solution",
            _("The new solution"),
            ["solution_purpose", "solution_steps", "solution_novelty"],
        ),
        ("conditions", _("Conditions needed to apply it"), ["application_conditions"]),
        ("applicants", _("Who else could apply it"), ["other_applicants"]),
        ("confidential", _("Information to keep confidential"), ["confidential_info"]),
        ("benefit", _("Economic benefit"), ["benefit_claimed", "benefit_basis"]),
        ("social", _("Social benefits"), ["social_benefits"]),
        (
            "participants",
            _("People who took part in the first application"),
            ["first_application_participants"],
        ),
    ]

    def __init__(self, *args, unit_queryset=None, user=None, unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit_queryset is None:
            unit_queryset = Unit.objects.filter(is_active=True, kind__in=GRASSROOTS_KINDS)
        self.fields["unit"] = UnitCodeField(
            unit_queryset,
            label=_("Code of the grassroots union"),
            help_text=_("The grassroots union where the initiative was applied, by its code."),
            error_messages={"invalid_choice": _("No active grassroots union has this code.")},
        )
        self.fields["unit"].widget.attrs["list"] = "unit-choices"
        if self.is_bound:
            # The employers offered follow the union posted with the form.
            code = (self.data.get(self.add_prefix("unit")) or "").strip()
            unit = unit_queryset.filter(code__iexact=code).first() if code else None
        if user is not None:
            self.fields["employer"].queryset = employers_for_dossier(unit, user).filter(
                is_active=True
            )

    @classmethod
    def initial_for(cls, initiative: Initiative) -> dict:
        initial = {name: getattr(initiative, name) for name in DOSSIER_FIELDS}
        initial["unit"] = initiative.unit.code
        initial["employer"] = initiative.employer_id
        return initial

    def sections(self, formset) -> FormSections:
        """The application's sections with their progress towards submission: the fields a
        dossier needs to be submitted count, and the authors (one item: at least one author,
        by account or by name). No query beyond the formset's own."""
        sections = build_sections(self, self.FIELDSETS, counted=REQUIRED_FOR_SUBMISSION)
        rows = list(formset.forms)
        authors = FormSection(
            id="authors",
            legend=str(_("Authors")),
            items={"authors": [row[name] for row in rows for name in AUTHOR_NAME_FIELDS]},
            has_errors=formset.is_bound
            and (bool(formset.non_form_errors()) or any(row.errors for row in rows)),
        )
        files = FormSection(
            id="files",
            legend=str(_("Attachments")),
            fields=[self[name] for name in ("files", "files_description", "files_public")],
            has_errors=any(
                self[name].errors for name in ("files", "files_description", "files_public")
            ),
        )
        return FormSections([*sections, authors, files])

    def clean_first_applied_on(self):
        value = self.cleaned_data.get("first_applied_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of first application cannot be in the future."))
        return value

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in DOSSIER_FIELDS}


# An author row names its author by one of these; the dossier's section list counts the
# authors as given once a row names someone (the script recounts the inputs so tagged).
AUTHOR_NAME_FIELDS = ("member", "full_name")
_COUNTED_AS_AUTHOR = {"data-progress-item": "authors"}


class AuthorForm(forms.Form):
    """One author: a registered member found by e-mail or phone, or an outside person."""

    member = PersonField(
        label=_("E-mail or phone of a registered member"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", **_COUNTED_AS_AUTHOR}),
        help_text=_("Leave empty for an author who has no account."),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=_COUNTED_AS_AUTHOR),
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_WIDGET)
    workplace = forms.CharField(label=_("Workplace"), max_length=255, required=False)
    job_title = forms.CharField(label=_("Position"), max_length=150, required=False)
    qualification = forms.CharField(label=_("Qualification"), max_length=150, required=False)
    contribution = forms.DecimalField(
        label=_("Contribution (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("A date of birth cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("member") and not cleaned.get("full_name"):
            self.add_error(
                "full_name", _("Give the author's full name, or the account of a member.")
            )
        return cleaned

    def author_data(self, profile=None) -> AuthorData:
        """The row for the service; a member's blanks are filled from their account and
        current membership (``profile``: a Membership or None)."""
        data = self.cleaned_data
        member = data.get("member")
        full_name = data.get("full_name") or ""
        date_of_birth = data.get("date_of_birth")
        workplace, job_title, qualification = (
            data.get("workplace") or "",
            data.get("job_title") or "",
            data.get("qualification") or "",
        )
        if member is not None:
            full_name = full_name or member.get_full_name() or member.email or member.phone
            date_of_birth = date_of_birth or member.date_of_birth
            if profile is not None:
                workplace = workplace or profile.unit.name
                job_title = job_title or profile.position
                qualification = qualification or profile.qualification
        return AuthorData(
            full_name=full_name,
            contribution=data["contribution"],
            user=member,
            date_of_birth=date_of_birth,
            workplace=workplace,
            job_title=job_title,
            qualification=qualification,
        )

    @staticmethod
    def initial_for(author: InitiativeAuthor) -> dict:
        user = author.user
        return {
            "member": (user.email or user.phone) if user else "",
            "full_name": author.full_name,
            "date_of_birth": author.date_of_birth,
            "workplace": author.workplace,
            "job_title": author.job_title,
            "qualification": author.qualification,
            "contribution": author.contribution.normalize(),
        }


class BaseAuthorFormSet(forms.BaseFormSet):
    def author_forms(self) -> list[AuthorForm]:
        """The rows that hold an author: not deleted, and not an extra row left empty."""
        return [
            form
            for form in self.forms
            if not self._should_delete_form(form)
            and not (form.empty_permitted and not form.has_changed())
        ]

    def clean(self):
        super().clean()
        if not any(self.errors) and not self.author_forms():
            raise forms.ValidationError(_("Add at least one author."))


AuthorFormSet = forms.formset_factory(
    AuthorForm, formset=BaseAuthorFormSet, extra=1, can_delete=True, max_num=30
)


class TransitionForm(forms.Form):
    """The note that goes with an action: the reasons of a return or a refusal."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, transition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        if transition is not None and transition.note_required:
            self.fields["note"].required = True
            self.fields["note"].label = _("Reasons")
            self.fields["note"].error_messages["required"] = _("Give the reasons.")


class RemunerationForm(forms.Form):
    """Remuneration paid for a recognised initiative (Decree 13/2012/NĐ-CP Art. 10)."""

    amount_vnd = AmountField(
        label=_("Amount (đồng)"), help_text=_("A whole number of đồng, for example 5.000.000.")
    )
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE_WIDGET)
    payer = forms.CharField(
        label=_("Paid by"),
        max_length=255,
        help_text=_("The employer or owner of the initiative that paid it."),
    )
    author = forms.ModelChoiceField(
        label=_("Paid to"),
        queryset=InitiativeAuthor.objects.none(),
        required=False,
        empty_label=_("The authors together"),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = initiative.authors.order_by("order", "pk")
        self.fields["author"].label_from_instance = lambda author: (
            f"{author.full_name} ({author.contribution.normalize():f}%)"
        )
