"""Template access for the recording area: the home panel and the meeting page buttons."""

from __future__ import annotations

from django import forms, template
from django.dispatch import receiver
from django.test.signals import setting_changed
from django.utils.safestring import SafeString, mark_safe

from members.access import can_record, cells_with_role, meetings_visible_to
from members.models import Role
from minutes.models import MinutesStatus

register = template.Library()

PANEL_CELLS = 50
PANEL_MEETINGS = 10


@register.inclusion_tag("minutes/recording/_home_panel.html", takes_context=True)
def recording_home_panel(context) -> dict:
    """The user's cells (where they record) and the minutes waiting for them: drafts, returned."""
    request = context["request"]
    user = request.user
    cells = list(cells_with_role(user, Role.RECORDER).order_by("name")[: PANEL_CELLS + 1])
    if not cells:
        return {"cells": [], "request": request}
    waiting = list(
        meetings_visible_to(user)
        .current()
        .filter(
            cell__in=[c.pk for c in cells[:PANEL_CELLS]],
            status__in=MinutesStatus.editable_states,
        )
        .select_related("cell")
        .order_by("-date", "-start_time", "-pk")[: PANEL_MEETINGS + 1]
    )
    return {
        "request": request,
        "cells": cells[:PANEL_CELLS],
        "more_cells": len(cells) > PANEL_CELLS,
        "waiting": waiting[:PANEL_MEETINGS],
        "more_waiting": len(waiting) > PANEL_MEETINGS,
        "returned": MinutesStatus.RETURNED,
    }


@register.simple_tag(takes_context=True)
def recording_actions(context, meeting) -> dict[str, bool]:
    """Which recording buttons the meeting page shows: only to recorders, only while editable."""
    user = context["request"].user
    editable = meeting.is_editable and meeting.superseded_at is None
    allowed = editable and can_record(user, meeting.cell)
    return {"edit": allowed, "preview": allowed}


# --- widgets rendered in Python
#
# Django renders each widget through its template engine, about half a
# millisecond apiece; the editor shows some sixty of them, so that alone would
# eat the page's time budget. These widgets are simple enough to write out
# here, with exactly the markup of Django's own templates (a test compares the
# two for every field of the editor); anything else goes to Django.

_FAST_WIDGETS = {
    forms.TextInput,
    forms.NumberInput,
    forms.DateInput,
    forms.TimeInput,
    forms.HiddenInput,
    forms.Textarea,
    forms.Select,
    forms.CheckboxInput,
}


def _attrs(attrs: dict) -> str:
    from minutes.views.recording.fragments import esc

    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {esc(name)}")
        else:
            out.append(f' {esc(name)}="{esc(value)}"')
    return "".join(out)


def _option(option: dict) -> str:
    from minutes.views.recording.fragments import esc

    return (
        f'<option value="{esc(option["value"])}"{_attrs(option["attrs"])}>'
        f"{esc(option['label'])}</option>"
    )


