"""HTML of the editor's repeated pieces — fields, list items, attendance rows — built in Python.

The editor of a real meeting shows some 150 of these (the seed meeting: 15
attendance rows, 19 speaking turns, 12 shortcomings with their actions, ten
forms). Through the template engine each costs about 0.2 ms, and through
`format_html` still about 0.05 ms, which would take the page past its 25 ms
budget; written out here with plain string formatting they cost a few
microseconds. The page structure stays in templates, which call these through
the `recording` template tags; htmx fragments use the same functions, so a
piece looks the same however it reaches the page.

The one rule of this module: every value that is not a literal written here
goes through `esc()` (or is a SafeString built by this module).
"""

from __future__ import annotations

import html
from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _


def esc(value) -> str:
    """Escape like Django's `escape`, keeping what is already safe (it has `__html__`)."""
    if type(value) is str:  # the common case, first: plain text from the database
        return html.escape(value, quote=True)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value), quote=True)


def lines(text: str) -> str:
    """`linebreaksbr`: escaped text with its line breaks kept."""
    return esc(normalize_newlines(text or "")).replace("\n", "<br>")


def _safe(text: str) -> SafeString:
    return mark_safe(text)  # safe: built from esc()'d values and literals only


@lru_cache(maxsize=8)
def _labels(language: str) -> dict[str, str]:
    """The interface words of these pieces, translated and escaped once per language."""
    words = {
        "unknown_speaker": _("Chưa rõ người phát biểu"),
        "adopted": _("Được thông qua"),
        "not_adopted": _("Không được thông qua"),
        "denominator": _("Mẫu số:"),
        "compared": _("Đối chiếu:"),
        "causes": _("Nguyên nhân:"),
        "responsibility": _("Trách nhiệm:"),
        "actions": _("Biện pháp khắc phục"),
        "add_action": _("+ Thêm biện pháp khắc phục"),
        "up": _("Chuyển lên trên"),
        "down": _("Chuyển xuống dưới"),
        "group": _("Thao tác với mục này"),
        "edit": _("Sửa"),
        "delete": _("Xóa"),
        "reason": _("Lý do vắng"),
    }
    return {key: esc(value) for key, value in words.items()}


def labels() -> dict[str, str]:
    return _labels(get_language() or "vi")


# --- form fields


def field(bound_field, *, oob: bool = False) -> SafeString:
    """A labelled field with its error and help texts (ids the autosave answers target)."""
    from minutes.templatetags.recording import fast_widget

    f = bound_field.field
    auto_id = esc(bound_field.auto_id)
    swap = ' hx-swap-oob="true"' if oob else ""
    out = [f'<div class="{esc(getattr(f, "col", "col-12"))} rec-field" id="field-{auto_id}"{swap}>']
    group = getattr(f, "group_start", "")
    if group:
        out.append(f'<p class="rec-group-title">{esc(group)}</p>')
    widget = fast_widget(bound_field)
    label_for = esc(bound_field.id_for_label)
    if bound_field.widget_type == "checkbox":
        out.append(
            f'<div class="form-check">{widget} <label class="form-check-label" '
            f'for="{label_for}">{esc(bound_field.label)}</label></div>'
        )
    else:
        required = '<span class="text-danger" aria-hidden="true"> *</span>' if f.required else ""
        out.append(
            f'<label class="form-label" for="{label_for}">{esc(bound_field.label)}{required}</label>'
        )
        out.append(
            f'<div class="rec-picker">{widget}</div>' if getattr(f, "person_picker", "") else widget
        )
    errors = " ".join(esc(e) for e in bound_field.errors) if bound_field.form.is_bound else ""
    out.append(f'<div class="invalid-feedback d-block" id="{auto_id}-error">{errors}</div>')
    if bound_field.help_text:
        out.append(f'<div class="form-text" id="{auto_id}-help">{esc(bound_field.help_text)}</div>')
    out.append("</div>")
    return _safe("".join(out))


def form_errors(form) -> SafeString:
    """The errors not tied to a visible field: non-field errors and those of hidden fields."""
    errors = [*form.non_field_errors(), *form.hidden_errors] if form.is_bound else []
    if not errors:
        return _safe("")
    items = "".join(f"<div>{esc(error)}</div>" for error in errors)
    return _safe(f'<div class="alert alert-danger py-2" role="alert">{items}</div>')


