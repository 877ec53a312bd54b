"""Printable documents of a dossier, rendered to PDF with WeasyPrint: the application laid out
like the form of Circular 18/2013/TT-BKHCN, and the receipt a unit gives when the application
arrives.

The fixed text of both is Vietnamese by law and lives in the templates under
``initiatives/pdf/``; values such as the field of application are rendered in the site's
language (Vietnamese) whatever language the person printing uses.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from accounts.formatting import format_vnd
from initiatives.models import Initiative, InitiativeAuthor


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _day_parts(value: date) -> dict[str, str]:
    return {"day": f"{value.day:02d}", "month": f"{value.month:02d}", "year": str(value.year)}


def _percent(value: Decimal) -> str:
    # 33.33 → "33,33", 50.00 → "50"
    return f"{value.normalize():f}".replace(".", ",")


@dataclass(frozen=True)
class AuthorRow:
    full_name: str
    date_of_birth: str
    workplace: str
    job_title: str
    qualification: str
    contribution: str


def _author_rows(initiative: Initiative) -> list[AuthorRow]:
    authors: list[InitiativeAuthor] = sorted(
        initiative.authors.all(), key=lambda a: (a.order, a.pk)
    )
    return [
        AuthorRow(
            full_name=author.full_name,
            date_of_birth=_day(author.date_of_birth),
            workplace=author.workplace,
            job_title=author.job_title,
            qualification=author.qualification,
            contribution=_percent(author.contribution),
        )
        for author in authors
    ]


def _name_of(record) -> str:
    return record.actor.get_full_name() if record is not None and record.actor else ""


def _html(template_name: str, context: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template_name, context)


def application_filename(initiative: Initiative) -> str:
    return f"don-yeu-cau-cong-nhan-sang-kien-{initiative.pk}.pdf"


def receipt_filename(initiative: Initiative) -> str:
    return f"giay-bien-nhan-{initiative.receipt_number or initiative.pk}.pdf"


def render_application_pdf(initiative: Initiative, *, include_confidential: bool) -> bytes:
    """The application for recognition as a PDF (A4). The confidential section is printed only
    when ``include_confidential`` (the caller checks ``initiatives.view_confidential``)."""
    html = application_html(initiative, include_confidential=include_confidential)
    return HTML(string=html).write_pdf()


def render_receipt_pdf(initiative: Initiative) -> bytes:
    """The receipt ("Giấy biên nhận") of a submitted dossier as a PDF (A4). Raises ValueError
    for a dossier that has no receipt number yet."""
    return HTML(string=receipt_html(initiative)).write_pdf()


def application_html(initiative: Initiative, *, include_confidential: bool) -> str:
    """The HTML the application PDF is printed from."""
    signed_on = (
        timezone.localdate(initiative.submitted_at)
        if initiative.submitted_at
        else timezone.localdate()
    )
    authors = _author_rows(initiative)
    with translation.override(settings.LANGUAGE_CODE):
        field_label = initiative.get_field_display() if initiative.field else ""
        kind_label = initiative.get_kind_display() if initiative.kind else ""
    context = {
        "initiative": initiative,
        "unit_name": initiative.unit.name,
        # Decree 13/2012/NĐ-CP Art. 5.1: the application goes to the employer (cơ sở); dossiers
        # from before employers were recorded are addressed to the unit.
        "addressee": initiative.addressee_name,
        "is_draft": initiative.submitted_at is None,
        "receipt_number": initiative.receipt_number,
        "authors": authors,
        "field_label": field_label,
        "kind_label": kind_label,
        "first_applied_on": _day(initiative.first_applied_on),
        "benefit": format_vnd(initiative.benefit_claimed),
        "include_confidential": include_confidential,
        "attachments": list(initiative.attachments.all()),
        "entered_on_behalf": initiative.entered_on_behalf,
        "signed_on": _day_parts(signed_on),
        "signers": [author.full_name for author in authors],
    }
    return _html("initiatives/pdf/application.html", context)


def receipt_html(initiative: Initiative) -> str:
    """The HTML the receipt PDF is printed from. Raises ValueError without a receipt number."""
    if not initiative.receipt_number:
        raise ValueError("The dossier has not been submitted: it has no receipt number.")
    steps = {
        record.action: record
        for record in initiative.transitions.filter(action__in=["submit", "accept"])
        .select_related("actor")
        .order_by("at", "pk")
    }
    submitted, accepted = steps.get("submit"), steps.get("accept")
    # The receipt is given when the application arrives (Decree 13/2012/NĐ-CP Art. 6.1), so it
    # is dated on the first submission; the acceptance is a later step shown beside it.
    received_on = (
        timezone.localdate(initiative.submitted_at)
        if initiative.submitted_at
        else timezone.localdate()
    )
    parent = initiative.unit.get_parent()
    authors = _author_rows(initiative)
    context = {
        "initiative": initiative,
        "unit_name": initiative.unit.name,
        "addressee": initiative.addressee_name,
        "parent_name": parent.name if parent else "",
        "authors": authors,
        "submitted_on": _day(
            timezone.localdate(initiative.submitted_at) if initiative.submitted_at else None
        ),
        "received_on": _day(received_on),
        "received": _day_parts(received_on),
        "decision_due": _day(initiative.decision_due),
        "accepted_on": _day(
            timezone.localdate(initiative.accepted_at) if initiative.accepted_at else None
        ),
        "attachments": list(initiative.attachments.all()),
        "submitter": _name_of(submitted) or (authors[0].full_name if authors else ""),
        "receiver": _name_of(accepted),
    }
    return _html("initiatives/pdf/receipt.html", context)
