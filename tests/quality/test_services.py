"""Frameworks, adoptions and assessments through the services, with bad input refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from minutes.models import (
    AssessmentSource,
    LockedMinutesError,
    QualityAssessment,
    QualityFramework,
)
from minutes.rules import quality_grade
from minutes.services import quality
from tests.factories import CellFactory, CommitteeFactory
from tests.quality.conftest import approved, framework_data, make_meeting, points, returned

pytestmark = pytest.mark.django_db


def test_the_42_hd_example_is_shipped_and_marked_to_be_checked(db):
    example = QualityFramework.objects.get(document_number="42-HD/BTCTW", owner=None)
    assert "đối chiếu văn bản gốc" in example.caution.lower()
    assert sum(c.max_points for c in example.criteria.all()) == 100
    assert quality_grade(90, example.grades.all()) == "Tốt"
    assert quality_grade(89, example.grades.all()) == "Khá"
    assert quality_grade(49, example.grades.all()) == "Kém"


def test_a_framework_whose_points_do_not_add_up_is_refused_whole(world):
    before = QualityFramework.objects.count()
    with pytest.raises(quality.QualityError) as refusal:
        quality.save_framework(
            framework_data(criteria=[("Chuẩn bị", 10), ("Tiến hành", 60)]),
            owner=world.committee,
            by=world.reviewer,
        )
    assert "70" in str(refusal.value) and "100" in str(refusal.value)
    assert QualityFramework.objects.count() == before


def test_overlapping_thresholds_are_refused(world):
    with pytest.raises(quality.QualityError) as refusal:
        quality.save_framework(
            framework_data(grades=[("Tốt", 70), ("Khá", 70), ("Kém", 0)]),
            owner=world.committee,
            by=world.reviewer,
        )
    assert "chồng lên nhau" in str(refusal.value)


def test_only_the_committee_s_reviewers_enter_its_frameworks(world):
    with pytest.raises(PermissionDenied):
        quality.save_framework(framework_data(), owner=world.committee, by=world.recorder)
    with pytest.raises(PermissionDenied):
        quality.save_framework(framework_data(), owner=None, by=world.reviewer)


def test_the_nearest_latest_adoption_applies(world, framework):
    meeting = make_meeting(world)  # 21/6/2022
    assert quality.framework_for(meeting) == framework
    province_rule = quality.save_framework(
        framework_data(name="Khung của chi bộ"), owner=world.committee, by=world.reviewer
    )
    # Adopted after the meeting: does not apply to it.
    quality.adopt_framework(
        organization=world.committee,
        framework=province_rule,
        valid_from=dt.date(2022, 7, 1),
        by=world.reviewer,
    )
    assert quality.framework_for(meeting) == framework
    quality.adopt_framework(
        organization=world.committee,
        framework=province_rule,
        valid_from=dt.date(2022, 6, 1),
        by=world.reviewer,
    )
    assert quality.framework_for(meeting) == province_rule


def test_a_framework_for_other_kinds_does_not_apply(world):
    thematic = quality.save_framework(
        framework_data(meeting_kinds=["thematic"]), owner=world.committee, by=world.reviewer
    )
    quality.adopt_framework(
        organization=world.committee,
        framework=thematic,
        valid_from=dt.date(2022, 1, 1),
        by=world.reviewer,
    )
    assert quality.framework_for(make_meeting(world)) is None


def test_nothing_applies_in_another_tree(world, framework):
    stranger = CellFactory(parent=CommitteeFactory())
    meeting = make_meeting(world)
    meeting.cell = stranger
    assert quality.framework_for(meeting) is None


def test_self_assessment_computes_total_and_grade(world, framework):
    meeting = make_meeting(world)
    assessment = quality.record_assessment(
        meeting, AssessmentSource.SELF, points(framework, 10, 55, 25), by=world.recorder
    )
    assert (assessment.total_points, assessment.grade) == (90, "Tốt")
    assessment = quality.record_assessment(
        meeting, AssessmentSource.SELF, points(framework, 10, 54, 25), by=world.recorder
    )
    assert (assessment.total_points, assessment.grade) == (89, "Khá")
    assert QualityAssessment.objects.filter(meeting=meeting).count() == 1


def test_points_above_a_criterion_s_maximum_are_refused(world, framework):
    meeting = make_meeting(world)
    with pytest.raises(quality.QualityError) as refusal:
        quality.record_assessment(
            meeting, AssessmentSource.SELF, points(framework, 11, 55, 25), by=world.recorder
        )
    assert "tối đa 10 điểm" in str(refusal.value)
    assert not QualityAssessment.objects.filter(meeting=meeting).exists()


def test_self_assessment_only_while_the_minutes_are_editable(world, framework, signing_key):
    meeting = approved(world)
    with pytest.raises(LockedMinutesError):
        quality.record_assessment(
            meeting, AssessmentSource.SELF, points(framework, 10, 55, 25), by=world.recorder
        )
    reopened = returned(world, make_meeting(world, date=dt.date(2022, 7, 19)))
    assessment = quality.record_assessment(
        reopened, AssessmentSource.SELF, points(framework, 5, 30, 14), by=world.recorder
    )
    assert assessment.grade == "Kém"


def test_only_the_cell_s_recorder_self_assesses(world, framework):
    with pytest.raises(PermissionDenied):
        quality.record_assessment(
            make_meeting(world),
            AssessmentSource.SELF,
            points(framework, 10, 55, 25),
            by=world.other_recorder,
        )


def test_superior_assessment_after_approval_kept_apart(world, framework, signing_key):
    meeting = make_meeting(world)
    quality.record_assessment(
        meeting, AssessmentSource.SELF, points(framework, 10, 60, 30), by=world.recorder
    )
    meeting = approved(world, meeting)
    superior = quality.record_assessment(
        meeting, AssessmentSource.SUPERIOR, points(framework, 8, 50, 20), by=world.reviewer
    )
    assert (superior.total_points, superior.grade) == (78, "Khá")
    own = QualityAssessment.objects.get(meeting=meeting, source=AssessmentSource.SELF)
    assert (own.total_points, own.grade) == (100, "Tốt")
    with pytest.raises(PermissionDenied):
        quality.record_assessment(
            meeting, AssessmentSource.SUPERIOR, points(framework, 8, 50, 20), by=world.recorder
        )


def test_a_new_version_keeps_the_cell_s_own_assessment_only(world, framework, signing_key):
    from minutes.models import Meeting
    from minutes.services import workflow

    meeting = make_meeting(world)
    quality.record_assessment(
        meeting, AssessmentSource.SELF, points(framework, 10, 52, 30), by=world.recorder
    )
    meeting = approved(world, meeting)
    quality.record_assessment(
        meeting, AssessmentSource.SUPERIOR, points(framework, 8, 45, 20), by=world.reviewer
    )
    workflow.reopen(meeting=meeting, by=world.reviewer, reason="Sửa số liệu.")
    new = Meeting.objects.get(previous_version=meeting)
    copied = QualityAssessment.objects.get(meeting=new)
    assert (copied.source, copied.grade, copied.total_points) == ("self", "Tốt", 92)
    assert sorted(copied.scores.values_list("points", flat=True)) == [10, 30, 52]
    # The old version keeps both of its own.
    assert QualityAssessment.objects.filter(meeting=meeting).count() == 2
