from django.urls import path

from minutes.views import documents

urlpatterns = [
    path("meetings/<int:pk>/du-thao.pdf", documents.draft_pdf, name="document_draft_pdf"),
    path("meetings/<int:pk>/bien-ban.docx", documents.minutes_docx, name="document_docx"),
    path("meetings/<int:pk>/ky-so.pdf", documents.signed_pdf, name="document_signed_pdf"),
    path("meetings/<int:pk>/ky-so/trang-thai/", documents.issuing_status, name="document_status"),
    path("meetings/<int:pk>/ky-so/phat-hanh-lai/", documents.retry_issuing, name="document_retry"),
    path("van-ban/chua-phat-hanh/", documents.failed_issuing, name="document_failures"),
    # The short public address printed under the QR code: SITE_URL/v/<code>.
    path("v/<str:code>/", documents.verify, name="document_verify"),
]
