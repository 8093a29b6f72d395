"""Quality assessment in the demonstration (issue 13).

The agency's Party committee adopts the shipped example framework (the 42-HD
100-point scale, still marked "cần đối chiếu văn bản gốc") from 1/1/2026, after
the guidance was issued; the 2022 seed meeting, a real one, is left as it was.
Each of the first two approved regular meetings of the Chi bộ Quản lý đô thị
under it carries the cell's own assessment (printed in its minutes) and the
superior committee's (recorded apart, never printed), one of them lower, as
happens when the committee reads the minutes more strictly.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps as django_apps

from members.demo import organizations as tree
from minutes import quality_data
from minutes.models import (
    AssessmentSource,
    FrameworkAdoption,
    Meeting,
    MeetingKind,
    MinutesStatus,
    QualityAssessment,
    QualityFramework,
)
from minutes.services import quality

ADOPTED_FROM = dt.date(2026, 1, 1)
# Points per criterion of the example (5, 5, 10, 40, 5, 30, 5), in its order:
# (the cell's own, the superior committee's) for the first and second meeting.
POINTS = (
    ((5, 5, 9, 37, 5, 27, 5), (5, 4, 8, 34, 5, 25, 5)),  # 93 Tốt; 86 Khá
    ((5, 4, 8, 33, 5, 24, 5), (5, 4, 8, 33, 5, 24, 5)),  # 84 Khá; 84 Khá
)
SUPERIOR_NAME = "Đảng ủy Cơ quan (đồng chí Nguyễn Duy Đức)"
SUPERIOR_NOTE = "Thống nhất với chi bộ về nội dung; cần chuẩn bị tài liệu sớm hơn."


def example_framework() -> QualityFramework:
    """The shipped example; made again if it is gone.

    Migration 0017 ships it, but an administrator may have deleted it since, and
    tests that flush the tables remove it too: the demonstration must not
    depend on either.
    """
    quality_data.load(django_apps)
    return QualityFramework.objects.get(document_number=quality_data.DOCUMENT_NUMBER, owner=None)


def assess(loader, meeting: Meeting, status: str) -> None:
    """Before `meeting` takes its state: the cell's and the superior's assessments.

    Recorded through the service while the minutes are still a draft, so that
    the signed document issued on approval states the cell's grade.
    """
    framework = example_framework()
    if (
        status != MinutesStatus.APPROVED
        or meeting.kind != MeetingKind.REGULAR
        or meeting.cell.name != tree.QLDT
        or meeting.date < ADOPTED_FROM
    ):
        return
    committee = loader.orgs[tree.AGENCY]
    FrameworkAdoption.objects.get_or_create(
        organization=committee,
        framework=framework,
        valid_from=ADOPTED_FROM,
        defaults={"created_by": loader.users.get("reviewer")},
    )
    done = QualityAssessment.objects.filter(
        meeting__cell=meeting.cell, source=AssessmentSource.SELF
    ).count()
    if done >= len(POINTS):
        return
    own, superior = POINTS[done]
    criteria = [c.pk for c in framework.criteria.all()]
    quality.record_assessment(
        meeting,
        AssessmentSource.SELF,
        dict(zip(criteria, own, strict=True)),
        by=None,
        framework=framework,
        assessor_name="Chi bộ Quản lý đô thị",
    )
    quality.record_assessment(
        meeting,
        AssessmentSource.SUPERIOR,
        dict(zip(criteria, superior, strict=True)),
        by=None,
        framework=framework,
        assessor_name=SUPERIOR_NAME,
        note=SUPERIOR_NOTE,
    )
    loader.result.count("quality assessments")
