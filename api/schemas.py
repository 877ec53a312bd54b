"""The shapes of the API's requests and answers. Dates and times are ISO 8601, money is a whole
number of đồng (``*_vnd``), choices are their stable codes with a translated ``*_label``."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

# The largest id a database row can have (64-bit): larger ids answer 422, not a crash.
MAX_ID = 2**63 - 1

# --- shared --------------------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    code: str
    name: str


# --- the public bank -----------------------------------------------------------------------


class BankItem(Schema):
    id: int
    title: str
    field: str
    field_label: str
    kind: str
    kind_label: str
    work_type: str
    unit: UnitRef
    recognition_year: int | None
    level: str
    level_label: str
    authors: list[str]


class PublicFile(Schema):
    id: int
    name: str
    content_type: str
    size: int
    description: str
    url: str


class PublicRecognitionOut(Schema):
    level_label: str
    unit_name: str
    decision_number: str
    decided_on: date | None


class VerifiedBenefit(Schema):
    year: int
    verified_vnd: int


class BankDetail(BankItem):
    province: UnitRef | None
    solution_purpose: str
    solution_steps: str
    solution_novelty: str
    application_conditions: str
    social_benefits: str
    recognitions: list[PublicRecognitionOut]
    verified_benefits: list[VerifiedBenefit]
    verified_benefit_total_vnd: int
    recognised_by: str | None
    files: list[PublicFile]


# --- statistics ----------------------------------------------------------------------------


class FiguresOut(Schema):
    submitted: int
    recognised: int
    verified_benefit_vnd: int
    awards: int


class YearFigures(FiguresOut):
    year: int


class LevelFigures(Schema):
    level: str
    level_label: str
    recognitions: int
    awards: int


class ProvinceFigures(FiguresOut):
    unit: UnitRef


class StatisticsOut(Schema):
    year: int | None
    years: list[int]
    union: FiguresOut
    by_year: list[YearFigures]
    by_level: list[LevelFigures]
    by_province: list[ProvinceFigures]


# --- certificates --------------------------------------------------------------------------


class CertificateOut(Schema):
    short_code: str
    holder: str
    award: str
    issuer: str
    decision_number: str
    decided_on: date
    initiative_title: str
    status: Literal["valid", "revoked"]
    revoked_on: date | None


# --- movements and news --------------------------------------------------------------------


class MovementOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    period_start: date
    period_end: date
    launching_unit: UnitRef
    units_taking_part: int
    members_taking_part: int
    initiatives_recognised: int
    verified_benefit_vnd: int


class NewsItem(Schema):
    id: int
    title: str
    date: date
    author: str
    lead: str
    url: str
    tags: list[str]
    movements: list[int]
    first_published_at: datetime | None


class NewsDetail(NewsItem):
    body_html: str


# --- dossiers (token) ----------------------------------------------------------------------


class AuthorOut(Schema):
    full_name: str
    contribution: Decimal
    member_id: int | None
    date_of_birth: date | None
    workplace: str
    job_title: str
    qualification: str


class DossierItem(Schema):
    id: int
    title: str
    status: str
    status_label: str
    unit: UnitRef
    receipt_number: str
    submitted_at: datetime | None
    decision_due: date | None
    overdue: bool
    updated_at: datetime
    authors: list[str]


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    description: str
    is_public: bool
    uploaded_at: datetime


class DossierDetail(DossierItem):
    employer_id: int | None
    work_type: str
    field: str
    kind: str
    first_applied_on: date | None
    owner_name: str
    owner_address: str
    previous_state: str
    solution_purpose: str
    solution_steps: str
    solution_novelty: str
    application_conditions: str
    other_applicants: str
    confidential_info: str | None
    benefit_claimed_vnd: int | None
    benefit_basis: str
    social_benefits: str
    first_application_participants: str
    author_rows: list[AuthorOut]
    attachments: list[AttachmentOut]
    problems: list[str]
    actions: list[str]


class AuthorIn(Schema):
    full_name: str = Field(..., min_length=1, max_length=200)
    contribution: Decimal = Field(..., gt=0, le=100, max_digits=5, decimal_places=2)
    member_id: int | None = Field(None, ge=1, le=MAX_ID)
    date_of_birth: date | None = None
    workplace: str = Field("", max_length=255)
    job_title: str = Field("", max_length=150)
    qualification: str = Field("", max_length=150)


FieldCode = Literal[
    "mechanical",
    "electrical",
    "digital",
    "construction",
    "mining",
    "agriculture",
    "health",
    "education",
    "administration",
    "safety",
    "business",
    "other",
]
KindCode = Literal["technical", "management", "operational", "technical_advance"]
WorkTypeCode = Literal["initiative", "experience", "research"]


class DossierFields(Schema):
    """The dossier's fields; each one left out keeps its value (a new draft: empty)."""

    employer_id: int | None = Field(None, ge=1, le=MAX_ID)
    owner_name: str | None = Field(None, max_length=255)
    owner_address: str | None = Field(None, max_length=255)
    work_type: WorkTypeCode | None = None
    field: FieldCode | None = None
    kind: KindCode | None = None
    first_applied_on: date | None = None
    previous_state: str | None = Field(None, max_length=20000)
    solution_purpose: str | None = Field(None, max_length=20000)
    solution_steps: str | None = Field(None, max_length=20000)
    solution_novelty: str | None = Field(None, max_length=20000)
    application_conditions: str | None = Field(None, max_length=20000)
    other_applicants: str | None = Field(None, max_length=20000)
    confidential_info: str | None = Field(None, max_length=20000)
    benefit_claimed_vnd: int | None = Field(None, ge=0, le=10**15)
    benefit_basis: str | None = Field(None, max_length=20000)
    social_benefits: str | None = Field(None, max_length=20000)
    first_application_participants: str | None = Field(None, max_length=20000)


class DraftCreate(DossierFields):
    unit_id: int = Field(..., ge=1, le=MAX_ID)
    title: str = Field(..., min_length=1, max_length=300)
    authors: list[AuthorIn] = Field(..., min_length=1, max_length=50)


class DraftUpdate(DossierFields):
    unit_id: int | None = Field(None, ge=1, le=MAX_ID)
    title: str | None = Field(None, min_length=1, max_length=300)
    authors: list[AuthorIn] | None = Field(None, min_length=1, max_length=50)


class TransitionIn(Schema):
    note: str = Field("", max_length=2000)


class TimelineEntry(Schema):
    id: int
    at: datetime
    action: str
    from_status: str
    to_status: str
    to_status_label: str
    actor: str
    note: str


# --- officers (token) ----------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    is_active: bool
    parent_id: int | None
    on: date | None = None


class UnitDetail(UnitOut):
    path_names: list[str]


class MemberOut(Schema):
    id: int
    member_id: int
    full_name: str
    card_number: str
    position: str
    valid_from: date
    valid_to: date | None


class MeOut(Schema):
    id: int
    full_name: str
    email: str
    token_name: str
    read_only: bool
    expires_at: datetime
