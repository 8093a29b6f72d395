"""No input produces a server error: every field of every editor form, with hostile values.

Each test posts a valid form with one field replaced by each bad value, with
and without htmx. The answer is never a 5xx; what is refused comes back as a
form error; what is accepted is stored without its markup ever reaching the
page unescaped.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from members.models import Role
from minutes.models import Meeting, ParticipantRole, SpeakingTurn
from minutes.services.recording import add_shortcoming, snapshot
from tests.factories import UserFactory, grant, meeting_with_parts

pytestmark = pytest.mark.django_db

MARKUP = "<script>alert('x')</script><img src=x onerror=alert(1)>"
OVERLONG = "Ả" * 60_000
BAD_VALUES = [
    "",
    OVERLONG,
    MARKUP,
    "2022-13-45",
    "31/02/2022",
    "25:61",
    "-1",
    "99999999999999999999999999999",
    "1e5",
    "\x00",
    "\u202eRTL ' OR 1=1 --",
]
# Through htmx too: the fragments take other paths than the full pages.
HTMX_VALUES = {"", OVERLONG, MARKUP, "-1", "25:61"}


def token(item, kind: str) -> str:
    """The version token the edit page renders for `item` (its hidden `original` field)."""
    return json.dumps(snapshot(item, kind), ensure_ascii=False)


def _shortcoming(meeting):
    return meeting.shortcomings.first()


def forms_under_test(meeting):
    """(name, url, valid data) for every form of the recording area."""
    pk = meeting.pk
    member = meeting.participants.filter(role=ParticipantRole.MEMBER).first()
    turn = meeting.speaking_turns.first()
    decision = meeting.decisions.first()
    guest = meeting.participants.filter(role=ParticipantRole.GUEST).first()
    shortcoming = _shortcoming(meeting)
    action = shortcoming.actions.first()
    add = lambda kind: reverse("recording_item_add", args=[pk, kind])  # noqa: E731
    edit = lambda kind, item: reverse("recording_item_edit", args=[pk, kind, item.pk])  # noqa: E731
    fields = lambda prefix, **kw: {f"{prefix}-{k}": v for k, v in kw.items()}  # noqa: E731
    return [
        (
            "start",
            reverse("recording_start"),
            {
                "cell": meeting.cell.pk,
                "kind": "regular",
                "date": "2022-07-19",
                "start_time": "19:30",
                "place": "Hội trường",
                "topic": "Chủ đề",
                "legal_bases": "Nghị quyết",
                "agenda": "Một\nHai",
                "chair_member": member.member_id,
                "secretary_member": "",
                "campaign": "",
            },
        ),
        (
            "details",
            reverse("recording_meeting_fields", args=[pk, "details"]),
            fields(
                "details",
                revision=meeting.revision,
                kind="regular",
                date="2022-06-21",
                start_time="19:30",
                place="Hội trường",
                topic="Chủ đề",
                title_override="",
                legal_bases="",
                documents_used="",
            ),
        ),
        (
            "roles",
            reverse("recording_meeting_fields", args=[pk, "roles"]),
            fields("roles", revision=meeting.revision, chair=member.pk, secretary=guest.pk),
        ),
        (
            "closing",
            reverse("recording_meeting_fields", args=[pk, "closing"]),
            fields(
                "closing",
                revision=meeting.revision,
                conclusion="Kết luận",
                commendations="",
                reminders="",
                end_time="21:30",
                minutes_read_back="on",
                closing_votes_for="3",
                closing_votes_against="0",
                closing_votes_other="0",
            ),
        ),
        ("agenda", add("agenda"), fields("agenda-new", title="Nội dung")),
        (
            "guest",
            add("guest"),
            fields("guest-new", full_name="Lê Văn Khách", title="Phó Bí thư", organization="ĐU"),
        ),
        (
            "report",
            add("report"),
            fields("report-new", presenter="hoa 1", presenter_id="", title="Báo cáo", summary="x"),
        ),
        ("turn", add("turn"), fields("turn-new", speaker="hoa 2", speaker_id="", gist="Ý kiến")),
        (
            "shortcoming",
            add("shortcoming"),
            fields(
                "shortcoming-new",
                subject="member",
                subject_participant="hoa 3",
                subject_participant_id="",
                text="Tồn tại",
                tags="SD-TT-1",
                causes="Nguyên nhân",
                responsibility="Trách nhiệm",
                action_text="Khắc phục",
                action_owner="Chi ủy",
                action_owner_id="",
                action_deadline="2022-09-30",
            ),
        ),
        (
            "action",
            reverse("recording_action_add", args=[pk, shortcoming.pk]),
            fields(
                f"action-new-{shortcoming.pk}",
                text="Biện pháp",
                owner="hoa 1",
                owner_id="",
                deadline="2022-09-30",
            ),
        ),
        (
            "directive",
            add("directive"),
            fields("directive-new", given_by="duc", given_by_id="", text="Chỉ đạo"),
        ),
        (
            "decision",
            add("decision"),
            fields(
                "decision-new",
                decision_kind="ordinary",
                subject_person="",
                subject_person_id="",
                text="Thông qua",
                votes_for="3",
                votes_against="0",
                votes_other="0",
            ),
        ),
        (
            "turn-edit",
            edit("turn", turn),
            fields(
                f"turn-{turn.pk}",
                speaker="hoa 1",
                speaker_id="",
                gist="Sửa",
                original=token(turn, "turn"),
            ),
        ),
        (
            "guest-edit",
            edit("guest", guest),
            fields(
                f"guest-{guest.pk}",
                full_name="Lê Quang Đức 1",
                title="",
                organization="",
                original=token(guest, "guest"),
            ),
        ),
        (
            "decision-edit",
            edit("decision", decision),
            fields(
                f"decision-{decision.pk}",
                decision_kind="recognition",
                subject_person="hoa 2",
                subject_person_id="",
                text="Công nhận",
                votes_for="3",
                votes_against="",
                votes_other="",
                original=token(decision, "decision"),
            ),
        ),
        (
            "action-edit",
            edit("action", action),
            fields(
                f"action-{action.pk}",
                text="Sửa biện pháp",
                owner="",
                owner_id="",
                deadline="",
                original=token(action, "action"),
            ),
        ),
        (
            "attendance",
            reverse("recording_attendance", args=[pk]),
            {
                f"status-{member.pk}": "absent_excused",
                f"reason-{member.pk}": "Ốm",
                f"was-{member.pk}": "present|",
            },
        ),
        (
            "attendance-row",
            reverse("recording_attendance_row", args=[pk, member.pk]),
            {
                f"status-{member.pk}": "absent_excused",
                f"reason-{member.pk}": "Ốm",
                f"was-{member.pk}": "present|",
            },
        ),
        (
            "move",
            reverse("recording_item_move", args=[pk, "turn", turn.pk]),
            {"direction": "down"},
        ),
    ]


@pytest.fixture
def rich_meeting(db):
    meeting = meeting_with_parts(members=5, turns=2, directives=1, decisions=1, guests=1)
    add_shortcoming(
        meeting=meeting,
        values={"subject": "cell", "text": "Tồn tại", "tags": []},
        action={"text": "Biện pháp", "owner_name": "Chi ủy"},
        by=None,
    )
    return meeting


@pytest.fixture
def secretary_client(client, rich_meeting):
    """A recorder of the rich meeting's cell."""
    user = UserFactory(username="bad-input-secretary")
    grant(user, rich_meeting.cell, Role.RECORDER)
    client.force_login(user)
    return client


