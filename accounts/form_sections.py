"""Long forms split into titled sections, each with its progress: how many of the fields a
person must fill in that section are filled, and whether it holds an error.

The counts are computed on the server from the form as bound (what was posted, or the initial
values), so the section list is right without JavaScript and after a failed submit. The
counted inputs carry ``data-progress-item``; ``static/js/form-sections.js`` recounts them as
the person types. An *item* may be several inputs (the authors of a dossier: a member or a
full name, in any row): it counts as filled when one of them is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django import forms
from django.forms.boundfield import BoundField

PROGRESS_ATTRIBUTE = "data-progress-item"


@dataclass
class FormSection:
    """One section of a long form, as the template shows it."""

    id: str
    legend: str
    fields: list[BoundField] = field(default_factory=list)
    # Item key → the inputs that fill it (one of them is enough).
    items: dict[str, list[BoundField]] = field(default_factory=dict)
    has_errors: bool = False

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def filled(self) -> int:
        return sum(1 for inputs in self.items.values() if any(map(is_filled, inputs)))

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.filled == self.total


class FormSections(list):
    """The sections of one form, with the progress of the whole form (for the list's title)."""

    @property
    def filled(self) -> int:
        return sum(section.filled for section in self)

    @property
    def total(self) -> int:
        return sum(section.total for section in self)

    @property
    def has_errors(self) -> bool:
        return any(section.has_errors for section in self)


def is_filled(bound_field: BoundField) -> bool:
    """Whether the person gave a value: what was posted on a bound form, else the initial."""
    if isinstance(bound_field.field, forms.BooleanField):
        return bool(bound_field.value())
    value = bound_field.value()
    if isinstance(value, (list, tuple)):
        return any(str(item).strip() for item in value if item is not None)
    return value is not None and str(value).strip() != ""


def mark_counted(bound_fields: Iterable[BoundField], item: str) -> None:
    """Tag the inputs of ``item`` so the script recounts them (the widget is the form's own
    copy, so other forms of the same class are untouched)."""
    for bound_field in bound_fields:
        bound_field.field.widget.attrs[PROGRESS_ATTRIBUTE] = item


def build_sections(
    form: forms.Form,
    layout: Sequence[tuple[str, str, Sequence[str]]],
    counted: Iterable[str] = (),
) -> FormSections:
    """The sections of ``form`` from ``layout`` (id, legend, field names). A section counts
    its fields that the form requires, and those named in ``counted`` (required for a later
    step, e.g. submitting a draft); each counted input is tagged for the script."""
    counted = set(counted)
    sections = FormSections()
    for key, legend, names in layout:
        section = FormSection(id=key, legend=str(legend))
        for name in names:
            bound_field = form[name]
            section.fields.append(bound_field)
            if bound_field.errors:
                section.has_errors = True
            if bound_field.field.required or name in counted:
                mark_counted([bound_field], name)
                section.items[name] = [bound_field]
        sections.append(section)
    return sections


def first_section_to_visit(sections: Sequence[FormSection]) -> FormSection | None:
    """The section a person should go to next: the first with an error, else the first not
    complete. The section list marks it with ``aria-current="step"``."""
    for section in sections:
        if section.has_errors:
            return section
    return next((s for s in sections if s.total and not s.complete), None)
