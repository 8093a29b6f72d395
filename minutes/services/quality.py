"""State changes of quality assessment (models.quality): frameworks, adoptions, assessments.

Each function checks who may do it (PermissionDenied) and what the data allows
(QualityError, with a message for the user), and writes inside one transaction.
The grade is never typed: `record_assessment` computes the total from the
scores and the grade with `rules.quality_grade`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from members.access import can_review, has_role_on
from members.models import Organization, OrganizationKind, Role
from minutes.models import (
    AssessmentSource,
    FrameworkAdoption,
    Meeting,
    MeetingKind,
    QualityAssessment,
    QualityCriterion,
    QualityFramework,
    QualityGrade,
    QualityScore,
)
from minutes.parts import forget_all_parts
from minutes.rules import framework_problems, quality_grade

# The recorders' own lock: the self-assessment is part of the minutes, editable
# only while they are (draft or returned), and saving it moves `updated_at` so
# that the cached document shows the new grade.
from minutes.services.recording import lock_for_editing
from minutes.vnformat import nfc


class QualityError(Exception):
    """Input the framework or the meeting does not allow; the message is for the user."""

    def __init__(self, messages: Sequence[str] | str) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))


@dataclass(frozen=True)
class FrameworkData:
    """What a framework is made of, before it is saved."""

    name: str
    criteria: Sequence[tuple[str, int]]
    grades: Sequence[tuple[str, int]]
    document_number: str = ""
    document_date: dt.date | None = None
    issuer: str = ""
    caution: str = ""
    meeting_kinds: Sequence[str] = ()
    declared_total: int | None = None

    def problems(self) -> list[str]:
        problems = []
        if not nfc(self.name).strip():
            problems.append(_("Chưa ghi tên khung đánh giá."))
        for index, (text, _points) in enumerate(self.criteria, start=1):
            if not nfc(text).strip():
                problems.append(_("Tiêu chí %(n)d chưa có nội dung.") % {"n": index})
        unknown = [k for k in self.meeting_kinds if k not in MeetingKind.values]
        if unknown:
            problems.append(_("Loại sinh hoạt không hợp lệ: %(k)s.") % {"k": ", ".join(unknown)})
        problems += framework_problems(
            [points for _text, points in self.criteria], list(self.grades), self.declared_total
        )
        return problems


# --- who may do what


def can_manage_frameworks(user, org: Organization) -> bool:
    """Reviewers of a committee (never of a cell), like campaigns, enter and adopt frameworks."""
    return org.kind != OrganizationKind.CELL and has_role_on(user, org, Role.REVIEWER)


def can_assess_as_superior(user, meeting: Meeting) -> bool:
    """A reviewer of the cell's committee (or a guest from it holding that role), at any time."""
    return meeting.superseded_at is None and can_review(user, meeting.cell)


# --- frameworks


def _check_owner(by, owner: Organization | None) -> None:
    if by is None:
        return
    if owner is None:
        if not by.is_superuser:
            raise PermissionDenied(_("Chỉ quản trị viên nhập khung đánh giá dùng chung."))
    elif not can_manage_frameworks(by, owner):
        raise PermissionDenied(_("Bạn không quản lý khung đánh giá của cấp ủy này."))


@transaction.atomic
def save_framework(
    data: FrameworkData,
    *,
    owner: Organization | None,
    by,
    framework: QualityFramework | None = None,
) -> QualityFramework:
    """Create a framework, or replace one's content: all of it or nothing.

    A framework already used by an assessment keeps its criteria (the scores
    point to them): only its name and document may change then.
    """
    _check_owner(by, owner)
    problems = data.problems()
    if problems:
        raise QualityError(problems)
    if framework is None:
        framework = QualityFramework(owner=owner)
    elif framework.pk and framework.assessments.exists():
        raise QualityError(
            _("Khung này đã được dùng để đánh giá, không sửa được tiêu chí; hãy tạo khung mới.")
        )
    framework.name = nfc(data.name).strip()
    framework.document_number = nfc(data.document_number).strip()
    framework.document_date = data.document_date
    framework.issuer = nfc(data.issuer).strip()
    framework.caution = nfc(data.caution).strip()
    framework.meeting_kinds = list(data.meeting_kinds)
    framework.save()
    framework.criteria.all().delete()
    framework.grades.all().delete()
    QualityCriterion.objects.bulk_create(
        QualityCriterion(framework=framework, order=i, text=nfc(text).strip(), max_points=points)
        for i, (text, points) in enumerate(data.criteria, start=1)
    )
    QualityGrade.objects.bulk_create(
        QualityGrade(framework=framework, label=nfc(label).strip(), min_points=minimum)
        for label, minimum in data.grades
    )
    # The editor's quality section is a cached part that shows the framework.
    forget_all_parts()
    return framework


def frameworks_for(org: Organization):
    """Frameworks a committee may adopt: the shared ones and those of it and its ancestors."""
    ids = [int(part) for part in org.path.strip("/").split("/") if part]
    return QualityFramework.objects.filter(Q(owner__isnull=True) | Q(owner_id__in=ids))


