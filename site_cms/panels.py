"""The editor's date inputs: the browser's own pickers instead of Wagtail's jQuery one.

Wagtail's picker (``AdminDateInput``, ``AdminDateTimeInput``) adds to the page, for every date
field, a hidden "Save Selected" button written in English inside the vendor script, with no way
to translate it. Our page types use the browser's pickers, which speak the browser's language
and post ISO dates that Django's fields read: the news item's date, and the scheduled
publishing and expiry of every page (Wagtail's publishing panel, the same fields and dialog).
"""

from django import forms
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.models import Page

from unions.forms import DatePickerInput


class DateTimePickerInput(forms.DateTimeInput):
    """``<input type="datetime-local">``: the browser's date and time picker."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


# What Wagtail's publishing panel puts on its inputs: they reset when its dialog is closed.
_RESET_WITH_DIALOG = {
    "data-controller": "w-action",
    "data-action": "w-dialog:hidden->w-action#reset",
    "data-w-dialog-target": "notify",
}


class SchedulePanel(PublishingPanel):
    """Wagtail's publishing panel (go live at, expire at, in its scheduling dialog) with the
    browser's date and time pickers."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "children",
            [
                FieldPanel(name, widget=DateTimePickerInput(attrs=_RESET_WITH_DIALOG))
                for name in ("go_live_at", "expire_at")
            ],
        )
        super().__init__(**kwargs)


def date_panel(name: str) -> FieldPanel:
    """A date field of a page, with the browser's date picker."""
    return FieldPanel(name, widget=DatePickerInput())


# Every page type's "Settings" tab: Wagtail's own, with the publishing panel above.
SETTINGS_PANELS = [SchedulePanel(), *Page.settings_panels[1:]]
