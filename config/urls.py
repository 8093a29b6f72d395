from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config import health

urlpatterns = [
    # Answered by config.middleware.RequestMiddleware before any other check;
    # the route is here so that it has a name and shows in the URL list.
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("members.urls")),
    path("", include("minutes.urls")),
]

# Error pages in the interface language, with the request's reference code.
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
