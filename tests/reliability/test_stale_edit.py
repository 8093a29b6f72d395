"""An item edit is saved only with the version token the server issued with the form.

Found by probing: a POST to `/meetings/<pk>/edit/turn/<id>/` carrying only
`turn-<id>-gist`, without the hidden `original` field, overwrote the item
whatever had happened to it since. Every item kind is checked here the way a
browser posts the edit page: every field the page renders, the token included,
with one text changed.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from members.models import Role
from minutes.services import recording as services
from minutes.services.recording import ITEMS, add_item, add_shortcoming
from tests.factories import UserFactory, grant, meeting_with_parts

pytestmark = pytest.mark.django_db

CONFLICT = "Người khác vừa sửa mục này trong lúc bạn sửa."
# The text field changed in each kind's edit form.
TEXT_FIELD = {
    "agenda": "title",
    "guest": "full_name",
    "report": "summary",
    "turn": "gist",
    "shortcoming": "text",
    "action": "text",
    "directive": "text",
    "decision": "text",
}


class FormParser(HTMLParser):
    """The forms of a page as a browser would submit them: action, method and fields.

    Each field is (name, value, kind): `kind` is the input type, "textarea",
    "select", or "picker" for a text input with a list of choices. Unchecked boxes and buttons are left out, as browsers do.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._textarea: list | None = None
        self._select: list | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = {
                "action": a.get("action", ""),
                "method": a.get("method", "get").lower(),
                "enctype": a.get("enctype", ""),
                "fields": [],
            }
            self.forms.append(self._form)
        elif self._form is None or ("name" not in a and tag != "option"):
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if "list" in a:
                kind = "picker"  # a name chosen from a list (people, catalogues)
            if kind in ("submit", "button", "reset", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                # Kept with value None: the field exists (for the fuzz) but is not sent.
                self._form["fields"].append((a["name"], None, kind))
                return
            self._form["fields"].append(
                (a["name"], a.get("value", "on" if kind in ("checkbox", "radio") else ""), kind)
            )
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "select":
            self._select = [a["name"], None, None]  # name, first option, selected option
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in a:
                self._select[2] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None and self._form is not None:
            name, value = self._textarea
            # The HTML parser keeps the newline that follows <textarea>; browsers drop it.
            self._form["fields"].append((name, value.removeprefix("\n"), "textarea"))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, first, chosen = self._select
            value = chosen if chosen is not None else first
            self._form["fields"].append((name, value or "", "select"))
            self._select = None
        elif tag == "form":
            self._form = None


def page_forms(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def form_with(html: str, field: str) -> dict:
    """The one form of the page that has `field`."""
    (form,) = [f for f in page_forms(html) if any(n == field for n, *_ in f["fields"])]
    return form


def submitted(form: dict) -> dict[str, str | list[str]]:
    """What a browser sends for `form` untouched."""
    data: dict[str, list[str]] = {}
    for name, value, _kind in form["fields"]:
        if value is not None:
            data.setdefault(name, []).append(value)
    return {k: v[0] if len(v) == 1 else v for k, v in data.items()}


@pytest.fixture
def meeting(db):
    meeting = meeting_with_parts(members=4, turns=2, directives=1, decisions=1, guests=1)
    add_item(
        meeting=meeting,
        kind="report",
        values={"title": "Báo cáo tháng", "summary": "Tóm tắt."},
        by=None,
    )
    add_shortcoming(
        meeting=meeting,
        values={"subject": "cell", "text": "Tồn tại", "tags": []},
        action={"text": "Biện pháp", "owner_name": "Chi ủy"},
        by=None,
    )
    return meeting


@pytest.fixture
def recorder_client(client, meeting):
    user = UserFactory(username="stale-recorder")
    grant(user, meeting.cell, Role.RECORDER)
    client.force_login(user)
    return client


def first_item(meeting, kind):
    return services.item_queryset(meeting, kind).order_by("pk").first()


def edit_form(client, meeting, kind, item) -> tuple[str, dict]:
    """The edit page's form, as the browser would post it, with one text changed."""
    url = reverse("recording_item_edit", args=[meeting.pk, kind, item.pk])
    page = client.get(url)
    assert page.status_code == 200
    prefix = f"{kind}-{item.pk}"
    data = submitted(form_with(page.content.decode(), f"{prefix}-original"))
    data[f"{prefix}-{TEXT_FIELD[kind]}"] = "Nội dung tôi vừa sửa"
    return url, data


def stored_text(meeting, kind, item) -> str:
    return getattr(services.item_queryset(meeting, kind).get(pk=item.pk), TEXT_FIELD[kind])


KINDS = sorted(ITEMS)


def test_every_item_kind_is_covered():
    assert set(TEXT_FIELD) == set(ITEMS)


@pytest.mark.parametrize("kind", KINDS)
def test_the_edit_page_carries_the_token_and_saves_with_it(recorder_client, meeting, kind):
    item = first_item(meeting, kind)
    url, data = edit_form(recorder_client, meeting, kind, item)
    token = json.loads(data[f"{kind}-{item.pk}-original"])
    assert token == services.snapshot(item, kind)
    response = recorder_client.post(url, data)
    assert response.status_code == 302
    assert stored_text(meeting, kind, item) == "Nội dung tôi vừa sửa"


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("kind", KINDS)
def test_an_edit_without_the_token_is_a_conflict_and_changes_nothing(
    recorder_client, meeting, kind, htmx
):
    item = first_item(meeting, kind)
    before = stored_text(meeting, kind, item)
    url, data = edit_form(recorder_client, meeting, kind, item)
    del data[f"{kind}-{item.pk}-original"]
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = recorder_client.post(url, data, **extra)
    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page
    assert "Nội dung tôi vừa sửa" in page  # what was typed is kept
    assert stored_text(meeting, kind, item) == before
    # The answer carries the token of the item as it is now: saving again, knowingly, works.
    again = submitted(form_with(page, f"{kind}-{item.pk}-original"))
    assert json.loads(again[f"{kind}-{item.pk}-original"]) == services.snapshot(item, kind)
    assert recorder_client.post(url, again).status_code == 302
    assert stored_text(meeting, kind, item) == "Nội dung tôi vừa sửa"


def test_the_probe_the_fields_without_the_token(recorder_client, meeting):
    """The probe: `/meetings/<pk>/edit/turn/<id>/` with the typed fields and no `original`.

    (With only `turn-<id>-gist` the form already refuses: the speaker is required.)
    """
    turn = first_item(meeting, "turn")
    url = reverse("recording_item_edit", args=[meeting.pk, "turn", turn.pk])
    response = recorder_client.post(
        url, {f"turn-{turn.pk}-speaker": turn.speaker.full_name, f"turn-{turn.pk}-gist": "Ghi đè"}
    )
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    turn.refresh_from_db()
    assert turn.gist == "Ý kiến số 1."


@pytest.mark.parametrize(
    "token",
    ["{not json", "[]", "{}", '{"gist": 1}', '"x"', "null", "[" * 50_000],
    ids=["not-json", "list", "empty", "not-strings", "string", "null", "deep"],
)
def test_a_malformed_token_is_a_conflict(recorder_client, meeting, token):
    turn = first_item(meeting, "turn")
    url, data = edit_form(recorder_client, meeting, "turn", turn)
    data[f"turn-{turn.pk}-original"] = token
    response = recorder_client.post(url, data)
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    assert stored_text(meeting, "turn", turn) == "Ý kiến số 1."


@pytest.mark.parametrize("kind", KINDS)
def test_an_old_token_is_a_conflict_that_names_the_other_change(recorder_client, meeting, kind):
    item = first_item(meeting, kind)
    url, data = edit_form(recorder_client, meeting, kind, item)
    field = TEXT_FIELD[kind]
    services.item_queryset(meeting, kind).filter(pk=item.pk).update(**{field: "Người khác đã sửa"})
    response = recorder_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page
    assert "→ “Người khác đã sửa”" in page
    assert stored_text(meeting, kind, item) == "Người khác đã sửa"


def test_a_token_with_a_nul_byte_is_refused(recorder_client, meeting):
    """Django's text fields refuse NUL before the token is read: a form error, nothing saved."""
    turn = first_item(meeting, "turn")
    url, data = edit_form(recorder_client, meeting, "turn", turn)
    data[f"turn-{turn.pk}-original"] = "\x00"
    assert recorder_client.post(url, data).status_code == 200
    assert stored_text(meeting, "turn", turn) == "Ý kiến số 1."


def test_the_meeting_sections_refuse_a_post_without_their_revision(recorder_client, meeting):
    """The meeting-level forms carry `revision`, required: no hole there."""
    for section in ("details", "roles", "closing"):
        url = reverse("recording_meeting_fields", args=[meeting.pk, section])
        before = meeting.revision
        page = recorder_client.post(url, {f"{section}-place": "Ghi đè"}).content.decode()
        assert "Biểu mẫu không còn hợp lệ; hãy tải lại trang." in page
        meeting.refresh_from_db()
        assert meeting.revision == before


def test_the_service_refuses_an_update_without_a_whole_token(meeting):
    """The one way in checks it too: scripts and future views cannot skip the token."""
    turn = first_item(meeting, "turn")
    for original in (None, {}, {"gist": turn.gist}):
        with pytest.raises(services.ConflictError) as caught:
            services.update_item(
                meeting=meeting,
                kind="turn",
                item_id=turn.pk,
                values={"speaker": None, "gist": "Ghi đè"},
                original=original,
                by=None,
            )
        assert caught.value.current == services.snapshot(turn, "turn")
    assert stored_text(meeting, "turn", turn) == "Ý kiến số 1."
