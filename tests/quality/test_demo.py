"""The demonstration data carries a self-assessment and a superior assessment."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.core.management import call_command

from minutes.models import AssessmentSource, MinutesStatus, QualityAssessment, SignedDocument

pytestmark = pytest.mark.django_db


def test_demo_meetings_carry_both_assessments_and_the_pdf_states_the_cell_s_own(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", force=True, verbosity=0)
    own = list(
        QualityAssessment.objects.filter(source=AssessmentSource.SELF)
        .select_related("meeting")
        .order_by("meeting__date")
    )
    assert [(a.grade, a.total_points) for a in own] == [("Tốt", 93), ("Khá", 84)]
    superior = QualityAssessment.objects.get(
        meeting=own[0].meeting, source=AssessmentSource.SUPERIOR
    )
    assert (superior.grade, superior.total_points) == ("Khá", 86)
    assert all(a.meeting.status == MinutesStatus.APPROVED for a in own)
    signed = SignedDocument.objects.get(meeting=own[0].meeting)
    path = tmp_path / "demo.pdf"
    with signed.file.open("rb") as handle:
        path.write_bytes(handle.read())
    text = re.sub(
        r"\s+",
        " ",
        subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout,
    )
    assert "Chi bộ tự đánh giá, xếp loại chất lượng sinh hoạt: Tốt (93/100 điểm)" in text
    assert "(42-HD/BTCTW)." in text
    assert "86/100" not in text
    # A second run adds nothing.
    call_command("load_demo", force=True, verbosity=0)
    assert QualityAssessment.objects.count() == 4
