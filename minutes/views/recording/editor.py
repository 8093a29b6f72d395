"""The editor page, the meeting fields (with the revision lock) and attendance."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from minutes.forms.recording import ITEM_FORMS as FORMS
from minutes.forms.recording import ActionForm, EditorContext, parse_attendance
from minutes.models import Meeting
from minutes.selectors import visible_meeting_row
from minutes.services import recording as services
from minutes.views.recording.common import (
    attendance_rows,
    check_can_edit,
    editor_url,
    load_context,
    recording_view,
    render_fragments,
    render_page,
)
from minutes.views.recording.sections import MEETING_FORMS, EditorSections, meeting_form


def add_form(kind: str, context: EditorContext, data=None, *, prefix: str | None = None):
    form_class = FORMS[kind]
    kwargs = {"context": context}
    if prefix:
        kwargs["prefix"] = prefix
    return form_class(data, **kwargs) if data is not None else form_class(**kwargs)


def action_add_form(context: EditorContext, shortcoming, data=None) -> ActionForm:
    prefix = f"action-new-{shortcoming.pk}"
    if data is not None:
        return ActionForm(data, context=context, prefix=prefix)
    return ActionForm(context=context, prefix=prefix)


def editor_page(
    request: HttpRequest,
    source: Meeting | EditorContext,
    *,
    status: int = 200,
    bound: dict | None = None,
    attendance_post=None,
    attendance_errors: dict | None = None,
) -> HttpResponse:
    """The editor: the page frame around its sections (`sections.EditorSections`).

    `source` is the meeting row (a GET: its parts are loaded only if a section
    must be rendered again) or the context a view has loaded already; `bound`
    holds forms that came back with errors, shown as posted.
    """
    context = source if isinstance(source, EditorContext) else None
    meeting = context.meeting if context is not None else source
    sections = EditorSections(
        request,
        meeting,
        context,
        bound=bound,
        attendance_post=attendance_post,
        attendance_errors=attendance_errors,
    )
    return render_page(
        request,
        "minutes/recording/editor.html",
        {"meeting": meeting, "parts": sections.all()},
        status=status,
        meeting=meeting,
    )


@require_GET
@recording_view
def editor(request: HttpRequest, pk: int) -> HttpResponse:
    """The one page the secretary records the meeting in."""
    meeting = visible_meeting_row(request.user, pk)
    check_can_edit(request.user, meeting)
    return editor_page(request, meeting)


# --- meeting fields


def _revision_updates(request: HttpRequest, section: str, started_from: int, now: int) -> list:
    """Revision inputs to refresh in the page after a save.

    The saved form moves to the new revision. The page's other meeting forms
    move too only if they were at the revision this save started from: then
    nobody else changed the meeting in between, and they are not stale.
    """
    updates = [(section, now)]
    for other in MEETING_FORMS:
        if other != section and request.POST.get(f"{other}-revision") == str(started_from):
            updates.append((other, now))
    return updates


@require_POST
@recording_view
def save_meeting_fields(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    if section not in MEETING_FORMS:
        raise Http404
    context = load_context(request, pk)
    form = meeting_form(section, context, request.POST)
    conflict = None
    revisions: list = []
    if form.is_valid():
        started_from = form.cleaned_data["revision"]
        try:
            services.update_meeting(
                meeting=context.meeting,
                revision=started_from,
                values=form.values(),
                by=request.user,
            )
        except services.ConflictError as error:
            conflict = error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not request.htmx:
                messages.success(request, _("Đã lưu."))
                return redirect(editor_url(pk, f"sec-{section}"))
            revisions = _revision_updates(request, section, started_from, context.meeting.revision)
            response = render_fragments(
                request,
                [
                    (
                        "minutes/recording/_meeting_form_oob.html",
                        {
                            "form": form,
                            "section": section,
                            "saved_at": time_format(timezone.localtime(), "H:i"),
                            "revisions": revisions,
                        },
                    )
                ],
            )
            # recording.js takes what was sent as saved: the form is no longer "unsaved".
            response["HX-Trigger"] = "rec:saved"
            return response
    if conflict is not None:
        # Keep what the user typed; a second save now overwrites knowingly.
        data = request.POST.copy()
        data[f"{section}-revision"] = str(conflict.revision)
        form = meeting_form(section, context, data)
        form.is_valid()
        revisions = [(section, conflict.revision)]
    if request.htmx:
        response = render_fragments(
            request,
            [
                (
                    "minutes/recording/_meeting_form_oob.html",
                    {
                        "form": form,
                        "section": section,
                        "conflict": conflict,
                        "revisions": revisions,
                    },
                )
            ],
        )
        if conflict is not None:
            # Autosave waits for the user's next change (the message says so),
            # rather than overwriting the other person's save at once.
            response["HX-Trigger"] = "rec:conflict"
        return response
    bound = {section: form}
    form.conflict = conflict
    return editor_page(request, context, bound=bound)


# --- attendance


def _attendance_oob(request: HttpRequest, context: EditorContext, **extra) -> list:
    decisions = [(d, context.outcome(d)) for d in context.meeting.decisions.all()]
    return [
        (
            "minutes/recording/_attendance_oob.html",
            {
                "figures": context.figures,
                "denominator": context.denominator,
                "decisions": decisions,
                "meeting": context.meeting,
                **extra,
            },
        )
    ]


@require_POST
@recording_view
def save_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """All rows at once (the form without JavaScript)."""
    context = load_context(request, pk)
    parsed = parse_attendance(request.POST, context.members)
    _saved, errors, conflicts = services.set_attendance(
        meeting=context.meeting, changes=parsed.changes, by=request.user
    )
    errors = {**parsed.errors, **errors}
    for person_id, conflict in conflicts.items():
        change = conflict.changes[0]
        errors[person_id] = _(
            "Người khác vừa đổi điểm danh của đồng chí %(name)s thành “%(after)s”; "
            "chọn lại nếu vẫn muốn đổi."
        ) % {"name": change.label, "after": change.after}
    if errors:
        context = load_context(request, pk)
        messages.error(request, _("Một số dòng điểm danh chưa lưu được, xem ghi chú bên cạnh."))
        return editor_page(
            request,
            context,
            attendance_post=request.POST,
            attendance_errors=errors,
        )
    messages.success(request, _("Đã lưu điểm danh."))
    return redirect(editor_url(pk, "sec-attendance"))


@require_POST
@recording_view
def save_attendance_row(request: HttpRequest, pk: int, person_id: int) -> HttpResponse:
    """One row, as soon as it changes (htmx); without htmx it behaves like the whole form."""
    context = load_context(request, pk)
    row = context.by_pk.get(person_id)
    if row is None or row not in context.members:
        raise Http404
    parsed = parse_attendance(request.POST, [row])
    saved, errors, conflicts = services.set_attendance(
        meeting=context.meeting, changes=parsed.changes, by=request.user
    )
    message = parsed.errors.get(person_id) or errors.get(person_id) or ""
    conflict = conflicts.get(person_id)
    if not request.htmx:
        if message or conflict:
            # Beside the row, with the choice as posted: never a silent no-op.
            messages.error(request, _("Một số dòng điểm danh chưa lưu được, xem ghi chú bên cạnh."))
            return editor_page(
                request,
                load_context(request, pk),
                attendance_post=request.POST,
                attendance_errors={person_id: message or str(conflict)},
            )
        return redirect(editor_url(pk, f"att-{person_id}"))
    context = load_context(request, pk)
    current = context.by_pk[person_id]
    return render_fragments(
        request,
        _attendance_oob(
            request,
            context,
            row_message={
                "person": current,
                "error": message,
                "conflict": conflict.changes[0] if conflict else None,
                "saved": bool(saved),
                "saved_at": time_format(timezone.localtime(), "H:i"),
                "was": f"{current.status}|{current.absence_reason}",
            },
        ),
    )


@require_POST
@recording_view
def mark_all_present(request: HttpRequest, pk: int) -> HttpResponse:
    context = load_context(request, pk)
    changed = services.mark_all_present(meeting=context.meeting, by=request.user)
    if not request.htmx:
        messages.success(
            request,
            _("Đã đánh dấu có mặt %(n)d đồng chí.") % {"n": changed}
            if changed
            else _("Mọi đảng viên đã được điểm danh."),
        )
        return redirect(editor_url(pk, "sec-attendance"))
    context = load_context(request, pk)
    return render_fragments(
        request,
        [
            (
                "minutes/recording/_attendance_rows.html",
                {"attendance": attendance_rows(context), "meeting": context.meeting},
            ),
            *_attendance_oob(request, context),
        ],
    )


@require_POST
@recording_view
def add_missing_members(request: HttpRequest, pk: int) -> HttpResponse:
    context = load_context(request, pk)
    added = services.add_missing_members(meeting=context.meeting, by=request.user)
    if added:
        messages.success(
            request, _("Đã thêm %(n)d đảng viên còn thiếu vào điểm danh.") % {"n": added}
        )
    else:
        messages.info(request, _("Điểm danh đã có đủ đảng viên trong danh sách chi bộ."))
    return redirect(editor_url(pk, "sec-attendance"))
