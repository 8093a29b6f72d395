"""The editor's Python-built HTML: the same markup as Django's own, and always escaped."""

from __future__ import annotations

import pytest
from django.test.html import parse_html

from minutes.forms.recording import ITEM_FORMS, ClosingForm, DetailsForm, EditorContext, RolesForm
from minutes.models import CommitteeSettings
from minutes.templatetags.recording import fast_widget
from minutes.views.recording import fragments
from tests.factories import meeting_with_parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_context(db):
    meeting = meeting_with_parts(members=3, guests=2)
    return EditorContext(meeting=meeting, settings=CommitteeSettings.defaults())


def all_forms(editor_context, data=None):
    meeting = editor_context.meeting
    forms = [
        cls(data, context=editor_context)
        if data is not None
        else cls(initial=cls.initial_from(meeting), context=editor_context)
        for cls in (DetailsForm, RolesForm, ClosingForm)
    ]
    for cls in ITEM_FORMS.values():
        forms.append(
            cls(data, context=editor_context) if data is not None else cls(context=editor_context)
        )
    return forms


@pytest.mark.parametrize("bound", [False, True])
def test_fast_widgets_render_what_django_renders(editor_context, bound):
    data = None
    if bound:
        data = {}
        for form in all_forms(editor_context):
            for name in form.fields:
                data[form.add_prefix(name)] = "<b>\"x\" & 'y'</b>"
        data["details-kind"] = "thematic"
        data["roles-chair"] = str(editor_context.members[0].pk)
        data["closing-minutes_read_back"] = "on"
    for form in all_forms(editor_context, data):
        if bound:
            form.is_valid()
        for bound_field in form:
            ours = parse_html(str(fast_widget(bound_field)))
            theirs = parse_html(str(bound_field.as_widget()))
            assert ours == theirs, f"{form.prefix}-{bound_field.name}"


def test_member_text_in_items_is_escaped(editor_context):
    from minutes.views.recording.common import item_rows

    turn = editor_context.meeting.speaking_turns.first()
    turn.gist = "<script>alert(1)</script>\nDòng hai"
    rows = item_rows(editor_context, "turn")
    rows[0].item = turn
    html = str(fragments.list_item(rows[0]))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Dòng hai" in html


def test_escape_matches_django(editor_context):
    from django.utils.html import escape

    for text in ["<a href='x'>\"&", "Hòa", "", "\u202e"]:
        assert fragments.esc(text) == escape(text)
    assert fragments.esc(escape("<b>")) == "&lt;b&gt;"  # already safe: not escaped twice
