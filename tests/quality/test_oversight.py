"""Statistics and regularity show the grades per cell and month, the two sources apart."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from minutes.models import AssessmentSource
from minutes.services import quality
from tests.quality.conftest import approved, make_meeting, points

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(world, framework, signing_key):
    meeting = make_meeting(world)  # 21/6/2022
    quality.record_assessment(
        meeting, AssessmentSource.SELF, points(framework, 10, 52, 30), by=world.recorder
    )
    meeting = approved(world, meeting)
    quality.record_assessment(
        meeting, AssessmentSource.SUPERIOR, points(framework, 8, 45, 20), by=world.reviewer
    )
    return meeting


def test_statistics_count_the_grades(client, world, graded):
    client.force_login(world.reviewer)
    url = reverse("statistics")
    query = {"org": world.committee.pk, "start": "01/01/2022", "end": "31/12/2022"}
    page = client.get(url, query).content.decode()
    section = page.split('id="quality-table"')[1].split("</table>")[0]
    row = re.search(r"Chi bộ Quản lý đô thị</th>(.*?)</tr>", section).group(1)
    # Labels met: Tốt (own) and Khá (superior), best first; own counts, then the superior's.
    assert re.findall(r">(\d+)</td>", row) == ["1", "0", "0", "1"]
    export = client.get(url, {**query, "table": "quality", "format": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][3:] == [
        "Chi bộ tự xếp loại",
        "Điểm tự đánh giá",
        "Cấp trên xếp loại",
        "Điểm cấp trên",
    ]
    assert rows[1][0] == "Chi bộ Quản lý đô thị" and rows[1][1] == "06/2022"
    assert rows[1][3:] == ["Tốt", "92", "Khá", "73"]


def test_regularity_shows_the_grade_of_the_month(client, world, graded):
    client.force_login(world.reviewer)
    url = reverse("regularity")
    page = client.get(url, {"org": world.committee.pk, "year": 2022}).content.decode()
    assert ">Tốt/Khá</span>" in page
    export = client.get(url, {"org": world.committee.pk, "year": 2022, "format": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    june = next(r for r in rows if r[0] == "Chi bộ Quản lý đô thị" and r[1] == "06/2022")
    assert june[-2:] == ["Tốt", "Khá"]
