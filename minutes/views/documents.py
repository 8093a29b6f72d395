"""Downloads of the official document, its issuing, and the public verify page.

Drafts (and any unsigned rendering) are made on demand, marked "DỰ THẢO", and
never stored. The signed PDF is served from storage exactly as issued; while a
background task makes it, the meeting page polls `issuing_status`, and a
reviewer starts a failed one again with `retry_issuing`. The verify page needs
no log-in and shows only what identifies a document.
"""

from __future__ import annotations

import dataclasses

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.access import meetings_visible_to
from minutes import docx, pdf, permissions
from minutes import vnformat as vn
from minutes.document import build_document, number_line, summary_line
from minutes.file_picker import FilePickerInput
from minutes.models import CommitteeSettings, Meeting, SignedDocument
from minutes.models.documents import DocumentJobStatus
from minutes.selectors import visible_meeting
from minutes.services.documents import (
    DocumentError,
    failed_documents,
    issuing_state,
    retry_document,
    verify_file,
)

# Issued PDFs are well under a megabyte; the limit only keeps uploads cheap.
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def max_upload_bytes() -> int:
    return getattr(settings, "DOCUMENT_VERIFY_MAX_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def _too_big_message() -> str:
    return _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": max(1, max_upload_bytes() // 2**20)}


def _filename(meeting: Meeting, suffix: str) -> str:
    base = slugify(vn.fold(f"bien ban {meeting.cell.name} {meeting.date:%Y-%m-%d}"))
    return f"{base}-v{meeting.version}{suffix}"


@login_required
def draft_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A rendering of the minutes as they stand, always marked "DỰ THẢO"; never signed or stored."""
    meeting = visible_meeting(request.user, pk)
    document = dataclasses.replace(build_document(meeting), is_draft=True)
    response = HttpResponse(pdf.render_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(meeting, "-du-thao.pdf")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request.user, pk)
    response = HttpResponse(
        docx.render_docx(build_document(meeting)),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(meeting, ".docx")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def signed_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The signed PDF exactly as issued (also for superseded versions)."""
    meeting = visible_meeting(request.user, pk)
    record = SignedDocument.objects.filter(meeting=meeting).first()
    if record is None:
        raise Http404(_("Biên bản này chưa có văn bản đã ký số."))
    try:
        handle = record.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Không tìm thấy tệp đã ký số trong kho lưu trữ.")) from exc
    response = FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=True,
        filename=_filename(meeting, f"-{record.public_code}.pdf"),
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _visible_row(user, pk: int) -> Meeting:
    """The meeting row alone (no parts), or 404 if this user may not see it."""
    return get_object_or_404(meetings_visible_to(user).select_related("cell"), pk=pk)


@login_required
@require_GET
def issuing_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The issuing panel alone, polled by the meeting page while the signed PDF is made."""
    meeting = _visible_row(request.user, pk)
    context = {"meeting": meeting, "issuing": issuing_state(request.user, meeting, polled=True)}
    return render(request, "minutes/documents/_issuing_status.html", context)


@login_required
@require_POST
def retry_issuing(request: HttpRequest, pk: int) -> HttpResponse:
    """A reviewer starts issuing a failed signed document again."""
    meeting = _visible_row(request.user, pk)
    try:
        job = retry_document(meeting=meeting, by=request.user)
    except DocumentError as error:
        messages.error(request, str(error))
        return redirect("meeting_detail", meeting.pk)
    if job.status == DocumentJobStatus.DONE:
        messages.success(request, _("Văn bản ký số đã được phát hành."))
    elif job.status == DocumentJobStatus.FAILED:
        messages.error(
            request,
            _("Vẫn chưa phát hành được văn bản ký số: %(reason)s") % {"reason": job.last_error},
        )
    else:
        messages.info(request, _("Đã yêu cầu phát hành lại văn bản ký số."))
    return redirect("meeting_detail", meeting.pk)


@login_required
@require_GET
def failed_issuing(request: HttpRequest) -> HttpResponse:
    """Approved minutes whose signed document could not be issued, for their reviewers."""
    if not permissions.is_reviewer(request.user):
        raise PermissionDenied
    meetings = failed_documents(request.user)
    return render(request, "minutes/documents/failed.html", {"meetings": meetings})


class VerifyUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp PDF cần kiểm tra"),
        help_text=gettext_lazy("Tệp PDF đã tải về hoặc nhận được."),
        # "Chọn tệp…" rather than the browser's "Choose File" (templates/widgets/file_picker.html).
        widget=FilePickerInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={
            "required": gettext_lazy("Hãy chọn một tệp PDF."),
            "empty": gettext_lazy("Tệp đã chọn rỗng."),
            "invalid": gettext_lazy("Không nhận được tệp. Hãy chọn lại."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(_too_big_message())
        head = upload.read(1024)
        upload.seek(0)
        if PDF_MAGIC not in head:
            raise forms.ValidationError(_("Tệp này không phải là tệp PDF."))
        return upload


def _replacement(meeting: Meeting) -> SignedDocument | None:
    """The signed document of the current version that replaced `meeting`, in one query.

    A new version keeps the cell, date, kind and document number of the one it
    corrects (minutes.services.versions), so these name the series.
    """
    return (
        SignedDocument.objects.select_related("meeting")
        .filter(
            meeting__cell_id=meeting.cell_id,
            meeting__date=meeting.date,
            meeting__kind=meeting.kind,
            meeting__number=meeting.number,
            meeting__version__gt=meeting.version,
            meeting__superseded_at__isnull=True,
        )
        .order_by("-meeting__version")
        .first()
    )


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: which document this code names, whether it is current, and an upload to compare."""
    record = get_object_or_404(
        SignedDocument.objects.select_related("meeting", "meeting__cell"),
        public_code=code.strip().upper(),
    )
    meeting = record.meeting
    result = None
    upload_error = ""
    status = 200
    if request.method == "POST":
        # Refused before Django reads the body, so a huge upload costs nothing.
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_upload_bytes() + 64 * 1024:
            form = VerifyUploadForm()
            upload_error = _too_big_message()
            status = 413
        else:
            form = VerifyUploadForm(request.POST, request.FILES)
            if form.is_valid():
                result = verify_file(form.cleaned_data["file"].read(), expected=record)
            else:
                status = 400
    else:
        form = VerifyUploadForm()
    settings_row = CommitteeSettings.for_organization(meeting.cell)
    context = {
        "record": record,
        "meeting": meeting,
        "summary": summary_line(meeting),
        "number": number_line(meeting, settings_row),
        "meeting_date": vn.date_line(meeting.date),
        "is_current": meeting.superseded_at is None,
        "newer": None if meeting.superseded_at is None else _replacement(meeting),
        "form": form,
        "result": result,
        "upload_error": upload_error,
    }
    response = render(request, "minutes/documents/verify.html", context, status=status)
    # Anyone holding a code may look; search engines need not list the documents.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
