"""Rows of the registry as the API's answers (``api.schemas``): only what each audience may
read, dates in ISO 8601 (by the schemas), money in whole đồng."""

from django.http import HttpRequest
from django.urls import reverse

from awards.models import Certificate, Revocation
from initiatives.models import Initiative, InitiativeTransition
from site_cms.selectors.bank import PublicInitiative
from site_cms.selectors.statistics import Figures, PageFigures
from unions.levels import Level
from unions.models import Unit


def unit_ref(unit: Unit) -> dict:
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


def bank_item(initiative: Initiative) -> dict:
    level = Level(initiative.highest_level or Level.GRASSROOTS)
    authors = getattr(initiative, "public_authors", None)
    if authors is None:
        authors = list(initiative.authors.order_by("order", "pk"))
    return {
        "id": initiative.pk,
        "title": initiative.title,
        "field": initiative.field,
        "field_label": str(initiative.get_field_display()) if initiative.field else "",
        "kind": initiative.kind,
        "kind_label": str(initiative.get_kind_display()) if initiative.kind else "",
        "work_type": initiative.work_type,
        "unit": unit_ref(initiative.unit),
        "recognition_year": initiative.recognised_year,
        "level": level.key,
        "level_label": str(level.label),
        "authors": [author.full_name for author in authors],
    }


def bank_detail(public: PublicInitiative) -> dict:
    initiative = public.initiative
    data = bank_item(initiative)
    data["authors"] = public.author_names
    recognised_by = public.recognised_by
    data.update(
        province=unit_ref(public.province) if public.province else None,
        solution_purpose=initiative.solution_purpose,
        solution_steps=initiative.solution_steps,
        solution_novelty=initiative.solution_novelty,
        application_conditions=initiative.application_conditions,
        social_benefits=initiative.social_benefits,
        recognitions=[
            {
                "level_label": r.level,
                "unit_name": r.unit_name,
                "decision_number": r.decision_number,
                "decided_on": r.decided_on,
            }
            for r in public.recognitions
        ],
        verified_benefits=[
            {"year": year, "verified_vnd": int(value)} for year, value in public.verified_benefits
        ],
        verified_benefit_total_vnd=int(public.verified_benefit_total),
        recognised_by=_recogniser_name(recognised_by),
        files=[
            {
                "id": a.pk,
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "description": a.description,
                "url": reverse("api:public_file", args=[initiative.pk, a.pk]),
            }
            for a in public.attachments
        ],
    )
    return data


def _recogniser_name(recognition) -> str | None:
    return recognition.body if recognition is not None else None


def _figures(figures: Figures) -> dict:
    return {
        "submitted": figures.submitted,
        "recognised": figures.recognised,
        "verified_benefit_vnd": int(figures.verified_benefit_vnd),
        "awards": figures.awards,
    }


def statistics_out(page: PageFigures) -> dict:
    return {
        "year": page.year,
        "years": page.years,
        "union": _figures(page.union),
        "by_year": [{"year": row.year, **_figures(row.figures)} for row in page.by_year],
        "by_level": [
            {
                "level": row.name,
                "level_label": str(row.label),
                "recognitions": row.recognitions,
                "awards": row.awards,
            }
            for row in page.by_level
        ],
        "by_province": [
            {"unit": unit_ref(row.unit), **_figures(row.figures)} for row in page.by_province
        ],
    }


def certificate_out(certificate: Certificate, revocation: Revocation | None) -> dict:
    recipient = certificate.recipient
    decision = recipient.decision
    issuer = (
        decision.round_decision.employer.name
        if decision.round_decision is not None and decision.round_decision.is_employers
        else decision.issuer.name
    )
    return {
        "short_code": certificate.short_code,
        "holder": recipient.name,
        "award": decision.award_type.name,
        "issuer": issuer,
        "decision_number": decision.number,
        "decided_on": decision.decided_on,
        "initiative_title": recipient.initiative.title if recipient.initiative else "",
        "status": "revoked" if revocation is not None else "valid",
        "revoked_on": revocation.revoked_on if revocation is not None else None,
    }


def movement_out(movement) -> dict:
    figures = movement.figures
    return {
        "id": movement.pk,
        "name": movement.name,
        "kind": movement.kind,
        "kind_label": str(movement.get_kind_display()),
        "status": movement.status,
        "status_label": str(movement.get_status_display()),
        "period_start": movement.period_start,
        "period_end": movement.period_end,
        "launching_unit": unit_ref(movement.launching_unit),
        "units_taking_part": figures.units_taking_part,
        "members_taking_part": figures.members_taking_part,
        "initiatives_recognised": figures.initiatives_recognised,
        "verified_benefit_vnd": int(figures.verified_benefit_vnd),
    }


def news_item(page, request: HttpRequest) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "date": page.date,
        "author": page.author,
        "lead": page.lead,
        "url": page.get_full_url(request) or "",
        "tags": [tag.name for tag in page.tag_list()],
        "movements": sorted(movement.pk for movement in page.movements.all()),
        "first_published_at": page.first_published_at,
    }


def news_detail(page, request: HttpRequest) -> dict:
    return {**news_item(page, request), "body_html": str(page.body)}


# --- dossiers ------------------------------------------------------------------------------


def dossier_item(initiative: Initiative, *, overdue: bool) -> dict:
    return {
        "id": initiative.pk,
        "title": initiative.title,
        "status": initiative.status,
        "status_label": str(initiative.get_status_display()),
        "unit": unit_ref(initiative.unit),
        "receipt_number": initiative.receipt_number,
        "submitted_at": initiative.submitted_at,
        "decision_due": initiative.decision_due,
        "overdue": overdue,
        "updated_at": initiative.updated_at,
        "authors": [author.full_name for author in initiative.authors.all()],
    }


def timeline_entry(row: InitiativeTransition) -> dict:
    return {
        "id": row.pk,
        "at": row.at,
        "action": row.action,
        "from_status": row.from_status,
        "to_status": row.to_status,
        "to_status_label": str(row.get_to_status_display()),
        "actor": row.actor.get_full_name() if row.actor else "",
        "note": row.note,
    }
