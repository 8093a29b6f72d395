"""Full-text search: accents ignored, only what the user may see, ranked, highlighted safely."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes import search as search_module
from minutes.models import Meeting
from minutes.search import highlight, query_words, refresh_search_document, search
from tests.oversight.conftest import hold


def found(user, query: str) -> list[int]:
    return [hit.meeting.pk for hit in search(user, query).hits]


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
    hold(
        world.a1,
        dt.date(2022, 10, 4),
        turns=("<script>alert('x')</script> tự soi & <b>tự sửa</b>",),
    )
    (hit,) = search(world.recorder_a1, "tu soi tu sua").hits
    html = str(hit.snippet)
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert (
        "<mark>tự</mark> <mark>soi</mark> &amp; &lt;b&gt;<mark>tự</mark> <mark>sửa</mark>" in html
    )


def test_highlight_on_decomposed_text_marks_the_original_letters():
    text = unicodedata.normalize("NFD", "Đồng chí Tô Thái Hòa chủ trì")
    html = str(highlight(text, ["hoa"]))
    assert html.count("<mark>") == 1
    assert unicodedata.normalize("NFC", html).endswith("<mark>Hòa</mark> chủ trì")


def test_highlight_cuts_long_lines_around_the_match():
    text = "mở đầu " * 100 + "cầu phao" + " kết thúc" * 100
    html = str(highlight(text, ["phao"], width=80))
    assert html.startswith("…") and html.endswith("…") and "<mark>phao</mark>" in html
    assert len(html) < 140


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
    assert "<mark>Tự</mark> <mark>soi</mark>" in page
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
