"""Dossier endpoints, with a personal access token: the member's own dossiers, writing a draft
(fields, authors, attachments), the workflow's actions and the timeline. They read through the
same selectors and write through the same services as the dossier pages, under the same rules:
a dossier outside the token owner's reach answers 404, an action they may not take 403."""

import json
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from accounts.access import get_visible_or_404
from accounts.errors import ApplicationError
from accounts.models import User
from api.auth import token_auth
from api.endpoints.public import CursorQuery
from api.etags import check_if_match, etag_of, not_modified
from api.pagination import Keyset, Page, paginate
from api.problems import ApiProblem
from api.schemas import (
    AttachmentOut,
    AuthorIn,
    DossierDetail,
    DossierItem,
    DraftCreate,
    DraftUpdate,
    MeOut,
    TimelineEntry,
    TransitionIn,
)
from api.serializers import dossier_item, timeline_entry
from initiatives import services
from initiatives.enums import EDITABLE_STATUSES
from initiatives.models import Initiative
from initiatives.selectors import (
    initiative_history,
    initiatives_of_member,
    initiatives_visible_to,
    is_overdue,
)
from initiatives.services import AuthorData, submission_problems
from initiatives.workflow import DOSSIER_PAGE_ACTIONS, TRANSITIONS, actions_from
from unions.models import Employer, Unit

router = Router(tags=["dossiers"], auth=token_auth)

Action = Literal["submit", "resubmit", "return", "accept", "refuse", "withdraw"]
assert set(Action.__args__) == set(DOSSIER_PAGE_ACTIONS)  # type: ignore[attr-defined]


@router.get("/me", response=MeOut, summary="The token's owner")
def me(request: HttpRequest):
    token = request.auth
    user = request.user
    return {
        "id": user.pk,
        "full_name": user.get_full_name(),
        "email": user.email or "",
        "token_name": token.name,
        "read_only": token.read_only,
        "expires_at": token.expires_at,
    }


# --- reading -------------------------------------------------------------------------------


def visible_dossier(request: HttpRequest, pk: int) -> Initiative:
    """The dossier ``pk`` if the token's owner may read it; 404 otherwise (as the pages)."""
    return get_visible_or_404(
        initiatives_visible_to(request.user), request.user, "initiatives.view_initiative", pk=pk
    )


def dossier_detail(user: User, initiative: Initiative) -> dict:
    authors = list(initiative.authors.all())
    attachments = list(initiative.attachments.order_by("uploaded_at", "pk"))
    data = dossier_item(initiative, overdue=is_overdue(initiative))
    data.update(
        employer_id=initiative.employer_id,
        work_type=initiative.work_type,
        field=initiative.field,
        kind=initiative.kind,
        first_applied_on=initiative.first_applied_on,
        owner_name=initiative.owner_name,
        owner_address=initiative.owner_address,
        previous_state=initiative.previous_state,
        solution_purpose=initiative.solution_purpose,
        solution_steps=initiative.solution_steps,
        solution_novelty=initiative.solution_novelty,
        application_conditions=initiative.application_conditions,
        other_applicants=initiative.other_applicants,
        confidential_info=initiative.confidential_info
        if user.has_perm("initiatives.view_confidential", initiative)
        else None,
        benefit_claimed_vnd=initiative.benefit_claimed,
        benefit_basis=initiative.benefit_basis,
        social_benefits=initiative.social_benefits,
        first_application_participants=initiative.first_application_participants,
        author_rows=[
            {
                "full_name": a.full_name,
                "contribution": a.contribution,
                "member_id": a.user_id,
                "date_of_birth": a.date_of_birth,
                "workplace": a.workplace,
                "job_title": a.job_title,
                "qualification": a.qualification,
            }
            for a in authors
        ],
        attachments=[
            {
                "id": a.pk,
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "description": a.description,
                "is_public": a.is_public,
                "uploaded_at": a.uploaded_at,
            }
            for a in attachments
        ],
        problems=submission_problems(initiative) if initiative.status in EDITABLE_STATUSES else [],
        actions=[
            step.action
            for step in actions_from(initiative.status)
            if user.has_perm(step.permission, initiative)
        ],
    )
    return data


def _etag(data: dict) -> str:
    return etag_of(json.dumps(data, default=str, sort_keys=True))


def _detail_response(request: HttpRequest, initiative: Initiative, response: HttpResponse):
    data = dossier_detail(request.user, initiative)
    etag = _etag(data)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return data, etag


