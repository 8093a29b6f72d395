from django.urls import path

from minutes.views import review

urlpatterns = [
    path("review/", review.queue, name="review_queue"),
    path("notifications/", review.notification_list, name="notifications"),
    path("notifications/read/", review.notifications_read, name="notifications_read"),
    path("meetings/<int:pk>/confirm/", review.confirm, name="review_confirm"),
    path("meetings/<int:pk>/submit/", review.submit, name="review_submit"),
    path("meetings/<int:pk>/return/", review.return_for_changes, name="review_return"),
    path("meetings/<int:pk>/approve/", review.approve, name="review_approve"),
    path("meetings/<int:pk>/reopen/", review.reopen, name="review_reopen"),
    path("meetings/<int:pk>/review/", review.review_meeting, name="review_meeting"),
    path("meetings/<int:pk>/comments/", review.add_comment, name="review_comment_add"),
    path("comments/<int:pk>/addressed/", review.comment_addressed, name="review_comment_addressed"),
    path("meetings/<int:pk>/changes/", review.changes, name="review_changes"),
    path("meetings/<int:pk>/history/", review.history, name="review_history"),
    path("meetings/<int:pk>/audit/", review.audit_trail, name="review_audit"),
]
