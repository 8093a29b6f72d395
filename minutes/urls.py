from django.urls import include, path

from minutes.views import home, meetings

urlpatterns = [
    path("", home.home, name="home"),
    path("meetings/", home.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    # Each area of the app keeps its routes in its own module.
    path("", include("minutes.urls_recording")),
    path("", include("minutes.urls_review")),
    path("", include("minutes.urls_documents")),
    path("", include("minutes.urls_oversight")),
    path("", include("minutes.urls_quality")),
]
