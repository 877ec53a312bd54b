"""Public endpoints, without a token: the initiative bank, the statistics, certificate
verification, movements and news. They read through the same selectors as the public pages."""

from django.http import Http404, HttpRequest
from ninja import Field as NinjaField
from ninja import Query, Router, Schema

from accounts.access import private_file_response
from api.pagination import Keyset, Page, paginate
from api.problems import ApiProblem
from api.schemas import (
    BankDetail,
    BankItem,
    CertificateOut,
    MovementOut,
    NewsDetail,
    NewsItem,
    StatisticsOut,
)
from api.serializers import (
    bank_detail,
    bank_item,
    certificate_out,
    movement_out,
    news_detail,
    news_item,
    statistics_out,
)
from awards.selectors.certificates import revocation_of
from awards.services.verification import TooManyChecks, verification_record
from emulation.models import Movement
from site_cms.bank_filters import QUERY_MAX_LENGTH
from site_cms.models import NewsPage
from site_cms.selectors.bank import (
    at_level,
    bank_listing,
    in_province,
    in_year,
    public_attachment,
    public_initiative,
    recognised_initiative,
    recognised_initiatives,
    search_bank,
)
from site_cms.selectors.movements import movements_figures, running_movements
from site_cms.selectors.statistics import page_figures
from unions.models import Unit

router = Router(tags=["public"])


class CursorQuery(Schema):
    cursor: str | None = NinjaField(None, max_length=500)
    limit: int = NinjaField(25, ge=1, le=100)


class BankQuery(CursorQuery):
    q: str | None = NinjaField(None, max_length=QUERY_MAX_LENGTH)
    field: str | None = NinjaField(None, max_length=32)
    kind: str | None = NinjaField(None, max_length=32)
    province: str | None = NinjaField(None, max_length=32, description="Code of the province")
    year: int | None = NinjaField(None, ge=1900, le=9999)
    level: str | None = NinjaField(None, max_length=32)


@router.get("/initiatives", response=Page[BankItem], summary="Search the initiative bank")
def bank_list(request: HttpRequest, filters: Query[BankQuery]):
    """Recognised initiatives, newest recognition first, with the filters of the public bank
    page; ``q`` ignores diacritics."""
    initiatives = recognised_initiatives()
    if filters.q:
        initiatives = search_bank(initiatives, filters.q)
    if filters.field:
        initiatives = initiatives.filter(field=filters.field)
    if filters.kind:
        initiatives = initiatives.filter(kind=filters.kind)
    if filters.province:
        province = Unit.objects.filter(code__iexact=filters.province.strip(), depth=2).first()
        initiatives = in_province(initiatives, province) if province else initiatives.none()
    if filters.year:
        initiatives = in_year(initiatives, filters.year)
    if filters.level:
        initiatives = at_level(initiatives, filters.level)
    return paginate(
        bank_listing(initiatives),
        Keyset("recognised_year"),
        cursor=filters.cursor,
        limit=filters.limit,
        serialize=bank_item,
    )


@router.get("/initiatives/{initiative_id}", response=BankDetail, summary="A recognised initiative")
def bank_get(request: HttpRequest, initiative_id: int):
    initiative = recognised_initiative(initiative_id)
    if initiative is None:
        raise Http404
    return bank_detail(public_initiative(initiative))


@router.get(
    "/initiatives/{initiative_id}/files/{file_id}",
    response={200: None},
    summary="Download a public file of a recognised initiative",
    url_name="public_file",
)
def bank_file(request: HttpRequest, initiative_id: int, file_id: int):
    attachment = public_attachment(initiative_id, file_id)
    if attachment is None:
        raise Http404
    return private_file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@router.get("/statistics", response=StatisticsOut, summary="Figures by year, level and province")
def statistics(request: HttpRequest, year: int | None = None):
    """The figures of the statistics page; ``year`` (one with figures) narrows the figures by
    level and province and the union's totals."""
    return statistics_out(page_figures(str(year) if year is not None else None))


@router.get("/certificates/{code}", response=CertificateOut, summary="Verify a certificate")
def certificate(request: HttpRequest, code: str):
    """The certificate with this short code or QR token, with the same minimal data and the
    same limit of checks a minute per client as the verification page."""
    try:
        found = verification_record(
            code=code[:64], client_address=request.META.get("REMOTE_ADDR", "")
        )
    except TooManyChecks as error:
        raise ApiProblem(
            "too-many-requests", str(error.message), headers={"Retry-After": "60"}
        ) from None
    if found is None:
        raise Http404
    return certificate_out(found, revocation_of(found))


@router.get("/movements", response=Page[MovementOut], summary="Running movements")
def movements(request: HttpRequest, paging: Query[CursorQuery]):
    """Movements running now, the latest begun first, with their live figures."""

    def figures(rows: list[Movement]) -> None:
        found = movements_figures(rows)
        for movement in rows:
            movement.figures = found[movement.pk]

    return paginate(
        running_movements(),
        Keyset("period_start"),
        cursor=paging.cursor,
        limit=paging.limit,
        serialize=movement_out,
        prepare=figures,
    )


@router.get("/movements/{movement_id}", response=MovementOut, summary="A running movement")
def movement(request: HttpRequest, movement_id: int):
    found = running_movements().filter(pk=movement_id).first()
    if found is None:
        raise Http404
    found.figures = movements_figures([found])[found.pk]
    return movement_out(found)


@router.get("/news", response=Page[NewsItem], summary="Published news")
def news(request: HttpRequest, paging: Query[CursorQuery]):
    """News items the public may read, newest first."""
    items = NewsPage.objects.live().public().for_listing().select_related(None)
    return paginate(
        items,
        Keyset("date"),
        cursor=paging.cursor,
        limit=paging.limit,
        serialize=lambda page: news_item(page, request),
    )


@router.get("/news/{news_id}", response=NewsDetail, summary="A published news item")
def news_get(request: HttpRequest, news_id: int):
    page = NewsPage.objects.live().public().filter(pk=news_id).first()
    if page is None:
        raise Http404
    return news_detail(page, request)
