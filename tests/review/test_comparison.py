"""The comparison between submissions: part by part, changed words marked."""

from __future__ import annotations

import pytest

from minutes.comparison import compare, latest_comparison
from minutes.models import Meeting, Report, Shortcoming
from minutes.services import workflow
from tests.review.conftest import approved, fresh, make_meeting, returned


def data(**parts: list[str]) -> dict:
    return {"parts": [[anchor.replace("__", ":"), lines] for anchor, lines in parts.items()]}


def test_changed_words_are_marked_inside_the_line():
    result = compare(
        data(turns=["+ Đồng chí A: Ý kiến số 1.", "+ Đồng chí B: Đồng ý."]),
        data(turns=["+ Đồng chí A: Ý kiến số 1, đã ghi rõ.", "+ Đồng chí B: Đồng ý."]),
        old_label="Lần gửi 1",
        new_label="Lần gửi 2",
    )
    (part,) = result.changed
    assert (part.anchor, part.label, part.kind, part.unchanged_lines) == (
        "turns",
        "Ý kiến tham gia",
        "changed",
        1,
    )
    (line,) = part.lines
    assert line.kind == "changed"
    assert [(s.text, s.changed) for s in line.old] == [
        ("+ Đồng chí A: Ý kiến số ", False),
        ("1.", True),
    ]
    assert [(s.text, s.changed) for s in line.new] == [
        ("+ Đồng chí A: Ý kiến số ", False),
        ("1, đã ghi rõ.", True),
    ]


def test_parts_added_removed_and_unchanged():
    result = compare(
        data(attendance=["15/15"], reports=["Báo cáo A"], closing=["Kết thúc"]),
        data(attendance=["15/15"], directives=["Một là, …"], closing=["Kết thúc lúc 21 giờ"]),
        old_label="a",
        new_label="b",
    )
    assert [(p.anchor, p.kind) for p in result.changed] == [
        ("directives", "added"),
        ("closing", "changed"),
        ("reports", "removed"),
    ]
    assert result.unchanged == ("I. Thành phần",)


def test_grouping_parts_are_not_compared_twice():
    old = data(proceedings=["Báo cáo", "x"], reports=["x"], shortcomings=["Đối với chi bộ", "- a"])
    new = data(proceedings=["Báo cáo", "y"], reports=["y"], shortcomings=["Đối với chi bộ", "- b"])
    result = compare(old, new, old_label="a", new_label="b")
    # "proceedings" repeats its children; "shortcomings" has no children listed here.
    assert [p.anchor for p in result.changed] == ["reports", "shortcomings"]
    old["parts"].append(["shortcomings:cell", ["- a"]])
    new["parts"].append(["shortcomings:cell", ["- b"]])
    result = compare(old, new, old_label="a", new_label="b")
    assert [p.anchor for p in result.changed] == ["reports", "shortcomings:cell"]


@pytest.mark.django_db
def test_a_corrected_shortcoming_and_a_new_report_show(world):
    meeting = make_meeting(world)
    shortcoming = Shortcoming.objects.create(
        meeting=meeting, subject="cell", text="Chưa thường xuyên tự phê bình."
    )
    returned(world, meeting)
    shortcoming.text = "Chưa thường xuyên tự phê bình và phê bình."
    shortcoming.save()
    Report.objects.create(meeting=meeting, title="Báo cáo kiểm điểm")
    workflow.submit(meeting=fresh(meeting), by=world.chair, confirm_warnings=True)
    result = latest_comparison(fresh(meeting))
    assert (result.old_label, result.new_label) == ("Lần gửi 1", "Lần gửi 2")
    by_anchor = {p.anchor: p for p in result.changed}
    assert set(by_anchor) == {"reports", "shortcomings"}
    assert by_anchor["reports"].kind == "added"
    (line,) = by_anchor["shortcomings"].lines
    assert "".join(s.text for s in line.new) == "- Chưa thường xuyên tự phê bình và phê bình."
    assert [s.text for s in line.new if s.changed] == ["bình và phê "]


@pytest.mark.django_db
def test_a_new_version_is_compared_with_the_version_it_corrects(world, signing_key):
    v1 = approved(world)
    v2 = workflow.reopen(meeting=v1, by=world.reviewer, reason="Sai giờ kết thúc.").meeting
    assert latest_comparison(v2) is None  # not submitted yet
    Meeting.objects.filter(pk=v2.pk).update(conclusion="Kết luận đã đính chính.")
    workflow.submit(meeting=fresh(v2), by=world.chair, confirm_warnings=True)
    result = latest_comparison(fresh(v2))
    assert (result.old_label, result.new_label) == ("Phiên bản 1 đã duyệt", "Lần gửi 1")
    assert [p.anchor for p in result.changed] == ["conclusions"]
