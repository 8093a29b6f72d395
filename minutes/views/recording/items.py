"""The lists of the minutes: add, edit, delete (after a confirmation) and reorder items.

Without JavaScript each action is a plain POST answered with a redirect to the
editor (or, when the form has errors, a page with the form as typed). With
htmx the same URLs answer with fragments: the new or changed item, and small
out-of-band updates (counts, "Một là" numbering, decision outcomes). They never
replace a block holding another form, so nothing the user is typing elsewhere
is lost.

An item being edited saves itself as the user types (recording.js marks those
requests `X-Rec-Autosave`): the answer then holds only the form's status, the
errors beside its fields and the version the next save starts from, and the
fields stay as they are. A conflict or a deletion still comes back as the whole
form with its warning, and autosaving that form stops until the user chooses.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from minutes.forms.recording import ITEM_FORMS as FORMS
from minutes.forms.recording import EditorContext, ItemForm
from minutes.models import MeetingKind
from minutes.services import recording as services
from minutes.views.recording.common import (
    ItemRow,
    editor_url,
    find_row,
    item_rows,
    load_context,
    recording_view,
    render_fragments,
)
from minutes.views.recording.editor import action_add_form, add_form, editor_page
from minutes.views.recording.sections import blank_add_form, meeting_form

ORDERED_KINDS = {"agenda", "guest", "report", "turn", "shortcoming", "directive", "decision"}
LABELS = {
    "agenda": gettext_lazy("nội dung chương trình"),
    "guest": gettext_lazy("đại biểu"),
    "report": gettext_lazy("báo cáo"),
    "turn": gettext_lazy("lượt phát biểu"),
    "shortcoming": gettext_lazy("tồn tại, hạn chế"),
    "action": gettext_lazy("biện pháp khắc phục"),
    "directive": gettext_lazy("ý kiến chỉ đạo"),
    "decision": gettext_lazy("quyết định"),
}


def saved_at() -> str:
    """The time a save is shown with ("Đã lưu lúc 19:42"): the server's local time."""
    return time_format(timezone.localtime(), "H:i")


def is_autosave(request: HttpRequest) -> bool:
    """A save recording.js sent by itself (a pause in typing, a field left), not a button."""
    return bool(request.htmx) and request.headers.get("X-Rec-Autosave") == "1"


def _check_kind(kind: str) -> None:
    if kind not in FORMS:
        raise Http404


def _common(context: EditorContext) -> dict:
    return {
        "meeting": context.meeting,
        "denominator": context.denominator,
        "editable": True,
    }


def _after_change(context: EditorContext, kind: str) -> list[tuple[str, dict]]:
    """Out-of-band updates that follow a change to a list of `kind`."""
    rows = item_rows(context, kind) if kind in ORDERED_KINDS else []
    parts = [
        (
            "minutes/recording/_list_oob.html",
            {
                **_common(context),
                "kind": kind,
                "rows": rows,
                "count": len(rows),
                "saved_at": saved_at(),
            },
        )
    ]
    if kind == "guest":
        parts.append(("minutes/recording/_people_oob.html", _people(context)))
    return parts


def _people(context: EditorContext) -> dict:
    return {
        **_common(context),
        "people_present": context.present_people,
        "people_members": context.members,
        "roles_form": meeting_form("roles", context),
    }


def _row_response(request, context, row: ItemRow, *, status=200, extra=None) -> HttpResponse:
    return render_fragments(
        request,
        [("minutes/recording/_list_item.html", {**_common(context), "row": row}), *(extra or [])],
        status=status,
        meeting_pk=context.meeting.pk,
    )


# --- add


