from django.urls import include, path

# Each area of the register keeps its routes in its own module.
urlpatterns = [
    path("", include("members.urls_roster")),
    path("", include("members.urls_import")),
    path("", include("members.urls_accounts")),
]
