"""The editor is served from parts rendered once per change (minutes.parts, views.recording.sections).

What a recorder notices: the page costs a fixed, small number of queries
whatever the size of the meeting; after any edit the page shows the edit at
once; an htmx save answers with the changed piece only; and a piece looks the
same whether it came with the page or later through htmx.
"""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Role
from minutes.parts import TOKEN_MARK
from minutes.services.recording import add_shortcoming, snapshot, update_item
from minutes.views.recording.common import PLACEHOLDER_ID, REVISION_MARK
from tests.factories import UserFactory, grant, meeting_with_parts

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}

# A GET of the editor whose parts are in the cache: session, user, the user's
# grants and roster cells (members.access, once per request), the meeting row
# with the parts generation. Nothing of the meeting's parts.
WARM_QUERIES = 5
# On a miss (the first GET after an edit, or an empty cache) the meeting's parts
# are loaded too: the meeting and its 9 prefetches (selectors.with_parts: agenda,
# participants, reports, turns, shortcomings with their tags and actions,
# directives, decisions), the committee settings and the voting rules. Quality
# assessment (issue 13) adds three: with_parts prefetches the cell's own
# assessment (printed in the minutes), and the editor's quality section, a part
# of its own, reads that assessment and the framework adoption that applies.
COLD_QUERIES = WARM_QUERIES + 15
PAGE_LIMIT = 12


def recorder_of(meeting, name: str):
    user = UserFactory(username=name)
    grant(user, meeting.cell, Role.RECORDER)
    return user


def editor_queries(client, url) -> tuple[int, int, str]:
    """(queries on an empty cache, queries on a warm one, the warm page)."""
    client.get(url)  # the session and language settle on the first request
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url)
    assert response.status_code == 200
    return len(cold), len(warm), response.content.decode()


def test_editor_queries_are_few_and_do_not_grow_with_the_turns(client):
    counts = {}
    for turns in (1, 200):
        meeting = meeting_with_parts(members=5, turns=turns)
        add_shortcoming(
            meeting=meeting,
            values={"subject": "cell", "text": "Tồn tại", "tags": []},
            action={"text": "Khắc phục", "owner_name": "Chi ủy"},
            by=None,
        )
        client.force_login(recorder_of(meeting, f"speed-{turns}"))
        cold, warm, page = editor_queries(client, reverse("recording_editor", args=[meeting.pk]))
        assert page.count('class="rec-item"') >= turns
        counts[turns] = (cold, warm)
    assert counts[1] == counts[200] == (COLD_QUERIES, WARM_QUERIES), counts
    assert WARM_QUERIES <= PAGE_LIMIT


