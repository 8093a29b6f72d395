"""The follow-up of corrective actions: the board, the chain across meetings, who may do what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes.models import ActionProgress, ActionStatus, CorrectiveAction, Notification
from minutes.oversight import followup
from minutes.services import oversight as services
from tests.oversight.conftest import TODAY, hold

SHORTCOMING = (("Tự phê bình và phê bình còn nể nang, né tránh.", ("SD-TT-5",)),)


def board_texts(org, tab=followup.TRACKED) -> list[str]:
    return [a.text for a in followup.board(org, today=TODAY, tab=tab)]


@pytest.fixture
def actions(world):
    """Four actions of A1 in approved minutes, one in a draft, one in B1."""
    hold(
        world.a1,
        dt.date(2024, 3, 12),
        shortcomings=SHORTCOMING,
        actions=(
            ("Trong hạn", dt.date(2024, 9, 30), 2),
            ("Quá hạn lâu", dt.date(2024, 4, 30), 2),
            ("Quá hạn gần", dt.date(2024, 7, 1), None),
            ("Đã xong", dt.date(2024, 5, 31), 3),
        ),
    )
    hold(
        world.a1,
        dt.date(2024, 7, 10),
        status="draft",
        shortcomings=SHORTCOMING,
        actions=(("Trong bản nháp", dt.date(2024, 7, 1), 2),),
    )
    hold(
        world.b1,
        dt.date(2024, 3, 12),
        shortcomings=SHORTCOMING,
        actions=(("Của chi bộ B1", dt.date(2024, 4, 30), None),),
    )
    done = CorrectiveAction.objects.get(text="Đã xong")
    CorrectiveAction.objects.filter(pk=done.pk).update(status=ActionStatus.DONE)
    return {a.text: a for a in CorrectiveAction.objects.all()}


def test_overdue_actions_come_first_then_by_deadline(world, actions):
    assert board_texts(world.a) == ["Quá hạn lâu", "Quá hạn gần", "Trong hạn", "Đã xong"]
    assert board_texts(world.a, followup.OVERDUE) == ["Quá hạn lâu", "Quá hạn gần"]
    assert board_texts(world.a, followup.PENDING_VERIFICATION) == ["Đã xong"]


def test_the_deadline_day_itself_is_not_overdue(world, actions):
    hold(
        world.a2,
        dt.date(2024, 6, 1),
        shortcomings=SHORTCOMING,
        actions=(("Hạn hôm nay", TODAY, None),),
    )
    assert "Hạn hôm nay" in board_texts(world.a, followup.ACTIVE)
    assert "Hạn hôm nay" not in board_texts(world.a, followup.OVERDUE)
    assert followup.is_overdue(CorrectiveAction.objects.get(text="Hạn hôm nay"), TODAY) is False


def test_the_board_holds_approved_minutes_of_the_scope_only(world, actions):
    assert "Trong bản nháp" not in board_texts(world.a)
    assert "Của chi bộ B1" not in board_texts(world.a)
    assert "Của chi bộ B1" in board_texts(world.province)
    assert followup.tab_counts(world.a, today=TODAY) == {
        "tracked": 4,
        "overdue": 2,
        "active": 1,
        "done": 1,
        "verified": 0,
        "all": 4,
    }


def test_board_page_overdue_first_and_scoped(world, actions, client):
    client.force_login(world.reviewer_a)
    page = client.get(reverse("followup_board")).content.decode()
    assert page.index("Quá hạn lâu") < page.index("Trong hạn") < page.index("Đã xong")
    assert "Của chi bộ B1" not in page
    # Another committee is outside the reviewer's reach.
    assert client.get(reverse("followup_board") + f"?org={world.b.pk}").status_code == 404
    assert client.get(reverse("followup_board") + "?org=x").status_code == 404


def test_board_page_query_count_does_not_grow(world, client):
    client.force_login(world.reviewer_a)
    hold(
        world.a1,
        dt.date(2024, 3, 12),
        shortcomings=SHORTCOMING,
        actions=(("Một", dt.date(2024, 4, 1), 2),),
    )
    url = reverse("followup_board")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    hold(
        world.a2,
        dt.date(2024, 4, 12),
        shortcomings=SHORTCOMING,
        actions=tuple((f"Việc {i}", dt.date(2024, 5, i + 1), i % 5) for i in range(12)),
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "Việc 11" in response.content.decode()
    assert len(many) == len(one)


def test_the_chain_from_shortcoming_to_verification(
    world, actions, client, django_capture_on_commit_callbacks
):
    action = actions["Quá hạn lâu"]
    later = hold(world.a1, dt.date(2024, 7, 12), status="draft")
    step = services.record_action_progress(
        action,
        meeting=later,
        note="Đã tổ chức học tập lại nghị quyết.",
        status=ActionStatus.IN_PROGRESS,
        by=world.recorder_a1,
    )
    assert (step.from_status, step.status, step.meeting) == ("open", "in_progress", later)
    owner = world.member_a1  # Lê Văn Dũng owns this action
    services.complete_action(action, by=owner, done_on=TODAY, note="Hoàn thành bài thu hoạch.")
    with django_capture_on_commit_callbacks(execute=True):
        services.verify_action(action, by=world.reviewer_a, note="Đạt yêu cầu.")
    action.refresh_from_db()
    assert action.status == ActionStatus.VERIFIED and action.verified_by == world.reviewer_a
    assert list(ActionProgress.objects.filter(action=action).values_list("step", flat=True)) == [
        "reported",
        "done",
        "verified",
    ]
    assert Notification.objects.filter(user=owner, text__contains="xác nhận").exists()

    client.force_login(world.reviewer_a)
    page = client.get(reverse("action_detail", args=[action.pk])).content.decode()
    order = [
        "Tự phê bình và phê bình còn nể nang",  # the shortcoming raised on 12/03/2024
        "SD-TT-5",
        "Quá hạn lâu",  # the action
        "Đã tổ chức học tập lại nghị quyết.",  # reported at the meeting of 12/07/2024
        "12/07/2024",
        "Hoàn thành bài thu hoạch.",
        "Đạt yêu cầu.",
        "Đã được cấp ủy cấp trên xác nhận",
    ]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)


def test_who_may_move_an_action(world, actions):
    action = actions["Quá hạn lâu"]
    with pytest.raises(PermissionDenied):  # not the owner, not the cell's recorder
        services.start_action(action, by=world.outsider)
    with pytest.raises(PermissionDenied):  # the cell does not verify itself
        services.verify_action(action, by=world.recorder_a1)
    assert services.start_action(action, by=world.member_a1) is not None
    assert services.start_action(action, by=world.member_a1) is None  # already under way
    with pytest.raises(services.OversightError):
        services.verify_action(action, by=world.reviewer_a)  # not reported done yet
    services.complete_action(action, by=world.recorder_a1, done_on=TODAY, note="Xong.")
    assert services.verify_action(action, by=world.reviewer_a) is not None
    assert services.verify_action(action, by=world.reviewer_a) is None
    step = services.reopen_action(action, by=world.reviewer_a, reason="Chưa thực chất.")
    action.refresh_from_db()
    assert (step.from_status, action.status, action.verified_at) == (
        "verified",
        "in_progress",
        None,
    )


def test_progress_is_reported_at_a_later_editable_meeting_of_the_same_cell(world, actions):
    action = actions["Trong hạn"]
    original = action.meeting
    approved_later = hold(world.a1, dt.date(2024, 7, 12))
    other_cell = hold(world.a2, dt.date(2024, 7, 12), status="draft")
    earlier = hold(world.a1, dt.date(2024, 2, 1), status="draft")
    for meeting, message in (
        (approved_later, "đã duyệt"),
        (other_cell, None),
        (earlier, "cuộc họp sau"),
    ):
        with pytest.raises((services.OversightError, PermissionDenied)) as error:
            services.record_action_progress(
                action, meeting=meeting, note="x", status="done", by=world.recorder_a1
            )
        if message:
            assert message in str(error.value)
    with pytest.raises(PermissionDenied):
        later = hold(world.a1, dt.date(2024, 7, 13), status="draft")
        services.record_action_progress(
            action, meeting=later, note="x", status="done", by=world.member_a1
        )
    assert original.pk == action.meeting_id


def test_meeting_follow_up_page_records_progress(world, actions, client):
    later = hold(world.a1, dt.date(2024, 7, 12), status="draft")
    action = actions["Quá hạn lâu"]
    client.force_login(world.recorder_a1)
    url = reverse("meeting_followup", args=[later.pk])
    page = client.get(url).content.decode()
    assert "Quá hạn lâu" in page and "Của chi bộ B1" not in page
    bad = client.post(
        url, {"action": action.pk, f"a{action.pk}-note": "", f"a{action.pk}-status": "done"}
    )
    assert bad.status_code == 400
    good = client.post(
        url,
        {
            "action": action.pk,
            f"a{action.pk}-note": "Đã khắc phục <xong>",
            f"a{action.pk}-status": "done",
        },
    )
    assert good.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.done_at) == ("done", later.date)
    page = client.get(url).content.decode()
    assert "Đã khắc phục &lt;xong&gt;" in page
    # The action of another cell cannot be reported here.
    foreign = actions["Của chi bộ B1"]
    response = client.post(
        url, {"action": foreign.pk, f"a{foreign.pk}-note": "x", f"a{foreign.pk}-status": "done"}
    )
    assert response.status_code == 404


def test_action_transitions_over_http(world, actions, client):
    action = actions["Quá hạn lâu"]
    client.force_login(world.member_a1)
    url = reverse("action_transition", args=[action.pk, "complete"])
    response = client.post(url, {"complete-note": "", "complete-done_on": "2999-01-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ngày hoàn thành không được ở tương lai." in page
    response = client.post(url, {"complete-note": "Đã xong.", "complete-done_on": "2024-07-14"})
    assert response.status_code == 302
    assert client.post(reverse("action_transition", args=[action.pk, "verify"])).status_code == 403
    client.force_login(world.outsider)
    assert (
        client.post(url, {"complete-note": "x", "complete-done_on": "2024-07-14"}).status_code
        == 404
    )
    client.force_login(world.reviewer_a)
    response = client.post(
        reverse("action_transition", args=[action.pk, "verify"]), {"verify-note": ""}
    )
    assert response.status_code == 302
    assert CorrectiveAction.objects.get(pk=action.pk).status == "verified"
    assert client.get(reverse("action_transition", args=[action.pk, "verify"])).status_code == 405


def test_my_actions_lists_the_members_own_actions_overdue_first(world, actions, client):
    client.force_login(world.member_a1)
    page = client.get(reverse("my_actions")).content.decode()
    assert page.index("Quá hạn lâu") < page.index("Trong hạn")
    assert "Đã xong" not in page  # Trần Thị Hoa's
    assert "Quá hạn gần" not in page  # the committee's
    assert "Trong bản nháp" not in page  # not in force yet
    csv = client.get(reverse("my_actions") + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "Quá hạn lâu" in csv.content.decode("utf-8-sig")


def test_a_member_reads_the_chain_of_their_cell_not_of_others(world, actions, client):
    client.force_login(world.member_a1)
    assert client.get(reverse("action_detail", args=[actions["Đã xong"].pk])).status_code == 200
    assert (
        client.get(reverse("action_detail", args=[actions["Của chi bộ B1"].pk])).status_code == 404
    )
    # A draft's actions are not visible to a plain member.
    assert (
        client.get(reverse("action_detail", args=[actions["Trong bản nháp"].pk])).status_code == 404
    )


def test_the_meeting_page_leads_the_recorder_to_report_progress(world, actions, client):
    draft = hold(world.a1, dt.date(2024, 7, 12), status="draft")
    url = reverse("meeting_followup", args=[draft.pk])
    client.force_login(world.recorder_a1)
    assert url in client.get(reverse("meeting_detail", args=[draft.pk])).content.decode()
    approved = actions["Quá hạn lâu"].meeting
    page = client.get(reverse("meeting_detail", args=[approved.pk])).content.decode()
    assert "/follow-up/" not in page
    client.force_login(world.reviewer_a)
    assert url not in client.get(reverse("meeting_detail", args=[draft.pk])).content.decode()
