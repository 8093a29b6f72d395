"""The example framework shipped with the app: the 100-point self-assessment of 42-HD/BTCTW.

Its wording comes from a secondary source (domain.md §2.6: a third-party text
citing Hướng dẫn 42-HD/BTCTW, 28/10/2025, Mục II), not from the original
guidance, so it is shipped marked "cần đối chiếu văn bản gốc" until an
administrator or a committee checks it and clears the caution. It is data
like any other framework: editable, and used only where a committee adopts it.
"""

from __future__ import annotations

import datetime as dt

NAME = "Khung tự đánh giá chất lượng sinh hoạt chi bộ (100 điểm) – ví dụ theo Hướng dẫn 42-HD/BTCTW"
DOCUMENT_NUMBER = "42-HD/BTCTW"
DOCUMENT_DATE = dt.date(2025, 10, 28)
ISSUER = "Ban Tổ chức Trung ương"
CAUTION = "Cần đối chiếu văn bản gốc: tiêu chí, điểm và ngưỡng xếp loại lấy từ nguồn thứ cấp."
# Regular meetings (and the regular part of a combined session) are what the
# 100-point scale is cited for; a committee may widen it.
CRITERIA = [
    ("Thời gian, thời lượng sinh hoạt", 5),
    ("Tỷ lệ đảng viên dự sinh hoạt", 5),
    ("Công tác chuẩn bị sinh hoạt", 10),
    ("Tiến hành buổi sinh hoạt (nội dung, thảo luận, phát biểu)", 40),
    ("Thực hiện nguyên tắc tổ chức và sinh hoạt đảng", 5),
    ("Kết quả thực hiện nghị quyết kỳ trước", 30),
    ("Kết thúc sinh hoạt (thông qua nghị quyết, biên bản)", 5),
]
GRADES = [("Tốt", 90), ("Khá", 70), ("Trung bình", 50), ("Kém", 0)]


def load(apps) -> None:
    """Create the example once; never overwrite a framework an administrator has edited."""
    QualityFramework = apps.get_model("minutes", "QualityFramework")
    QualityCriterion = apps.get_model("minutes", "QualityCriterion")
    QualityGrade = apps.get_model("minutes", "QualityGrade")
    if QualityFramework.objects.filter(document_number=DOCUMENT_NUMBER, owner=None).exists():
        return
    framework = QualityFramework.objects.create(
        name=NAME,
        document_number=DOCUMENT_NUMBER,
        document_date=DOCUMENT_DATE,
        issuer=ISSUER,
        caution=CAUTION,
        meeting_kinds=["regular", "combined"],
    )
    for order, (text, points) in enumerate(CRITERIA, start=1):
        QualityCriterion.objects.create(
            framework=framework, order=order, text=text, max_points=points
        )
    for label, minimum in GRADES:
        QualityGrade.objects.create(framework=framework, label=label, min_points=minimum)
