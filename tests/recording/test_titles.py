"""Titles that do not stutter (issue 13).

The title under "BIÊN BẢN" names the kind of meeting; a topic typed as
"Sinh hoạt chuyên đề …" must not make it say so twice. Every kind, with and
without such a beginning, in any case and with or without diacritics; a pilot
session says so once. The title is the one the preview, the PDF, the DOCX, the
archive and the document list print (`summary_line`).
"""

from __future__ import annotations

import datetime as dt

import pytest

from minutes.document import summary_line
from minutes.models import Meeting, MeetingKind
from minutes.vnformat import fold

TOPIC = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
DAY = dt.date(2022, 6, 21)


def title(kind: str, topic: str = "", **fields) -> str:
    # No database: the title is composed from the meeting's own fields.
    return summary_line(Meeting(kind=kind, topic=topic, date=DAY, **fields))


# What each kind's title is for TOPIC, whatever beginning the topic was typed with.
EXPECTED = {
    MeetingKind.REGULAR: f"Sinh hoạt chi bộ thường kỳ tháng 6/2022: {TOPIC}",
    MeetingKind.THEMATIC: f"Sinh hoạt chi bộ chuyên đề “{TOPIC}”",
    MeetingKind.EXTRAORDINARY: f"Sinh hoạt chi bộ bất thường: {TOPIC}",
    MeetingKind.COMBINED: f"Sinh hoạt chi bộ thường kỳ tháng 6/2022 kết hợp chuyên đề “{TOPIC}”",
}

# Beginnings that repeat the kind, as secretaries type them.
OWN_PREFIXES = {
    MeetingKind.REGULAR: (
        "Sinh hoạt thường kỳ: ",
        "sinh hoạt chi bộ thường kỳ tháng 6/2022 – ",
        "SINH HOAT THUONG KY ",
        "Thường kỳ: ",
    ),
    MeetingKind.THEMATIC: (
        "Sinh hoạt chuyên đề ",
        "Sinh hoạt chuyên đề: ",
        "Chuyên đề ",
        "Chuyên đề: ",
        "sinh hoạt chi bộ chuyên đề ",
        "SINH HOẠT CHUYÊN ĐỀ ",
        "sinh hoat chuyen de ",
    ),
    MeetingKind.EXTRAORDINARY: ("Sinh hoạt bất thường: ", "sinh hoạt chi bộ bất thường "),
    MeetingKind.COMBINED: (
        "Sinh hoạt chuyên đề ",
        "Chuyên đề: ",
        "sinh hoạt chi bộ chuyên đề ",
        "Sinh hoạt thường kỳ kết hợp chuyên đề ",
        "kết hợp chuyên đề ",
    ),
}


def _words(kind: str) -> list[str]:
    """The folded words of the kind that the title must print once only."""
    return {
        MeetingKind.REGULAR: ["thuong ky"],
        MeetingKind.THEMATIC: ["chuyen de"],
        MeetingKind.EXTRAORDINARY: ["bat thuong"],
        MeetingKind.COMBINED: ["thuong ky", "chuyen de", "ket hop"],
    }[kind]


def assert_no_stutter(kind: str, text: str) -> None:
    folded = fold(text)
    assert folded.count("sinh hoat") == 1, text
    for words in _words(kind):
        assert folded.count(words) == 1, text


@pytest.mark.parametrize("kind", MeetingKind.values)
def test_a_plain_topic_gives_the_usual_title(kind):
    assert title(kind, TOPIC) == EXPECTED[kind]
    assert_no_stutter(kind, EXPECTED[kind])


@pytest.mark.parametrize(
    ("kind", "prefix"),
    [(kind, prefix) for kind, prefixes in OWN_PREFIXES.items() for prefix in prefixes],
)
def test_a_topic_beginning_with_the_kind_does_not_repeat_it(kind, prefix):
    assert title(kind, prefix + TOPIC) == EXPECTED[kind]


