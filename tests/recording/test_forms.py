"""Choosing people and catalogue tags by typing; votes that cannot be."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from minutes.forms.recording import (
    ClosingForm,
    DecisionForm,
    EditorContext,
    TurnForm,
    resolve_person,
    resolve_tags,
)
from minutes.models import (
    AttendanceStatus,
    CommitteeSettings,
    Participant,
    ParticipantRole,
)
from minutes.vnformat import fold
from tests.factories import meeting_with_parts

pytestmark = pytest.mark.django_db


def people(*names: str) -> list[Participant]:
    rows = []
    for i, name in enumerate(names, 1):
        row = Participant(pk=i, full_name=name, role=ParticipantRole.MEMBER)
        row.search_name = fold(name)
        rows.append(row)
    return rows


@pytest.mark.parametrize(
    "typed",
    [
        "Hòa",
        "hoa",
        "HOÀ",
        unicodedata.normalize("NFD", "Hòa"),
        "thai hoa",
        "Tô Thái Hòa",
        unicodedata.normalize("NFD", "tô thái hoà"),
    ],
)
def test_a_person_is_found_with_or_without_diacritics_in_either_normal_form(typed):
    candidates = people("Tô Thái Hòa", "Hoàng Văn Nam", "Nguyễn Thị Minh Nguyệt")
    assert resolve_person(typed, None, candidates).full_name == "Tô Thái Hòa"


def test_an_ambiguous_name_lists_the_candidates():
    candidates = people("Nguyễn Văn An", "Nguyễn Thị Bình", "Trần Văn Cường")
    with pytest.raises(ValidationError) as caught:
        resolve_person("nguyen", None, candidates)
    assert "Có 2 người khớp “nguyen”: Nguyễn Văn An, Nguyễn Thị Bình" in caught.value.messages[0]


def test_the_picked_suggestion_decides_between_two_people_of_the_same_name():
    candidates = people("Nguyễn Văn An", "Nguyễn Văn An")
    assert resolve_person("Nguyễn Văn An", 2, candidates) is candidates[1]
    with pytest.raises(ValidationError):
        resolve_person("Nguyễn Văn An", None, candidates)


def test_nobody_matching_says_so():
    with pytest.raises(ValidationError) as caught:
        resolve_person("Lê Văn Không", None, people("Tô Thái Hòa"))
    assert "Không có ai tên “Lê Văn Không”" in caught.value.messages[0]


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("SD-TT-1", ["SD-TT-1"]),
        ("sd-tt-1, qd37-03", ["SD-TT-1", "QD37-03"]),
        ("QD37-03; QD37-03", ["QD37-03"]),
        ("", []),
    ],
)
def test_tags_by_code(typed, codes):
    assert [item.code for item in resolve_tags(typed)] == codes


@pytest.mark.parametrize("typed", ["luoi hoc tap ly luan", "Lười học tập lý luận", "LUOI HOC TAP"])
def test_tags_by_words_with_or_without_diacritics(typed):
    assert [item.code for item in resolve_tags(typed)] == ["SD-TT-3"]


def test_tags_that_match_several_items_ask_for_a_code():
    with pytest.raises(ValidationError) as caught:
        resolve_tags("chu nghia")
    assert "khớp nhiều mục" in caught.value.messages[0]


def test_unknown_tag():
    with pytest.raises(ValidationError) as caught:
        resolve_tags("XYZ-99")
    assert caught.value.messages == ["Không tìm thấy mục nào khớp “XYZ-99”."]


@pytest.fixture
def editor_context(db):
    meeting = meeting_with_parts(members=5, probationary=1, decisions=0)
    Participant.objects.filter(meeting=meeting, full_name="Trần Thị Hòa 5").update(
        status=AttendanceStatus.ABSENT_UNEXCUSED
    )
    return EditorContext(meeting=meeting, settings=CommitteeSettings.defaults())


def decision_data(**votes):
    data = {"decision-new-decision_kind": "ordinary", "decision-new-text": "Thông qua"}
    data.update({f"decision-new-votes_{k}": v for k, v in votes.items()})
    return data


def test_votes_from_more_people_than_official_members_present_are_refused(editor_context):
    # 5 members, 1 probationary (not voting), 1 absent: 3 official members may vote.
    form = DecisionForm(decision_data(**{"for": "3", "against": "1"}), context=editor_context)
    assert not form.is_valid()
    assert form.errors["votes_for"] == [
        "Tổng số biểu quyết (4) nhiều hơn số đảng viên chính thức có mặt (3). "
        "Đảng viên dự bị không biểu quyết."
    ]
    outcome = form.outcome()
    assert outcome is not None and outcome.errors


def test_possible_votes_pass_and_show_the_outcome(editor_context):
    form = DecisionForm(decision_data(**{"for": "3", "against": "0"}), context=editor_context)
    assert form.is_valid(), form.errors
    outcome = form.outcome()
    assert outcome.adopted
    assert outcome.denominator == 4  # 4 official members; nobody excused is left out by default
    assert outcome.rule.label == "hơn một nửa"


def test_admission_needs_two_thirds(editor_context):
    data = decision_data(**{"for": "2"})
    data["decision-new-decision_kind"] = "admission"
    form = DecisionForm(data, context=editor_context)
    assert form.is_valid()
    assert not form.outcome().adopted  # 2/4 < 2/3


def test_closing_vote_cannot_exceed_people_present(editor_context):
    form = ClosingForm(
        {"closing-revision": "1", "closing-closing_votes_for": "5"}, context=editor_context
    )
    assert not form.is_valid()
    assert "nhiều hơn số người có mặt (4)" in form.errors["closing_votes_for"][0]


def test_end_time_must_be_after_start(editor_context):
    form = ClosingForm(
        {"closing-revision": "1", "closing-end_time": "19:00"}, context=editor_context
    )
    assert not form.is_valid()
    assert form.errors["end_time"] == ["Giờ kết thúc phải sau giờ bắt đầu (19:30)."]


def test_a_turn_needs_someone_present(editor_context):
    form = TurnForm({"turn-new-speaker": "Hòa 5", "turn-new-gist": "x"}, context=editor_context)
    assert not form.is_valid()  # Trần Thị Hòa 5 is absent
    form = TurnForm({"turn-new-speaker": "hoa 4", "turn-new-gist": "x"}, context=editor_context)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["speaker"].full_name == "Trần Thị Hòa 4"


def test_a_guest_may_speak(editor_context):
    form = TurnForm(
        {"turn-new-speaker": "le quang duc", "turn-new-gist": "x"}, context=editor_context
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["speaker"].role == ParticipantRole.GUEST