def test_a_warm_editor_reads_nothing_of_the_meetings_parts(client):
    meeting = meeting_with_parts(members=5, turns=3)
    client.force_login(recorder_of(meeting, "speed-warm"))
    url = reverse("recording_editor", args=[meeting.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    for table in ("minutes_participant", "minutes_speakingturn", "minutes_decision"):
        assert table not in tables
    assert "Ý kiến số 3." in page


def test_every_edit_shows_on_the_next_get(client):
    meeting = meeting_with_parts(members=3, turns=1, guests=1)
    client.force_login(recorder_of(meeting, "speed-edit"))
    url = reverse("recording_editor", args=[meeting.pk])
    client.get(url)  # now in the cache
    speaker = meeting.participants.filter(role="member").first()
    response = client.post(
        reverse("recording_item_add", args=[meeting.pk, "turn"]),
        {
            "turn-new-speaker": speaker.full_name,
            "turn-new-speaker_id": speaker.pk,
            "turn-new-gist": "Ý kiến mới",
        },
        **HX,
    )
    assert response.status_code == 200
    page = client.get(url).content.decode()
    assert "Ý kiến mới" in page
    assert 'id="count-turn">2</span>' in page

    member = meeting.participants.filter(role="member").last()
    client.post(
        reverse("recording_attendance_row", args=[meeting.pk, member.pk]),
        {
            f"status-{member.pk}": "absent_excused",
            f"reason-{member.pk}": "Đi công tác",
            f"was-{member.pk}": "present|",
        },
        **HX,
    )
    page = client.get(url).content.decode()
    assert "Có mặt 2/3" in page
    assert 'value="Đi công tác"' in page
    # What depends on attendance elsewhere on the page follows: the denominator of votes.
    assert "Đảng viên chính thức có mặt được biểu quyết: 2;" in page

    client.post(
        reverse("recording_item_add", args=[meeting.pk, "guest"]),
        {"guest-new-full_name": "Nguyễn Khách Mới"},
        **HX,
    )
    page = client.get(url).content.decode()
    assert '<option value="Nguyễn Khách Mới"></option>' in page  # the names typed from
    guest = meeting.participants.get(full_name="Nguyễn Khách Mới")
    assert f'<option value="{guest.pk}">Nguyễn Khách Mới</option>' in page  # chair, secretary

    meeting.refresh_from_db()
    client.post(
        reverse("recording_meeting_fields", args=[meeting.pk, "closing"]),
        {"closing-revision": meeting.revision, "closing-conclusion": "Kết luận đã sửa"},
        **HX,
    )
    page = client.get(url).content.decode()
    assert "Kết luận đã sửa</textarea>" in page
    # Every meeting form of the page carries the revision the save moved to.
    meeting.refresh_from_db()
    for section in ("details", "roles", "closing"):
        assert (
            f'<input type="hidden" name="{section}-revision" value="{meeting.revision}" '
            f'id="id_{section}-revision">'
        ) in page
    assert REVISION_MARK not in page


def test_an_htmx_save_answers_with_the_changed_piece_only(client):
    sizes, counts = {}, {}
    for turns in (1, 200):
        meeting = meeting_with_parts(members=5, turns=turns)
        client.force_login(recorder_of(meeting, f"speed-htmx-{turns}"))
        client.get(reverse("recording_editor", args=[meeting.pk]))
        speaker = meeting.participants.filter(role="member").first()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                reverse("recording_item_add", args=[meeting.pk, "turn"]),
                {
                    "turn-new-speaker": speaker.full_name,
                    "turn-new-speaker_id": speaker.pk,
                    "turn-new-gist": "Một ý nữa",
                },
                **HX,
            )
        page = response.content.decode()
        turn = meeting.speaking_turns.order_by("-pk").first()
        assert page.lstrip().startswith(f'<li id="turn-{turn.pk}"')
        assert "editor-root" not in page and "<html" not in page
        assert 'id="form-turn-new"' in page  # a blank form in place of the one sent
        sizes[turns], counts[turns] = len(page), len(queries)
    assert counts[1] == counts[200], counts
    assert sizes[200] < 10_000


def _li(html: str, element_id: str) -> str:
    match = re.search(rf'<li id="{element_id}" class="rec-item">.*?</li>', html, re.S)
    assert match, element_id
    return match.group(0)


def _tbody(html: str) -> str:
    return re.search(r'<tbody id="attendance-rows">.*?</tbody>', html, re.S).group(0)


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_a_piece_looks_the_same_with_the_page_and_through_htmx(client):
    meeting = meeting_with_parts(members=4, turns=2, directives=2, decisions=1, guests=1)
    client.force_login(recorder_of(meeting, "speed-same"))
    page = client.get(reverse("recording_editor", args=[meeting.pk])).content.decode()
    for kind, item in (
        ("turn", meeting.speaking_turns.first()),
        ("directive", meeting.directive_points.last()),
        ("decision", meeting.decisions.first()),
        ("guest", meeting.participants.filter(role="guest").first()),
    ):
        shown = client.get(
            reverse("recording_item_show", args=[meeting.pk, kind, item.pk]), **HX
        ).content.decode()
        assert parse_html(_li(shown, f"{kind}-{item.pk}")) == parse_html(
            _li(page, f"{kind}-{item.pk}")
        ), kind
    rows = client.post(reverse("recording_all_present", args=[meeting.pk]), **HX).content.decode()
    assert parse_html(_tbody(rows)) == parse_html(_tbody(page))
    # The blank add form the page holds is the one htmx puts back after an add.
    added = client.post(
        reverse("recording_item_add", args=[meeting.pk, "agenda"]),
        {"agenda-new-title": "Nội dung thêm"},
        **HX,
    ).content.decode()
    form = re.search(r'<form id="form-agenda-new".*?</form>', added, re.S).group(0)
    in_page = re.search(r'<form id="form-agenda-new".*?</form>', page, re.S).group(0)
    form = form.replace(' hx-swap-oob="true"', "").replace(' data-focus-first="1"', "")
    assert parse_html(_without_tokens(form)) == parse_html(_without_tokens(in_page))


def test_blank_forms_shared_by_meetings_post_to_their_own_meeting(client):
    first = meeting_with_parts(members=2)
    second = meeting_with_parts(members=2)
    user = recorder_of(first, "speed-two")
    grant(user, second.cell, Role.RECORDER)
    client.force_login(user)
    for meeting in (first, second, first):
        page = client.get(reverse("recording_editor", args=[meeting.pk])).content.decode()
        assert str(PLACEHOLDER_ID) not in page
        assert TOKEN_MARK not in page and REVISION_MARK not in page
        for kind in ("agenda", "guest", "report", "turn", "shortcoming", "directive", "decision"):
            add_url = reverse("recording_item_add", args=[meeting.pk, kind])
            assert f'action="{add_url}"' in page, (meeting.pk, kind)
        outcome_url = reverse("recording_decision_outcome", args=[meeting.pk])
        assert f'hx-get="{outcome_url}?prefix=decision-new"' in page


def test_cached_parts_hold_nothing_of_the_viewer(client):
    meeting = meeting_with_parts(members=3, turns=2)
    url = reverse("recording_editor", args=[meeting.pk])
    secrets = {}
    for name in ("speed-first", "speed-second"):
        client.force_login(recorder_of(meeting, name))
        page = client.get(url).content.decode()  # the first fills the cache, the second reads it
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', page)
        assert len(tokens) >= 12  # the page's own form, the meeting forms, attendance, add forms
        cookie = client.cookies["csrftoken"].value
        assert {_unmask_cipher_token(t) for t in tokens} == {cookie}, name
        assert name not in page.split('<div id="editor-root"', 1)[1]
        secrets[name] = cookie
        client.logout()
    assert secrets["speed-first"] != secrets["speed-second"]


def test_text_that_looks_like_the_marks_is_shown_as_typed(client):
    meeting = meeting_with_parts(members=2, turns=1)
    client.force_login(recorder_of(meeting, "speed-marks"))
    turn = meeting.speaking_turns.first()
    typed = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{TOKEN_MARK}"> '
        f'="/meetings/{PLACEHOLDER_ID}/edit/'
    )
    turn.gist = typed
    turn.save()
    meeting.save()  # as the services do: a change moves `updated_at`
    for _ in range(2):  # rendered, then from the cache
        page = client.get(reverse("recording_editor", args=[meeting.pk])).content.decode()
        li = _li(page, f"turn-{turn.pk}")
        assert f"value=&quot;{TOKEN_MARK}&quot;&gt;" in li
        assert f"=&quot;/meetings/{PLACEHOLDER_ID}/edit/" in li


