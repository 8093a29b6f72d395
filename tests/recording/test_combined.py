"""Combined sessions in two parts, and a speaker's remarks in points (issue 13).

A combined session (sinh hoạt thường kỳ kết hợp chuyên đề): in the editor each
report, speaking turn, directive and decision says which part it belongs to
("Thuộc phần", only for such meetings), and the closing has the conclusion of
the thematic part. The minutes split section II into "Phần thứ nhất: Sinh hoạt
thường kỳ" and "Phần thứ hai: Sinh hoạt chuyên đề “…”" and section III into the
two parts' conclusions and decisions, under one attendance and one signature
block, in the preview, the issued PDF (pdftotext) and the DOCX (python-docx).
A turn whose gist has several lines prints the speaker, then one "- point" per
line. Reviewers' comments and comparisons key on anchors unique to each part.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as DocxDocument

from members.models import Role
from minutes.comparison import (
    comment_targets,
    compare,
    part_label,
    snapshot_data,
    valid_anchors,
)
from minutes.document import build_document
from minutes.models import (
    Decision,
    DirectivePoint,
    Meeting,
    MeetingKind,
    MinutesStatus,
    NonMemberKind,
    Participant,
    ParticipantRole,
    Report,
    SessionPart,
    SpeakingTurn,
)
from minutes.selectors import with_parts
from minutes.services.documents import ensure_demo_signing_key, issue_signed_document
from tests.documents.conftest import pdftotext
from tests.factories import CellFactory, UserFactory, grant, meeting_with_parts
from tests.recording.test_queries import count

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
TOPIC = "Phân loại rác thải tại nguồn"
PART_ONE = "Phần thứ nhất: Sinh hoạt thường kỳ"
PART_TWO = f"Phần thứ hai: Sinh hoạt chuyên đề “{TOPIC}”"
POINTS = "Mỗi đảng viên gương mẫu phân loại rác.\n- Phối hợp tổ dân phố tuyên truyền.\n\n  Kiểm tra hằng quý.  "


def document_of(meeting):
    return build_document(with_parts(Meeting.objects.filter(pk=meeting.pk)).get())


def section(document, anchor):
    return next(s for s in document.sections if s.anchor == anchor)


def sub(parent, anchor):
    return next(s for s in parent.subsections if s.anchor == anchor)


@pytest.fixture
def combined(db):
    """A combined session: two members speak in each part, one decision per part."""
    meeting = meeting_with_parts(CellFactory(), members=4, turns=0, directives=0, decisions=0)
    Meeting.objects.filter(pk=meeting.pk).update(kind=MeetingKind.COMBINED, topic=TOPIC)
    meeting.refresh_from_db()
    people = list(meeting.participants.filter(role=ParticipantRole.MEMBER))
    guest = meeting.participants.get(role=ParticipantRole.GUEST)
    non_member = Participant.objects.create(
        meeting=meeting,
        role=ParticipantRole.GUEST,
        full_name="Nguyễn Thị Hà My",
        non_member=NonMemberKind.OUTSTANDING,
        order=200,
    )
    regular, thematic = SessionPart.REGULAR, SessionPart.THEMATIC
    Report.objects.create(
        meeting=meeting, order=1, presenter=people[0], title="báo cáo tháng 6", part=regular
    )
    Report.objects.create(
        meeting=meeting, order=2, presenter=people[1], title="báo cáo chuyên đề", part=thematic
    )
    turns = [
        (people[1], "Thống nhất nhiệm vụ tháng 7.", regular),
        (people[2], POINTS, thematic),
        (guest, "Đánh giá cao sự chuẩn bị.", thematic),
        (non_member, "Xin hứa phấn đấu.", thematic),
        (people[3], "Đồng ý với báo cáo.", ""),  # no part given: the regular part
    ]
    for order, (speaker, gist, part) in enumerate(turns, 1):
        SpeakingTurn.objects.create(
            meeting=meeting, order=order, speaker=speaker, gist=gist, part=part
        )
    DirectivePoint.objects.create(
        meeting=meeting, order=1, given_by=guest, text="Giải quyết hồ sơ quá hạn.", part=regular
    )
    DirectivePoint.objects.create(
        meeting=meeting, order=2, given_by=guest, text="Đăng ký việc làm cụ thể.", part=thematic
    )
    # Entered thematic first: the minutes still number the regular part's decision 1.
    Decision.objects.create(
        meeting=meeting,
        order=1,
        text="Thông qua Nghị quyết chuyên đề",
        votes_for=4,
        votes_against=0,
        votes_other=0,
        part=thematic,
    )
    Decision.objects.create(
        meeting=meeting,
        order=2,
        text="Thông qua Nghị quyết tháng 7",
        votes_for=4,
        votes_against=0,
        votes_other=0,
        part=regular,
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        thematic_conclusion="Chi bộ thống nhất các giải pháp phân loại rác."
    )
    return Meeting.objects.get(pk=meeting.pk)


@pytest.fixture
def recorder(combined):
    user = UserFactory(username="combined-recorder")
    grant(user, combined.cell, Role.RECORDER)
    return user


def test_section_ii_and_iii_are_split_into_the_two_parts(combined):
    document = document_of(combined)
    proceedings = section(document, "proceedings")
    assert [(s.anchor, s.heading) for s in proceedings.subsections] == [
        ("regular", PART_ONE),
        ("thematic", PART_TWO),
    ]
    one, two = proceedings.subsections
    assert [s.anchor for s in one.subsections] == [
        "regular:reports",
        "regular:turns",
        "regular:directives",
    ]
    assert [s.anchor for s in two.subsections] == [
        "thematic:reports",
        "thematic:turns",
        "thematic:guest_turns",
        "thematic:non_member_turns",
        "thematic:directives",
    ]
    assert sub(one, "regular:turns").heading == "Ý kiến tham gia (2 lượt phát biểu)"
    assert "Đồng ý với báo cáo." in "\n".join(sub(one, "regular:turns").plain())
    assert (
        "Nguyễn Thị Hà My (quần chúng ưu tú): Xin hứa phấn đấu."
        in (sub(two, "thematic:non_member_turns").plain()[0])
    )
    assert [line.label for line in sub(two, "thematic:directives").lines] == ["Một là,"]

    conclusions = section(document, "conclusions")
    assert conclusions.lines == ()
    first, second = conclusions.subsections
    assert (first.anchor, first.heading) == ("regular:conclusions", PART_ONE)
    assert [(line.label, line.text) for line in first.lines] == [
        ("Đồng chí chủ trì kết luận:", "Chi bộ thống nhất các nội dung đã thảo luận."),
        ("1.", "Thông qua Nghị quyết tháng 7"),
    ]
    assert (second.anchor, second.heading) == ("thematic:conclusions", PART_TWO)
    assert [(line.label, line.text) for line in second.lines] == [
        ("Đồng chí chủ trì kết luận:", "Chi bộ thống nhất các giải pháp phân loại rác."),
        ("2.", "Thông qua Nghị quyết chuyên đề"),
    ]
    # Section IV numbers the votes as section III numbers the decisions.
    votes = section(document, "votes")
    assert [line.label for line in votes.lines] == [
        "1. Thông qua Nghị quyết tháng 7:",
        "2. Thông qua Nghị quyết chuyên đề:",
    ]
    # One attendance, one signature block.
    assert [s.anchor for s in document.sections].count("attendance") == 1
    assert document.chair.name and document.secretary.name


def test_anchors_are_unique_and_every_part_is_compared_on_its_own(combined):
    document = document_of(combined)
    parts = document.parts()
    for anchor in ("regular:turns", "thematic:turns", "thematic:conclusions"):
        assert anchor in parts
    old = snapshot_data(document)
    SpeakingTurn.objects.filter(meeting=combined, gist="Đánh giá cao sự chuẩn bị.").update(
        gist="Đánh giá cao sự chuẩn bị chu đáo."
    )
    Meeting.objects.filter(pk=combined.pk).update(thematic_conclusion="Kết luận mới.")
    comparison = compare(old, snapshot_data(document_of(combined)), old_label="a", new_label="b")
    changed = {change.anchor: change.label for change in comparison.changed}
    assert changed == {
        "thematic:guest_turns": "Phần chuyên đề – Ý kiến của đại biểu",
        "thematic:conclusions": "Phần chuyên đề – Kết luận",
    }
    assert "Phần thường kỳ – Ý kiến tham gia" in comparison.unchanged
    # Section III only groups the parts' conclusions, even when one part has none.
    old = snapshot_data(document_of(combined))
    Meeting.objects.filter(pk=combined.pk).update(conclusion="")
    Decision.objects.filter(meeting=combined, part=SessionPart.REGULAR).delete()
    comparison = compare(old, snapshot_data(document_of(combined)), old_label="a", new_label="b")
    assert {change.anchor: change.kind for change in comparison.changed} == {
        "regular:conclusions": "removed",
        "thematic:conclusions": "changed",  # its decision is now numbered 1
        "votes": "changed",
    }


def test_reviewers_comment_on_each_part(combined):
    meeting = with_parts(Meeting.objects.filter(pk=combined.pk)).get()
    targets = {t.anchor: t for t in comment_targets(meeting)}
    assert len(targets) == len(comment_targets(meeting))  # anchors unique
    turn = SpeakingTurn.objects.get(meeting=combined, gist=POINTS)
    assert f"turn:{turn.pk}" in {item.anchor for item in targets["thematic:turns"].items}
    assert "thematic:non_member_turns" in targets
    assert "turns" not in targets
    anchors = valid_anchors(meeting)
    assert {"regular:turns", "thematic:directives", "conclusions"} <= anchors


def test_non_member_turns_are_filed_after_the_guests_in_a_single_part_meeting(db):
    meeting = meeting_with_parts(CellFactory(), members=2, turns=0, guests=1)
    person = Participant.objects.create(
        meeting=meeting,
        role=ParticipantRole.GUEST,
        full_name="Trần Văn Nam",
        non_member=NonMemberKind.ADMISSION,
        order=300,
    )
    turn = SpeakingTurn.objects.create(meeting=meeting, order=1, speaker=person, gist="Cảm ơn.")
    meeting = with_parts(Meeting.objects.filter(pk=meeting.pk)).get()
    anchors = [t.anchor for t in comment_targets(meeting)]
    assert anchors.index("guest_turns") + 1 == anchors.index("non_member_turns")
    targets = {t.anchor: t for t in comment_targets(meeting)}
    assert [i.anchor for i in targets["non_member_turns"].items] == [f"turn:{turn.pk}"]
    assert targets["guest_turns"].items == ()
    assert part_label("non_member_turns") == "Ý kiến của người dự không phải đảng viên"


def test_the_issued_pdf_and_the_docx_print_both_parts_and_the_points(
    client, combined, recorder, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    Meeting.objects.filter(pk=combined.pk).update(
        status=MinutesStatus.APPROVED, number=3, approved_at=timezone.now()
    )
    ensure_demo_signing_key(combined.cell.parent)
    record = issue_signed_document(Meeting.objects.get(pk=combined.pk))
    with record.file.open("rb") as handle:
        text = pdftotext(handle.read(), tmp_path)
    flat = " ".join(text.split())
    assert f"Sinh hoạt chi bộ thường kỳ tháng 6/2022 kết hợp chuyên đề “{TOPIC}”" in flat
    assert flat.index(PART_ONE) < flat.index(PART_TWO)
    assert "+ Đồng chí Trần Thị Hòa 3:" in flat
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for point in (
        "- Mỗi đảng viên gương mẫu phân loại rác.",
        "- Phối hợp tổ dân phố tuyên truyền.",
        "- Kiểm tra hằng quý.",
    ):
        assert point in lines, point
    assert "Kết luận" not in PART_TWO  # the headings are the parts' own
    assert flat.count(PART_TWO) == 2  # in section II and in section III

    client.force_login(recorder)
    docx = client.get(reverse("document_docx", args=[combined.pk]))
    # The renderers print a label and its text: the speaker's line has no text after it.
    paragraphs = [p.text.strip() for p in DocxDocument(io.BytesIO(docx.content)).paragraphs]
    assert f"1. {PART_ONE}" in paragraphs
    assert f"2. {PART_TWO}" in paragraphs
    speaker = paragraphs.index("+ Đồng chí Trần Thị Hòa 3:")
    assert paragraphs[speaker + 1 : speaker + 4] == [
        "- Mỗi đảng viên gương mẫu phân loại rác.",
        "- Phối hợp tổ dân phố tuyên truyền.",
        "- Kiểm tra hằng quý.",
    ]
    assert "Đồng chí chủ trì kết luận: Chi bộ thống nhất các giải pháp phân loại rác." in (
        paragraphs
    )


def test_the_preview_prints_both_parts_and_the_points(client, combined, recorder):
    client.force_login(recorder)
    page = client.get(reverse("recording_preview", args=[combined.pk])).content.decode()
    assert PART_ONE in page and PART_TWO.replace("“", "“") in page
    assert 'id="part-thematic:turns"' in page
    assert "<strong>+ Đồng chí Trần Thị Hòa 3:</strong> </p>" in page
    assert "<strong>-</strong> Phối hợp tổ dân phố tuyên truyền.</p>" in page


def test_a_single_line_gist_prints_as_before(db):
    meeting = meeting_with_parts(CellFactory(), members=2, turns=1)
    turns = sub(section(document_of(meeting), "proceedings"), "turns")
    assert [(line.label, line.text) for line in turns.lines] == [
        ("+ Đồng chí Trần Thị Hòa 1:", "Ý kiến số 1.")
    ]
    # Lines holding nothing but a dash are no points.
    SpeakingTurn.objects.filter(meeting=meeting).update(gist="Ý kiến số 1.\n-\n  ")
    turns = sub(section(document_of(meeting), "proceedings"), "turns")
    assert [(line.label, line.text) for line in turns.lines] == [
        ("+ Đồng chí Trần Thị Hòa 1:", "Ý kiến số 1.\n-")
    ]


def test_points_print_in_a_single_part_meeting_too(db):
    meeting = meeting_with_parts(CellFactory(), members=2, turns=1)
    SpeakingTurn.objects.filter(meeting=meeting).update(gist="Ý một.\nÝ hai.")
    turns = sub(section(document_of(meeting), "proceedings"), "turns")
    assert [(line.label, line.text) for line in turns.lines] == [
        ("+ Đồng chí Trần Thị Hòa 1:", ""),
        ("-", "Ý một."),
        ("-", "Ý hai."),
    ]


# --- the editor


def test_the_part_select_and_the_thematic_conclusion_only_for_combined_meetings(
    client, combined, recorder
):
    client.force_login(recorder)
    page = client.get(reverse("recording_editor", args=[combined.pk])).content.decode()
    for kind in ("report", "turn", "directive", "decision"):
        assert f'name="{kind}-new-part"' in page, kind
    assert 'name="closing-thematic_conclusion"' in page
    assert ">Thuộc phần<" in page
    assert "Phần sinh hoạt chuyên đề" in page  # the items say which part they are in
    assert "mỗi ý một dòng" in page  # the gist's help text
    # Each part numbers its directives from "Một là", as the minutes do.
    for point in DirectivePoint.objects.filter(meeting=combined):
        assert f'id="ordinal-directive-{point.pk}">Một là,</strong>' in page

    # Every save moves `updated_at`, which the editor's kept sections follow.
    Meeting.objects.filter(pk=combined.pk).update(
        kind=MeetingKind.REGULAR, updated_at=timezone.now()
    )
    page = client.get(reverse("recording_editor", args=[combined.pk])).content.decode()
    assert "-new-part" not in page
    assert 'name="closing-thematic_conclusion"' not in page
    assert ">Thuộc phần<" not in page


def add(client, meeting, kind, **fields):
    data = {f"{kind}-new-{name}": value for name, value in fields.items()}
    return client.post(reverse("recording_item_add", args=[meeting.pk, kind]), data, **HTMX)


def test_items_are_added_to_the_part_chosen(client, combined, recorder):
    client.force_login(recorder)
    speaker = combined.participants.filter(role=ParticipantRole.MEMBER).first()
    response = add(
        client,
        combined,
        "turn",
        part="thematic",
        speaker=speaker.full_name,
        speaker_id=speaker.pk,
        gist="Ý mới.",
    )
    assert response.status_code == 200
    assert SpeakingTurn.objects.get(meeting=combined, gist="Ý mới.").part == "thematic"
    # The blank form that comes back still asks for the part.
    assert 'name="turn-new-part"' in response.content.decode()
    add(
        client,
        combined,
        "decision",
        part="thematic",
        decision_kind="ordinary",
        text="Quyết định mới",
        votes_for="4",
        votes_against="0",
        votes_other="0",
    )
    assert Decision.objects.get(meeting=combined, text="Quyết định mới").part == "thematic"
    add(client, combined, "directive", part="regular", text="Chỉ đạo mới.")
    assert DirectivePoint.objects.get(meeting=combined, text="Chỉ đạo mới.").part == "regular"
    add(client, combined, "report", part="thematic", title="Tham luận mới")
    assert Report.objects.get(meeting=combined, title="Tham luận mới").part == "thematic"


@pytest.mark.parametrize("part", ["", "both", "<script>x</script>"])
def test_a_bad_part_is_refused_beside_the_field_and_the_gist_kept(client, combined, recorder, part):
    client.force_login(recorder)
    speaker = combined.participants.filter(role=ParticipantRole.MEMBER).first()
    response = add(
        client,
        combined,
        "turn",
        part=part,
        speaker=speaker.full_name,
        speaker_id=speaker.pk,
        gist="Ý tôi đã gõ.",
    )
    page = response.content.decode()
    error = page.split('id="id_turn-new-part-error">', 1)[1].split("</div>", 1)[0]
    assert error.strip()
    assert "Ý tôi đã gõ." in page
    assert "<script>x</script>" not in page
    assert not SpeakingTurn.objects.filter(gist="Ý tôi đã gõ.").exists()


def test_a_gist_of_dashes_only_is_refused(client, combined, recorder):
    client.force_login(recorder)
    speaker = combined.participants.filter(role=ParticipantRole.MEMBER).first()
    page = add(
        client,
        combined,
        "turn",
        part="regular",
        speaker=speaker.full_name,
        speaker_id=speaker.pk,
        gist="-\n- \n",
    ).content.decode()
    assert "Ghi nội dung ý kiến, không chỉ dấu gạch đầu dòng." in page


def test_the_thematic_conclusion_is_saved_from_the_closing_form(client, combined, recorder):
    client.force_login(recorder)
    url = reverse("recording_meeting_fields", args=[combined.pk, "closing"])
    data = {
        "closing-revision": str(combined.revision),
        "closing-conclusion": combined.conclusion,
        "closing-thematic_conclusion": "Kết luận phần chuyên đề đã gõ.",
        "closing-end_time": "21:30",
        "closing-minutes_read_back": "on",
        "closing-closing_votes_for": "4",
    }
    assert "Đã lưu lúc" in client.post(url, data, **HTMX).content.decode()
    combined.refresh_from_db()
    assert combined.thematic_conclusion == "Kết luận phần chuyên đề đã gõ."
    # A regular meeting's closing form neither shows nor clears it.
    Meeting.objects.filter(pk=combined.pk).update(kind=MeetingKind.REGULAR)
    data["closing-revision"] = str(combined.revision)
    data["closing-thematic_conclusion"] = ""
    assert "Đã lưu lúc" in client.post(url, data, **HTMX).content.decode()
    combined.refresh_from_db()
    assert combined.thematic_conclusion == "Kết luận phần chuyên đề đã gõ."


def test_the_preview_reads_no_more_queries_for_a_combined_pilot(client, combined, recorder):
    client.force_login(recorder)
    url = reverse("recording_preview", args=[combined.pk])
    combined_count = count(client, url)
    Meeting.objects.filter(pk=combined.pk).update(kind=MeetingKind.REGULAR)
    assert count(client, url) == combined_count
    Meeting.objects.filter(pk=combined.pk).update(
        kind=MeetingKind.COMBINED, is_pilot=True, pilot_guide_number="03-HD/Th.U"
    )
    assert count(client, url) == combined_count


def test_a_reviewer_reads_and_comments_on_each_part(client, combined):
    from minutes.services import workflow

    reviewer = UserFactory(username="combined-reviewer")
    grant(reviewer, combined.cell.parent, Role.REVIEWER)
    Meeting.objects.filter(pk=combined.pk).update(
        status=MinutesStatus.SUBMITTED, submitted_at=timezone.now()
    )
    comment = workflow.add_comment(
        meeting=Meeting.objects.get(pk=combined.pk),
        by=reviewer,
        anchor="thematic:turns",
        text="Ghi rõ ý kiến về kiểm tra hằng quý.",
    )
    client.force_login(reviewer)
    page = client.get(reverse("review_meeting", args=[combined.pk])).content.decode()
    assert "Phần thường kỳ – Ý kiến tham gia" in page
    assert "Phần chuyên đề – Ý kiến tham gia" in page
    assert 'id="part-thematic:turns"' in page
    # The comment sits with its part, not among the comments whose part is gone.
    section = page.split('id="part-thematic:turns"', 1)[1].split('<section class="review-part', 1)[
        0
    ]
    assert comment.text in section
    assert "#thematic-turns" not in page  # a part, not an item of the editor
