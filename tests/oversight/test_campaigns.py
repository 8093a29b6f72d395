"""Campaigns: creating one, where each cell stands, overdue, the home panel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from minutes.models import Campaign
from minutes.oversight.campaigns import CellState, campaign_status, campaign_summaries
from minutes.services import oversight as services
from tests.oversight.conftest import TODAY, hold

DEADLINE = dt.date(2024, 6, 30)


@pytest.fixture
def campaign(world):
    return services.create_campaign(
        committee=world.a,
        topic="Tự soi, tự sửa",
        deadline=DEADLINE,
        legal_bases="Kết luận số 21-KL/TW ngày 25/10/2021",
        pilot_cell=world.a1,
        by=world.reviewer_a,
    )


def states(status) -> dict[str, str]:
    return {row.cell.name: row.shown_state for row in status.rows}


def test_every_cell_under_the_committee_starts_not_started(world, campaign):
    status = campaign_status(campaign, today=dt.date(2024, 6, 1))
    assert states(status) == {"Chi bộ A1": "not_started", "Chi bộ A2": "not_started"}
    assert (status.approved, status.total, status.percent) == (0, 2, 0)


def test_a_cell_is_as_far_as_its_most_advanced_meeting(world, campaign):
    hold(world.a1, dt.date(2024, 6, 10), kind="thematic", campaign=campaign, status="draft")
    hold(world.a1, dt.date(2024, 6, 12), kind="thematic", campaign=campaign, status="submitted")
    hold(world.a2, dt.date(2024, 6, 20), kind="thematic", campaign=campaign, status="returned")
    status = campaign_status(campaign, today=dt.date(2024, 6, 25))
    assert states(status) == {"Chi bộ A1": "submitted", "Chi bộ A2": "draft"}
    hold(world.a2, dt.date(2024, 6, 21), kind="combined", campaign=campaign, status="approved")
    status = campaign_status(campaign, today=dt.date(2024, 6, 25))
    assert states(status) == {"Chi bộ A1": "submitted", "Chi bộ A2": "approved"}
    assert (status.approved, status.total, status.percent) == (1, 2, 50)
    assert status.counts == {
        "overdue": 0,
        "not_started": 0,
        "draft": 0,
        "submitted": 1,
        "approved": 1,
    }


def test_overdue_only_after_the_deadline_day_and_never_once_approved(world, campaign):
    hold(world.a1, dt.date(2024, 6, 28), kind="thematic", campaign=campaign, status="submitted")
    on_the_day = campaign_status(campaign, today=DEADLINE)
    assert states(on_the_day) == {"Chi bộ A1": "submitted", "Chi bộ A2": "not_started"}
    after = campaign_status(campaign, today=DEADLINE + dt.timedelta(days=1))
    assert states(after) == {"Chi bộ A1": "overdue", "Chi bộ A2": "overdue"}
    # Overdue cells come first, and the row still says how far the cell got.
    assert [r.state for r in after.rows] == ["submitted", "not_started"]
    late = hold(world.a2, dt.date(2024, 7, 5), kind="thematic", campaign=campaign)
    after = campaign_status(campaign, today=TODAY)
    row = next(r for r in after.rows if r.cell == world.a2)
    assert (row.shown_state, row.late, row.meeting_id) == ("approved", True, late.pk)


def test_a_superseded_version_does_not_count(world, campaign):
    old = hold(world.a1, dt.date(2024, 6, 10), kind="thematic", campaign=campaign)
    from minutes.models import Meeting
    from minutes.models.meeting import workflow_write

    with workflow_write():
        Meeting.objects.filter(pk=old.pk).update(
            superseded_at=dt.datetime(2024, 6, 11, tzinfo=dt.UTC)
        )
    status = campaign_status(campaign, today=dt.date(2024, 6, 20))
    assert states(status)["Chi bộ A1"] == "not_started"


def test_summaries_of_many_campaigns_take_two_queries(world, campaign, django_assert_num_queries):
    other = services.create_campaign(
        committee=world.province, topic="Nêu gương", deadline=DEADLINE, by=world.reviewer_p
    )
    hold(world.a1, dt.date(2024, 6, 10), kind="thematic", campaign=campaign)
    hold(world.b1, dt.date(2024, 6, 10), kind="thematic", campaign=other, status="draft")
    campaigns = list(Campaign.objects.select_related("committee").order_by("pk"))
    with django_assert_num_queries(2):
        summaries = campaign_summaries(campaigns, today=TODAY)
    assert [(s.cells, s.started, s.approved, s.overdue, s.percent) for s in summaries] == [
        (2, 1, 1, 1, 50),
        (3, 1, 0, 3, 0),
    ]


def test_only_a_reviewer_of_a_committee_creates_a_campaign(world):
    with pytest.raises(PermissionDenied):
        services.create_campaign(
            committee=world.a, topic="X", deadline=DEADLINE, by=world.recorder_a1
        )
    with pytest.raises(PermissionDenied):  # reviewers hold their role on committees, not cells
        services.create_campaign(
            committee=world.b, topic="X", deadline=DEADLINE, by=world.reviewer_a
        )
    with pytest.raises(services.OversightError, match="làm điểm"):
        services.create_campaign(
            committee=world.a,
            topic="X",
            deadline=DEADLINE,
            pilot_cell=world.b1,
            by=world.reviewer_a,
        )


def test_closing_twice_is_a_no_op(world, campaign):
    assert services.close_campaign(campaign, by=world.reviewer_a) is not None
    assert services.close_campaign(campaign, by=world.reviewer_a) is None
    with pytest.raises(PermissionDenied):
        services.close_campaign(campaign, by=world.recorder_a1)


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(world, client):
    client.force_login(world.reviewer_a)
    response = client.post(
        reverse("campaign_create"),
        {
            "committee": world.a.pk,
            "topic": "Tự soi, tự sửa <b>2024</b>",
            "legal_bases": "Kết luận 21-KL/TW",
            "deadline": "2000-01-01",
            "pilot_cell": world.b1.pk,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tự soi, tự sửa &lt;b&gt;2024&lt;/b&gt;" in html
    assert "Hạn hoàn thành không được ở quá khứ." in html
    assert not Campaign.objects.exists()


def test_a_reviewer_creates_a_campaign_and_sees_it_per_cell(world, client):
    client.force_login(world.reviewer_a)
    deadline = dt.date.today() + dt.timedelta(days=30)
    response = client.post(
        reverse("campaign_create"),
        {
            "committee": world.a.pk,
            "topic": "Tự soi, tự sửa",
            "legal_bases": "Kết luận số 21-KL/TW",
            "deadline": deadline.isoformat(),
            "pilot_cell": world.a1.pk,
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("campaign_detail", args=[campaign.pk])
    page = client.get(response["Location"]).content.decode()
    assert "0/2" in page
    assert "Chi bộ A1" in page and "Chi bộ A2" in page and "Chi bộ B1" not in page
    assert "làm điểm" in page


def test_campaign_pages_are_for_the_committee_above(world, client, campaign):
    url = reverse("campaign_detail", args=[campaign.pk])
    for user, expected in (
        (world.reviewer_a, 200),
        (world.reviewer_p, 200),  # from above
        # The cell's secretary reads what the campaign asks and its pilot minutes
        # (issue 13), never the other cells' progress.
        (world.recorder_a1, 200),
        (world.outsider, 404),
        (world.member_a1, 404),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected, user.username
        if user == world.recorder_a1:
            assert 'id="campaign-cells"' not in response.content.decode()


def test_the_secretary_sees_the_campaign_at_home_until_it_is_done(world, client, campaign):
    client.force_login(world.recorder_a1)
    page = client.get(reverse("home")).content.decode()
    assert "Tự soi, tự sửa" in page and "Chi bộ A1" in page
    assert "Chưa tổ chức" in page
    meeting = hold(
        world.a1, dt.date(2024, 6, 10), kind="thematic", campaign=campaign, status="draft"
    )
    page = client.get(reverse("home")).content.decode()
    assert reverse("meeting_detail", args=[meeting.pk]) in page
    assert "Đang ghi biên bản" in page
    client.force_login(world.outsider)
    assert "Tự soi, tự sửa" not in client.get(reverse("home")).content.decode()


def test_the_start_button_carries_the_campaign(world, client, campaign):
    client.force_login(world.recorder_a1)
    page = client.get(reverse("home")).content.decode()
    start = reverse("recording_start")
    link = f"{start}?campaign={campaign.pk}&amp;cell={world.a1.pk}&amp;kind=thematic"
    assert link in page
    # The recording screen takes the campaign's topic and legal bases from there.
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Tự soi, tự sửa" in form and "Kết luận số 21-KL/TW" in form


def test_home_panel_query_count_does_not_grow(world, client, campaign):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.recorder_a1)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("home"))
    for day in (10, 11, 12):
        services.create_campaign(
            committee=world.province, topic=f"Đợt {day}", deadline=DEADLINE, by=world.reviewer_p
        )
        hold(world.a1, dt.date(2024, 6, day), kind="thematic", campaign=campaign, status="draft")
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("home")).content.decode()
    assert "Đợt 12" in page
    assert len(many) == len(one)


def test_campaign_status_page_has_a_fixed_number_of_queries(world, client, campaign):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.reviewer_a)
    url = reverse("campaign_detail", args=[campaign.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for cell_number in range(5):
        from tests.factories import CellFactory

        cell = CellFactory(parent=world.a, name=f"Chi bộ mới {cell_number}")
        from tests.oversight.conftest import roster

        roster(cell)
        hold(cell, dt.date(2024, 6, 3), kind="thematic", campaign=campaign)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "5/7" in response.content.decode()
    assert len(many) == len(one)


def test_state_labels_are_vietnamese():
    assert str(CellState.labels["overdue"]) == "Quá hạn"
