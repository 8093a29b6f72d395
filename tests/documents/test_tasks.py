"""The signed PDF is made by a background task: approving returns at once, the page follows it.

With the database backend (BIENBAN_TASKS_BACKEND=database) approving only
queues the task; the worker of django-tasks-db (`manage.py db_worker`) runs it.
These tests run the worker's own loop (`Worker(batch=True)`, what
`db_worker --batch` runs) in the test process. The worker closes and reopens
database connections between tasks, so they run outside a test transaction.
With the immediate backend (the tests' default, and `make run`) the task runs
inside the approval, and approving still yields the signed PDF at once.
"""

from __future__ import annotations

import re
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from minutes import signing
from minutes.models import Meeting, MinutesStatus, Notification, SignedDocument
from minutes.models.documents import DocumentJob, DocumentJobStatus
from minutes.services import documents
from minutes.services.documents import MAX_ATTEMPTS, run_document_job
from tests.documents.test_signing import pdfsig
from tests.recording.conftest import ensure_reference_data
from tests.review.conftest import FAST_HASHERS, build_world, fresh, submitted

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PREPARING = "Văn bản ký số đang được chuẩn bị."
NOT_ISSUED = "Chưa phát hành được văn bản ký số"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def world(db):
    ensure_reference_data()
    world = build_world()
    documents.ensure_demo_signing_key(world.committee)
    return world


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


def run_worker() -> None:
    """What `manage.py db_worker --batch` does: run every task that is due, then stop."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def make_due_now() -> None:
    """The retry waits (30 s, 5 min) have passed."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def approve(client, world, meeting):
    client.force_login(world.reviewer)
    return client.post(reverse("review_approve", args=[meeting.pk]), {"round": "1"}, follow=True)