@router.get("/dossiers/mine", response=Page[DossierItem], summary="My dossiers")
def my_dossiers(request: HttpRequest, paging: Query[CursorQuery]):
    """Dossiers the token's owner wrote or entered, the latest changed first."""
    today = timezone.localdate()
    return paginate(
        initiatives_of_member(request.user),
        Keyset("updated_at"),
        cursor=paging.cursor,
        limit=paging.limit,
        serialize=lambda row: dossier_item(row, overdue=is_overdue(row, today)),
    )


@router.get(
    "/dossiers/{dossier_id}",
    response={200: DossierDetail, 304: None},
    summary="A dossier (with its ETag)",
)
def dossier_get(request: HttpRequest, dossier_id: int, response: HttpResponse):
    initiative = visible_dossier(request, dossier_id)
    data, etag = _detail_response(request, initiative, response)
    if not_modified(request, etag):
        return HttpResponse(status=304, headers={"ETag": etag})
    return data


@router.get(
    "/dossiers/{dossier_id}/timeline",
    response=Page[TimelineEntry],
    summary="The dossier's timeline",
)
def dossier_timeline(request: HttpRequest, dossier_id: int, paging: Query[CursorQuery]):
    """Every step of the dossier, oldest first: who, when, from which status to which, why."""
    initiative = visible_dossier(request, dossier_id)
    return paginate(
        initiative_history(initiative),
        Keyset("at", descending=False),
        cursor=paging.cursor,
        limit=paging.limit,
        serialize=timeline_entry,
    )


# --- writing -------------------------------------------------------------------------------


def _unit(unit_id: int) -> Unit:
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise ApiProblem(
            "invalid-input",
            _("Correct the fields listed in “errors”."),
            errors={"unit_id": [_("There is no unit with this id.")]},
        )
    return unit


def _employer(employer_id: int | None) -> Employer | None:
    if employer_id is None:
        return None
    employer = Employer.objects.filter(pk=employer_id).first()
    if employer is None:
        raise ApiProblem(
            "invalid-input",
            _("Correct the fields listed in “errors”."),
            errors={"employer_id": [_("There is no employer with this id.")]},
        )
    return employer


def _authors(rows: list[AuthorIn]) -> list[AuthorData]:
    ids = {row.member_id for row in rows if row.member_id is not None}
    members = {user.pk: user for user in User.objects.filter(pk__in=ids)}
    authors = []
    for index, row in enumerate(rows):
        member = None
        if row.member_id is not None:
            member = members.get(row.member_id)
            if member is None:
                raise ApiProblem(
                    "invalid-input",
                    _("Correct the fields listed in “errors”."),
                    errors={f"authors.{index}.member_id": [_("There is no member with this id.")]},
                )
        authors.append(
            AuthorData(
                full_name=row.full_name,
                contribution=row.contribution,
                user=member,
                date_of_birth=row.date_of_birth,
                workplace=row.workplace,
                job_title=row.job_title,
                qualification=row.qualification,
            )
        )
    return authors


def _current_authors(initiative: Initiative) -> list[AuthorData]:
    return [
        AuthorData(
            full_name=a.full_name,
            contribution=a.contribution,
            user=a.user,
            date_of_birth=a.date_of_birth,
            workplace=a.workplace,
            job_title=a.job_title,
            qualification=a.qualification,
        )
        for a in initiative.authors.select_related("user").order_by("order", "pk")
    ]


FIELD_NAMES = {"benefit_claimed_vnd": "benefit_claimed"}
NOT_VALUES = {"unit_id", "employer_id", "authors"}


def _values(payload, *, initiative: Initiative | None = None) -> dict:
    values = {
        FIELD_NAMES.get(name, name): value
        for name, value in payload.dict(exclude_unset=True).items()
        if name not in NOT_VALUES
    }
    if initiative is not None and "title" not in values:
        values["title"] = initiative.title
    return values


def _field_error(error_field: str | None) -> str | None:
    reverse = {
        "benefit_claimed": "benefit_claimed_vnd",
        "unit": "unit_id",
        "employer": "employer_id",
    }
    return reverse.get(error_field, error_field) if error_field else None


def _save(**kwargs) -> Initiative:
    try:
        return services.initiative_save_draft(**kwargs)
    except ApplicationError as error:
        error.field = _field_error(error.field)
        raise


def _editable(request: HttpRequest, dossier_id: int) -> Initiative:
    initiative = visible_dossier(request, dossier_id)
    if not request.user.has_perm("initiatives.edit_initiative", initiative):
        if initiative.status not in EDITABLE_STATUSES:
            raise ApiProblem(
                "rule-broken",
                _("The dossier can no longer be changed: it is %(status)s.")
                % {"status": initiative.get_status_display().lower()},
            )
        raise PermissionDenied
    return initiative


