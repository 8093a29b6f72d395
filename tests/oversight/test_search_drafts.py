"""A draft is found by its own words as soon as its secretary saves it, and by nobody new.

The seed meeting ("Tự soi, tự sửa", Chi bộ Quản lý đô thị) is loaded by
`load_demo` as a draft whose search text was never built. One save through the
editor's POST endpoint makes it searchable; who finds it stays exactly who may
open it (minutes of a cell are seen by the roles on the cell and above, a plain
member sees approved minutes only, another cell's recorder nothing).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes.models import Meeting, MinutesStatus, Shortcoming
from minutes.search import search
from minutes.services import recording as services

pytestmark = pytest.mark.django_db

SEED_TOPIC = "Tự soi, tự sửa"
QUERY = "tu soi tu sua"


@pytest.fixture
def demo(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", force=True, verbosity=0)
    return {u.username: u for u in get_user_model().objects.all()}


@pytest.fixture
def seed(demo) -> Meeting:
    meeting = Meeting.objects.get(topic=SEED_TOPIC, version=1)
    assert meeting.status == MinutesStatus.DRAFT
    return meeting


def found(user, query: str = QUERY) -> set[int]:
    return {hit.meeting.pk for hit in search(user, query).hits}


def details_post(meeting: Meeting, **changes) -> dict[str, str]:
    """The editor's "Thông tin chung" form as the page sends it, with `changes`."""
    values = {
        "revision": meeting.revision,
        "kind": meeting.kind,
        "date": f"{meeting.date.day}/{meeting.date.month}/{meeting.date.year}",
        "start_time": meeting.start_time.strftime("%H:%M"),
        "place": meeting.place,
        "topic": meeting.topic,
        "title_override": meeting.title_override,
        "legal_bases": meeting.legal_bases,
        "documents_used": meeting.documents_used,
        **changes,
    }
    return {f"details-{name}": str(value) for name, value in values.items()}


def save_details(client, meeting: Meeting, capture, **changes):
    with capture(execute=True):
        response = client.post(
            reverse("recording_meeting_fields", args=[meeting.pk, "details"]),
            details_post(meeting, **changes),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_the_secretary_finds_the_seed_draft_right_after_saving_it_and_nobody_new_does(
    demo, seed, client, django_capture_on_commit_callbacks
):
    secretary = demo["secretary"]
    # Loaded as a draft, the seed was never indexed: that is the complaint.
    assert seed.pk not in found(secretary)

    client.force_login(secretary)
    save_details(client, seed, django_capture_on_commit_callbacks)

    assert seed.pk in found(secretary)
    assert seed.pk in found(secretary, "To Thai Hoa")  # the whole text, not only the topic
    page = client.get(reverse("search"), {"q": QUERY}).content.decode()
    assert reverse("meeting_detail", args=[seed.pk]) in page

    # What was just typed is found; once removed, it is not.
    seed.refresh_from_db()
    save_details(client, seed, django_capture_on_commit_callbacks, documents_used="Sổ tay cầu phao")
    assert seed.pk in found(secretary, "so tay cau phao")
    seed.refresh_from_db()
    save_details(client, seed, django_capture_on_commit_callbacks, documents_used="")
    assert seed.pk not in found(secretary, "so tay cau phao")

    # The recorder of another cell and a plain member (drafts are not theirs to read) do not.
    assert seed.pk not in found(demo["outsider"])
    assert seed.pk not in found(demo["member"])
    # Everyone finds it exactly when they may open it: search shows no more than before.
    for username, user in demo.items():
        client.force_login(user)
        opens = client.get(reverse("meeting_detail", args=[seed.pk])).status_code == 200
        assert (seed.pk in found(user)) == opens, username


def test_one_rebuild_per_transaction_and_none_for_a_refused_save(
    demo, seed, django_capture_on_commit_callbacks
):
    secretary = demo["secretary"]
    # A shortcoming typed with its corrective action is two saves in one transaction.
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),  # runs them before queries are read
    ):
        services.add_shortcoming(
            meeting=seed,
            values={"subject": "cell", "text": "Chưa kiểm tra cầu phao định kỳ."},
            action={"text": "Lập lịch kiểm tra cầu phao hằng quý."},
            by=secretary,
        )
    rebuilds = [q for q in queries if "search_document" in q["sql"] and "UPDATE" in q["sql"]]
    assert len(rebuilds) == 1
    assert Shortcoming.objects.filter(meeting=seed, text__contains="cầu phao").exists()
    assert seed.pk in found(secretary, "lap lich kiem tra cau phao")

    # A save refused as a conflict (started from an old revision) rolls back: nothing to run.
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(services.ConflictError),
    ):
        services.update_meeting(
            meeting=seed,
            revision=seed.revision + 5,
            values={"documents_used": "Sổ tay xe buýt điện"},
            by=secretary,
        )
    assert not callbacks
    assert seed.pk not in found(secretary, "xe buyt dien")
