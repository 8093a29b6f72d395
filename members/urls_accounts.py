"""Accounts and roles (committee staff) and activation (the account's owner, anonymous)."""

from django.urls import path

from members.views import accounts as views

urlpatterns = [
    path("register/accounts/", views.account_list, name="accounts_list"),
    path("register/accounts/new/", views.new_staff, name="accounts_new_staff"),
    path(
        "register/accounts/cells/<int:pk>/create/",
        views.create_for_cell,
        name="accounts_create_for_cell",
    ),
    path("register/accounts/codes/<str:batch>/", views.codes, name="accounts_codes"),
    path("register/accounts/<int:user_id>/", views.account_detail, name="accounts_user"),
    path("register/accounts/<int:user_id>/grant/", views.grant, name="accounts_grant"),
    path(
        "register/accounts/<int:user_id>/roles/<int:grant_id>/revoke/",
        views.revoke,
        name="accounts_revoke",
    ),
    path("register/accounts/<int:user_id>/code/", views.issue_code, name="accounts_issue_code"),
    path(
        "register/accounts/<int:user_id>/deactivate/",
        views.deactivate,
        name="accounts_deactivate",
    ),
    path(
        "register/accounts/<int:user_id>/reactivate/",
        views.reactivate,
        name="accounts_reactivate",
    ),
    path("activate/", views.activate_start, name="activate"),
    path("activate/<str:code>/", views.activate_code, name="activate_code"),
]
