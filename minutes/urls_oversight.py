from django.urls import path

from minutes.views import archive, oversight

urlpatterns = [
    path("oversight/", oversight.dashboard, name="oversight_dashboard"),
    path("oversight/campaigns/", oversight.campaign_list, name="campaign_list"),
    path("oversight/campaigns/new/", oversight.campaign_create, name="campaign_create"),
    path("oversight/campaigns/<int:pk>/", oversight.campaign_detail, name="campaign_detail"),
    path("oversight/campaigns/<int:pk>/close/", oversight.campaign_close, name="campaign_close"),
    path("oversight/follow-up/", oversight.followup_board, name="followup_board"),
    path("oversight/actions/<int:pk>/", oversight.action_detail, name="action_detail"),
    path(
        "oversight/actions/<int:pk>/<slug:step>/",
        oversight.action_transition,
        name="action_transition",
    ),
    path("meetings/<int:pk>/follow-up/", oversight.meeting_followup, name="meeting_followup"),
    path("oversight/regularity/", oversight.regularity, name="regularity"),
    path("oversight/statistics/", oversight.statistics_view, name="statistics"),
    path("oversight/archive/", archive.archive_export, name="archive_export"),
    path("oversight/archive/download/", archive.archive_download, name="archive_download"),
    path("my/actions/", oversight.my_actions, name="my_actions"),
    path("search/", oversight.search_view, name="search"),
    path("search/refresh-drafts/", oversight.search_refresh_drafts, name="search_refresh_drafts"),
]