def test_a_section_found_again_by_its_content_is_the_one_now_stored(client):
    """Back and forth between two versions of a turn: each GET shows the version stored."""
    meeting = meeting_with_parts(members=2, turns=2)
    user = recorder_of(meeting, "speed-back")
    client.force_login(user)
    url = reverse("recording_editor", args=[meeting.pk])
    turn = meeting.speaking_turns.first()
    for gist in ("Phiên bản hai.", "Ý kiến số 1.", "Phiên bản hai.", "Ý kiến số 1."):
        turn.refresh_from_db()
        update_item(
            meeting=meeting,
            kind="turn",
            item_id=turn.pk,
            values={"speaker": turn.speaker, "gist": gist},
            original=snapshot(turn, "turn"),
            by=user,
        )
        li = _li(client.get(url).content.decode(), f"turn-{turn.pk}")
        assert gist in li
        assert ({"Phiên bản hai.", "Ý kiến số 1."} - {gist}).pop() not in li


# --- saving as you go (issue 14): one request per save, answered with the changed pieces only

DOCUMENT_WARM_QUERIES = WARM_QUERIES  # session, user, grants, own cells, the meeting row


def test_an_autosave_costs_one_request_with_a_small_answer_whatever_the_meeting(client):
    sizes, counts = {}, {}
    for turns in (1, 200):
        meeting = meeting_with_parts(members=5, turns=turns)
        client.force_login(recorder_of(meeting, f"speed-autosave-{turns}"))
        turn = meeting.speaking_turns.order_by("order").first()
        url = reverse("recording_item_edit", args=[meeting.pk, "turn", turn.pk])
        data = {
            f"turn-{turn.pk}-speaker": turn.speaker.full_name,
            f"turn-{turn.pk}-gist": "Đang gõ dở",
            f"turn-{turn.pk}-original": json.dumps(snapshot(turn, "turn")),
        }
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, data, **HX, HTTP_X_REC_AUTOSAVE="1")
        assert response["HX-Trigger"] == "rec:saved"
        sizes[turns], counts[turns] = len(response.content), len(queries)
    assert counts[1] == counts[200], counts
    assert sizes[200] < 2_000, sizes


def test_the_live_document_costs_what_the_preview_costs(client):
    counts = {}
    for turns in (1, 200):
        meeting = meeting_with_parts(members=5, turns=turns)
        client.force_login(recorder_of(meeting, f"speed-document-{turns}"))
        url = reverse("recording_document", args=[meeting.pk])
        client.get(url)  # the part is now in the cache
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url, **HX).content.decode()
        assert f"Ý kiến số {turns}." in page
        counts[turns] = len(queries)
        # After a save the next GET shows it.
        turn = meeting.speaking_turns.order_by("order").first()
        update_item(
            meeting=meeting,
            kind="turn",
            item_id=turn.pk,
            values={"speaker": turn.speaker, "gist": "Vừa sửa xong"},
            original=snapshot(turn, "turn"),
            by=None,
        )
        assert "Vừa sửa xong" in client.get(url, **HX).content.decode()
    assert counts == {1: DOCUMENT_WARM_QUERIES, 200: DOCUMENT_WARM_QUERIES}, counts
