from django.conf import settings
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from awards.urls import achievement_patterns, award_patterns, verification_patterns
from config.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("accounts.urls")),
    path("don-vi/", include("emulation.urls")),
    path("thi-dua/", include("emulation.urls.movements")),
    path("thi-dua/khoi/", include("emulation.urls.pledges")),
    path("thi-dua/danh-hieu/", include("emulation.urls.titles")),
    path("sang-kien/", include("initiatives.urls")),
    path("xet-duyet/", include("awards.urls")),
    path("xac-minh/", include(verification_patterns)),
    path("khen-thuong/", include(award_patterns)),
    path("thanh-tich/", include(achievement_patterns)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path from the page tree; it must come last.
urlpatterns.append(path("", include(wagtail_urls)))
