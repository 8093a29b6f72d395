"""Routes of quality assessment (issue 13): frameworks, adoptions, a meeting's assessments."""

from django.urls import path

from minutes.views import quality

urlpatterns = [
    path("oversight/quality/", quality.framework_list, name="quality_frameworks"),
    path("oversight/quality/new/", quality.framework_create, name="quality_framework_create"),
    path("oversight/quality/<int:pk>/", quality.framework_detail, name="quality_framework_detail"),
    path(
        "oversight/quality/<int:pk>/adopt/",
        quality.framework_adopt,
        name="quality_framework_adopt",
    ),
    path("meetings/<int:pk>/quality/self/", quality.self_assessment, name="quality_self"),
    path(
        "meetings/<int:pk>/quality/superior/",
        quality.superior_assessment,
        name="quality_superior",
    ),
]
