"""The review world (a committee, two cells, one account per role) with an adopted framework."""

from __future__ import annotations

import datetime as dt

import pytest

from minutes.models import QualityFramework
from minutes.services import quality
from tests.review.conftest import (  # noqa: F401 (fixtures and helpers shared with review)
    approved,
    fast_passwords,
    fresh,
    make_meeting,
    returned,
    signing_key,
    submitted,
    world,
)

CRITERIA = [("Chuẩn bị", 10), ("Tiến hành", 60), ("Kết quả", 30)]
GRADES = [("Tốt", 90), ("Khá", 70), ("Trung bình", 50), ("Kém", 0)]


def framework_data(**changes) -> quality.FrameworkData:
    values = {
        "name": "Khung thử của Đảng ủy",
        "document_number": "15-HD/ĐU",
        "document_date": dt.date(2022, 1, 10),
        "issuer": "Đảng ủy Cơ quan Thành phố",
        "criteria": CRITERIA,
        "grades": GRADES,
        "declared_total": 100,
    }
    values.update(changes)
    return quality.FrameworkData(**values)


@pytest.fixture
def framework(world) -> QualityFramework:  # noqa: F811 (the imported fixture)
    framework = quality.save_framework(framework_data(), owner=world.committee, by=world.reviewer)
    quality.adopt_framework(
        organization=world.committee,
        framework=framework,
        valid_from=dt.date(2022, 1, 1),
        by=world.reviewer,
    )
    return framework


def points(framework: QualityFramework, *values: int) -> dict[int, int]:
    return {c.pk: v for c, v in zip(framework.criteria.all(), values, strict=True)}