@register.filter
def fast_widget(bound_field) -> SafeString:
    """`{{ field }}` for the common widgets, without a template render per widget."""
    from minutes.views.recording.fragments import esc

    widget = bound_field.field.widget
    if type(widget) not in _FAST_WIDGETS or bound_field.field.localize:
        return bound_field.as_widget()
    attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    context = widget.get_context(bound_field.html_name, bound_field.value(), attrs)["widget"]
    name = esc(context["name"])
    attributes = _attrs(context["attrs"])
    if isinstance(widget, forms.Textarea):
        value = esc(context["value"]) if context["value"] else ""
        html = f'<textarea name="{name}"{attributes}>\n{value}</textarea>'
    elif isinstance(widget, forms.Select):
        parts = [f'<select name="{name}"{attributes}>']
        for group_name, group_choices, _index in context["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{esc(group_name)}">')
            parts.extend("\n  " + _option(option) for option in group_choices)
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        html = "".join(parts)
    else:
        value = context["value"]
        value_attr = f' value="{esc(value)}"' if value is not None else ""
        html = f'<input type="{esc(context["type"])}" name="{name}"{value_attr}{attributes}>'
    return mark_safe(html)  # safe: every value above went through esc()


# --- the editor's repeated pieces (see minutes.views.recording.fragments)


@register.simple_tag
def rec_field(bound_field, oob=False) -> SafeString:
    from minutes.views.recording import fragments

    return fragments.field(bound_field, oob=oob)


@register.simple_tag
def rec_form_fields(form) -> SafeString:
    from minutes.views.recording import fragments

    return fragments.form_fields(form)


# Blank add forms are the same for every meeting (the same fields, ids, labels and
# choices); only the meeting's number in two URLs and the CSRF token differ. Each is
# built once per language and process, with markers for those, instead of on every
# page: forms are the costliest part of the editor to build.
_BLANK_FORMS: dict[tuple[str, str], str] = {}
_PK_MARK = 987654321
_TOKEN_MARK = "RECORDING-CSRF-TOKEN-MARK"


@receiver(setting_changed)
def _forget_built_forms(*, setting: str, **kwargs) -> None:
    """Tests that switch translations (LOCALE_PATHS, languages) must not see stale words."""
    if setting in ("LOCALE_PATHS", "LANGUAGE_CODE", "LANGUAGES"):
        from minutes.views.recording import fragments

        _BLANK_FORMS.clear()
        fragments._labels.cache_clear()


def _blank_add_form(kind: str) -> str:
    from django.urls import reverse
    from django.utils.translation import get_language

    from minutes.forms.recording import ITEM_FORMS
    from minutes.views.recording import fragments

    key = (kind, get_language() or "")
    html = _BLANK_FORMS.get(key)
    if html is None:
        html = str(
            fragments.add_form(
                kind=kind,
                form=ITEM_FORMS[kind](context=None),
                action_url=reverse("recording_item_add", args=[_PK_MARK, kind]),
                target=f"#list-{kind}",
                csrf_input=f'<input type="hidden" name="csrfmiddlewaretoken" value="{_TOKEN_MARK}">',
                meeting_pk=_PK_MARK,
            )
        )
        _BLANK_FORMS[key] = html
    return html


@register.simple_tag(takes_context=True)
def rec_add_form(context, kind, form, shortcoming=None, oob=False, focus_first=False, readd=""):
    """The add form of a list (see fragments.add_form); the list is `#list-<kind>`.

    `form` None means a blank form for a list of the meeting (served from the cache).
    """
    from django.middleware.csrf import get_token
    from django.urls import reverse

    from minutes.views.recording import fragments

    meeting = context["meeting"]
    token = fragments.esc(get_token(context["request"]))
    if form is None and kind != "action" and not (oob or focus_first or readd):
        html = _blank_add_form(kind)
        html = html.replace(f"/{_PK_MARK}/", f"/{meeting.pk}/").replace(_TOKEN_MARK, token)
        return mark_safe(html)  # safe: built by fragments.add_form, only numbers and a token added
    if kind == "action":
        action_url = reverse("recording_action_add", args=[meeting.pk, shortcoming.pk])
        target = f"#list-action-{shortcoming.pk}"
    else:
        action_url = reverse("recording_item_add", args=[meeting.pk, kind])
        target = f"#list-{kind}"
    ctx = context.get("ctx")
    if form is None:
        from minutes.forms.recording import ITEM_FORMS

        form = ITEM_FORMS[kind](context=ctx)
    return fragments.add_form(
        kind=kind,
        form=form,
        action_url=action_url,
        target=target,
        csrf_input=f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">',
        meeting_pk=meeting.pk,
        denominator=ctx.denominator if ctx is not None else None,
        oob=bool(oob),
        focus_first=bool(focus_first),
        readd=str(readd or ""),
    )


@register.simple_tag(takes_context=True)
def rec_decision_outcome_box(context, form) -> SafeString:
    from minutes.views.recording import fragments

    ctx = context.get("ctx")
    return fragments._safe(
        fragments.decision_outcome_box(
            form, context["meeting"].pk, ctx.denominator if ctx is not None else None
        )
    )


@register.simple_tag
def rec_visible_fields(form) -> SafeString:
    from minutes.views.recording import fragments

    return fragments.visible_fields(form)


@register.simple_tag
def rec_hidden_fields(form) -> SafeString:
    from minutes.views.recording import fragments

    return fragments.hidden_fields(form)


@register.simple_tag
def rec_form_errors(form) -> SafeString:
    from minutes.views.recording import fragments

    return fragments.form_errors(form)


@register.simple_tag
def rec_items(rows, denominator=None, editable=True) -> SafeString:
    from minutes.views.recording import fragments

    words = fragments.labels()
    return mark_safe(  # safe: each item escapes its own values
        "".join(
            fragments.list_item(row, editable=editable, denominator=denominator, words=words)
            for row in rows
        )
    )


@register.simple_tag
def rec_item(row, denominator=None, editable=True, error="") -> SafeString:
    from minutes.views.recording import fragments

    return fragments.list_item(row, editable=editable, error=error, denominator=denominator)


@register.simple_tag
def rec_outcome(outcome, denominator) -> SafeString:
    from minutes.views.recording import fragments

    return fragments.outcome(outcome, denominator)


@register.simple_tag
def rec_attendance_rows(rows, meeting_pk) -> SafeString:
    from django.urls import reverse

    from minutes.views.recording import fragments

    placeholder = 987654321
    pattern = reverse("recording_attendance_row", args=[meeting_pk, placeholder])
    words = fragments.labels()
    return mark_safe(  # safe: each row is built with format_html
        "".join(
            fragments.attendance_row(
                row, pattern.replace(f"/{placeholder}/", f"/{row['person'].pk}/", 1), words
            )
            for row in rows
        )
    )


@register.simple_tag
def rec_people_datalists(present, members, oob=False) -> SafeString:
    """Name lists the browser suggests from when JavaScript is off (typing a person)."""
    from minutes.views.recording.fragments import esc

    swap = ' hx-swap-oob="true"' if oob else ""
    out = []
    for list_id, people in (("people-present", present), ("people-members", members)):
        options = "".join(f'<option value="{esc(p.full_name)}"></option>' for p in people)
        out.append(f'<datalist id="{list_id}"{swap}>{options}</datalist>')
    return mark_safe("".join(out))  # safe: names escaped above