FIELDS = {
    "start": [
        "cell",
        "kind",
        "date",
        "start_time",
        "place",
        "topic",
        "legal_bases",
        "agenda",
        "chair_member",
        "secretary_member",
        "campaign",
    ],
    "details": [
        "revision",
        "kind",
        "date",
        "start_time",
        "place",
        "topic",
        "title_override",
        "legal_bases",
        "documents_used",
    ],
    "roles": ["revision", "chair", "secretary"],
    "closing": [
        "revision",
        "conclusion",
        "commendations",
        "reminders",
        "end_time",
        "minutes_read_back",
        "closing_votes_for",
        "closing_votes_against",
        "closing_votes_other",
    ],
    "agenda": ["title"],
    "guest": ["full_name", "title", "organization"],
    "report": ["presenter", "presenter_id", "title", "summary"],
    "turn": ["speaker", "speaker_id", "gist"],
    "shortcoming": [
        "subject",
        "subject_participant",
        "subject_participant_id",
        "text",
        "tags",
        "causes",
        "responsibility",
        "action_text",
        "action_owner",
        "action_owner_id",
        "action_deadline",
    ],
    "action": ["text", "owner", "owner_id", "deadline"],
    "directive": ["given_by", "given_by_id", "text"],
    "decision": [
        "decision_kind",
        "subject_person",
        "subject_person_id",
        "text",
        "votes_for",
        "votes_against",
        "votes_other",
    ],
    "turn-edit": ["speaker", "speaker_id", "gist", "original"],
    "guest-edit": ["full_name", "title", "organization"],
    "decision-edit": ["decision_kind", "subject_person", "text", "votes_for", "votes_against"],
    "action-edit": ["text", "owner", "deadline"],
    "attendance": ["status", "reason", "was"],
    "attendance-row": ["status", "reason", "was"],
    "move": ["direction"],
}
CASES = [(form, field) for form, names in FIELDS.items() for field in names]


