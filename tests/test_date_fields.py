"""Dates and times the Vietnamese way in every form, whatever the browser's language.

The fields are text boxes (minutes.datetime_fields): shown as 21/6/2022 and
19:30, read in every way an office writes them, and refused with a message
that says the form to use.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django import forms
from django.urls import reverse

from members.forms.organizations import OrganizationForm
from members.forms.roster import DecideForm, EventForm, MemberForm
from minutes.datetime_fields import date_field, time_field
from minutes.forms.recording import ClosingForm, DetailsForm, StartMeetingForm
from minutes.oversight.forms import CompleteForm, PeriodForm
from tests.recording.conftest import ensure_reference_data
from tests.review.conftest import build_world

DATE_ERROR = "Ngày không hợp lệ: hãy ghi theo dạng 21/6/2022."
TIME_ERROR = "Giờ không hợp lệ: hãy ghi theo dạng 19:30."


class Sample(forms.Form):
    day = date_field("Ngày")
    at = time_field("Giờ", required=False)


def read(**data) -> Sample:
    form = Sample(data)
    form.is_valid()
    return form


@pytest.mark.parametrize(
    "typed",
    [
        "21/6/2022",
        "21/06/2022",
        "21-6-2022",
        "21.6.2022",
        "2022-06-21",  # the links of the statistics and exports carry ISO dates
        " 21 / 6 / 2022 ",
        "21,6,2022",  # a phone's decimal key in Vietnamese
    ],
)
def test_every_written_form_of_a_date_is_read(typed):
    assert read(day=typed).cleaned_data["day"] == dt.date(2022, 6, 21)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("19:30", dt.time(19, 30)),
        ("19h30", dt.time(19, 30)),
        ("19H30", dt.time(19, 30)),
        ("19h", dt.time(19, 0)),
        ("7:30", dt.time(7, 30)),
        ("07:30", dt.time(7, 30)),
        ("19g30", dt.time(19, 30)),
        ("19.30", dt.time(19, 30)),
        ("19 giờ 30 phút", dt.time(19, 30)),
        ("19 giờ", dt.time(19, 0)),
        ("19:30:00", dt.time(19, 30)),
    ],
)
def test_every_written_form_of_a_time_is_read(typed, expected):
    assert read(day="21/6/2022", at=typed).cleaned_data["at"] == expected


@pytest.mark.parametrize(
    "typed",
    ["31/2/2022", "6/21/2022", "2022/06/21", "21/6/22", "hôm nay", "21/6", "1" * 40, "0/0/0000"],
)
def test_a_date_that_cannot_be_read_says_the_form_to_use(typed):
    form = read(day=typed)
    assert form.errors["day"] == [DATE_ERROR]


@pytest.mark.parametrize("typed", ["25:61", "24:00", "19:60", "7:30 PM", "1930", "19", "giờ"])
def test_a_time_that_cannot_be_read_says_the_form_to_use(typed):
    form = read(day="21/6/2022", at=typed)
    assert form.errors["at"] == [TIME_ERROR]


def test_an_empty_required_date_is_asked_for():
    assert read(day="").errors["day"] == ["Trường này là bắt buộc."]


def test_the_widgets_show_the_vietnamese_form():
    html = str(Sample(initial={"day": dt.date(2022, 6, 21), "at": dt.time(7, 5)}))
    assert 'type="text" name="day" value="21/6/2022"' in html
    assert 'name="at" value="7:05"' in html
    assert 'placeholder="ngày/tháng/năm"' in html and 'placeholder="giờ:phút"' in html
    assert 'inputmode="decimal"' in html
    assert 'type="date"' not in html and 'type="time"' not in html
    # The leading-zero rule of the documents (minutes.vnformat.short_date).
    assert 'value="03/4/2018"' in str(Sample(initial={"day": dt.date(2018, 4, 3)}))


def test_what_was_typed_comes_back_as_typed_when_it_is_wrong():
    html = str(Sample({"day": "31/2/2022", "at": "19h75"}))
    assert 'value="31/2/2022"' in html and 'value="19h75"' in html


@pytest.mark.parametrize(
    ("form_class", "names"),
    [
        (StartMeetingForm, ("date", "start_time")),
        (DetailsForm, ("date", "start_time")),
        (ClosingForm, ("end_time",)),
        (PeriodForm, ("start", "end")),
        (CompleteForm, ("done_on",)),
        (OrganizationForm, ("term_start",)),
        (MemberForm, ("birth_date", "admitted_on", "official_on")),
        (EventForm, ("date", "end_date", "decision_date")),
        (DecideForm, ("birth_date", "decision_date", "effective_date")),
    ],
)
def test_no_form_of_the_app_leaves_a_date_to_the_browser(form_class, names):
    fields = form_class.base_fields
    for name in names:
        assert fields[name].widget.input_type == "text", (form_class.__name__, name)


# --- pages ----------------------------------------------------------------------------


@pytest.fixture
def world(db):
    ensure_reference_data()
    return build_world()


def test_the_meeting_start_form_shows_a_vietnamese_date_and_reads_it(world, client):
    client.force_login(world.recorder)
    url = reverse("recording_start") + f"?cell={world.cell.pk}&kind=regular"
    page = client.get(url).content.decode()
    shown = re.search(r'<input type="text" name="date" value="([^"]*)"', page)
    assert shown and re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", shown[1]), shown
    assert 'placeholder="ngày/tháng/năm"' in page
    response = client.post(
        reverse("recording_start"),
        {
            "cell": world.cell.pk,
            "kind": "regular",
            "date": "21/06/2022",
            "start_time": "19h30",
            "place": "Phòng họp số 2",
            "topic": "Thử ngày giờ",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = world.cell.meetings.get(topic="Thử ngày giờ")
    assert (meeting.date, meeting.start_time) == (dt.date(2022, 6, 21), dt.time(19, 30))
    editor = client.get(response["Location"]).content.decode()
    assert 'value="21/6/2022"' in editor and 'value="19:30"' in editor


def test_a_wrong_date_on_the_start_form_comes_back_with_the_message(world, client):
    client.force_login(world.recorder)
    page = client.post(
        reverse("recording_start"),
        {"cell": world.cell.pk, "kind": "regular", "date": "6/31/2022", "start_time": "7:30 PM"},
    ).content.decode()
    assert DATE_ERROR in page and TIME_ERROR in page
    assert not world.cell.meetings.exists()


def test_the_statistics_page_reads_iso_links_and_shows_them_the_vietnamese_way(world, client):
    client.force_login(world.reviewer)
    url = reverse("statistics")
    page = client.get(url + f"?org={world.committee.pk}&start=2022-01-01&end=2022-06-21")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'name="start" value="01/01/2022"' in text and 'name="end" value="21/6/2022"' in text
    assert "Từ ngày 01/01/2022 đến ngày 21/06/2022" in text
    typed = client.get(url + f"?org={world.committee.pk}&start=1/1/2022&end=21.6.2022")
    assert "Từ ngày 01/01/2022 đến ngày 21/06/2022" in typed.content.decode()
    export = client.get(
        url + f"?org={world.committee.pk}&start=1/1/2022&end=21/6/2022&table=cells&format=csv"
    )
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    wrong = client.get(url + f"?org={world.committee.pk}&start=hôm qua&end=21/6/2022")
    assert DATE_ERROR in wrong.content.decode()