def signed_bytes(client, meeting) -> bytes:
    response = client.get(reverse("document_signed_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def assert_signature_valid(data: bytes, tmp_path) -> None:
    assert "Signature is Valid" in pdfsig(data, tmp_path)
    check = signing.check_signature(data)
    assert check.valid and check.covers_whole_file and check.known_key


# --- the database backend: a worker makes the PDF ----------------------------------


@pytest.mark.django_db(transaction=True)
def test_approving_queues_the_pdf_and_the_page_follows_it_until_the_worker_signs_it(
    world, database_tasks, client, tmp_path
):
    meeting = submitted(world)
    response = approve(client, world, meeting)
    page = page_text(response)
    assert fresh(meeting).status == MinutesStatus.APPROVED
    assert "Đã duyệt biên bản. Văn bản ký số đang được chuẩn bị." in page
    # The page polls its panel and, without JavaScript, offers to reload.
    status_url = reverse("document_status", args=[meeting.pk])
    assert f'hx-get="{status_url}"' in page and 'hx-trigger="every 2s"' in page
    assert f'href="{reverse("meeting_detail", args=[meeting.pk])}"' in page
    assert "tải lại trang" in page
    assert 'id="download-signed-pdf"' not in page
    assert not SignedDocument.objects.filter(meeting=meeting).exists()
    assert client.get(reverse("document_signed_pdf", args=[meeting.pk])).status_code == 404
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    panel = page_text(client.get(status_url))
    assert PREPARING in panel and 'hx-trigger="every 2s"' in panel

    run_worker()

    # The next poll brings the link, and stops polling.
    panel = page_text(client.get(status_url))
    assert "Văn bản ký số đã sẵn sàng." in panel and "hx-trigger" not in panel
    assert reverse("document_signed_pdf", args=[meeting.pk]) in panel
    page = page_text(client.get(reverse("meeting_detail", args=[meeting.pk])))
    assert 'id="download-signed-pdf"' in page and PREPARING not in page
    assert_signature_valid(signed_bytes(client, meeting), tmp_path)
    job = DocumentJob.objects.get(meeting=meeting)
    assert (job.status, job.attempts, job.requested_by) == ("done", 1, world.reviewer)
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL"]


@pytest.mark.django_db(transaction=True)
def test_the_projects_worker_command_signs_what_is_queued(world, database_tasks, client, tmp_path):
    """`make worker` (`manage.py worker`): warmed up, then django-tasks-db's own loop."""
    from django.core.management import call_command

    meeting = submitted(world)
    approve(client, world, meeting)
    assert not SignedDocument.objects.filter(meeting=meeting).exists()

    call_command("worker", "--batch")

    assert_signature_valid(signed_bytes(client, meeting), tmp_path)
    assert DocumentJob.objects.get(meeting=meeting).status == DocumentJobStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_retried_then_reported_and_a_reviewer_issues_it_again(
    world, database_tasks, client, settings, tmp_path
):
    meeting = submitted(world)
    # The key was stored under another passphrase: the worker cannot open it.
    settings.SIGNING_PASSPHRASE = "not the passphrase the key was stored with"
    approve(client, world, meeting)
    Notification.objects.all().delete()
    mail.outbox.clear()

    run_worker()
    job = DocumentJob.objects.get(meeting=meeting)
    assert (job.status, job.attempts) == ("queued", 1)
    assert "BIENBAN_SIGNING_PASSPHRASE" in job.last_error
    # The next attempt waits; the page says it is trying again.
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after is not None and retry.run_after > timezone.now()
    run_worker()
    assert DocumentJob.objects.get(meeting=meeting).attempts == 1
    panel = page_text(client.get(reverse("document_status", args=[meeting.pk])))
    assert "Lần thử 1 chưa thành công, sẽ thử lại" in panel

    for _attempt in range(2, MAX_ATTEMPTS + 1):
        make_due_now()
        run_worker()
    job = DocumentJob.objects.get(meeting=meeting)
    assert (job.status, job.attempts) == ("failed", MAX_ATTEMPTS)
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert DBTaskResult.objects.filter(status="FAILED").count() == MAX_ATTEMPTS
    assert not SignedDocument.objects.filter(meeting=meeting).exists()
    assert fresh(meeting).status == MinutesStatus.APPROVED

    # The reviewer who approved is told, in the app and by e-mail.
    notice = Notification.objects.get()
    assert notice.user == world.reviewer and notice.meeting_id == meeting.pk
    assert notice.text.startswith("Chưa phát hành được văn bản ký số: Chi bộ Quản lý đô thị")
    assert [m.to for m in mail.outbox] == [["reviewer@example.org"]]
    assert "BIENBAN_SIGNING_PASSPHRASE" in mail.outbox[0].body

    # The meeting page says so, with the reason; only a reviewer gets the button.
    detail = reverse("meeting_detail", args=[meeting.pk])
    page = page_text(client.get(detail))
    assert NOT_ISSUED in page and "BIENBAN_SIGNING_PASSPHRASE" in page
    assert 'id="document-retry"' in page and "hx-trigger" not in page
    recorder = client.__class__()
    recorder.force_login(world.recorder)
    page = page_text(recorder.get(detail))
    assert NOT_ISSUED in page and 'id="document-retry"' not in page
    assert recorder.post(reverse("document_retry", args=[meeting.pk])).status_code == 403
    # The reviewers' list of such minutes.
    listing = page_text(client.get(reverse("document_failures")))
    assert detail in listing and "BIENBAN_SIGNING_PASSPHRASE" in listing

    # The administrator fixes the passphrase; the reviewer starts it again.
    settings.SIGNING_PASSPHRASE = "tests-only-passphrase"
    response = client.post(reverse("document_retry", args=[meeting.pk]), follow=True)
    assert "Đã yêu cầu phát hành lại văn bản ký số." in page_text(response)
    assert PREPARING in page_text(response)
    job = DocumentJob.objects.get(meeting=meeting)
    assert (job.status, job.attempts, job.last_error) == ("queued", 0, "")
    run_worker()
    assert DocumentJob.objects.get(meeting=meeting).status == "done"
    assert_signature_valid(signed_bytes(client, meeting), tmp_path)
    assert meeting.pk not in [m.pk for m in documents.failed_documents(world.reviewer)]
    page = page_text(client.get(detail))
    assert NOT_ISSUED not in page and 'id="download-signed-pdf"' in page


@pytest.mark.django_db(transaction=True)
def test_two_tasks_for_one_meeting_make_one_document(world, database_tasks, client):
    meeting = submitted(world)
    approve(client, world, meeting)
    # A second task for the same meeting (as after a retry of a job thought lost).
    documents._enqueue(DocumentJob.objects.get(meeting=meeting))
    assert DBTaskResult.objects.filter(status="READY").count() == 2
    if connection.vendor == "postgresql":
        barrier = threading.Barrier(2)

        def work():
            try:
                barrier.wait()
                run_worker()
            finally:
                connections.close_all()

        threads = [threading.Thread(target=work) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    else:  # SQLite runs one writer at a time: one worker after the other
        run_worker()
    assert SignedDocument.objects.filter(meeting=meeting).count() == 1
    assert DocumentJob.objects.get(meeting=meeting).status == "done"
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == [
        "SUCCESSFUL",
        "SUCCESSFUL",
    ]


# --- rules that hold whatever the backend ------------------------------------------


@pytest.mark.django_db
def test_a_job_another_worker_is_running_is_left_to_it(world):
    meeting = submitted(world)
    Meeting.objects.filter(pk=meeting.pk).update(status=MinutesStatus.APPROVED, number=1)
    DocumentJob.objects.create(
        meeting=meeting, status=DocumentJobStatus.RUNNING, attempts=1, started_at=timezone.now()
    )
    assert run_document_job(meeting.pk) == "running"
    assert not SignedDocument.objects.filter(meeting=meeting).exists()
    # A worker that died long ago: the next one takes the job over.
    DocumentJob.objects.filter(meeting=meeting).update(
        started_at=timezone.now() - documents.STALE_AFTER * 2
    )
    assert run_document_job(meeting.pk) == "done"
    assert SignedDocument.objects.filter(meeting=meeting).count() == 1


@pytest.mark.django_db
def test_outsiders_get_404_and_plain_members_cannot_retry(world, client):
    meeting = submitted(world)
    status_url = reverse("document_status", args=[meeting.pk])
    retry_url = reverse("document_retry", args=[meeting.pk])
    client.force_login(world.other_recorder)
    assert client.get(status_url).status_code == 404
    assert client.post(retry_url).status_code == 404
    assert client.get(reverse("document_failures")).status_code == 403
    client.force_login(world.recorder)
    assert client.get(status_url).status_code == 200
    assert client.post(retry_url).status_code == 403


# --- the immediate backend (tests, `make run`) ----------------------------------------


@pytest.mark.django_db
def test_with_the_immediate_backend_approving_signs_at_once(world, client, tmp_path):
    meeting = submitted(world)
    page = page_text(approve(client, world, meeting))
    assert "Đã duyệt biên bản. Văn bản đã được ký số." in page
    assert 'id="download-signed-pdf"' in page and PREPARING not in page
    assert_signature_valid(signed_bytes(client, meeting), tmp_path)
    assert DocumentJob.objects.get(meeting=meeting).status == "done"


@pytest.mark.django_db
def test_with_the_immediate_backend_a_failure_keeps_the_approval_and_says_so(
    world, client, settings, django_capture_on_commit_callbacks
):
    meeting = submitted(world)
    settings.SIGNING_PASSPHRASE = "not the passphrase the key was stored with"
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        page = page_text(approve(client, world, meeting))
    assert "Đã duyệt biên bản, nhưng chưa phát hành được văn bản ký số:" in page
    assert NOT_ISSUED in page and 'id="document-retry"' in page
    assert fresh(meeting).status == MinutesStatus.APPROVED
    job = DocumentJob.objects.get(meeting=meeting)
    assert (job.status, job.attempts) == ("failed", MAX_ATTEMPTS)
    assert Notification.objects.filter(
        user=world.reviewer, text__startswith="Chưa phát hành được văn bản ký số"
    ).exists()


# --- in Chromium: the panel turns into the link by itself ---------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_meeting_page_shows_the_link_when_the_worker_is_done_without_a_reload(
    world, database_tasks, page, live_server, artifacts_dir
):
    from django.test import Client

    meeting = submitted(world)
    from minutes.services import workflow

    workflow.approve(meeting=meeting, by=world.reviewer)
    session = Client()
    session.force_login(world.reviewer)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": session.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(f"{live_server.url}{reverse('meeting_detail', args=[meeting.pk])}")
    panel = page.locator("#document-issuing")
    assert PREPARING in panel.inner_text()
    page.screenshot(path=artifacts_dir / "documents-issuing.png", full_page=True)
    page.evaluate("() => { window.stillTheSamePage = true; }")

    run_worker()

    page.locator("#download-signed-pdf-ready").wait_for(timeout=10_000)
    assert "Văn bản ký số đã sẵn sàng." in page.locator("#document-issuing").inner_text()
    assert page.evaluate("() => window.stillTheSamePage") is True
    page.screenshot(path=artifacts_dir / "documents-issued.png", full_page=True)
