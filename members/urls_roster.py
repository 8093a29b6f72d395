"""The register: rosters of cells, members' histories, proposals from the minutes, what falls due."""

from django.urls import path

from members.views import due, proposals, roster

urlpatterns = [
    path("register/", roster.home, name="register_home"),
    path("register/cells/<int:pk>/", roster.roster, name="register_roster"),
    path("register/cells/<int:pk>/add/", roster.member_add, name="register_member_add"),
    path("register/members/<int:pk>/", roster.member_detail, name="register_member"),
    path("register/members/<int:pk>/edit/", roster.member_edit, name="register_member_edit"),
    path("register/members/<int:pk>/event/", roster.member_event, name="register_member_event"),
    path("register/due/", due.due_list, name="register_due"),
    path("register/pending/", proposals.pending, name="register_pending"),
    path("register/proposals/<int:pk>/decide/", proposals.decide, name="register_proposal_decide"),
    path("register/proposals/<int:pk>/reject/", proposals.reject, name="register_proposal_reject"),
]
