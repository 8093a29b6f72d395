"""Full-text search: accents ignored, only what the user may see, ranked, highlighted safely."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes import search as search_module
from minutes.models import Meeting
from minutes.search import (
    Snippet,
    highlight,
    phrase_words,
    query_words,
    refresh_search_document,
    search,
)
from tests.oversight.conftest import hold


def found(user, query: str) -> list[int]:
    return [hit.meeting.pk for hit in search(user, query).hits]


def shown(snippet: Snippet) -> str:
    """The passage as the search page shows it."""
    return render_to_string("minutes/oversight/_search_snippet.html", {"snippet": snippet})


def marks(text: str, query: str, **kwargs) -> str:
    return unicodedata.normalize("NFC", shown(highlight(text, phrase_words(query), **kwargs)))


@pytest.fixture
def minutes_(world):
    """Three approved meetings and a draft whose text its recorder refreshed."""
    made = {
        "seed": hold(
            world.a1,
            dt.date(2022, 6, 21),
            kind="thematic",
            topic="Tự soi, tự sửa",
            turns=("Thống nhất với báo cáo chuyên đề “Tự soi, tự sửa”.",),
        ),
        "plan": hold(
            world.a1,
            dt.date(2022, 7, 12),
            turns=("Đề nghị bổ sung kế hoạch kiểm tra cầu phao.",),
        ),
        "draft": hold(
            world.a1,
            dt.date(2022, 8, 9),
            status="draft",
            turns=("Rà soát cầu phao trước mùa mưa.",),
        ),
        "b1": hold(world.b1, dt.date(2022, 6, 22), turns=("Tự soi, tự sửa: chi bộ B1 cũng làm.",)),
    }
    refresh_search_document(made["draft"])
    return made


def test_words_are_folded():
    assert query_words("Tự soi,  TỰ SỬA!") == ["tu", "soi", "sua"]
    assert query_words("Hòa") == query_words(unicodedata.normalize("NFD", "Hòa")) == ["hoa"]
    assert query_words("   ") == []


def test_accents_do_not_matter(world, minutes_):
    assert minutes_["seed"].pk in found(world.reviewer_a, "tu soi tu sua")
    assert found(world.reviewer_a, "TỰ SOI, TỰ SỬA") == found(world.reviewer_a, "tu soi tu sua")
    # "Tô Thái Hòa" chairs every meeting of A1.
    hoa = set(found(world.reviewer_a, "Hoa"))
    assert {minutes_["seed"].pk, minutes_["plan"].pk} <= hoa
    assert set(found(world.reviewer_a, unicodedata.normalize("NFD", "Hòa"))) == hoa


def test_whole_words_only(world, minutes_):
    # "phao" is a word of two meetings; "pha" is in none as a whole word.
    assert set(found(world.recorder_a1, "phao")) == {minutes_["plan"].pk, minutes_["draft"].pk}
    assert found(world.recorder_a1, "pha") == []


def test_only_what_the_user_may_see(world, minutes_):
    seed, draft, b1 = minutes_["seed"].pk, minutes_["draft"].pk, minutes_["b1"].pk
    # A plain member: approved minutes of their own cell.
    assert set(found(world.member_a1, "tu soi")) == {seed}
    assert draft not in found(world.member_a1, "phao")
    # The recorder of A1 also sees the draft (its text is refreshed on demand).
    assert draft in found(world.recorder_a1, "phao")
    # The reviewer of A sees A's cells only; the province reviewer sees both.
    assert b1 not in found(world.reviewer_a, "tu soi")
    assert {seed, b1} <= set(found(world.reviewer_p, "tu soi"))
    assert found(world.outsider, "phao") == []


def test_more_occurrences_rank_higher(world, minutes_):
    hold(world.a2, dt.date(2022, 9, 1), turns=("Cầu phao.", "Cầu phao hỏng.", "Sửa cầu phao."))
    hits = search(world.reviewer_a, "cau phao").hits
    assert hits[0].meeting.date == dt.date(2022, 9, 1)


def test_the_passage_is_highlighted_and_escaped(world):
    # "<b>" between the words: not the phrase, so each word is marked on its own.
    hold(
        world.a1,
        dt.date(2022, 10, 4),
        turns=("<script>alert('x')</script> tự soi & <b>tự sửa</b>",),
    )
    (hit,) = search(world.recorder_a1, "tu soi tu sua").hits
    html = shown(hit.snippet)
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert (
        "<mark>tự</mark> <mark>soi</mark> &amp; &lt;b&gt;<mark>tự</mark> <mark>sửa</mark>" in html
    )


def test_the_phrase_is_marked_as_one_piece(world):
    hold(
        world.a1,
        dt.date(2022, 10, 5),
        turns=("Mỗi đồng chí tự giác nêu gương; thống nhất “Tự soi, tự sửa” và tự nguyện.",),
    )
    (hit,) = search(world.recorder_a1, "tu soi tu sua").hits
    assert hit.snippet.marked == ["Tự soi, tự sửa"]
    html = shown(hit.snippet)
    assert "<mark>Tự soi, tự sửa</mark>" in html
    assert "tự giác" in html and "tự nguyện" in html and html.count("<mark>") == 1


def test_member_text_stays_escaped_around_and_inside_the_phrase():
    html = marks("<script>alert('x')</script> “tự soi, <tự> sửa” <i>", "tu soi tu sua")
    assert html == (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; "
        "“<mark>tự soi, &lt;tự&gt; sửa</mark>” &lt;i&gt;"
    )


def test_every_occurrence_of_the_phrase_is_marked_and_the_first_is_centred():
    text = "mở đầu " * 60 + "tự soi, tự sửa; tự phê bình; TU SOI TU SUA" + " kết thúc" * 60
    snippet = highlight(text, phrase_words("tự soi tự sửa"), width=120)
    assert snippet.marked == ["tự soi, tự sửa", "TU SOI TU SUA"]
    assert snippet.before and snippet.after
    first = snippet.text.index("tự soi")
    assert 30 < first < 70  # about the middle of the passage
    assert "<mark>tự</mark>" not in shown(snippet)


def test_without_the_phrase_whole_words_in_the_richest_passage():
    text = "\n".join(
        (
            "Tự nhiên tương tự, tựa như trước.",
            "Soi lại mình; " + "chữ " * 100 + "tự sửa lỗi, mỗi người tự soi.",
        )
    )
    html = marks(text, "tu soi tu sua", width=80)
    # The passage holding all three words, not the first line with "tự" only.
    assert "<mark>sửa</mark>" in html and "<mark>soi</mark>" in html
    assert "tương" not in html and "Tự nhiên" not in html
    assert html.startswith("…") and not html.endswith("…")


def test_a_single_word_marks_whole_words_only():
    html = marks("Tự nhiên tương tự, tựa như Tư tu; tuần sau.", "tu")
    assert html == (
        "<mark>Tự</mark> nhiên tương <mark>tự</mark>, tựa như <mark>Tư</mark> <mark>tu</mark>; "
        "tuần sau."
    )


def test_highlight_on_decomposed_text_marks_the_original_letters():
    text = unicodedata.normalize("NFD", "Đồng chí Tô Thái Hòa chủ trì")
    html = marks(text, "hoa")
    assert html.count("<mark>") == 1
    assert html.endswith("<mark>Hòa</mark> chủ trì")
    # A phrase ending in a letter with two marks keeps them inside the mark.
    text = unicodedata.normalize("NFD", "Đồng chí tự soi, tự sửa nhé")
    assert highlight(text, phrase_words("tu soi tu sua")).marked == [
        unicodedata.normalize("NFD", "tự soi, tự sửa")
    ]


def test_highlight_cuts_long_lines_around_the_match():
    text = "mở đầu " * 100 + "cầu phao" + " kết thúc" * 100
    html = marks(text, "phao", width=80)
    assert html.startswith("…") and html.endswith("…") and "<mark>phao</mark>" in html
    assert len(html) < 140


def test_highlight_without_a_match_shows_the_beginning():
    assert highlight("", ["tu"]) == Snippet()
    assert marks("chữ " * 100, "khong co", width=20) == "chữ chữ chữ chữ chữ …"


def test_text_follows_the_workflow_signal(world, minutes_):
    meeting = Meeting.objects.get(pk=minutes_["seed"].pk)
    assert "Tự soi, tự sửa" in meeting.search_document
    assert "BIÊN BẢN" in meeting.search_document


def test_refreshing_drafts_on_demand(world, minutes_, client):
    draft = minutes_["draft"]
    from minutes.models import SpeakingTurn

    SpeakingTurn.objects.create(meeting=draft, order=9, gist="Bàn về xe buýt điện.")
    assert draft.pk not in found(world.recorder_a1, "xe buyt dien")
    client.force_login(world.recorder_a1)
    response = client.post(reverse("search_refresh_drafts"), {"q": "xe buyt dien"})
    assert response.status_code == 302
    assert "q=xe+buyt+dien" in response["Location"]
    assert draft.pk in found(world.recorder_a1, "xe buyt dien")
    assert client.get(reverse("search_refresh_drafts")).status_code == 405


def test_search_page(world, minutes_, client):
    client.force_login(world.member_a1)
    page = client.get(reverse("search") + "?q=tu+soi+tu+sua").content.decode()
    assert "Tìm thấy 1 biên bản." in page
    assert "<mark>Tự soi, tự sửa</mark>" in page
    assert "<mark>Tự</mark>" not in page and "<mark>tự</mark>" not in page
    page = client.get(reverse("search") + "?q=khong+co+tu+nay").content.decode()
    assert "Không tìm thấy biên bản nào" in page
    assert client.get(reverse("search") + "?q=" + "x" * 5000).status_code == 200
    assert client.get(reverse("search") + "?q=tu&page=abc").status_code == 200


def test_a_very_common_word_is_counted_up_to_a_cap(world, minutes_, client, monkeypatch):
    monkeypatch.setattr(search_module, "COUNT_CAP", 2)
    monkeypatch.setattr(search_module, "RANKED_CANDIDATES", 2)
    results = search(world.reviewer_p, "bien ban")
    assert (results.total, results.more_than, results.ranked, results.capped) == (3, 2, 2, True)
    client.force_login(world.reviewer_p)
    page = client.get(reverse("search") + "?q=bien+ban").content.decode()
    assert "Tìm thấy hơn 2 biên bản." in page and "gần đây nhất" in page


def test_search_page_keeps_its_query_count(world, client):
    client.force_login(world.reviewer_p)
    hold(world.a1, dt.date(2022, 6, 1), turns=("Cầu phao.",))
    url = reverse("search") + "?q=cau+phao"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for day in range(2, 12):
        hold(world.a2, dt.date(2022, 7, day), turns=("Cầu phao.",))
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert "Tìm thấy 11 biên bản." in page
    assert len(many) == len(one)


def test_refresh_search_document_matches_the_document(world, minutes_):
    meeting = minutes_["plan"]
    text = refresh_search_document(meeting)
    assert text == Meeting.objects.get(pk=meeting.pk).search_document
    assert "Đề nghị bổ sung kế hoạch kiểm tra cầu phao." in text
    if connection.vendor != "postgresql":
        from minutes.models import SearchEntry

        assert " cau phao " in SearchEntry.objects.get(meeting=meeting).folded
