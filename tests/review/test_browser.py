"""In Chromium, the whole review of the seed meeting, from the demonstration data.

The chair confirms, the secretary submits; the reviewer comments on a speaking
turn and returns the minutes; the secretary sees the comment beside that turn,
corrects it in the editor, marks the comment addressed and (after the chair
confirms the new text) resubmits; the reviewer reads the comparison and
approves. Then the minutes are read-only for everyone, and an outsider gets
404 on every page of them.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from minutes.models import Meeting, MinutesStatus, ReviewComment, SpeakingTurn
from tests.browser import log_in

SEED_TOPIC = "Tự soi, tự sửa"
COMMENT = "Ghi rõ đồng chí nêu những biểu hiện nào và hướng khắc phục."
CORRECTION = " Đồng chí nêu rõ hai biểu hiện và cam kết khắc phục trong quý III."


def main_submit(page, label: str) -> None:
    page.locator("main form button[type=submit]", has_text=label).click()


def meeting_urls(pk: int) -> list[str]:
    """Every route of the app about this one meeting, with the other values it needs."""
    turn = SpeakingTurn.objects.filter(meeting_id=pk).first()
    participant = turn.speaker
    values = {
        "pk": pk,
        "section": "details",
        "kind": "turn",
        "item_id": turn.pk,
        "person_id": participant.pk,
    }
    urls = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name and "pk" in p.pattern.converters:
                route = prefix + str(p.pattern)
                if not route.startswith("meetings/"):
                    continue  # pk of something else (a campaign, an action, a comment)
                keys = set(p.pattern.converters)
                if keys <= set(values):
                    urls.append(reverse(p.name, kwargs={k: values[k] for k in keys}))

    walk(get_resolver().url_patterns)
    return sorted(urls)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_seed_meeting_is_reviewed_returned_corrected_and_approved(
    page, live_server, artifacts_dir
):
    call_command("load_demo", force=True, verbosity=0)
    seed = Meeting.objects.get(topic=SEED_TOPIC, version=1)
    assert seed.status == MinutesStatus.DRAFT
    detail = f"{live_server.url}/meetings/{seed.pk}/"
    turn = SpeakingTurn.objects.filter(meeting=seed).order_by("order")[3]

    # The secretary cannot send it before the chair has confirmed it.
    log_in(page, live_server, "secretary")
    page.goto(f"{detail}submit/")
    assert "Chủ trì chưa xác nhận biên bản." in page.locator("#chair-state").inner_text()
    assert page.locator("main form button[type=submit]", has_text="Gửi duyệt").is_disabled()

    log_in(page, live_server, "chair")
    page.goto(detail)
    page.click("text=Chủ trì xác nhận")
    main_submit(page, "Tôi xác nhận nội dung biên bản")
    assert "Đã xác nhận biên bản." in page.locator(".messages").inner_text()

    log_in(page, live_server, "secretary")
    page.goto(detail)
    page.click("main a:has-text('Gửi duyệt')")
    assert "Chủ trì đã xác nhận nội dung này" in page.locator("#chair-state").inner_text()
    if page.locator("#confirm_warnings").count():
        page.check("#confirm_warnings")
    page.screenshot(path=artifacts_dir / "review-1-submit.png", full_page=True)
    main_submit(page, "Gửi duyệt")
    assert "Đã gửi biên bản lên cấp ủy cấp trên." in page.locator(".messages").inner_text()

    # The reviewer finds it in the queue, comments on one speaking turn, returns it.
    log_in(page, live_server, "reviewer")
    assert "Biên bản chờ duyệt" in page.locator("#home-review-title").inner_text()
    page.goto(f"{live_server.url}/review/")
    page.click(f"#review-queue a[href='/meetings/{seed.pk}/review/']")
    part = page.locator("#part-turns")
    part.locator("summary").click()
    part.locator("select[name=anchor]").select_option(f"turn:{turn.pk}")
    part.locator("textarea[name=text]").fill(COMMENT)
    part.locator("button", has_text="Ghi nhận xét").click()
    assert COMMENT in page.locator("#part-turns").inner_text()
    page.screenshot(path=artifacts_dir / "review-2-comment.png", full_page=True)
    page.click("main a:has-text('Trả lại để sửa')")
    page.fill("#reason", "Xem nhận xét ở phần ý kiến tham gia.")
    main_submit(page, "Trả lại")
    assert "Đã trả lại biên bản" in page.locator(".messages").inner_text()

    # The secretary is told, sees the comment beside that turn, corrects it.
    log_in(page, live_server, "secretary")
    assert "Biên bản bị trả lại để sửa" in page.locator("#home-notices").inner_text()
    page.goto(f"{detail}review/")
    part = page.locator("#part-turns")
    assert COMMENT in part.inner_text()
    assert turn.speaker.full_name in part.locator(".review-comment strong").inner_text()
    page.screenshot(path=artifacts_dir / "review-3-secretary-sees-comment.png", full_page=True)
    page.goto(f"{detail}edit/turn/{turn.pk}/")
    gist = page.locator("main form textarea[name$=gist]")
    gist.fill(gist.input_value() + CORRECTION)
    main_submit(page, "Lưu")
    page.wait_for_load_state()
    assert CORRECTION.strip() in SpeakingTurn.objects.get(pk=turn.pk).gist

    # The text changed since the chair's sign-off: the chair confirms it again.
    log_in(page, live_server, "chair")
    page.goto(f"{detail}confirm/")
    main_submit(page, "Tôi xác nhận nội dung biên bản")

    log_in(page, live_server, "secretary")
    page.goto(f"{detail}review/")
    page.locator("#part-turns").locator("button", has_text="Đánh dấu đã xử lý").click()
    assert "Đã xử lý" in page.locator("#part-turns .review-comment").inner_text()
    page.goto(f"{detail}submit/")
    if page.locator("#confirm_warnings").count():
        page.check("#confirm_warnings")
    main_submit(page, "Gửi duyệt")
    assert "Đã gửi biên bản lên cấp ủy cấp trên." in page.locator(".messages").inner_text()

    # The reviewer reads only what changed, then approves.
    log_in(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/review/")
    page.click(f"#review-queue a[href='/meetings/{seed.pk}/changes/']")
    changed = page.locator("#change-turns")
    assert "So sánh Lần gửi 2 với Lần gửi 1." in page.locator("main").inner_text()
    inserted = " ".join(changed.locator("ins").all_inner_texts())
    assert "cam kết khắc phục trong quý III." in inserted
    assert page.locator("#change-attendance").count() == 0
    page.screenshot(path=artifacts_dir / "review-4-comparison.png", full_page=True)
    page.click("main a:has-text('Duyệt')")
    main_submit(page, "Duyệt và ký số")
    assert "Đã duyệt biên bản." in page.locator(".messages").inner_text()
    seed.refresh_from_db()
    assert seed.status == MinutesStatus.APPROVED and seed.number is not None
    assert ReviewComment.objects.get(meeting=seed).addressed_at is not None
    page.screenshot(path=artifacts_dir / "review-5-approved.png", full_page=True)

    # Read-only for everyone: no step, no editor.
    for username in ("secretary", "chair", "reviewer", "member", "admin"):
        log_in(page, live_server, username)
        page.goto(detail)
        html = page.content()
        for path in ("edit/", "confirm/", "submit/", "return/", "approve/"):
            assert f'href="/meetings/{seed.pk}/{path}"' not in html, (username, path)
        response = page.goto(f"{detail}edit/")
        assert response.status == 403, username

    # An outsider (the recorder of another cell) gets 404 on every page of it,
    # and on every form that posts to it.
    User = seed.created_by.__class__
    admin, outsider = Client(), Client()
    admin.force_login(User.objects.get(username="admin"))
    outsider.force_login(User.objects.get(username="outsider"))
    urls = meeting_urls(seed.pk)
    post_only = [url for url in urls if admin.get(url).status_code == 405]
    pages = [url for url in urls if url not in post_only]
    assert len(pages) >= 10 and len(post_only) >= 5
    log_in(page, live_server, "outsider")
    seen = {url: page.goto(f"{live_server.url}{url}").status for url in pages}
    assert {url: status for url, status in seen.items() if status != 404} == {}
    posted = {
        url: outsider.post(url, {"text": "x", "reason": "x", "direction": "up"}).status_code
        for url in post_only
    }
    assert {url: status for url, status in posted.items() if status != 404} == {}
    page.goto(f"{live_server.url}{pages[0]}")
    page.screenshot(path=artifacts_dir / "review-6-outsider-404.png", full_page=True)