@transaction.atomic
def adopt_framework(
    *, organization: Organization, framework: QualityFramework, valid_from: dt.date, by
) -> FrameworkAdoption:
    """`organization` applies `framework` to the cells below it from `valid_from` on."""
    if by is not None and not can_manage_frameworks(by, organization):
        raise PermissionDenied(_("Bạn không quản lý cấp ủy này."))
    if not frameworks_for(organization).filter(pk=framework.pk).exists():
        raise QualityError(_("Cấp ủy này không dùng được khung đánh giá đã chọn."))
    adoption, created = FrameworkAdoption.objects.get_or_create(
        organization=organization,
        framework=framework,
        valid_from=valid_from,
        defaults={"created_by": by},
    )
    if not created:
        raise QualityError(
            _("Cấp ủy đã áp dụng khung này từ ngày %(d)s.") % {"d": f"{valid_from:%d/%m/%Y}"}
        )
    forget_all_parts()
    return adoption


def framework_for(meeting: Meeting) -> QualityFramework | None:
    """The framework that applies to `meeting`: the nearest committee above (or the cell
    itself) that adopted one for its kind on or before its date, the latest adoption first.

    Criteria and grades come prefetched: three queries.
    """
    ids = [int(part) for part in meeting.cell.path.strip("/").split("/") if part]
    depth = {pk: i for i, pk in enumerate(ids)}
    adoptions = (
        FrameworkAdoption.objects.filter(organization_id__in=ids, valid_from__lte=meeting.date)
        .select_related("framework")
        .order_by("-valid_from", "-pk")
    )
    candidates = [a for a in adoptions if a.framework.applies_to(meeting.kind)]
    if not candidates:
        return None
    # Nearest organization first; among its adoptions, the latest (order kept by sort stability).
    chosen = sorted(candidates, key=lambda a: -depth[a.organization_id])[0].framework
    return (
        QualityFramework.objects.prefetch_related("criteria", "grades").filter(pk=chosen.pk).get()
    )


# --- assessments


def _scores_of(framework: QualityFramework, points: Mapping[int, int | None]) -> dict:
    criteria = list(framework.criteria.all())
    problems, scores = [], {}
    for criterion in criteria:
        value = points.get(criterion.pk)
        if value is None:
            problems.append(_("Chưa chấm điểm tiêu chí “%(c)s”.") % {"c": criterion.text})
        elif value < 0:
            problems.append(_("Điểm tiêu chí “%(c)s” không được âm.") % {"c": criterion.text})
        elif value > criterion.max_points:
            problems.append(
                _("Tiêu chí “%(c)s” tối đa %(m)d điểm, không chấm %(v)d điểm được.")
                % {"c": criterion.text, "m": criterion.max_points, "v": value}
            )
        else:
            scores[criterion] = value
    unknown = set(points) - {c.pk for c in criteria}
    if unknown:
        problems.append(_("Có điểm cho tiêu chí không thuộc khung đánh giá."))
    if problems:
        raise QualityError(problems)
    return scores


@transaction.atomic
def record_assessment(
    meeting: Meeting,
    source: str,
    points: Mapping[int, int | None],
    *,
    by,
    framework: QualityFramework | None = None,
    assessor_name: str = "",
    note: str = "",
) -> QualityAssessment:
    """Record (or replace) the `source` assessment of `meeting`, with its total and grade.

    SELF: a recorder of the cell, while the minutes are editable (it is part of
    them). SUPERIOR: a reviewer of the cell's committee, at any time, even after
    approval; it is never printed in the minutes.
    """
    if source == AssessmentSource.SELF:
        lock_for_editing(meeting, by)
    elif source == AssessmentSource.SUPERIOR:
        if by is not None and not can_assess_as_superior(by, meeting):
            raise PermissionDenied(_("Chỉ cấp ủy cấp trên của chi bộ mới đánh giá được."))
    else:
        raise QualityError(_("Nguồn đánh giá không hợp lệ."))
    if framework is None:
        framework = framework_for(meeting)
    if framework is None:
        raise QualityError(_("Chưa có khung đánh giá nào áp dụng cho buổi sinh hoạt này."))
    scores = _scores_of(framework, points)
    total = sum(scores.values())
    grade = quality_grade(total, framework.grades.all()) or ""
    name = nfc(assessor_name).strip()
    if not name and by is not None:
        name = by.get_full_name() or by.get_username()
    assessment, _created = QualityAssessment.objects.update_or_create(
        meeting=meeting,
        source=source,
        defaults={
            "framework": framework,
            "total_points": total,
            "grade": grade,
            "assessor_name": name,
            "note": nfc(note).strip(),
            "assessed_by": by,
        },
    )
    assessment.scores.all().delete()
    QualityScore.objects.bulk_create(
        QualityScore(assessment=assessment, criterion=criterion, points=value)
        for criterion, value in scores.items()
    )
    return assessment


def copy_self_assessment(old: Meeting, new: Meeting) -> None:
    """A new version of the minutes keeps the cell's own assessment (it is part of them).

    The superior committee's stays with the version it assessed. Called by
    `versions.create_next_version`, inside the reopening transaction.
    """
    own = (
        QualityAssessment.objects.filter(meeting=old, source=AssessmentSource.SELF)
        .prefetch_related("scores")
        .first()
    )
    if own is None:
        return
    scores = list(own.scores.all())
    own.pk = None
    own.meeting = new
    own.save()
    QualityScore.objects.bulk_create(
        QualityScore(assessment=own, criterion_id=s.criterion_id, points=s.points) for s in scores
    )