def visible_fields(form) -> SafeString:
    return _safe("".join(field(bound) for bound in form.visible_fields()))


def hidden_fields(form) -> SafeString:
    from minutes.templatetags.recording import fast_widget

    return _safe("".join(fast_widget(bound) for bound in form.hidden_fields()))


def form_fields(form) -> SafeString:
    """Hidden fields, then the errors, then the visible fields in a grid."""
    from minutes.templatetags.recording import fast_widget

    hidden = "".join(fast_widget(bound) for bound in form.hidden_fields())
    visible = "".join(field(bound) for bound in form.visible_fields())
    return _safe(f'{hidden}{form_errors(form)}<div class="row g-2">{visible}</div>')


def decision_outcome_box(form, meeting_pk: int, denominator) -> str:
    """Under a decision form: the outcome of the votes as typed, refreshed while typing."""
    from django.urls import reverse

    url = f"{reverse('recording_decision_outcome', args=[meeting_pk])}?prefix={form.prefix}"
    current = outcome(form.outcome(), denominator) if form.is_bound else ""
    return (
        f'<div class="rec-outcome mt-1" id="outcome-{esc(form.prefix)}" aria-live="polite" '
        f'hx-get="{esc(url)}" hx-trigger="input delay:400ms from:closest form, change from:closest '
        f'form" hx-target="this" hx-swap="innerHTML" hx-include="closest form" '
        f'hx-params="not csrfmiddlewaretoken">{current}</div>'
    )


ADD_BUTTONS = {
    "turn": gettext_lazy("Thêm lượt phát biểu"),
    "guest": gettext_lazy("Thêm đại biểu"),
    "action": gettext_lazy("Thêm biện pháp"),
}
QUICK_ADD = {"turn", "directive", "shortcoming"}


def add_form(
    *,
    kind: str,
    form,
    action_url: str,
    target: str,
    csrf_input: str,
    meeting_pk: int,
    denominator=None,
    oob: bool = False,
    focus_first: bool = False,
    readd: str = "",
) -> SafeString:
    """The form that appends an item to a list (`target`); with htmx the new item lands there."""
    url = esc(action_url)
    extra = (' hx-swap-oob="true"' if oob else "") + (
        ' data-focus-first="1"' if focus_first else ""
    )
    readd_input = f'<input type="hidden" name="readd" value="{esc(readd)}">' if readd else ""
    outcome_box = decision_outcome_box(form, meeting_pk, denominator) if kind == "decision" else ""
    hint = (
        f'<span class="form-text">{esc(_("Ctrl+Enter trong ô văn bản để thêm nhanh."))}</span>'
        if kind in QUICK_ADD
        else ""
    )
    button = esc(ADD_BUTTONS.get(kind) or _("Thêm"))
    return _safe(
        f'<form id="form-{esc(form.prefix)}" class="rec-add-form" method="post" action="{url}" '
        f'novalidate hx-post="{url}" hx-target="{esc(target)}" hx-swap="beforeend"{extra}>'
        f"{csrf_input}{readd_input}{form_fields(form)}{outcome_box}"
        f'<div class="mt-2 d-flex gap-2 align-items-center">'
        f'<button type="submit" class="btn btn-primary btn-sm">{button}</button>{hint}</div></form>'
    )


# --- the outcome of a vote


def outcome(result, denominator, words=None) -> SafeString:
    if result is None:
        return _safe("")
    if result.errors:
        errors = "".join(f"<div>{esc(e)}</div>" for e in result.errors)
        return _safe(f'<div class="text-danger small">{errors}</div>')
    words = words or labels()
    sentence = _("%(f)s/%(d)s đồng chí tán thành; cần %(rule)s số đảng viên chính thức.") % {
        "f": result.votes_for,
        "d": result.denominator,
        "rule": result.rule.label,
    }
    badge, verdict = (
        ("text-bg-success", words["adopted"])
        if result.adopted
        else ("text-bg-warning", words["not_adopted"])
    )
    return _safe(
        f'<div class="small"><span class="badge {badge}">{verdict}</span> {esc(sentence)} '
        f'<span class="text-body-secondary">{words["denominator"]} '
        f"{esc(denominator.explain())}.</span></div>"
    )


# --- list items


def _badge(text) -> str:
    return f'<span class="badge text-bg-light border">{esc(text)}</span>'


def _secondary(text) -> str:
    return f'<span class="text-body-secondary">{esc(text)}</span>'