@require_POST
@recording_view
def item_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    _check_kind(kind)
    if kind == "action":
        raise Http404
    context = load_context(request, pk)
    readd = request.POST.get("readd", "")
    prefix = f"{kind}-readd" if readd else f"{kind}-new"
    form = add_form(kind, context, request.POST, prefix=prefix)
    if form.is_valid():
        try:
            if kind == "shortcoming":
                item = services.add_shortcoming(
                    meeting=context.meeting,
                    values=form.values(),
                    action=form.action_values(),
                    by=request.user,
                )
            else:
                item = services.add_item(
                    meeting=context.meeting, kind=kind, values=form.values(), by=request.user
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not request.htmx:
                messages.success(request, _("Đã thêm %(what)s.") % {"what": LABELS[kind]})
                return redirect(editor_url(pk, f"{kind}-{item.pk}"))
            context = load_context(request, pk)
            row = find_row(context, kind, item.pk)
            extra = [
                # A blank form again, in place of the one just sent (the same for every meeting).
                blank_add_form(
                    kind,
                    oob=True,
                    focus_first=True,
                    combined=context.meeting.kind == MeetingKind.COMBINED,
                ),
                *_after_change(context, kind),
            ]
            if readd.isdigit():
                extra.append(
                    ("minutes/recording/_remove_oob.html", {"element_id": f"{kind}-{readd}"})
                )
            return _row_response(request, context, row, extra=extra)
    if request.htmx:
        response = render(
            request,
            "minutes/recording/_add_form.html",
            {**_common(context), "kind": kind, "form": form},
        )
        response["HX-Retarget"] = f"#form-{form.prefix}"
        response["HX-Reswap"] = "outerHTML"
        return response
    return editor_page(request, context, bound={f"add-{kind}": form})


@recording_view
def action_add(request: HttpRequest, pk: int, shortcoming_id: int) -> HttpResponse:
    """A corrective action for one shortcoming; GET shows the form (loaded when asked for)."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    context = load_context(request, pk)
    shortcoming = next(
        (s for s in context.meeting.shortcomings.all() if s.pk == shortcoming_id), None
    )
    if shortcoming is None:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = action_add_form(context, shortcoming, data)
    page = {
        **_common(context),
        "kind": "action",
        "form": form,
        "shortcoming": shortcoming,
        "label": LABELS["action"],
    }
    if request.method == "GET":
        template = (
            "minutes/recording/_action_form.html"
            if request.htmx
            else "minutes/recording/action_page.html"
        )
        return render(request, template, {**page, "focus_first": True})
    if form.is_valid():
        try:
            item = services.add_item(
                meeting=context.meeting,
                kind="action",
                values=form.values(),
                by=request.user,
                shortcoming=shortcoming,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not request.htmx:
                messages.success(request, _("Đã thêm biện pháp khắc phục."))
                return redirect(editor_url(pk, f"action-{item.pk}"))
            context = load_context(request, pk)
            row = find_row(context, "action", item.pk)
            fresh = {
                **page,
                **_common(context),
                "form": action_add_form(context, shortcoming),
                "oob": True,
                "focus_first": True,
            }
            return _row_response(
                request, context, row, extra=[("minutes/recording/_add_form.html", fresh)]
            )
    if request.htmx:
        response = render(request, "minutes/recording/_add_form.html", page)
        response["HX-Retarget"] = f"#form-{form.prefix}"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "minutes/recording/action_page.html", page)


# --- edit


def _edit_response(request, context, kind, row_or_id, form, *, conflict=None, deleted=False):
    item_id = row_or_id if isinstance(row_or_id, int) else row_or_id.item.pk
    data = {
        **_common(context),
        "kind": kind,
        "row": row_or_id if not isinstance(row_or_id, int) else None,
        "item_id": item_id,
        "form": form,
        "conflict": conflict,
        "deleted": deleted,
        "label": LABELS[kind],
    }
    if request.htmx:
        return render(request, "minutes/recording/_item_edit.html", data)
    return render(request, "minutes/recording/item_page.html", data)


def _typed_as_new(kind: str, form: ItemForm, context: EditorContext) -> ItemForm:
    """A blank add form showing what the user typed into a form whose item was deleted."""
    initial = {
        name: form.data.get(form.add_prefix(name), "") for name in form.fields if name != "original"
    }
    return FORMS[kind](context=context, prefix=f"{kind}-readd", initial=initial)


@recording_view
def item_edit(request: HttpRequest, pk: int, kind: str, item_id: int) -> HttpResponse:
    _check_kind(kind)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    context = load_context(request, pk)
    row = find_row(context, kind, item_id)
    if request.method == "GET":
        if row is None:
            raise Http404
        return _edit_response(
            request, context, kind, row, FORMS[kind](context=context, item=row.item)
        )
    form = FORMS[kind](
        request.POST,
        context=context,
        item=row.item if row else None,
        prefix=f"{kind}-{item_id}",
    )
    autosave = is_autosave(request) and row is not None
    if not form.is_valid():
        if autosave:
            return _autosaved(request, kind, item_id, form)
        return _edit_response(request, context, kind, row or item_id, form)
    try:
        item = services.update_item(
            meeting=context.meeting,
            kind=kind,
            item_id=item_id,
            values=form.values(),
            original=form.cleaned_data.get("original"),
            by=request.user,
        )
    except services.ConflictError as conflict:
        if conflict.deleted:
            return _edit_response(
                request,
                context,
                kind,
                item_id,
                _typed_as_new(kind, form, context),
                conflict=conflict,
                deleted=True,
            )
        data = request.POST.copy()
        data[form.add_prefix("original")] = json.dumps(conflict.current, ensure_ascii=False)
        form = FORMS[kind](data, context=context, item=row.item, prefix=form.prefix)
        form.is_valid()
        return _edit_response(request, context, kind, row, form, conflict=conflict)
    except ValidationError as error:
        form.add_error(None, error)
        if autosave:
            return _autosaved(request, kind, item_id, form)
        return _edit_response(request, context, kind, row or item_id, form)
    if autosave:
        # The form stays open with what the user is typing: only its status, its
        # errors and the version it now starts from change.
        original = json.dumps(services.snapshot(item, kind), ensure_ascii=False)
        extra = []
        if kind == "guest":  # the chair and secretary choices name guests: shown as saved
            extra = [("minutes/recording/_people_oob.html", _people(load_context(request, pk)))]
        return _autosaved(request, kind, item_id, form, original=original, extra=extra)
    if not request.htmx:
        messages.success(request, _("Đã lưu %(what)s.") % {"what": LABELS[kind]})
        return redirect(editor_url(pk, f"{kind}-{item_id}"))
    context = load_context(request, pk)
    row = find_row(context, kind, item_id)
    extra = [("minutes/recording/_people_oob.html", _people(context))] if kind == "guest" else []
    return _row_response(request, context, row, extra=extra)


def _autosaved(request, kind, item_id, form, *, original: str = "", extra=None) -> HttpResponse:
    """The answer to an autosave: out-of-band pieces only, the form's fields left alone.

    Saved: the status with the time and the new `original` (the next save
    starts from what was just stored). Refused: each error beside its field and
    the status says nothing was saved.
    """
    response = render_fragments(
        request,
        [
            (
                "minutes/recording/_item_autosaved.html",
                {
                    "form": form,
                    "kind": kind,
                    "item_id": item_id,
                    "original": original,
                    "saved_at": saved_at() if original else "",
                },
            ),
            *(extra or []),
        ],
    )
    response["HX-Reswap"] = "none"
    if original:
        response["HX-Trigger"] = "rec:saved"
    return response


@recording_view
def item_show(request: HttpRequest, pk: int, kind: str, item_id: int) -> HttpResponse:
    """An item as displayed (htmx: after "Thôi" in its edit form or delete confirmation)."""
    _check_kind(kind)
    context = load_context(request, pk)
    row = find_row(context, kind, item_id)
    if not request.htmx:
        return redirect(editor_url(pk, f"{kind}-{item_id}"))
    if row is None:
        return HttpResponse("")
    return _row_response(request, context, row)


# --- delete, after a confirmation


@recording_view
def item_delete(request: HttpRequest, pk: int, kind: str, item_id: int) -> HttpResponse:
    _check_kind(kind)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    context = load_context(request, pk)
    row = find_row(context, kind, item_id)
    if request.method == "GET":
        if row is None:
            raise Http404
        data = {**_common(context), "row": row, "kind": kind, "label": LABELS[kind]}
        if kind == "guest":
            data["uses"] = services.guest_uses(context.meeting, row.item)
        template = (
            "minutes/recording/_delete_confirm.html"
            if request.htmx
            else "minutes/recording/delete_page.html"
        )
        return render(request, template, data)
    try:
        services.delete_item(meeting=context.meeting, kind=kind, item_id=item_id, by=request.user)
    except ValidationError as error:
        if not request.htmx:
            messages.error(request, " ".join(error.messages))
            return redirect(editor_url(pk, f"{kind}-{item_id}"))
        response = render_fragments(
            request,
            [
                (
                    "minutes/recording/_list_item.html",
                    {**_common(context), "row": row, "error": " ".join(error.messages)},
                )
            ],
        )
        response["HX-Retarget"] = f"#{kind}-{item_id}"
        response["HX-Reswap"] = "outerHTML"
        return response
    if not request.htmx:
        messages.success(request, _("Đã xóa %(what)s.") % {"what": LABELS[kind]})
        anchor = f"sec-{'shortcoming' if kind == 'action' else kind}"
        return redirect(editor_url(pk, anchor))
    context = load_context(request, pk)
    parts = _after_change(context, kind if kind != "action" else "shortcoming")
    return render_fragments(request, parts)


# --- reorder


@require_POST
@recording_view
def item_move(request: HttpRequest, pk: int, kind: str, item_id: int) -> HttpResponse:
    _check_kind(kind)
    if kind not in ORDERED_KINDS:
        raise Http404
    direction = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if direction is None:
        return HttpResponse(_("Hướng di chuyển không hợp lệ."), status=400)
    context = load_context(request, pk)
    moved = services.move_item(
        meeting=context.meeting, kind=kind, item_id=item_id, direction=direction, by=request.user
    )
    if not request.htmx:
        return redirect(editor_url(pk, f"{kind}-{item_id}"))
    context = load_context(request, pk)
    response = render_fragments(request, _after_change(context, kind))
    if moved:
        response["HX-Trigger"] = json.dumps(
            {"recording:moved": {"id": f"{kind}-{item_id}", "direction": direction}}
        )
    return response