def _key(data: dict, field: str) -> str:
    """The POST key of `field` in `data` (prefixed names, or status-<id> for attendance)."""
    for key in data:
        if key == field or key.endswith(f"-{field}") or key.startswith(f"{field}-"):
            return key
    raise KeyError(field)


def _assert_safe(response, label):
    assert response.status_code < 500, label
    body = response.content.decode(errors="replace")
    assert "<script>alert('x')</script>" not in body, label
    assert "<img src=x onerror" not in body, label


@pytest.mark.parametrize(("form_name", "field"), CASES, ids=[f"{f}.{n}" for f, n in CASES])
def test_hostile_values_never_break_a_form(secretary_client, rich_meeting, form_name, field):
    # The valid form is accepted: the bad values below are what makes the difference.
    url, data = {n: (u, d) for n, u, d in forms_under_test(rich_meeting)}[form_name]
    assert secretary_client.post(url, data).status_code == 302, form_name
    for value in BAD_VALUES:
        for htmx in (False, True) if value in HTMX_VALUES else (False,):
            rich_meeting.refresh_from_db()
            forms = {name: (url, data) for name, url, data in forms_under_test(rich_meeting)}
            url, data = forms[form_name]
            data = dict(data)
            data[_key(data, field)] = value
            extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
            response = secretary_client.post(url, data, **extra)
            _assert_safe(response, f"{form_name}.{field}={value[:20]!r} htmx={htmx}")
    # Whatever was accepted shows escaped on the editor and the preview.
    for name in ("recording_editor", "recording_preview"):
        page = secretary_client.get(reverse(name, args=[rich_meeting.pk]))
        _assert_safe(page, name)
    # Nothing overlong was stored anywhere.
    meeting = Meeting.objects.get(pk=rich_meeting.pk)
    assert OVERLONG not in {meeting.place, meeting.topic, meeting.conclusion, meeting.legal_bases}
    assert not SpeakingTurn.objects.filter(gist=OVERLONG).exists()


def test_markup_in_every_text_is_stored_as_text_and_shown_escaped(secretary_client, rich_meeting):
    meeting = rich_meeting
    for name, url, data in forms_under_test(meeting):
        if name in ("start", "attendance", "attendance-row", "move", "roles"):
            continue
        marked = {
            key: (
                MARKUP
                if isinstance(value, str)
                and value
                and not key.endswith(
                    (
                        "_id",
                        "revision",
                        "original",
                        "kind",
                        "subject",
                        "date",
                        "time",
                        "deadline",
                        "votes_for",
                        "votes_against",
                        "votes_other",
                        "speaker",
                        "presenter",
                        "given_by",
                        "subject_participant",
                        "subject_person",
                        "tags",
                        "read_back",
                    )
                )
                else value
            )
            for key, value in data.items()
        }
        response = secretary_client.post(url, marked)
        assert response.status_code in (200, 302), name
    assert SpeakingTurn.objects.filter(gist=MARKUP).exists()
    for view in ("recording_editor", "recording_preview", "meeting_detail"):
        page = secretary_client.get(reverse(view, args=[meeting.pk])).content.decode()
        assert "<script>alert(" not in page and "<img src=x" not in page, view
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page, view


def test_bad_query_strings_on_lookups(secretary_client, rich_meeting):
    pk = rich_meeting.pk
    for value in BAD_VALUES:
        for url in (
            reverse("recording_people", args=[pk]),
            reverse("recording_catalog"),
            reverse("recording_decision_outcome", args=[pk]),
            reverse("recording_start"),
        ):
            params = {
                "q": value,
                "for": value,
                "prefix": value,
                "cell": value,
                "kind": value,
                "campaign": value,
                "decision-new-votes_for": value,
            }
            response = secretary_client.get(url, params)
            assert response.status_code in (200, 403, 404), (url, value[:20])
            assert "<script>alert('x')</script>" not in response.content.decode()


