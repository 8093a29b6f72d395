"""What users see: the committee pages, the editor's section, the review panel, the
issued PDF and DOCX (read with pdftotext and python-docx), and 404 for outsiders."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils.html import strip_tags
from docx import Document

from minutes.models import (
    AssessmentSource,
    FrameworkAdoption,
    QualityAssessment,
    QualityFramework,
    SignedDocument,
)
from minutes.services import quality
from tests.quality.conftest import approved, make_meeting, points, submitted

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Khung của Đảng ủy Cơ quan",
    "document_number": "07-HD/ĐU",
    "document_date": "10/01/2022",
    "declared_total": "100",
    "criteria": "Chuẩn bị | 10\nTiến hành | 60\nKết quả | 30",
    "grades": "Tốt | 90\nKhá | 70\nTrung bình | 50\nKém | 0",
}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def visible(html: str) -> str:
    """The page's text without tags (symbols sit in no-wrap spans), whitespace flattened."""
    return flat(strip_tags(html))


def test_a_framework_is_previewed_then_saved_whole(client, world):
    client.force_login(world.reviewer)
    url = reverse("quality_framework_create")
    data = {**GOOD, "owner": world.committee.pk}
    page = client.post(url, {**data, "preview": "1"}).content.decode()
    assert "Xem trước: khung sẽ được lưu như sau" in page
    assert not QualityFramework.objects.filter(name=GOOD["name"]).exists()
    response = client.post(url, {**data, "save": "1"})
    framework = QualityFramework.objects.get(name=GOOD["name"])
    assert response.url == reverse("quality_framework_detail", args=[framework.pk])
    assert [c.max_points for c in framework.criteria.all()] == [10, 60, 30]
    assert framework.owner == world.committee


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"criteria": "Chuẩn bị | 10\nTiến hành | 60"}, "không bằng tổng điểm 100"),
        ({"grades": "Tốt | 90\nKhá | 90\nKém | 0"}, "chồng lên nhau"),
        ({"grades": "Tốt | 120\nKém | 0"}, "cao hơn tổng điểm tối đa 100"),
        ({"grades": "Tốt | 90\nKhá | 70"}, "bắt đầu từ 0 điểm"),
        ({"criteria": "Chuẩn bị 10"}, "Dòng 1: cần ghi"),
        ({"criteria": "Chuẩn bị | mười"}, "không phải số điểm"),
    ],
)
def test_a_bad_framework_is_refused_with_a_message_and_nothing_typed_is_lost(
    client, world, changes, message
):
    client.force_login(world.reviewer)
    data = {**GOOD, **changes, "owner": world.committee.pk, "save": "1"}
    response = client.post(reverse("quality_framework_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert GOOD["name"] in page and changes.popitem()[1].splitlines()[0] in page
    assert not QualityFramework.objects.filter(name=GOOD["name"]).exists()


def test_a_committee_adopts_a_framework_from_a_date(client, world):
    example = QualityFramework.objects.get(document_number="42-HD/BTCTW", owner=None)
    client.force_login(world.reviewer)
    page = client.get(reverse("quality_framework_detail", args=[example.pk])).content.decode()
    assert "đối chiếu văn bản gốc" in page
    response = client.post(
        reverse("quality_framework_adopt", args=[example.pk]),
        {"organization": world.committee.pk, "valid_from": "01/01/2022"},
    )
    assert response.status_code == 302
    adoption = FrameworkAdoption.objects.get(organization=world.committee)
    assert f"{adoption.valid_from:%d/%m/%Y}" == "01/01/2022"
    listing = client.get(reverse("quality_frameworks")).content.decode()
    assert "từ 01/01/2022" in listing and world.committee.name in listing


def test_a_secretary_of_another_cell_gets_404(client, world, framework):
    meeting = make_meeting(world)
    client.force_login(world.other_recorder)
    for url in (
        reverse("quality_frameworks"),
        reverse("quality_framework_detail", args=[framework.pk]),
        reverse("quality_self", args=[meeting.pk]),
        reverse("quality_superior", args=[meeting.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_committee_reaches_the_pages_before_any_framework_exists(client, world):
    # The shipped example deleted by an administrator: the committee enters its own.
    QualityFramework.objects.all().delete()
    client.force_login(world.reviewer)
    listing = client.get(reverse("quality_frameworks"))
    assert listing.status_code == 200
    assert "Chưa có khung đánh giá nào." in listing.content.decode()
    assert client.get(reverse("quality_framework_create")).status_code == 200
    client.force_login(world.other_recorder)
    assert client.get(reverse("quality_frameworks")).status_code == 404


def test_the_editor_says_when_no_framework_applies(client, world):
    meeting = make_meeting(world)
    client.force_login(world.recorder)
    page = client.get(reverse("recording_editor", args=[meeting.pk])).content.decode()
    assert "Tự đánh giá chất lượng sinh hoạt" in page
    assert "Chưa có khung đánh giá nào áp dụng" in page


def test_self_assessment_from_the_editor(client, world, framework):
    meeting = make_meeting(world)
    client.force_login(world.recorder)
    editor = client.get(reverse("recording_editor", args=[meeting.pk])).content.decode()
    assert framework.name in editor and "tối đa 60 điểm" in editor
    ids = [c.pk for c in framework.criteria.all()]
    url = reverse("quality_self", args=[meeting.pk])
    # Above a criterion's maximum: refused beside the field, the typed points kept.
    response = client.post(
        url, {f"quality-criterion_{ids[0]}": "12", f"quality-criterion_{ids[1]}": "58"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tối đa 10 điểm." in page and 'value="58"' in page
    assert not QualityAssessment.objects.filter(meeting=meeting).exists()
    response = client.post(
        url,
        {
            f"quality-criterion_{ids[0]}": "10",
            f"quality-criterion_{ids[1]}": "52",
            f"quality-criterion_{ids[2]}": "30",
        },
    )
    assert response.status_code == 302
    editor = client.get(reverse("recording_editor", args=[meeting.pk])).content.decode()
    assert "Chi bộ tự xếp loại: <strong>Tốt</strong> (92 điểm)" in editor
    preview = client.get(reverse("recording_preview", args=[meeting.pk])).content.decode()
    assert (
        "Chi bộ tự đánh giá, xếp loại chất lượng sinh hoạt: Tốt (92/100 điểm), "
        "theo Khung thử của Đảng ủy (15-HD/ĐU)." in visible(preview)
    )


def test_self_assessment_is_closed_once_submitted(client, world, framework):
    meeting = submitted(world)
    client.force_login(world.recorder)
    response = client.post(reverse("quality_self", args=[meeting.pk]), {})
    assert response.status_code == 403


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return flat(out)


def test_the_issued_pdf_and_docx_state_the_self_grade_only(
    client, world, framework, signing_key, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = make_meeting(world)
    quality.record_assessment(
        meeting, AssessmentSource.SELF, points(framework, 10, 52, 30), by=world.recorder
    )
    meeting = approved(world, meeting)
    quality.record_assessment(
        meeting, AssessmentSource.SUPERIOR, points(framework, 5, 40, 20), by=world.reviewer
    )
    assert SignedDocument.objects.filter(meeting=meeting).exists()
    client.force_login(world.recorder)
    response = client.get(reverse("document_signed_pdf", args=[meeting.pk]))
    text = _pdf_text(b"".join(response.streaming_content), tmp_path)
    line = (
        "Chi bộ tự đánh giá, xếp loại chất lượng sinh hoạt: Tốt (92/100 điểm), "
        "theo Khung thử của Đảng ủy (15-HD/ĐU)."
    )
    assert line in text
    assert "65" not in re.findall(r"\d+", text.split("xếp loại chất lượng")[1][:80])
    assert "Trung bình" not in text
    docx = client.get(reverse("document_docx", args=[meeting.pk]))
    body = flat(" ".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs))
    assert line in body and "Trung bình" not in body


def test_the_superior_assessment_is_recorded_by_the_reviewer_and_kept_apart(
    client, world, framework, signing_key
):
    meeting = make_meeting(world)
    quality.record_assessment(
        meeting, AssessmentSource.SELF, points(framework, 10, 52, 30), by=world.recorder
    )
    meeting = approved(world, meeting)
    client.force_login(world.reviewer)
    review = client.get(reverse("review_meeting", args=[meeting.pk])).content.decode()
    assert reverse("quality_superior", args=[meeting.pk]) in review
    ids = [c.pk for c in framework.criteria.all()]
    response = client.post(
        reverse("quality_superior", args=[meeting.pk]),
        {
            f"quality-criterion_{ids[0]}": "8",
            f"quality-criterion_{ids[1]}": "45",
            f"quality-criterion_{ids[2]}": "20",
            "quality-note": "Chuẩn bị chưa kỹ.",
            "quality-assessor_name": "Đồng chí Lê Quang Đức, Đảng ủy viên",
        },
    )
    assert response.status_code == 302
    superior = QualityAssessment.objects.get(meeting=meeting, source=AssessmentSource.SUPERIOR)
    assert (superior.total_points, superior.grade) == (73, "Khá")
    # The cell reads both, each labelled; the minutes keep the cell's own.
    client.force_login(world.recorder)
    review = flat(client.get(reverse("review_meeting", args=[meeting.pk])).content.decode())
    assert "Chi bộ tự đánh giá (ghi trong biên bản)</dt>" in review
    assert 'id="quality-own"><strong>Tốt</strong> (92 điểm)' in review
    assert 'id="quality-superior"><strong>Khá</strong> (73 điểm)' in review
    assert "Chuẩn bị chưa kỹ." in review and "Lê Quang Đức, Đảng ủy viên" in review
    detail = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Tốt (92/100 điểm)" in flat(detail) and "73/100" not in detail
    assert client.post(reverse("quality_superior", args=[meeting.pk]), {}).status_code == 403


def test_a_bad_or_repeated_adoption_is_refused_beside_the_form(client, world, framework):
    client.force_login(world.reviewer)
    url = reverse("quality_framework_adopt", args=[framework.pk])
    response = client.post(url, {"organization": world.committee.pk, "valid_from": "31/02/2022"})
    assert response.status_code == 400
    assert 'value="31/02/2022"' in response.content.decode()
    response = client.post(url, {"organization": world.committee.pk, "valid_from": "01/01/2022"})
    assert response.status_code == 400
    assert "Cấp ủy đã áp dụng khung này từ ngày 01/01/2022." in response.content.decode()
    assert FrameworkAdoption.objects.filter(framework=framework).count() == 1


def test_typed_text_is_escaped_everywhere_it_shows(client, world, signing_key):
    import datetime as dt

    from tests.quality.conftest import framework_data

    hostile = "<script>alert(1)</script>"
    framework = quality.save_framework(
        framework_data(
            name=f"Khung {hostile}",
            criteria=[(f"Tiêu chí {hostile}", 50), ("Khác", 50)],
            grades=[("Tốt <b>", 90), ("Kém", 0)],
        ),
        owner=world.committee,
        by=world.reviewer,
    )
    quality.adopt_framework(
        organization=world.committee,
        framework=framework,
        valid_from=dt.date(2022, 1, 1),
        by=world.reviewer,
    )
    meeting = make_meeting(world)
    quality.record_assessment(
        meeting, AssessmentSource.SELF, points(framework, 50, 45), by=world.recorder
    )
    client.force_login(world.recorder)
    for name in ("recording_editor", "recording_preview", "quality_self"):
        page = client.get(reverse(name, args=[meeting.pk])).content.decode()
        assert hostile not in page and "&lt;script&gt;" in page, name
    client.force_login(world.reviewer)
    for url in (
        reverse("quality_frameworks"),
        reverse("quality_framework_detail", args=[framework.pk]),
    ):
        page = client.get(url).content.decode()
        assert hostile not in page and "Tốt <b>" not in page, url
