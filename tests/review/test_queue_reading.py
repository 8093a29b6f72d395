"""The queue says who is reading: minutes a reviewer has opened show "Đang đọc: <name>"
until somebody comments; a resubmission starts unread again."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from members.models import Role
from minutes.models import ReviewOpening
from minutes.services import workflow
from tests.factories import UserFactory, grant
from tests.review.conftest import fresh, make_meeting, submitted
from tests.review.test_pages import QUEUE_QUERIES, count_queries
from tests.review.test_queue_states import comment, queue_page, row_of

pytestmark = pytest.mark.django_db

QUEUE = reverse("review_queue")


def open_review(client, user, meeting) -> None:
    client.force_login(user)
    assert client.get(reverse("review_meeting", args=[meeting.pk])).status_code == 200


def test_opening_the_minutes_marks_them_being_read_with_the_readers_name(world, client):
    meeting = submitted(world)
    assert "Mới" in row_of(queue_page(client, world), meeting)

    open_review(client, world.reviewer, meeting)
    row = row_of(queue_page(client, world), meeting)
    assert "Đang đọc: Nguyễn Duy Đức" in row
    assert "Mới" not in row


def test_a_second_reader_is_counted_and_the_first_stays_named(world, client):
    meeting = submitted(world)
    deputy = UserFactory(username="deputy", first_name="Quý", last_name="Nguyễn Văn")
    grant(deputy, world.committee, Role.REVIEWER)
    open_review(client, world.reviewer, meeting)
    open_review(client, deputy, meeting)
    open_review(client, world.reviewer, meeting)  # again: still one opening each

    assert ReviewOpening.objects.filter(meeting=meeting).count() == 2
    row = row_of(queue_page(client, world), meeting)
    assert "Đang đọc: Nguyễn Duy Đức và 1 người khác" in row


def test_a_comment_turns_being_read_into_commented(world, client):
    meeting = submitted(world)
    open_review(client, world.reviewer, meeting)
    comment(world, meeting)
    row = row_of(queue_page(client, world), meeting)
    assert "1 nhận xét" in row and "Đang đọc" not in row


def test_a_resubmission_is_unread_until_opened_again(world, client):
    meeting = submitted(world)
    open_review(client, world.reviewer, meeting)
    workflow.return_for_changes(meeting=meeting, by=world.reviewer, reason="Ghi rõ hơn.")
    meeting = submitted(world, fresh(meeting))
    row = row_of(queue_page(client, world), meeting)
    assert "Gửi lại lần 2" in row and "Đang đọc" not in row

    open_review(client, world.reviewer, meeting)
    row = row_of(queue_page(client, world), meeting)
    assert "Đang đọc: Nguyễn Duy Đức" in row
    assert "(đã sửa)" in row  # the round column still says it was corrected


@pytest.mark.parametrize("who", ["recorder", "chair", "member", "other_recorder"])
def test_only_reviewers_mark_minutes_as_read(world, client, who):
    meeting = submitted(world)
    client.force_login(world.users[who])
    client.get(reverse("review_meeting", args=[meeting.pk]))  # 200, 403 or 404 by role
    assert not ReviewOpening.objects.exists()
    assert "Mới" in row_of(queue_page(client, world), meeting)


def test_drafts_and_returned_minutes_are_not_marked(world, client):
    draft = make_meeting(world)
    open_review(client, world.reviewer, draft)
    assert not ReviewOpening.objects.exists()


def test_the_filter_keeps_the_minutes_being_read(world, client):
    new = submitted(world)
    reading = submitted(world, make_meeting(world))
    open_review(client, world.reviewer, reading)
    page = queue_page(client, world)
    filters = page[page.index('id="queue-filters"') :]
    filters = filters[: filters.index("</ul>")]
    link = re.search(
        rf'href="{re.escape(QUEUE)}\?state=reading"[^>]*>([^<]*)<span[^>]*>(\d+)', filters
    )
    assert link and link.group(1).strip() == "Đang đọc" and link.group(2) == "1"

    page = queue_page(client, world, "?state=reading")
    assert row_of(page, reading)
    assert reverse("review_meeting", args=[new.pk]) not in page
    page = queue_page(client, world, "?state=new")
    assert row_of(page, new)
    assert reverse("review_meeting", args=[reading.pk]) not in page


def test_being_read_costs_no_query_for_one_or_many_items(world, client):
    first = submitted(world)
    open_review(client, world.reviewer, first)
    one = count_queries(client, QUEUE)
    for i in range(12):
        meeting = submitted(world, make_meeting(world, members=2, turns=1))
        if i % 2:
            open_review(client, world.reviewer, meeting)
    many = [count_queries(client, QUEUE + q) for q in ("", "?state=reading")]
    assert (one, many) == (QUEUE_QUERIES, [QUEUE_QUERIES] * 2)
    assert queue_page(client, world, "?state=reading").count("Đang đọc: Nguyễn Duy Đức") == 7


def test_opening_again_keeps_the_first_opening(world, client):
    meeting = submitted(world)
    client.force_login(world.reviewer)
    url = reverse("review_meeting", args=[meeting.pk])
    client.get(url)  # the first opening
    first = ReviewOpening.objects.get()
    # Opening again writes nothing new: the first time is kept.
    client.get(url)
    assert list(ReviewOpening.objects.values_list("pk", "opened_at")) == [
        (first.pk, first.opened_at)
    ]