def _body(row, denominator, editable: bool, words: dict[str, str]) -> str:
    kind, item, person = row.kind, row.item, row.person
    if kind == "turn":
        name = esc(person.full_name) if person else words["unknown_speaker"]
        return f"<strong>{name}:</strong> {lines(item.gist)}"
    if kind == "agenda":
        return esc(item.title)
    if kind == "guest":
        title = f" – {esc(item.title)}" if item.title else ""
        organization = f", {esc(item.organization)}" if item.organization else ""
        return f"<strong>{esc(item.full_name)}</strong>{title}{organization}"
    if kind == "report":
        presenter = (
            " – " + esc(_("đồng chí %(name)s trình bày") % {"name": person.full_name})
            if person
            else ""
        )
        summary = f"<div>{lines(item.summary)}</div>" if item.summary else ""
        return f"<strong>{esc(item.title)}</strong>{presenter}{summary}"
    if kind == "directive":
        giver = " " + _secondary(f"({person.full_name})") if person else ""
        return (
            f'<strong id="ordinal-directive-{item.pk}">{esc(row.ordinal)},</strong> '
            f"{lines(item.text)}{giver}"
        )
    if kind == "decision":

        def votes(v):
            return "–" if v is None else v

        subject = " " + _secondary(f"({row.subject_name})") if row.subject_name else ""
        counts = _("Tán thành %(f)s, không tán thành %(a)s, ý kiến khác %(o)s.") % {
            "f": votes(item.votes_for),
            "a": votes(item.votes_against),
            "o": votes(item.votes_other),
        }
        return (
            f"<div>{_badge(item.get_kind_display())}{subject} {lines(item.text)}</div>"
            f'<div class="small">{esc(counts)}</div>'
            f'<div id="outcome-decision-{item.pk}" class="rec-outcome">'
            f"{outcome(row.outcome, denominator, words)}</div>"
        )
    if kind == "shortcoming":
        return _shortcoming_body(row, editable, words)
    if kind == "action":
        owner = item.owner_display
        details = []
        if owner:
            details.append(_("giao %(owner)s") % {"owner": owner})
        if item.deadline:
            details.append(_("hạn %(d)s") % {"d": item.deadline.strftime("%d/%m/%Y")})
        extra = " " + _secondary(f"({', '.join(details)})") if details else ""
        return f"{lines(item.text)}{extra}"
    raise ValueError(kind)


def _shortcoming_body(row, editable: bool, words: dict[str, str]) -> str:
    item = row.item
    subject = item.get_subject_display()
    if row.person:
        subject = f"{subject}: {row.person.full_name}"
    out = [f"<div>{_badge(subject)} {lines(item.text)}</div>"]
    if row.tags:
        tags = "".join(
            f'<span class="badge text-bg-secondary" title="{esc(tag.wording)}">{esc(tag.code)}</span> '
            for tag in row.tags
        )
        out.append(f'<div class="small">{words["compared"]} {tags}</div>')
    for key, text in (("causes", item.causes), ("responsibility", item.responsibility)):
        if text:
            out.append(f'<div class="small"><strong>{words[key]}</strong> {lines(text)}</div>')
    pk = item.pk
    actions = "".join(list_item(a, editable=editable, words=words) for a in row.actions)
    out.append(
        f'<div class="rec-actions-block"><h3 class="h6 mt-2 mb-1" id="h-actions-{pk}">'
        f'{words["actions"]}</h3><ul class="rec-list list-unstyled" id="list-action-{pk}" '
        f'aria-labelledby="h-actions-{pk}">{actions}</ul>'
    )
    if editable:
        url = esc(row.action_add_url)
        out.append(
            f'<a class="small" href="{url}" hx-get="{url}" hx-target="#action-slot-{pk}" '
            f'hx-swap="innerHTML">{words["add_action"]}</a><div id="action-slot-{pk}"></div>'
        )
    out.append("</div>")
    return "".join(out)


