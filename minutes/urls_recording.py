"""Routes of the meeting editor (issue "Recording a meeting in the browser")."""

from django.urls import path

from minutes.views.recording import editor, items, lookup, preview, start

urlpatterns = [
    path("meetings/new/", start.start_meeting, name="recording_start"),
    path("meetings/<int:pk>/edit/", editor.editor, name="recording_editor"),
    path("meetings/<int:pk>/preview/", preview.preview, name="recording_preview"),
    path("meetings/<int:pk>/preview/document/", preview.document, name="recording_document"),
    path(
        "meetings/<int:pk>/edit/meeting/<slug:section>/",
        editor.save_meeting_fields,
        name="recording_meeting_fields",
    ),
    path(
        "meetings/<int:pk>/edit/attendance/",
        editor.save_attendance,
        name="recording_attendance",
    ),
    path(
        "meetings/<int:pk>/edit/attendance/<int:person_id>/",
        editor.save_attendance_row,
        name="recording_attendance_row",
    ),
    path(
        "meetings/<int:pk>/edit/attendance/all-present/",
        editor.mark_all_present,
        name="recording_all_present",
    ),
    path(
        "meetings/<int:pk>/edit/attendance/roster/",
        editor.add_missing_members,
        name="recording_add_missing",
    ),
    path("meetings/<int:pk>/edit/people/", lookup.people, name="recording_people"),
    path(
        "meetings/<int:pk>/edit/decision-outcome/",
        lookup.decision_outcome,
        name="recording_decision_outcome",
    ),
    path("recording/catalog/", lookup.catalog, name="recording_catalog"),
    path(
        "meetings/<int:pk>/edit/shortcoming/<int:shortcoming_id>/action/add/",
        items.action_add,
        name="recording_action_add",
    ),
    path("meetings/<int:pk>/edit/<slug:kind>/add/", items.item_add, name="recording_item_add"),
    path(
        "meetings/<int:pk>/edit/<slug:kind>/<int:item_id>/",
        items.item_edit,
        name="recording_item_edit",
    ),
    path(
        "meetings/<int:pk>/edit/<slug:kind>/<int:item_id>/show/",
        items.item_show,
        name="recording_item_show",
    ),
    path(
        "meetings/<int:pk>/edit/<slug:kind>/<int:item_id>/delete/",
        items.item_delete,
        name="recording_item_delete",
    ),
    path(
        "meetings/<int:pk>/edit/<slug:kind>/<int:item_id>/move/",
        items.item_move,
        name="recording_item_move",
    ),
]