@pytest.mark.parametrize("kind", MeetingKind.values)
@pytest.mark.parametrize("quote", ["“{}”", '"{}"', "{}"])
def test_a_quoted_topic_after_the_prefix_is_not_quoted_twice(kind, quote):
    text = title(kind, "Sinh hoạt chuyên đề " + quote.format(TOPIC))
    assert text.count("“") <= 1 and text.count('"') in (0, 2), text
    if kind in (MeetingKind.THEMATIC, MeetingKind.COMBINED):
        # The title quotes the topic itself: the typed quotes are not kept as well.
        assert '"' not in text and text.endswith(f"“{TOPIC}”"), text
    assert TOPIC in text
    assert fold(text).count("sinh hoat") == 1, text


@pytest.mark.parametrize("kind", MeetingKind.values)
def test_another_kind_s_words_keep_only_what_is_not_repeated(kind):
    # A regular meeting whose topic was typed "Sinh hoạt chuyên đề …": "Sinh hoạt"
    # is said once, "chuyên đề" stays (it is not the kind's word).
    text = title(kind, "Sinh hoạt chuyên đề về " + TOPIC)
    assert fold(text).count("sinh hoat") == 1, text
    assert TOPIC in text


def test_a_topic_that_only_names_the_kind_leaves_the_bare_title():
    assert title(MeetingKind.THEMATIC, "Sinh hoạt chuyên đề") == "Sinh hoạt chi bộ chuyên đề"
    assert title(MeetingKind.REGULAR, "Sinh hoạt thường kỳ") == (
        "Sinh hoạt chi bộ thường kỳ tháng 6/2022"
    )


@pytest.mark.parametrize("kind", MeetingKind.values)
def test_no_topic_gives_the_kind_alone(kind):
    assert title(kind) == EXPECTED[kind].split(":")[0].split(" “")[0]


def test_words_that_merely_start_like_the_kind_are_kept():
    # "Sinh hoạt văn hóa" is a topic, not the kind of meeting.
    assert title(MeetingKind.THEMATIC, "Sinh hoạt văn hóa nơi công sở") == (
        "Sinh hoạt chi bộ chuyên đề “Sinh hoạt văn hóa nơi công sở”"
    )
    assert title(MeetingKind.THEMATIC, "Chuyên đề hóa công tác cán bộ").startswith(
        "Sinh hoạt chi bộ chuyên đề “"
    )


@pytest.mark.parametrize("kind", MeetingKind.values)
def test_a_pilot_says_so_once(kind):
    text = title(kind, "Sinh hoạt chuyên đề " + TOPIC, is_pilot=True)
    assert text.endswith(" (sinh hoạt điểm)")
    assert fold(text).count("sinh hoat") == 2  # the kind, and "sinh hoạt điểm"
    # A topic that says it already is not told again.
    again = title(kind, TOPIC + " (sinh hoạt điểm)", is_pilot=True)
    assert fold(again).count("sinh hoat diem") == 1, again


def test_a_typed_title_is_kept_and_a_pilot_added():
    typed = "Sinh hoạt chi bộ chuyên đề quý II/2022"
    assert title(MeetingKind.THEMATIC, TOPIC, title_override=typed) == typed
    assert title(MeetingKind.THEMATIC, TOPIC, title_override=typed, is_pilot=True) == (
        typed + " (sinh hoạt điểm)"
    )
    assert (
        title(
            MeetingKind.THEMATIC,
            TOPIC,
            title_override="Biên bản sinh hoạt chi bộ điểm quý II",
            is_pilot=True,
        )
        == "Biên bản sinh hoạt chi bộ điểm quý II"
    )


@pytest.mark.django_db
def test_the_preview_and_the_documents_list_print_the_same_title(client):
    from members.models import Role
    from tests.factories import UserFactory, grant, meeting_with_parts

    meeting = meeting_with_parts(members=3)
    Meeting.objects.filter(pk=meeting.pk).update(
        kind=MeetingKind.THEMATIC, topic="Sinh hoạt chuyên đề “" + TOPIC + "”"
    )
    user = UserFactory(username="titles-recorder")
    grant(user, meeting.cell, Role.RECORDER)
    client.force_login(user)
    from django.urls import reverse

    page = client.get(reverse("recording_preview", args=[meeting.pk])).content.decode()
    assert EXPECTED[MeetingKind.THEMATIC] in page
    assert "Sinh hoạt chi bộ chuyên đề “Sinh hoạt chuyên đề" not in page
