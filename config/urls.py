from django.conf import settings
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import JavaScriptCatalog, set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from api.views import profile
from awards.urls import award_patterns, recognition_patterns, verification_patterns
from config.health import healthz
from emulation.views.workspace import workspace
from site_cms.views import robots_txt

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # The language switch needs no CSRF token, so public pages set no cookie and can be cached;
    # at worst a forged request changes a visitor's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The profile page: the sections of emulation.profile and the API access tokens.
    path("tai-khoan/", profile, name="profile"),
    path("tai-khoan/khoa-api/", include("api.token_urls")),
    # The open API, its OpenAPI document and its docs page.
    path("api/v1/", include("api.urls")),
    path("viec-cua-toi/", workspace, name="workspace"),
    path("", include("accounts.urls")),
    path("don-vi/", include("unions.urls")),
    path("nhap-du-lieu/", include("imports.urls")),
    path("thi-dua/", include("emulation.urls.movements")),
    path("thi-dua/khoi/", include("emulation.urls.pledges")),
    path("thi-dua/danh-hieu/", include("emulation.urls.titles")),
    path("sang-kien/", include("initiatives.urls")),
    path("xet-duyet/", include("awards.urls")),
    path("xac-minh/", include(verification_patterns)),
    path("khen-thuong/", include(award_patterns)),
    path("cong-nhan/", include(recognition_patterns)),
    path("thanh-tich/", include("emulation.urls.achievements")),
    path("", include("site_cms.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path from the page tree; it must come last.
urlpatterns.append(path("", include(wagtail_urls)))
