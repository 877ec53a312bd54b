"""The public bank of recognised initiatives."""

from django.core.paginator import Page as ResultPage
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page

from accounts.access import private_file_response
from awards.selectors.recognitions import recognitions_for
from site_cms.bank_filters import InitiativeBankFilter
from site_cms.panels import SETTINGS_PANELS
from site_cms.public_limits import (
    SearchTooBroad,
    cached,
    remember,
    search_key,
    statement_timeout,
    too_broad_response,
)
from site_cms.selectors.bank import (
    PER_PAGE,
    bank_listing,
    bank_provinces,
    bank_years,
    public_attachment,
    public_initiative,
    recognised_in_order,
    recognised_initiative,
    recognised_initiatives,
)
from unions.levels import Level


class InitiativeBankPage(RoutablePageMixin, Page):
    """The public bank of recognised initiatives: search, filters and a public detail page
    (``<id>/``) that never shows what is confidential."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    settings_panels = SETTINGS_PANELS

    parent_page_types = ["site_cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "site_cms/initiative_bank_page.html"

    class Meta:
        verbose_name = _("initiative bank")
        verbose_name_plural = _("initiative banks")

    def detail_url(self, pk: int) -> str:
        return (self.url or "") + self.reverse_subpage("initiative", args=[pk])

    def get_sitemap_urls(self, request: HttpRequest | None = None) -> list[dict]:
        """The bank itself and the public page of every recognised initiative (one query for
        them all), so that search engines find each initiative."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if not base:
            return urls
        pks = recognised_initiatives().order_by("pk").values_list("pk", flat=True)
        return urls + [
            {"location": base + self.reverse_subpage("initiative", args=[pk])} for pk in pks
        ]

    def attachment_url(self, pk: int, attachment_pk: int) -> str:
        return (self.url or "") + self.reverse_subpage("attachment", args=[pk, attachment_pk])

    # What the list reads of the address: the search, the filters and the page number.
    LIST_PARAMETERS = ("q", "field", "kind", "province", "year", "level", "page")

    def _listing(self, request: HttpRequest) -> tuple[InitiativeBankFilter, ResultPage, dict]:
        """The filter set, the page of results and who recognised each, the expensive parts
        (the choices of the filters, the count and the ids of the page) from the per-query
        cache when the same search was answered a moment ago (``site_cms.public_limits``)."""
        choices_key = search_key("bank-choices", request.GET, ())
        choices = cached(choices_key)
        if choices is None:
            choices = (list(bank_provinces()), bank_years())
            remember(choices_key, choices)
        provinces, years = choices
        bank_filter = InitiativeBankFilter(
            request.GET or None,
            queryset=recognised_initiatives(),
            provinces=provinces,
            years=years,
        )
        key = search_key("bank", request.GET, self.LIST_PARAMETERS)
        found = cached(key)
        if found is None:
            page = Paginator(bank_listing(bank_filter.qs), PER_PAGE).get_page(
                request.GET.get("page")
            )
            remember(key, (page.paginator.count, page.number, [i.pk for i in page.object_list]))
        else:
            count, number, ids = found
            page = ResultPage(recognised_in_order(ids), number, Paginator(range(count), PER_PAGE))
        return bank_filter, page, recognitions_for(page.object_list)

    @re_path(r"^$")
    def index_route(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """Recognised initiatives, searched and filtered, 20 a page. A constant number of
        queries: the provinces and years of the filters, the count and the page's rows with
        their authors, and who recognised them (two more). On PostgreSQL they run under the
        public statement timeout; a search running past it answers the page asking for a
        narrower one (HTTP 503) instead of holding the worker."""
        try:
            with statement_timeout():
                bank_filter, page, recognised_by = self._listing(request)
        except SearchTooBroad:
            return too_broad_response(
                request, action=self.url or "", query=request.GET.get("q", "")
            )
        by_id = {unit.pk: unit for unit in bank_filter.provinces.values()}
        rows = [
            {
                "initiative": initiative,
                "url": self.detail_url(initiative.pk),
                "province": by_id.get(initiative.province_id),
                "level": Level(initiative.highest_level or Level.GRASSROOTS).label,
                "recognition": recognised_by.get(initiative.pk),
            }
            for initiative in page.object_list
        ]
        return self.render(
            request,
            context_overrides={
                "filter": bank_filter,
                "filtering": bank_filter.is_filtering,
                "results": page,
                "rows": rows,
                "meta_description": self.search_description or self.introduction,
            },
        )

    @path("<int:pk>/", name="initiative")
    def initiative(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The public record of one recognised initiative; any other answers 404."""
        initiative = recognised_initiative(pk)
        if initiative is None:
            raise Http404
        public = public_initiative(initiative)
        return self.render(
            request,
            template="site_cms/initiative_bank_detail.html",
            context_overrides={
                "public": public,
                "attachment_links": [
                    (attachment, self.attachment_url(initiative.pk, attachment.pk))
                    for attachment in public.attachments
                ],
                "initiative": initiative,
                "meta_description": initiative.solution_purpose,
                "og_title": initiative.title,
                "og_type": "article",
            },
        )

    @path("<int:pk>/tep/<int:attachment_pk>/", name="attachment")
    def attachment(self, request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
        """Download a file the authors or officers marked public, of a recognised initiative;
        any other file answers 404."""
        attachment = public_attachment(pk, attachment_pk)
        if attachment is None:
            raise Http404
        return private_file_response(
            attachment.file,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