def test_undecodable_bytes_are_not_a_server_error(secretary_client, rich_meeting):
    url = reverse("recording_item_add", args=[rich_meeting.pk, "turn"])
    response = secretary_client.generic(
        "POST",
        url,
        b"turn-new-speaker=%FF%FE&turn-new-gist=%C3%28%A0%A1",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code < 500


def test_a_malformed_revision_asks_to_reload_and_a_malformed_original_is_a_conflict(
    secretary_client, rich_meeting
):
    url = reverse("recording_meeting_fields", args=[rich_meeting.pk, "closing"])
    page = secretary_client.post(url, {"closing-revision": "abc"}).content.decode()
    assert "Biểu mẫu không còn hợp lệ; hãy tải lại trang." in page
    turn = rich_meeting.speaking_turns.first()
    gist = turn.gist
    url = reverse("recording_item_edit", args=[rich_meeting.pk, "turn", turn.pk])
    page = secretary_client.post(
        url,
        {
            f"turn-{turn.pk}-speaker": "hoa 1",
            f"turn-{turn.pk}-gist": "x",
            f"turn-{turn.pk}-original": "{not json",
        },
    ).content.decode()
    # Nobody can tell what the edit started from: the conflict message, what was typed kept.
    assert "Người khác vừa sửa mục này trong lúc bạn sửa." in page
    turn.refresh_from_db()
    assert turn.gist == gist


def test_member_written_text_is_escaped_in_the_editor_its_fragments_and_the_preview(
    secretary_client, rich_meeting
):
    """Names and gists with markup, in every piece: the page (rendered, then cached), htmx, the preview."""
    meeting = rich_meeting
    member = meeting.participants.filter(role=ParticipantRole.MEMBER).first()
    member.full_name = f"Hòa {MARKUP}"
    member.title = MARKUP
    member.save()
    turn = meeting.speaking_turns.first()
    turn.speaker = member
    turn.gist = f"{MARKUP}\nDòng hai"
    turn.save()
    meeting.save()  # a change moves `updated_at`, as the services do
    pk = meeting.pk
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
    pages = {
        "editor": secretary_client.get(reverse("recording_editor", args=[pk])),
        "editor (cached)": secretary_client.get(reverse("recording_editor", args=[pk])),
        "preview": secretary_client.get(reverse("recording_preview", args=[pk])),
    }
    htmx = {"HTTP_HX_REQUEST": "true"}
    pages["item"] = secretary_client.get(
        reverse("recording_item_show", args=[pk, "turn", turn.pk]), **htmx
    )
    pages["edit form"] = secretary_client.get(
        reverse("recording_item_edit", args=[pk, "turn", turn.pk]), **htmx
    )
    pages["delete"] = secretary_client.get(
        reverse("recording_item_delete", args=[pk, "turn", turn.pk]), **htmx
    )
    pages["attendance rows"] = secretary_client.post(
        reverse("recording_all_present", args=[pk]), **htmx
    )
    pages["added turn"] = secretary_client.post(
        reverse("recording_item_add", args=[pk, "turn"]),
        {"turn-new-speaker": "Hòa", "turn-new-speaker_id": member.pk, "turn-new-gist": MARKUP},
        **htmx,
    )
    pages["added guest"] = secretary_client.post(
        reverse("recording_item_add", args=[pk, "guest"]),
        {"guest-new-full_name": f"Khách {MARKUP}", "guest-new-title": MARKUP},
        **htmx,
    )
    for name, response in pages.items():
        assert response.status_code == 200, name
        _assert_safe(response, name)
        if name != "delete":  # the confirmation names no one
            assert escaped in response.content.decode(), name
    assert "Dòng hai" in pages["editor (cached)"].content.decode()
    assert (
        f"{escaped}&lt;img src=x onerror=alert(1)&gt;<br>Dòng hai" in pages["item"].content.decode()
    )
    # The guest's name reaches the name lists and the chair/secretary choices, escaped.
    guest_page = pages["added guest"].content.decode()
    assert (
        f'<option value="Khách {escaped}&lt;img src=x onerror=alert(1)&gt;"></option>' in guest_page
    )
