from django.urls import include, path

from members.views import organizations

# Each area of the register keeps its routes in its own module.
urlpatterns = [
    path("register/organizations/", organizations.organization_list, name="organization_list"),
    path(
        "register/organizations/new/",
        organizations.organization_create,
        name="organization_create",
    ),
    path(
        "register/organizations/<int:pk>/edit/",
        organizations.organization_edit,
        name="organization_edit",
    ),
    path("", include("members.urls_roster")),
    path("", include("members.urls_import")),
    path("", include("members.urls_accounts")),
]
