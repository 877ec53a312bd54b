from django import forms
from django.utils.translation import gettext_lazy as _

from imports.models import ImportKind


class ImportMode:
    CHECK = "check"
    IMPORT = "import"
    VALID_ONLY = "valid_only"


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Start from the template: keep its first row and one row per record."),
    )
    mode = forms.ChoiceField(
        label=_("What to do"),
        widget=forms.RadioSelect,
        initial=ImportMode.CHECK,
        choices=[
            (ImportMode.CHECK, _("Check only: show what would be created, updated or unchanged")),
            (ImportMode.IMPORT, _("Import, only if every row is right")),
            (
                ImportMode.VALID_ONLY,
                _("Import the valid rows and give back the others in a file"),
            ),
        ],
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [c for c in ImportKind.choices if c[0] in kinds]
