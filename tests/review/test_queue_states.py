"""The reviewer's queue says where each item stands: new, commented on (and how much is
still open), or sent again after a return; and filters by it with plain links."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes.models import ReviewComment, SpeakingTurn
from minutes.services import workflow
from tests.review.conftest import make_meeting, returned, submitted
from tests.review.test_pages import QUEUE_QUERIES

pytestmark = pytest.mark.django_db

QUEUE = reverse("review_queue")


def comment(world, meeting, text="Ghi rõ hơn.") -> ReviewComment:
    turn = SpeakingTurn.objects.filter(meeting=meeting).order_by("order").first()
    return workflow.add_comment(
        meeting=meeting, by=world.reviewer, anchor=f"turn:{turn.pk}", text=text
    )


def resubmitted(world, meeting):
    return submitted(world, returned(world, meeting))


def row_of(page: str, meeting) -> str:
    """The text of the queue's row that links to this meeting's review, tags stripped."""
    link = f'href="{reverse("review_meeting", args=[meeting.pk])}"'
    start = page.rindex("<tr>", 0, page.index(link))
    row = page[start : page.index("</tr>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def queue_page(client, world, query: str = "") -> str:
    client.force_login(world.reviewer)
    response = client.get(QUEUE + query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_first_submission_is_new(world, client):
    meeting = submitted(world)
    page = queue_page(client, world)
    assert "Tình trạng" in page
    assert "Mới" in row_of(page, meeting)
    assert "nhận xét" not in row_of(page, meeting)


def test_after_a_reviewer_comments_the_queue_shows_how_many(world, client):
    meeting = submitted(world)
    comment(world, meeting)
    comment(world, meeting, "Bổ sung số liệu.")
    row = row_of(queue_page(client, world), meeting)
    assert "2 nhận xét" in row and "2 nhận xét chưa xử lý" in row
    assert "Mới" not in row


def test_a_resubmission_after_a_return_shows_its_round(world, client):
    meeting = submitted(world)
    first, second = comment(world, meeting), comment(world, meeting, "Bổ sung số liệu.")
    workflow.return_for_changes(meeting=meeting, by=world.reviewer, reason="Sửa theo nhận xét.")
    workflow.mark_comment_addressed(comment=first, by=world.recorder)
    meeting = submitted(world, meeting)
    row = row_of(queue_page(client, world), meeting)
    # The round's own comments start afresh; the one left unaddressed is still shown.
    assert "Gửi lại lần 2" in row and "1 nhận xét chưa xử lý" in row
    assert "Mới" not in row
    assert not ReviewComment.objects.get(pk=second.pk).addressed_at

    comment(world, meeting, "Đã sửa, còn một chỗ.")
    assert "1 nhận xét" in row_of(queue_page(client, world), meeting)


def test_the_filter_shows_only_the_chosen_state(world, client):
    new = submitted(world)
    commented = submitted(world, make_meeting(world))
    comment(world, commented)
    again = resubmitted(world, make_meeting(world))
    page = queue_page(client, world)
    filters = page[page.index('id="queue-filters"') :]
    filters = filters[: filters.index("</ul>")]
    for label, state, n in [
        ("Tất cả", "", 3),
        ("Mới", "new", 1),
        ("Đã có nhận xét", "commented", 1),
        ("Gửi lại sau khi trả", "resubmitted", 1),
    ]:
        href = QUEUE + (f"?state={state}" if state else "")
        link = re.search(rf'href="{re.escape(href)}"[^>]*>([^<]*)', filters)
        assert link and link.group(1).strip() == label, label
        assert f"{label} <span" in filters and f">{n}</span>" in filters

    for state, shown in [("new", new), ("commented", commented), ("resubmitted", again)]:
        page = queue_page(client, world, f"?state={state}")
        links = re.findall(r'href="[^"]*/meetings/(\d+)/review/"', page)
        shown_pks = {m.pk for m in (new, commented, again) if str(m.pk) in links}
        assert row_of(page, shown)
        assert shown_pks == {shown.pk}, state
        assert 'aria-current="page"' in page
        assert "3 biên bản đang chờ" in page  # the whole queue is still counted above

    assert all(row_of(queue_page(client, world, "?state=nonsense"), m) for m in (new, again))


def test_an_empty_state_says_so(world, client):
    submitted(world)
    page = queue_page(client, world, "?state=resubmitted")
    assert "Không có biên bản nào ở tình trạng này." in page


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_states_cost_no_query_for_one_or_thirty_items(world, client):
    first = submitted(world)
    client.force_login(world.reviewer)
    client.get(QUEUE)  # warm the session
    one = [count_queries(client, QUEUE + q) for q in ("", "?state=new")]
    comment(world, first)
    for i in range(29):
        meeting = make_meeting(world, members=2, turns=1)
        if i % 3 == 0:
            resubmitted(world, meeting)
        else:
            submitted(world, meeting)
            if i % 3 == 1:
                comment(world, meeting)
    many = [
        count_queries(client, QUEUE + q)
        for q in ("", "?state=new", "?state=commented", "?state=resubmitted", "?page=2")
    ]
    assert one == [QUEUE_QUERIES] * 2
    assert many == [QUEUE_QUERIES] * 5
    assert "Gửi lại lần 2" in queue_page(client, world, "?state=resubmitted")
