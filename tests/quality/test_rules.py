"""The grade is computed by one function, in whole points, at every threshold's edge."""

from __future__ import annotations

import pytest

from minutes.rules import framework_problems, quality_grade

GRADES = [("Tốt", 90), ("Khá", 70), ("Trung bình", 50), ("Kém", 0)]


@pytest.mark.parametrize(
    ("points", "grade"),
    [
        (100, "Tốt"),
        (90, "Tốt"),
        (89, "Khá"),
        (70, "Khá"),
        (69, "Trung bình"),
        (50, "Trung bình"),
        (49, "Kém"),
        (1, "Kém"),
        (0, "Kém"),
    ],
)
def test_grade_at_every_edge(points, grade):
    assert quality_grade(points, GRADES) == grade


def test_order_of_grades_does_not_matter():
    assert quality_grade(89, list(reversed(GRADES))) == "Khá"
    assert quality_grade(90, list(reversed(GRADES))) == "Tốt"


def test_no_grade_below_the_lowest_threshold():
    assert quality_grade(49, [("Tốt", 90), ("Khá", 50)]) is None
    assert quality_grade(10, []) is None


def test_a_province_s_own_grades():
    grades = [("Xuất sắc", 95), ("Tốt", 80), ("Đạt", 60), ("Chưa đạt", 0)]
    assert quality_grade(95, grades) == "Xuất sắc"
    assert quality_grade(94, grades) == "Tốt"
    assert quality_grade(59, grades) == "Chưa đạt"


def test_a_sound_framework_has_no_problem():
    assert framework_problems([5, 5, 10, 40, 5, 30, 5], GRADES, 100) == []
    assert framework_problems([50, 50], GRADES) == []


def test_points_that_do_not_add_up_are_refused():
    (problem,) = framework_problems([5, 5, 10, 40, 5, 30], GRADES, 100)
    assert "95" in problem and "100" in problem


def test_overlapping_thresholds_are_refused():
    problems = framework_problems([100], [("Tốt", 90), ("Khá", 90), ("Kém", 0)])
    assert any("chồng lên nhau" in p and "Tốt" in p and "Khá" in p for p in problems)


def test_duplicate_labels_are_refused():
    problems = framework_problems([100], [("Tốt", 90), ("tốt", 70), ("Kém", 0)])
    assert any("hai lần" in p for p in problems)


def test_a_threshold_above_the_total_is_refused():
    problems = framework_problems([40, 40], [("Tốt", 90), ("Khá", 70), ("Kém", 0)])
    assert problems == [
        "Mức “Tốt” bắt đầu từ 90 điểm, cao hơn tổng điểm tối đa 80: "
        "không buổi sinh hoạt nào đạt được."
    ]
    # Reachable exactly at the total: allowed.
    assert framework_problems([45, 45], [("Tốt", 90), ("Kém", 0)]) == []


def test_a_framework_without_a_grade_from_zero_is_refused():
    problems = framework_problems([100], [("Tốt", 90), ("Khá", 50)])
    assert any("0 điểm" in p for p in problems)


def test_empty_criteria_and_grades_are_refused():
    problems = framework_problems([], [])
    assert any("ít nhất một tiêu chí" in p for p in problems)
    assert any("ít nhất một mức" in p for p in problems)


def test_a_criterion_worth_nothing_is_refused():
    problems = framework_problems([0, 100], GRADES)
    assert any("Tiêu chí 1" in p for p in problems)
