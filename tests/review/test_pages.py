"""The review pages: confirmation before every step, comments where they apply, the comparison,
the history, the queue; and what each of them costs in queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes.models import (
    Meeting,
    MinutesStatus,
    Notification,
    ReviewComment,
    SpeakingTurn,
)
from minutes.services import workflow
from tests.review.conftest import approved, fresh, make_meeting, returned, submitted

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return response.content.decode()


def login(client, user):
    client.force_login(user)
    return client


# --- steps: GET confirms, POST acts ------------------------------------------------


def test_a_get_never_changes_state(world, client, signing_key):
    draft = make_meeting(world)
    sub = submitted(world)
    done = approved(world)
    login(client, world.admin)
    for name, meeting in [
        ("review_confirm", draft),
        ("review_submit", draft),
        ("review_return", sub),
        ("review_approve", sub),
        ("review_reopen", done),
    ]:
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 200, name
    assert [fresh(m).status for m in (draft, sub, done)] == ["draft", "submitted", "approved"]
    assert not Meeting.objects.filter(previous_version=done).exists()


def test_the_chair_confirms_then_the_recorder_submits(world, client):
    meeting = make_meeting(world)
    login(client, world.recorder)
    page = text_of(client.get(reverse("review_submit", args=[meeting.pk])))
    assert "Chủ trì chưa xác nhận biên bản." in page
    assert 'type="submit" class="btn btn-primary" disabled' in page

    chair = login(client.__class__(), world.chair)
    page = text_of(chair.get(reverse("review_confirm", args=[meeting.pk])))
    assert "Tôi xác nhận nội dung biên bản" in page and "BIÊN BẢN" in page
    response = chair.post(reverse("review_confirm", args=[meeting.pk]))
    assert response.status_code == 302
    assert "Đã xác nhận biên bản. Thư ký có thể gửi duyệt." in text_of(chair.get(response.url))

    page = text_of(client.get(reverse("review_submit", args=[meeting.pk])))
    assert "Chủ trì đã xác nhận nội dung này lúc" in page
    response = client.post(reverse("review_submit", args=[meeting.pk]))
    assert response.url == reverse("meeting_detail", args=[meeting.pk])
    detail = text_of(client.get(response.url))
    assert "Đã gửi biên bản lên cấp ủy cấp trên." in detail
    assert "Chờ duyệt" in detail
    # Pressing the button again (a second tab, a double click) changes nothing.
    again = client.post(reverse("review_submit", args=[meeting.pk]))
    assert "Biên bản đã được gửi duyệt rồi." in text_of(client.get(again.url))
    assert fresh(meeting).status == MinutesStatus.SUBMITTED


def test_warnings_are_shown_and_need_the_checkbox(world, client):
    meeting = make_meeting(world)
    Meeting.objects.filter(pk=meeting.pk).update(end_time=dt.time(20, 0))
    login(client, world.chair)
    page = text_of(client.get(reverse("review_submit", args=[meeting.pk])))
    assert "Buổi sinh hoạt kéo dài 30 phút, dưới mức tối thiểu 90 phút." in page
    assert 'name="confirm_warnings"' in page
    response = client.post(reverse("review_submit", args=[meeting.pk]))
    assert response.status_code == 200
    assert "Hãy đọc các lưu ý dưới đây và đánh dấu xác nhận trước khi gửi." in text_of(response)
    assert fresh(meeting).status == MinutesStatus.DRAFT
    response = client.post(reverse("review_submit", args=[meeting.pk]), {"confirm_warnings": "on"})
    assert response.status_code == 302 and fresh(meeting).status == MinutesStatus.SUBMITTED


def test_errors_are_listed_and_block_the_button(world, client):
    meeting = make_meeting(world)
    Meeting.objects.filter(pk=meeting.pk).update(end_time=None)
    login(client, world.chair)
    page = text_of(client.get(reverse("review_submit", args=[meeting.pk])))
    assert "Chưa thể gửi duyệt – cần sửa:" in page and "Chưa ghi giờ kết thúc." in page
    assert f'href="{reverse("meeting_detail", args=[meeting.pk])}#part-closing"' in page
    response = client.post(reverse("review_submit", args=[meeting.pk]), {"confirm_warnings": "on"})
    assert "Biên bản còn thiếu sót, chưa thể gửi duyệt." in text_of(response)


def test_returning_needs_a_reason_and_keeps_what_was_typed(world, client):
    meeting = submitted(world)
    login(client, world.reviewer)
    url = reverse("review_return", args=[meeting.pk])
    response = client.post(url, {"reason": "   ", "round": "1"})
    assert response.status_code == 200 and "Hãy ghi lý do trả lại." in text_of(response)
    response = client.post(url, {"reason": "<b>Ghi rõ</b> ý kiến", "round": "1"})
    assert response.status_code == 302 and fresh(meeting).status == MinutesStatus.RETURNED


def test_signing_failure_is_shown_and_nothing_is_approved(world, client):
    meeting = submitted(world)
    login(client, world.reviewer)
    response = client.post(reverse("review_approve", args=[meeting.pk]), {"round": "1"})
    assert response.status_code == 200
    assert "Chưa có khóa ký số" in text_of(response)
    assert fresh(meeting).status == MinutesStatus.SUBMITTED


def test_approving_shows_the_number_and_locks_the_page_for_everyone(world, client, signing_key):
    meeting = submitted(world)
    login(client, world.reviewer)
    page = text_of(client.get(reverse("review_approve", args=[meeting.pk])))
    assert "Biên bản sẽ được cấp số 01 trong nhiệm kỳ." in page
    response = client.post(reverse("review_approve", args=[meeting.pk]), {"round": "1"})
    assert response.status_code == 302
    meeting = fresh(meeting)
    assert meeting.status == MinutesStatus.APPROVED and meeting.number == 1
    for who in ("recorder", "chair", "reviewer", "admin", "member"):
        page = text_of(login(client.__class__(), getattr(world, who)).get(response.url))
        for step in ("review_confirm", "review_submit", "review_return", "review_approve"):
            assert reverse(step, args=[meeting.pk]) not in page, (who, step)
        assert reverse("recording_editor", args=[meeting.pk]) not in page, who
        has_reopen = reverse("review_reopen", args=[meeting.pk]) in page
        assert has_reopen == (who in ("reviewer", "admin")), who


def test_reopen_page_creates_the_next_version(world, client, signing_key):
    meeting = approved(world)
    login(client, world.reviewer)
    url = reverse("review_reopen", args=[meeting.pk])
    assert "Phiên bản 1 giữ nguyên" in text_of(client.get(url))
    assert "Hãy ghi lý do mở lại." in text_of(client.post(url, {"reason": ""}))
    response = client.post(url, {"reason": "Sai tên đại biểu."})
    new = Meeting.objects.get(previous_version=meeting)
    assert response.url == reverse("meeting_detail", args=[new.pk])
    assert "Phiên bản 2" in text_of(client.get(response.url))


# --- comments where they apply --------------------------------------------------


def test_comments_sit_with_their_part_for_the_reviewer_and_the_secretary(world, client):
    meeting = submitted(world, make_meeting(world, turns=3))
    turn = SpeakingTurn.objects.filter(meeting=meeting).order_by("order")[1]
    reviewer = login(client, world.reviewer)
    url = reverse("review_meeting", args=[meeting.pk])
    page = text_of(reviewer.get(url))
    assert 'id="part-turns"' in page and "Nhận xét phần này" in page
    assert f'value="turn:{turn.pk}"' in page

    add = reverse("review_comment_add", args=[meeting.pk])
    response = reviewer.post(add, {"anchor": f"turn:{turn.pk}", "text": ""})
    assert response.status_code == 400 and "Hãy ghi nội dung nhận xét." in text_of(response)
    response = reviewer.post(
        add, {"anchor": f"turn:{turn.pk}", "text": "Ghi rõ <script>alert(1)</script> ý kiến."}
    )
    assert response.status_code == 302 and response.url.endswith("#part-turns")
    workflow.return_for_changes(meeting=meeting, by=world.reviewer, reason="Xem nhận xét.")

    secretary = login(client.__class__(), world.recorder)
    page = text_of(secretary.get(url))
    turns_part = page[page.index('id="part-turns"') :]
    turns_part = turns_part[: turns_part.index("</section>")]
    assert "Ghi rõ &lt;script&gt;alert(1)&lt;/script&gt; ý kiến." in turns_part
    assert f"2. {turn.speaker.full_name}: Ý kiến số 2." in turns_part  # which turn it is about
    assert "Đánh dấu đã xử lý" in turns_part
    comment = ReviewComment.objects.get(meeting=meeting)
    response = secretary.post(reverse("review_comment_addressed", args=[comment.pk]))
    assert response.status_code == 302
    page = text_of(secretary.get(url))
    assert "Đã xử lý – Nguyễn Thị Thu Trang" in page
    # The detail page points at the comments.
    detail = text_of(secretary.get(reverse("meeting_detail", args=[meeting.pk])))
    assert "Nhận xét" in detail and reverse("review_meeting", args=[meeting.pk]) in detail


def test_only_reviewers_comment_and_only_the_cell_addresses(world, client):
    meeting = submitted(world)
    login(client, world.recorder)
    response = client.post(
        reverse("review_comment_add", args=[meeting.pk]), {"anchor": "attendance", "text": "x"}
    )
    assert response.status_code == 403
    comment = workflow.add_comment(
        meeting=meeting, by=world.reviewer, anchor="attendance", text="Thiếu."
    )
    other = login(client.__class__(), world.other_recorder)
    assert other.post(reverse("review_comment_addressed", args=[comment.pk])).status_code == 404


# --- the comparison -----------------------------------------------------------------


def resubmit_with_changes(world, meeting: Meeting) -> Meeting:
    returned(world, meeting)
    turn = SpeakingTurn.objects.filter(meeting=meeting).order_by("order").first()
    turn.gist = "Ý kiến số 1, đã ghi rõ hơn theo nhận xét."
    turn.save()
    Meeting.objects.filter(pk=meeting.pk).update(conclusion="Kết luận đã sửa.")
    workflow.submit(meeting=meeting, by=world.chair)
    return fresh(meeting)


def test_the_comparison_shows_only_what_changed(world, client):
    meeting = resubmit_with_changes(world, make_meeting(world))
    login(client, world.reviewer)
    page = text_of(client.get(reverse("review_changes", args=[meeting.pk])))
    assert "So sánh Lần gửi 2 với Lần gửi 1." in page
    turns = page[page.index('id="change-turns"') :]
    turns = turns[: turns.index("</section>")]
    # Changed words are marked inside the line; the rest of it reads as before.
    assert "Trần Thị Hòa 1: Ý kiến số <del>1.</del>" in turns
    assert "Trần Thị Hòa 1: Ý kiến số <ins>1, đã ghi rõ hơn theo nhận xét.</ins>" in turns
    assert 'id="change-conclusions"' in page and "<ins>sửa.</ins>" in page
    unchanged = page[page.index('id="unchanged-parts"') :]
    assert "I. Thành phần" in unchanged[: unchanged.index("</p>")]
    assert 'id="change-attendance"' not in page


def test_the_first_submission_has_nothing_to_compare(world, client):
    meeting = submitted(world)
    login(client, world.reviewer)
    page = text_of(client.get(reverse("review_changes", args=[meeting.pk])))
    assert "Chưa có lần gửi trước để so sánh" in page


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


# Session, user, the user's grants (one query for all of them: members.access),
# the page's own reads, the notification count in the navigation bar: the same
# for one item and for many. Viewing a page writes nothing (the session is saved
# only every few minutes: config.middleware.SessionRefreshMiddleware), except
# that a reviewer opening submitted minutes notes it for the queue's "being
# read": one INSERT … ON CONFLICT DO NOTHING (minutes.models.ReviewOpening).
COMPARISON_QUERIES = 7
QUEUE_QUERIES = 5
# + 2 for the quality panel (issue 13): the cell's own assessment, prefetched by
# selectors.with_parts, and the superior committee's, read apart from it.
REVIEW_PAGE_QUERIES = 19


def test_the_comparison_costs_the_same_for_small_and_large_minutes(world, client):
    small = resubmit_with_changes(world, make_meeting(world, members=2, turns=1))
    large = resubmit_with_changes(
        world,
        make_meeting(world, members=40, turns=60, directives=10, decisions=6, guests=5),
    )
    login(client, world.reviewer)
    client.get(reverse("review_changes", args=[small.pk]))  # warm the session
    counts = [count_queries(client, reverse("review_changes", args=[m.pk])) for m in (small, large)]
    assert counts == [COMPARISON_QUERIES, COMPARISON_QUERIES]


def test_the_review_page_costs_the_same_for_small_and_large_minutes(world, client):
    small = submitted(world, make_meeting(world, members=2, turns=1))
    large = submitted(
        world, make_meeting(world, members=40, turns=60, directives=10, decisions=6, guests=5)
    )
    for meeting in (small, large):
        for turn in SpeakingTurn.objects.filter(meeting=meeting)[:5]:
            workflow.add_comment(
                meeting=meeting, by=world.reviewer, anchor=f"turn:{turn.pk}", text="Xem lại."
            )
    login(client, world.reviewer)
    client.get(reverse("review_meeting", args=[small.pk]))
    counts = [count_queries(client, reverse("review_meeting", args=[m.pk])) for m in (small, large)]
    assert counts == [REVIEW_PAGE_QUERIES, REVIEW_PAGE_QUERIES]


# --- the queue ------------------------------------------------------------------------


def test_the_queue_lists_the_oldest_first_with_the_wait(world, client):
    from django.utils import timezone

    older = submitted(world)
    newer = resubmit_with_changes(world, make_meeting(world))
    Meeting.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - dt.timedelta(days=3))
    elsewhere = submitted(world, make_meeting(world))
    Meeting.objects.filter(pk=elsewhere.pk).update(cell=world.other_cell)
    login(client, world.reviewer)
    page = text_of(client.get(reverse("review_queue")))
    assert page.index(f'href="{reverse("review_meeting", args=[older.pk])}"') < page.index(
        f'href="{reverse("review_meeting", args=[newer.pk])}"'
    )
    assert "3 ngày" in page and "Chi bộ Tài chính - Kế hoạch" in page
    assert reverse("review_changes", args=[newer.pk]) in page  # resubmitted: see the changes
    assert "3 biên bản đang chờ" in page


def test_the_queue_costs_the_same_for_one_and_many(world, client):
    submitted(world)
    login(client, world.reviewer)
    client.get(reverse("review_queue"))
    one = count_queries(client, reverse("review_queue"))
    for _ in range(12):
        resubmit_with_changes(world, make_meeting(world, members=2))
    many = count_queries(client, reverse("review_queue"))
    assert (one, many) == (QUEUE_QUERIES, QUEUE_QUERIES)


def test_the_queue_is_for_reviewers(world, client):
    login(client, world.recorder)
    assert client.get(reverse("review_queue")).status_code == 403


def test_the_home_page_shows_the_waiting_minutes_and_notifications(
    world, client, django_capture_on_commit_callbacks
):
    meeting = make_meeting(world)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(meeting=meeting, by=world.chair)
    login(client, world.reviewer)
    page = text_of(client.get(reverse("home")))
    assert "1 biên bản đang chờ đồng chí duyệt." in page
    assert "Biên bản chờ duyệt: Chi bộ Quản lý đô thị, ngày 21/06/2022 (phiên bản 1)" in page
    page = text_of(client.get(reverse("notifications")))
    assert "chưa đọc" in page
    client.post(reverse("notifications_read"))
    assert not Notification.objects.filter(user=world.reviewer, read_at__isnull=True).exists()


# --- history and audit ------------------------------------------------------------


def test_the_history_shows_who_changed_what_from_what(world, client):
    meeting = make_meeting(world)
    turn = SpeakingTurn.objects.filter(meeting=meeting).first()
    turn._history_user = world.recorder
    turn.gist = "Ý kiến đã sửa."
    turn.save()
    login(client, world.reviewer)
    page = text_of(client.get(reverse("review_history", args=[meeting.pk])))
    rows = page.split('<tr class="history-entry">')[1:]
    row = next(r for r in rows if "Ý kiến đã sửa." in r and "Lượt phát biểu" in r)
    assert "Nguyễn Thị Thu Trang" in row and "Lượt phát biểu" in row and "Sửa" in row
    assert (
        "<strong>tóm tắt ý kiến:</strong> <del>Ý kiến số 1.</del> → <ins>Ý kiến đã sửa.</ins>"
        in row
    )


def test_the_audit_page_checks_each_event(world, client):
    meeting = submitted(world)
    login(client, world.chair)
    page = text_of(client.get(reverse("review_audit", args=[meeting.pk])))
    assert "Chủ trì xác nhận biên bản" in page and "Gửi duyệt" in page
    assert page.count(">khớp<") == 2


def test_plain_members_do_not_read_how_minutes_were_made(world, client, signing_key):
    meeting = approved(world)
    login(client, world.member)
    assert client.get(reverse("meeting_detail", args=[meeting.pk])).status_code == 200
    for name in ("review_meeting", "review_changes", "review_history", "review_audit"):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 403, name
