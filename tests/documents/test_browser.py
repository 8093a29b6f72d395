"""In Chromium: a member downloads the signed PDF; the verify page follows its versions."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from minutes.models import Meeting, MinutesStatus, SignedDocument
from tests.browser import log_in, serious_axe_violations
from tests.documents.conftest import SEED_TOPIC

workflow = pytest.importorskip(
    "minutes.services.workflow", reason="the review workflow (approve/reopen) is not there yet"
)


def user(name: str):
    return get_user_model().objects.get(username=name)


def approve_through_the_workflow(meeting: Meeting) -> Meeting:
    """Chair confirms, secretary submits, the superior committee approves (which signs)."""
    workflow.confirm_as_chair(meeting=meeting, by=user("chair"))
    workflow.submit(
        meeting=Meeting.objects.get(pk=meeting.pk), by=user("secretary"), confirm_warnings=True
    )
    workflow.approve(meeting=Meeting.objects.get(pk=meeting.pk), by=user("reviewer"))
    return Meeting.objects.get(pk=meeting.pk)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_downloads_signed_pdf_and_the_verify_page_follows_versions(
    page, live_server, artifacts_dir, tmp_path
):
    call_command("load_demo", force=True, verbosity=0)
    seed = Meeting.objects.get(topic=SEED_TOPIC, version=1)
    assert seed.status == MinutesStatus.DRAFT
    first = approve_through_the_workflow(seed)
    record = SignedDocument.objects.get(meeting=first)

    log_in(page, live_server, "member")
    response = page.goto(f"{live_server.url}/meetings/{first.pk}/")
    page.screenshot(path=artifacts_dir / "documents-member-meeting.png", full_page=True)
    assert response.status == 200, response.status
    with page.expect_download() as info:
        page.click("#download-signed-pdf")
    downloaded = tmp_path / "downloaded.pdf"
    info.value.save_as(downloaded)
    assert hashlib.sha256(downloaded.read_bytes()).hexdigest() == record.sha256

    # The short address printed under the QR code, without logging in.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/v/{record.public_code}")
    state = page.locator("#verify-state")
    assert "Văn bản hiện hành." in state.inner_text()
    assert record.sha256 in page.locator("#verify-sha").inner_text()
    page.set_input_files("input[type=file]", str(downloaded))
    page.click("main button[type=submit]")
    assert "Khớp với hồ sơ." in page.locator("#verify-result").inner_text()
    page.screenshot(path=artifacts_dir / "documents-verify-current.png", full_page=True)
    assert serious_axe_violations(page, live_server) == []

    # The superior committee reopens the minutes; the corrected version is approved.
    second = workflow.reopen(meeting=first, by=user("reviewer"), reason="Sửa lỗi chính tả").meeting
    second = approve_through_the_workflow(second)
    assert second.version == 2
    newer = SignedDocument.objects.get(meeting=second)
    assert newer.sha256 != record.sha256

    page.goto(f"{live_server.url}/v/{record.public_code}")
    assert "Văn bản đã bị thay thế." in page.locator("#verify-state").inner_text()
    page.click(f"a[href='/v/{newer.public_code}/']")
    assert "Văn bản hiện hành." in page.locator("#verify-state").inner_text()
    assert "2" in page.locator("#verify-facts").inner_text()
    page.screenshot(path=artifacts_dir / "documents-verify-superseded.png", full_page=True)

    # The first file stays downloadable, byte for byte, for the member.
    log_in(page, live_server, "member")
    page.goto(f"{live_server.url}/meetings/{first.pk}/")
    with page.expect_download() as info:
        page.click("#download-signed-pdf")
    again = tmp_path / "again.pdf"
    info.value.save_as(again)
    assert again.read_bytes() == downloaded.read_bytes()
