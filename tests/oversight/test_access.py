"""Access on the oversight pages: a reviewer sees the cells under their committee only;
a member sees their own cell's approved minutes and their own actions."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests.oversight.conftest import hold


def test_a_member_without_a_role_gets_a_plain_answer(world, client):
    client.force_login(world.member_a1)
    page = client.get(reverse("oversight_dashboard"))
    assert page.status_code == 200
    assert "chưa được phân quyền" in page.content.decode()
    for name in ("followup_board", "regularity", "statistics", "campaign_list"):
        assert client.get(reverse(name)).status_code == 403, name
    assert client.get(reverse("statistics") + f"?org={world.a1.pk}").status_code == 404


def test_a_reviewer_sees_their_committee_not_the_other(world, client):
    hold(world.a1, dt.date(2024, 3, 12))
    hold(world.b1, dt.date(2024, 3, 12))
    client.force_login(world.reviewer_a)
    page = client.get(reverse("statistics") + "?start=2024-01-01&end=2024-12-31").content.decode()
    assert "Chi bộ A1" in page and "Chi bộ A2" in page and "Chi bộ B1" not in page
    for name in ("oversight_dashboard", "followup_board", "regularity", "statistics"):
        assert client.get(reverse(name) + f"?org={world.b.pk}").status_code == 404, name
        assert client.get(reverse(name) + f"?org={world.province.pk}").status_code == 404, name
        assert client.get(reverse(name) + f"?org={world.a1.pk}").status_code == 200, name


def test_a_cell_recorder_looks_at_their_cell(world, client):
    hold(world.a1, dt.date(2024, 3, 12))
    client.force_login(world.recorder_a1)
    page = client.get(reverse("oversight_dashboard")).content.decode()
    assert "Chi bộ A1" in page and "Chi bộ A2" not in page
    assert client.get(reverse("regularity") + f"?org={world.a.pk}").status_code == 404
    assert client.get(reverse("campaign_create")).status_code == 403


def test_the_dashboard_counts_what_waits_and_what_is_late(world, client):
    hold(
        world.a1,
        dt.date(2024, 3, 12),
        shortcomings=(("Còn nể nang.", ()),),
        actions=(("Việc quá hạn", dt.date(2024, 4, 1), 2),),
    )
    hold(world.a2, dt.date(2024, 3, 12), status="submitted")
    client.force_login(world.reviewer_a)
    page = client.get(reverse("oversight_dashboard")).content.decode()
    assert "biên bản chờ duyệt" in page
    assert f'href="/oversight/follow-up/?org={world.a.pk}&amp;tab=overdue">1<' in page