def _actions(row, words: dict[str, str]) -> str:
    move = ""
    if row.kind != "action":
        url = esc(row.move_url)
        move = (
            f'<button type="submit" form="rec-post" formaction="{url}" name="direction" value="up" '
            f'hx-post="{url}" hx-swap="none" class="btn btn-sm btn-outline-secondary rec-move '
            f'rec-move-up" aria-label="{words["up"]}" title="{words["up"]}">↑</button>'
            f'<button type="submit" form="rec-post" formaction="{url}" name="direction" '
            f'value="down" hx-post="{url}" hx-swap="none" class="btn btn-sm btn-outline-secondary '
            f'rec-move rec-move-down" aria-label="{words["down"]}" title="{words["down"]}">↓</button>'
        )
    edit, delete = esc(row.edit_url), esc(row.delete_url)
    return (
        f'<div class="rec-item-actions" role="group" aria-label="{words["group"]}">'
        f'<a class="btn btn-sm btn-outline-secondary" href="{edit}" hx-get="{edit}" '
        f'hx-target="closest li" hx-swap="outerHTML">{words["edit"]}</a>{move}'
        f'<a class="btn btn-sm btn-outline-danger" href="{delete}" hx-get="{delete}" '
        f'hx-target="closest .rec-item-actions" hx-swap="outerHTML">{words["delete"]}</a></div>'
    )


def list_item(
    row, *, editable: bool = True, error: str = "", denominator=None, words=None
) -> SafeString:
    """One item of a list: `<li id="<kind>-<pk>">` with its text and, if editable, its buttons."""
    words = words or labels()
    alert = (
        f'<div class="alert alert-danger py-1 px-2 my-1 small" role="alert">{esc(error)}</div>'
        if error
        else ""
    )
    return _safe(
        f'<li id="{esc(row.kind)}-{row.item.pk}" class="rec-item"><div class="rec-item-body">'
        f"{_body(row, denominator, editable, words)}</div>{alert}"
        f"{_actions(row, words) if editable else ''}</li>"
    )


# --- attendance


def attendance_row(row: dict, url: str, words=None) -> SafeString:
    """One member's attendance: status buttons, reason, what the row held, the row's note."""
    words = words or labels()
    person = row["person"]
    pk = person.pk
    name = esc(person.full_name)
    title = (
        f'<div class="small text-body-secondary">{esc(person.title)}</div>' if person.title else ""
    )
    badges = "".join(
        f'<span class="badge rec-badge-{esc(code)}">{esc(label)}</span> '
        for code, label in row["badges"]
    )
    if row["fixed"]:
        choice = _secondary(" ".join(str(label) for _v, label, _c in row["choices"]))
        hx = ""
    else:
        buttons = "".join(
            f'<input class="btn-check" type="radio" name="status-{pk}" id="status-{pk}-{esc(value)}" '
            f'value="{esc(value)}" autocomplete="off"{" checked" if checked else ""}>'
            f'<label class="btn rec-att-{esc(value)}" for="status-{pk}-{esc(value)}">{esc(label)}</label>'
            for value, label, checked in row["choices"]
        )
        legend = esc(_("Điểm danh đồng chí %(name)s") % {"name": person.full_name})
        choice = (
            f'<fieldset class="rec-att-choices"><legend class="visually-hidden">{legend}</legend>'
            f'<div class="btn-group btn-group-sm rec-att-group">{buttons}</div></fieldset>'
        )
        hx = f' hx-post="{esc(url)}" hx-trigger="change" hx-swap="none"'
    if row["reason_editable"]:
        value = row["posted_reason"] if row["posted_reason"] is not None else person.absence_reason
        label = esc(_("Lý do vắng của đồng chí %(name)s") % {"name": person.full_name})
        reason = (
            f'<div class="rec-reason"><label class="visually-hidden" for="reason-{pk}">{label}</label>'
            f'<input class="form-control form-control-sm" id="reason-{pk}" name="reason-{pk}" '
            f'value="{esc(value)}" maxlength="300" placeholder="{words["reason"]}" '
            f'aria-describedby="att-msg-{pk}"></div>'
        )
    elif person.absence_reason:
        reason = f'<span class="small">{esc(person.absence_reason)}</span>'
    else:
        reason = ""
    was = (
        ""
        if row["fixed"]
        else f'<input type="hidden" id="was-{pk}" name="was-{pk}" value="{esc(row["was"])}">'
    )
    error = row.get("error", "")
    return _safe(
        f'<tr id="att-{pk}"{hx} class="rec-att-row"><th scope="row" class="fw-normal">'
        f'<span class="fw-semibold">{name}</span>{title} {badges}</th><td>{choice}</td>'
        f'<td>{reason}{was}<div id="att-msg-{pk}" class="small{" text-danger" if error else ""}" '
        f'role="status">{esc(error)}</div></td></tr>'
    )