def _fresh(request: HttpRequest, pk: int) -> Initiative:
    return visible_dossier(request, pk)


@router.post(
    "/dossiers", response={201: DossierDetail}, summary="Create a draft", url_name="dossier_create"
)
def dossier_create(request: HttpRequest, payload: DraftCreate, response: HttpResponse):
    """A new draft at the grassroots union ``unit_id``; the token's owner must be one of the
    authors, or an officer of that union entering it for its members."""
    saved = _save(
        actor=request.user,
        unit=_unit(payload.unit_id),
        values=_values(payload),
        authors=_authors(payload.authors),
        employer=_employer(payload.employer_id),
    )
    data, _etag_value = _detail_response(request, _fresh(request, saved.pk), response)
    response["Location"] = f"/api/v1/dossiers/{saved.pk}"
    return Status(201, data)


@router.patch("/dossiers/{dossier_id}", response=DossierDetail, summary="Change a draft")
def dossier_update(
    request: HttpRequest, dossier_id: int, payload: DraftUpdate, response: HttpResponse
):
    """Change the fields sent (a draft, or a dossier returned for completion); the others keep
    their values. Send the ETag you read in ``If-Match``: another version answers 412."""
    initiative = _editable(request, dossier_id)
    check_if_match(request, _etag(dossier_detail(request.user, initiative)))
    unit = _unit(payload.unit_id) if payload.unit_id is not None else initiative.unit
    employer_id = (
        payload.employer_id if "employer_id" in payload.model_fields_set else initiative.employer_id
    )
    authors = (
        _authors(payload.authors) if payload.authors is not None else _current_authors(initiative)
    )
    _save(
        actor=request.user,
        unit=unit,
        values=_values(payload, initiative=initiative),
        authors=authors,
        initiative=initiative,
        employer=_employer(employer_id),
    )
    data, _etag_value = _detail_response(request, _fresh(request, dossier_id), response)
    return data


@router.post(
    "/dossiers/{dossier_id}/authors",
    response={201: DossierDetail},
    summary="Add an author to a draft",
)
def dossier_author_add(
    request: HttpRequest, dossier_id: int, payload: AuthorIn, response: HttpResponse
):
    initiative = _editable(request, dossier_id)
    check_if_match(request, _etag(dossier_detail(request.user, initiative)))
    _save(
        actor=request.user,
        unit=initiative.unit,
        values={"title": initiative.title},
        authors=[*_current_authors(initiative), *_authors([payload])],
        initiative=initiative,
        employer=initiative.employer,
    )
    data, _etag_value = _detail_response(request, _fresh(request, dossier_id), response)
    return Status(201, data)


@router.post(
    "/dossiers/{dossier_id}/attachments",
    response={201: AttachmentOut},
    summary="Attach a file to a draft",
)
def dossier_attachment_add(
    request: HttpRequest,
    dossier_id: int,
    file: File[UploadedFile],
    description: Form[str] = "",
    is_public: Form[bool] = False,
):
    """A file (PDF, image, office document…) checked by its content against the accepted types
    and the size limits, as on the dossier page."""
    initiative = _editable(request, dossier_id)
    attachment = services.attachment_add(
        initiative=initiative,
        upload=file,
        actor=request.user,
        description=description[:255],
        is_public=is_public,
    )
    return Status(
        201,
        {
            "id": attachment.pk,
            "name": attachment.original_name,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "description": attachment.description,
            "is_public": attachment.is_public,
            "uploaded_at": attachment.uploaded_at,
        },
    )


@router.post(
    "/dossiers/{dossier_id}/actions/{action}",
    response=DossierDetail,
    summary="Take a step of the workflow",
)
def dossier_action(
    request: HttpRequest,
    dossier_id: int,
    action: Action,
    payload: TransitionIn,
    response: HttpResponse,
):
    """``submit`` and ``resubmit`` (the authors), ``return``, ``accept`` and ``refuse`` (the
    officers who receive dossiers at its unit or above), ``withdraw`` (the authors): the steps
    of the dossier page, through the same workflow service. ``return`` and ``refuse`` need a
    ``note``."""
    initiative = visible_dossier(request, dossier_id)
    step = TRANSITIONS[action]
    if not request.user.has_perm(step.permission, initiative):
        raise PermissionDenied
    if step.note_required and not payload.note.strip():
        raise ApiProblem(
            "invalid-input",
            _("Correct the fields listed in “errors”."),
            errors={"note": [_("Give the reasons.")]},
        )
    services.initiative_transition(
        initiative=initiative, action=action, actor=request.user, note=payload.note.strip()
    )
    data, _etag_value = _detail_response(request, _fresh(request, dossier_id), response)
    return data
