"""Starting a meeting in one click: from the home page straight into the editor.

Each cell the user records for has a button per usual kind; it POSTs, the draft
is made dated today and prefilled from the cell's previous meeting of that kind
(as the start form would be), and the editor opens. A second click within a
minute opens the same draft. The full form stays behind "Tùy chọn khác…".
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from members.models import Organization
from minutes.models import Campaign, Meeting, ParticipantRole
from minutes.services import recording as services
from minutes.services.meetings import create_meeting
from minutes.vnformat import short_date
from tests.browser import log_in, serious_axe_violations
from tests.review.test_concurrency import at_once

START = reverse("recording_start")


def quick(client, **data):
    return client.post(START, {"quick": "1", **data})


def new_meetings(meeting) -> list[Meeting]:
    return list(Meeting.objects.exclude(pk=meeting.pk).order_by("pk"))


def test_the_home_page_offers_a_button_per_kind_for_each_cell(secretary_client, meeting):
    page = secretary_client.get(reverse("home")).content.decode()
    panel = page[page.index('id="home-quick-start"') :]
    panel = panel[: panel.index("</ul>")]
    form = re.search(r'<form method="post" action="([^"]+)"', panel)
    assert form and form.group(1) == START
    assert 'name="csrfmiddlewaretoken"' in panel
    assert f'name="cell" value="{meeting.cell.pk}"' in panel
    for kind, label in [("regular", "Sinh hoạt thường kỳ"), ("thematic", "Sinh hoạt chuyên đề")]:
        assert re.search(rf'name="kind" value="{kind}">{label}<span', panel), kind
    assert f'href="{START}?cell={meeting.cell.pk}">Tùy chọn khác…' in panel


def test_one_click_makes_the_draft_like_last_time_and_opens_the_editor(
    secretary_client, meeting, secretary
):
    response = quick(secretary_client, cell=meeting.cell.pk, kind="regular")

    [new] = new_meetings(meeting)
    assert response.status_code == 302
    assert response.url == reverse("recording_editor", args=[new.pk]) + "#sec-details"
    # What the start form would have offered: today, and the rest from last time;
    # the time and the place of this meeting are not known yet, so they stay empty.
    today = timezone.localdate()
    assert (new.cell, new.kind, new.date) == (meeting.cell, "regular", today)
    assert (new.start_time, new.place) == (None, "")
    assert [a.title for a in new.agenda_items.all()] == ["Kiểm điểm nghị quyết tháng trước"]
    assert new.chair.member_id == meeting.chair.member_id
    assert new.participants.filter(role=ParticipantRole.MEMBER).count() == 5
    assert new.created_by == secretary and new.status == "draft"
    # The next page says what was done and where to change the date.
    page = secretary_client.get(reverse("home")).content.decode()
    assert f"Đã tạo biên bản dự thảo ngày {short_date(today)}" in page
    assert f"điền sẵn theo cuộc họp ngày {short_date(meeting.date)}" in page


def test_the_prefill_is_the_one_the_start_form_shows(secretary_client, meeting):
    form = secretary_client.get(
        START, {"cell": meeting.cell.pk, "kind": "regular"}
    ).content.decode()
    quick(secretary_client, cell=meeting.cell.pk, kind="regular")
    [new] = new_meetings(meeting)
    # Last time's place is offered as a suggestion only, the time not at all.
    assert "Lần trước họp tại: Hội trường cơ quan." in form
    assert 'value="Hội trường cơ quan"' not in form
    assert 'value="19:30"' not in form
    assert f"{new.agenda_items.get().title}</textarea>" in form
    assert f'<option value="{new.chair.member_id}" selected>' in form


def test_a_double_click_opens_the_same_draft(secretary_client, meeting):
    first = quick(secretary_client, cell=meeting.cell.pk, kind="regular")
    second = quick(secretary_client, cell=meeting.cell.pk, kind="regular")
    [new] = new_meetings(meeting)
    assert first.url == second.url == reverse("recording_editor", args=[new.pk]) + "#sec-details"
    page = secretary_client.get(reverse("home")).content.decode()
    assert "đã mở lại, không tạo thêm" in page

    # Another kind is another meeting; and a minute later the same kind is a new one too.
    quick(secretary_client, cell=meeting.cell.pk, kind="thematic")  # no thematic before: form
    Meeting.objects.filter(pk=new.pk).update(created_at=timezone.now() - dt.timedelta(minutes=2))
    quick(secretary_client, cell=meeting.cell.pk, kind="regular")
    assert len(new_meetings(meeting)) == 2


def test_without_a_previous_meeting_of_that_kind_the_form_asks_for_time_and_place(
    secretary_client, meeting
):
    response = quick(secretary_client, cell=meeting.cell.pk, kind="thematic")
    assert response.status_code == 302
    assert response.url == f"{START}?cell={meeting.cell.pk}&kind=thematic"
    assert not new_meetings(meeting)
    page = secretary_client.get(response.url).content.decode()
    assert "hãy nhập giờ, địa điểm rồi tạo biên bản" in page
    assert "Tạo biên bản và bắt đầu ghi" in page


def test_a_campaign_starts_in_one_click_too(secretary_client, meeting, secretary):
    create_meeting(
        cell=meeting.cell,
        kind="thematic",
        date=dt.date(2022, 3, 15),
        start_time=dt.time(14, 0),
        place="Phòng họp tầng 2",
        topic="Học tập nghị quyết",
    )
    campaign = Campaign.objects.create(
        committee=meeting.cell.parent,
        topic="Tự soi, tự sửa",
        legal_bases="Kết luận 21-KL/TW",
        deadline=timezone.localdate() + dt.timedelta(days=30),
    )
    # The home page's campaign panel posts the same one-click start.
    page = secretary_client.get(reverse("home")).content.decode()
    todo = page[page.index('id="home-campaigns-todo"') :]
    todo = todo[: todo.index("</ul>")]
    assert f'action="{START}"' in todo and 'name="quick"' in todo
    assert f'name="campaign" value="{campaign.pk}"' in todo
    assert "Tùy chọn khác…" in todo

    before = set(Meeting.objects.values_list("pk", flat=True))
    response = quick(secretary_client, campaign=campaign.pk, cell=meeting.cell.pk)
    new = Meeting.objects.exclude(pk__in=before).get()
    assert response.url.startswith(reverse("recording_editor", args=[new.pk]))
    assert (new.kind, new.campaign, new.topic) == ("thematic", campaign, "Tự soi, tự sửa")
    assert new.legal_bases == "Kết luận 21-KL/TW"
    assert (new.place, new.start_time) == ("", None)


def test_only_recorders_of_the_cell_start_its_meetings(client, meeting, chair, outsider):
    assert quick(client, cell=meeting.cell.pk, kind="regular").status_code == 302  # log in
    client.force_login(chair)
    assert quick(client, cell=meeting.cell.pk, kind="regular").status_code == 403
    client.force_login(outsider)
    response = quick(client, cell=meeting.cell.pk, kind="regular")
    assert response.status_code == 403
    assert "Bạn không có quyền ghi biên bản của chi bộ này." in response.content.decode()
    assert not new_meetings(meeting)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"cell": "abc", "kind": "regular"},
        {"cell": "99999999999999999999", "kind": "regular"},
        {"cell": "-1"},
        {"kind": "regular"},
        {"cell": "CELL", "kind": "nonsense"},
        {"cell": "CELL", "kind": ""},
        {"cell": "CELL", "kind": "regular", "campaign": "x"},
        {"cell": "CELL", "kind": "regular", "campaign": "999999"},
        {"cell": "CELL", "campaign": "1e9"},
        {"cell": ["CELL", "CELL"], "kind": ["regular", "thematic"]},
    ],
)
def test_bad_post_data_is_refused_or_sent_to_the_form_never_a_500(secretary_client, meeting, data):
    data = {
        key: [meeting.cell.pk if v == "CELL" else v for v in value]
        if isinstance(value, list)
        else (meeting.cell.pk if value == "CELL" else value)
        for key, value in data.items()
    }
    response = quick(secretary_client, **data)
    assert response.status_code in (302, 403)
    if response.status_code == 302 and "/edit/" not in response.url:
        assert response.url.startswith(f"{START}?cell={meeting.cell.pk}")
    assert len(new_meetings(meeting)) <= 1
    if new_meetings(meeting):
        assert new_meetings(meeting)[0].campaign is None


def test_the_full_form_still_works_alongside(secretary_client, meeting):
    """A POST without `quick` is the start form, exactly as before."""
    response = secretary_client.post(
        START,
        {
            "cell": meeting.cell.pk,
            "kind": "regular",
            "date": "19/7/2022",
            "start_time": "19:30",
            "place": "Hội trường",
            "agenda": "Kiểm điểm",
        },
    )
    new = new_meetings(meeting)[0]
    assert response.url == reverse("recording_editor", args=[new.pk])
    assert new.date == dt.date(2022, 7, 19)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_clicks_arriving_together_make_one_draft(meeting, secretary):
    """The cell's row is locked while looking for a draft just made (SQLite has no row locks)."""
    results = at_once(
        lambda: services.start_meeting_like_last_time(
            cell=meeting.cell, kind="regular", by=secretary
        )
    )
    assert all(isinstance(r, services.QuickStart) for r in results), results
    assert sorted(r.created for r in results) == [False, False, False, True]
    assert len({r.meeting.pk for r in results}) == 1
    assert len(new_meetings(meeting)) == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_chromium_one_click_from_home_to_the_editor(demo, page, live_server, artifacts_dir):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server)
    assert serious_axe_violations(page, live_server) == []
    row = page.locator("#home-quick-start li", has_text="Chi bộ Quản lý đô thị")
    page.screenshot(path=artifacts_dir / "recording-one-click-home.png", full_page=True)
    before = set(Meeting.objects.values_list("pk", flat=True))
    last_time = services.previous_meeting(
        Organization.objects.get(name="Chi bộ Quản lý đô thị"), "thematic"
    )

    row.locator("button", has_text="Sinh hoạt chuyên đề").click()
    page.wait_for_url(re.compile(r"/meetings/\d+/edit/"))

    new = Meeting.objects.exclude(pk__in=before).get()
    assert page.url.endswith(f"/meetings/{new.pk}/edit/#sec-details")
    assert (new.kind, new.date, new.status) == ("thematic", timezone.localdate(), "draft")
    assert last_time.place and last_time.start_time
    assert (new.place, new.start_time) == ("", None)
    expect(page.locator(".messages")).to_contain_text(
        f"Đã tạo biên bản dự thảo ngày {short_date(timezone.localdate())}"
    )
    page.screenshot(path=artifacts_dir / "recording-one-click-editor.png", full_page=True)
