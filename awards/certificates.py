"""Certificates: the PDF of each recipient (A4 landscape, WeasyPrint) with a QR code leading to
the public verification page, and the background task that renders all of a decision's.

Run the task worker (``manage.py db_worker``; ``make run`` starts it) for the PDFs to appear;
the decision page shows how many are ready.
"""

from datetime import date
from io import BytesIO

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from weasyprint import HTML

from awards.models import AwardDecision, Certificate


def _base(base_url: str | None) -> str:
    # The address the site is served at when a request made the certificate (``base_url``,
    # from ``request.build_absolute_uri("/")``); SITE_URL otherwise.
    return (base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def verification_url(certificate: Certificate, base_url: str | None = None) -> str:
    """The absolute address the QR code carries: the token, 128 random bits."""
    path = reverse("verification:certificate", args=[certificate.token])
    return _base(base_url) + path


def short_verification_url(base_url: str | None = None) -> str:
    return _base(base_url) + reverse("verification:lookup")


def qr_svg(data: str) -> str:
    """An inline SVG QR code (error correction M) for ``data``, with a viewBox and no fixed
    size, so the stylesheet sizes it. The quiet zone (four modules) is part of the image."""
    qr = segno.make(data, error="m", micro=False)
    buffer = BytesIO()
    qr.save(
        buffer, kind="svg", scale=4, border=4, xmldecl=False, svgns=True, nl=False, omitsize=True
    )
    return buffer.getvalue().decode()


def _day_parts(value: date) -> dict[str, str]:
    return {"day": f"{value.day:02d}", "month": f"{value.month:02d}", "year": str(value.year)}


def certificate_context(certificate: Certificate, base_url: str | None = None) -> dict:
    recipient = certificate.recipient
    decision = recipient.decision
    url = verification_url(certificate, base_url)
    issuer, parent_name = decision.issuer, ""
    round_decision = decision.round_decision
    if round_decision is not None and round_decision.is_employers:
        # The initiative certificate of an employer's council is the employer's (Decree
        # 13/2012/NĐ-CP Art. 7: the cơ sở that recognises it issues the certificate).
        issuer = round_decision.employer
    else:
        parent = decision.issuer.get_parent()
        parent_name = parent.name if parent else ""
    return {
        "certificate": certificate,
        "recipient": recipient,
        "decision": decision,
        "award_type": decision.award_type,
        "issuer": issuer,
        "parent_name": parent_name,
        "initiative": recipient.initiative,
        "decided_on": decision.decided_on.strftime("%d/%m/%Y"),
        "decided": _day_parts(decision.decided_on),
        "verification_url": url,
        "lookup_url": short_verification_url(base_url),
        "qr_svg": qr_svg(url),
    }


def render_certificate_pdf(certificate: Certificate, base_url: str | None = None) -> bytes:
    """The certificate as a PDF, in the site's language whatever the reader's."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "awards/pdf/certificate.html", certificate_context(certificate, base_url)
        )
    return HTML(string=html).write_pdf()


def certificate_filename(certificate: Certificate) -> str:
    return f"chung-nhan-{certificate.short_code}.pdf"


def certificate_progress(decision: AwardDecision) -> dict:
    certificates = Certificate.objects.filter(recipient__decision=decision)
    total = certificates.count()
    ready = certificates.exclude(file="").count()
    return {
        "total": total,
        "ready": ready,
        "percent": round(100 * ready / total) if total else 0,
        "done": total > 0 and ready == total,
    }


@task()
def generate_certificates(decision_id: int, base_url: str | None = None) -> int:
    """Render every certificate of the decision that has no PDF yet; one transaction per
    certificate, so progress shows as they come and a failure keeps what was done. Returns
    how many were rendered."""
    rendered = 0
    pending = (
        Certificate.objects.filter(recipient__decision_id=decision_id, file="")
        .select_related(
            "recipient__decision__issuer",
            "recipient__decision__round_decision__employer",
            "recipient__decision__award_type",
            "recipient__initiative",
            "recipient__unit",
        )
        .order_by("recipient__order", "pk")
    )
    for certificate in pending:
        content = render_certificate_pdf(certificate, base_url)
        with transaction.atomic():
            locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
            if locked.file:
                continue
            locked.file.save(certificate_filename(locked), ContentFile(content), save=False)
            locked.generated_at = timezone.now()
            locked.save(update_fields=["file", "generated_at"])
        rendered += 1
    return rendered
