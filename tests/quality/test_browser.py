"""In Chromium, from the demonstration data: the secretary self-assesses in the editor on a
phone, the grade is computed; the reviewer reads both assessments apart on the review page."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from members.demo import organizations as tree
from minutes.models import AssessmentSource, Meeting, MeetingKind, MinutesStatus
from tests.browser import log_in, serious_axe_violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_self_assessment_in_the_editor_on_a_phone(page, live_server, artifacts_dir):
    call_command("load_demo", force=True, verbosity=0)
    draft = (
        Meeting.objects.filter(
            cell__name=tree.QLDT, kind=MeetingKind.REGULAR, status=MinutesStatus.DRAFT
        )
        .order_by("-date")
        .first()
    )
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server, "secretary")
    page.goto(f"{live_server.url}/meetings/{draft.pk}/edit/")
    section = page.locator("#sec-quality")
    # On a phone the sections start folded to their headings.
    section.locator("summary").click()
    assert "42-HD/BTCTW" in section.inner_text()
    assert "đối chiếu văn bản gốc" in section.inner_text().lower()
    assert serious_axe_violations(page, live_server) == []
    inputs = section.locator("input[type=number]")
    assert inputs.count() == 7
    for index, value in enumerate(("5", "5", "10", "36", "5", "24", "5")):
        inputs.nth(index).fill(value)
    section.locator("button[type=submit]").click()
    # Back in the editor at the grade, its section open.
    page.wait_for_url(lambda url: url.endswith("/edit/#quality-self-grade"))
    assert page.locator("#quality-self-grade").is_visible()
    assert "Chi bộ tự xếp loại: Tốt (90 điểm)" in page.locator("#sec-quality").inner_text()
    page.screenshot(path=str(artifacts_dir / "quality-editor-phone.png"), full_page=False)
    assert draft.assessments.get(source=AssessmentSource.SELF).grade == "Tốt"

    # The reviewer reads the approved demo meeting with both assessments, each labelled.
    graded = (
        Meeting.objects.filter(assessments__source=AssessmentSource.SUPERIOR)
        .order_by("date")
        .first()
    )
    log_in(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/meetings/{graded.pk}/review/")
    panel = page.locator("#quality-assessments").inner_text()
    assert "Tốt (93 điểm)" in panel and "Khá (86 điểm)" in panel
    assert serious_axe_violations(page, live_server) == []
