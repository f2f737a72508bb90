from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from healinghaven import views
from healinghaven.search import views as search_views
from healinghaven.staff import two_factor

urlpatterns = [
    # Two-factor sign-in pages: under /admin/, so the admin's policy and rules apply.
    path("admin/two-factor/", two_factor.verify, name="two_factor_verify"),
    path("admin/two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("admin/two-factor/recovery/", two_factor.recovery, name="two_factor_recovery"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.views.defaults import page_not_found, server_error

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
    # Look at the error pages while DEBUG is on.
    urlpatterns += [
        path("404/", page_not_found, {"exception": Exception("Preview")}),
        path("500/", server_error),
    ]

if settings.SERVE_MEDIA and not settings.DEBUG:
    # Uploaded images from this process, for a Lighthouse run without a web server in front
    # (make lighthouse). Production serves media from its proxy or object storage.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

# Wagtail's page serving catches everything else: keep it last.
urlpatterns += [path("", include(wagtail_urls))]
