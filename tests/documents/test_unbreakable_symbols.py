"""Document symbols and dates are never split across lines: preview, PDF and DOCX.

"03-HD/Th.U" broken after its hyphen or its slash ("03-" | "HD/Th.U") is a
symbol a reader cannot take back. The one segmentation is
minutes.vnformat.unbreakable_segments; the templates set the kept pieces in a
no-wrap span (preview and PDF), the DOCX writes their hyphens as non-breaking
hyphens. The text itself never changes: pdftotext and python-docx read the
symbol exactly, and the reviewers' comparison stays plain text.
"""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.text.run import Run
from weasyprint import HTML

from members.models import Role
from minutes import pdf
from minutes import vnformat as vn
from minutes.comparison import compare, snapshot_data
from minutes.document import Header, Line, MinutesDocument, Section, Signature
from minutes.docx import render_docx
from minutes.models import Meeting
from tests.documents.conftest import pdftotext
from tests.factories import UserFactory, grant, meeting_with_parts

# The legal bases of the real meeting (members/demo/seed_meeting.py).
SEED_LEGAL_BASES = (
    "Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương về đẩy mạnh xây "
    "dựng, chỉnh đốn Đảng và hệ thống chính trị",
    "Hướng dẫn số 03-HD/Th.U ngày 19/5/2022 của Ban Thường vụ Thành ủy về đợt sinh hoạt "
    "chính trị với chủ đề “tự soi-tự sửa”",
    "Kế hoạch số 126-KH/ĐUCQ ngày 30/5/2022 của Đảng ủy cơ quan HĐND-UBND thành phố",
)
SEED_KEPT = ["21-KL/TW", "25/10/2021", "03-HD/Th.U", "19/5/2022", "126-KH/ĐUCQ", "30/5/2022"]


def kept(text: str) -> list[str]:
    return [s.text for s in vn.unbreakable_segments(text) if s.keep]


# --- the segmentation


@pytest.mark.parametrize(
    "symbol",
    [
        "03-HD/Th.U",
        "126-KH/ĐUCQ",
        "05-BB/CB",
        "42-HD/BTCTW",
        "12-HD/BTCTW",
        "36-HD/VPTW",
        "127-QĐ/TW",
        "294-QĐ/TW",
        "04-NQ/TW",
        "21-KL/TW",
        "50-CT/TW",
        "01-BC/CB",
        "15-KH/ĐU",
        "07-NQ/BCH",
        "12-NQ/TƯ",  # "Trung ương" abbreviated with its Ư
        "3-TB/HU",
        "15-CV/VPTW/nb",  # with the "nơi bộ" part
        "30/2020/NĐ-CP",  # state symbols, as Party texts cite them
        "1234/QĐ-TTg",
        "21/6/2022",
        "21/06/2022",
        "03/4/2018",
        "1/1/2025",
        "01-10-1997",  # the hyphenated Party style of vn.short_date
    ],
)
def test_real_symbols_and_dates_are_kept_whole(symbol):
    for text in (
        symbol,
        f"theo {symbol} của",
        f"({symbol})",
        f"“{symbol}”",
        f"{symbol}.",
        f"{symbol};",
    ):
        assert kept(text) == [symbol], text


@pytest.mark.parametrize(
    "text",
    [
        "tự soi-tự sửa",
        "Đảng ủy cơ quan HĐND-UBND thành phố",
        "15/15 đảng viên có mặt",  # counts: digits and a slash never break anyway
        "14/15 đồng chí tán thành, đạt 93,33%",
        "Sinh hoạt chi bộ thường kỳ tháng 6/2022",
        "ngày 21 tháng 6 năm 2022",  # in words: several words, broken between them
        "COVID-19",
        "và/hoặc",
        "05-bb/cb",  # lower case is not a code
        "hd-NQ/TW",
        "NQ/TW",  # no number and no hyphen: nothing to break
        "31/13/2022",  # no 13th month
        "32/1/2022",
        "2022/06/21",
        "21/6/22",
        "03-HD/Th.U-UBND",  # glued to more: not a symbol, and no part of it taken for one
        "x03-HD/Th.U",
        "2-3 đảng viên",
        "-----",
        "",
    ],
)
def test_words_counts_and_malformed_codes_are_left_alone(text):
    segments = vn.unbreakable_segments(text)
    assert segments == [vn.Segment(text, False)]


def test_in_the_number_line_only_the_symbol_is_kept():
    assert vn.unbreakable_segments("Số 05-BB/CB") == [
        vn.Segment("Số ", False),
        vn.Segment("05-BB/CB", True),
    ]
    # Unnumbered minutes (kept in a bound book): the blank stays before the symbol.
    assert vn.unbreakable_segments("Số -BB/CB") == [
        vn.Segment("Số ", False),
        vn.Segment("-BB/CB", True),
    ]


def test_the_seed_legal_bases_and_a_sentence_end():
    text = "; ".join(SEED_LEGAL_BASES) + "."
    assert kept(text) == SEED_KEPT
    assert vn.unbreakable_segments("theo Quy định 37-QĐ/TW.")[-1] == vn.Segment(".", False)
    assert kept("Hướng dẫn 03-HD/Th.U.") == ["03-HD/Th.U"]


def test_joining_the_pieces_gives_the_text_back_in_nfc():
    text = "; ".join(SEED_LEGAL_BASES) + "\nSố 05-BB/CB, ngày 21/6/2022"
    assert "".join(s.text for s in vn.unbreakable_segments(text)) == text
    decomposed = unicodedata.normalize("NFD", "Kế hoạch 126-KH/ĐUCQ ngày 30/5/2022")
    segments = vn.unbreakable_segments(decomposed)
    assert "".join(s.text for s in segments) == vn.nfc(decomposed)
    assert [s.text for s in segments if s.keep] == ["126-KH/ĐUCQ", "30/5/2022"]


# --- the renderers


def sample(lines: tuple[Line, ...] = ()) -> MinutesDocument:
    return MinutesDocument(
        meeting_id=0,
        is_draft=False,
        header=Header(
            "ĐẢNG BỘ CƠ QUAN HĐND-UBND",
            "CHI BỘ",
            "Số 05-BB/CB",
            "Hà Tĩnh, ngày 21 tháng 6 năm 2022",
        ),
        title="BIÊN BẢN",
        summary="Sinh hoạt chi bộ theo 03-HD/Th.U",
        sections=(
            Section("opening", "", lines),
            Section("reports", "Báo cáo", subsections=(Section("r1", "Kế hoạch 126-KH/ĐUCQ", ()),)),
        ),
        closing=("Biên bản thông qua ngày 21/6/2022.",),
        secretary=Signature("THƯ KÝ", "", "Nguyễn Thị Thu Trang"),
        chair=Signature("CHỦ TRÌ", "", "Tô Thái Hòa"),
        recipients=("Đảng ủy cơ quan (theo 126-KH/ĐUCQ)", "Lưu chi bộ"),
    )


# Each paragraph moves the symbol a little further right, so that in one of
# them it straddles the end of the first line: without the fix the renderer
# breaks after the hyphen or the slash ("126-" | "KH/ĐUCQ").
SYMBOLS = ("03-HD/Th.U", "126-KH/ĐUCQ", "42-HD/BTCTW", "37-QĐ/TW")
SHIFTS = range(25, 45)


def straddling_lines() -> tuple[Line, ...]:
    return tuple(
        Line("Theo " + "a " * shift + symbol + " của Ban Thường vụ.")
        for symbol in SYMBOLS
        for shift in SHIFTS
    )


def straddling(symbol: str, text: str) -> list[str]:
    """The test paragraphs' symbols found whole in extracted text (others are elsewhere)."""
    return re.findall(re.escape(symbol) + r"\s+của\s", text)


def test_preview_html_sets_symbols_in_no_wrap_spans_and_escapes_everything():
    document = sample(
        (
            Line("<b>Căn cứ</b> 03-HD/Th.U ngày 19/5/2022 & “tự soi-tự sửa”", "Căn cứ:"),
            Line("dòng một 05-BB/CB\n<script>x</script> 21/6/2022"),
        )
    )
    html = render_to_string("minutes/document/body.html", {"document": document})
    assert 'Số <span class="doc-keep">05-BB/CB</span>' in html
    assert (
        '&lt;b&gt;Căn cứ&lt;/b&gt; <span class="doc-keep">03-HD/Th.U</span> ngày '
        '<span class="doc-keep">19/5/2022</span> &amp; “tự soi-tự sửa”'
    ) in html
    assert '<span class="doc-keep">05-BB/CB</span><br>&lt;script&gt;x&lt;/script&gt; ' in html
    assert "<b>" not in html and "<script>" not in html
    assert 'theo <span class="doc-keep">03-HD/Th.U</span></p>' in html  # summary
    assert 'Kế hoạch <span class="doc-keep">126-KH/ĐUCQ</span></h3>' in html
    assert 'ngày <span class="doc-keep">21/6/2022</span>.</p>' in html  # closing
    assert '- Đảng ủy cơ quan (theo <span class="doc-keep">126-KH/ĐUCQ</span>);</div>' in html
    assert "HĐND-UBND" in html and "tự soi-tự sửa" in html  # hyphenated words untouched
    for sheet in ("css/document-screen.css", "css/document-print.css"):
        css = Path(finders.find(sheet)).read_text(encoding="utf-8")
        assert ".doc-keep { white-space: nowrap; }" in css, sheet


def _pdf_without_no_wrap_spans(document: MinutesDocument) -> bytes:
    """The same document through the same styles, the spans left without their class."""
    html = pdf.render_html(document).replace(' class="doc-keep"', "")
    styles = pdf.document_styles()
    fetcher = pdf.AppFetcher()
    return HTML(string=html, base_url=f"{pdf.APP_SCHEME}static/", url_fetcher=fetcher).write_pdf(
        stylesheets=list(styles.stylesheets), font_config=styles.font_config
    )


def test_pdf_never_splits_a_symbol_at_the_end_of_a_line(tmp_path):
    document = sample(straddling_lines())
    rendered = pdf.render_pdf(document)
    text = pdftotext(rendered, tmp_path)
    for symbol in SYMBOLS:
        assert len(straddling(symbol, text)) == len(SHIFTS), symbol
    # The text layer holds the plain symbol: no non-breaking hyphen, no joiner.
    assert "\u2011" not in text and "\u2060" not in text
    layout = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=rendered,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for line in layout.splitlines():
        assert not line.rstrip().endswith(("03-", "126-", "42-", "37-", "-HD/", "-KH/", "-QĐ/")), (
            line
        )

    # The same text without the spans is split: the test above can fail.
    control = pdftotext(_pdf_without_no_wrap_spans(document), tmp_path)
    assert sum(len(straddling(symbol, control)) for symbol in SYMBOLS) < len(SYMBOLS) * len(SHIFTS)


def test_docx_keeps_symbols_with_non_breaking_hyphens_and_reads_back_exactly():
    document = sample(straddling_lines()[:1] + (Line("; ".join(SEED_LEGAL_BASES) + "."),))
    doc = Document(io.BytesIO(render_docx(document)))
    paragraphs = list(doc.paragraphs) + [
        p
        for table in doc.tables
        for row in table.rows
        for cell in row.cells
        for p in cell.paragraphs
    ]
    texts = [p.text for p in paragraphs]
    assert "; ".join(SEED_LEGAL_BASES) + "." in texts  # python-docx reads "-" for the hyphen
    assert "Số 05-BB/CB" in texts
    assert any("HĐND-UBND" in t for t in texts)
    hyphens = 0
    for paragraph in paragraphs:
        marks = paragraph._p.findall(f".//{qn('w:noBreakHyphen')}")
        # Exactly the hyphens inside symbols and dates are non-breaking ...
        inside = sum(s.text.count("-") for s in vn.unbreakable_segments(paragraph.text) if s.keep)
        assert len(marks) == inside, paragraph.text
        hyphens += inside
        for mark in marks:
            run = Run(mark.getparent(), paragraph)
            assert vn.unbreakable_segments(run.text) == [vn.Segment(run.text, True)], run.text
        # ... and every other hyphen is an ordinary one, and nothing invisible is added.
        for t in paragraph._p.iter(qn("w:t")):
            assert "\u2060" not in t.text and "\u2011" not in t.text
    assert hyphens >= 8


def test_the_reviewers_comparison_stays_plain_text():
    old = sample((Line("; ".join(SEED_LEGAL_BASES) + "."),))
    new = sample((Line("; ".join(SEED_LEGAL_BASES).replace("03-HD/Th.U", "04-HD/Th.U") + "."),))
    result = compare(snapshot_data(old), snapshot_data(new), old_label="1", new_label="2")
    (change,) = result.changed
    (line,) = change.lines
    assert (
        "".join(s.text for s in line.new)
        == "; ".join(SEED_LEGAL_BASES).replace("03-HD/Th.U", "04-HD/Th.U") + "."
    )
    assert [s.text for s in line.new if s.changed] == ["04-HD/Th.U"]


@pytest.mark.django_db
def test_a_meeting_s_draft_pdf_and_docx_carry_its_symbols_exactly(client, tmp_path):
    meeting = meeting_with_parts()
    Meeting.objects.filter(pk=meeting.pk).update(legal_bases="\n".join(SEED_LEGAL_BASES))
    recorder = UserFactory()
    grant(recorder, meeting.cell, Role.RECORDER)
    client.force_login(recorder)

    preview = client.get(reverse("recording_document", args=[meeting.pk])).content.decode()
    for symbol in SEED_KEPT:
        assert f'<span class="doc-keep">{symbol}</span>' in preview, symbol

    text = pdftotext(client.get(reverse("document_draft_pdf", args=[meeting.pk])).content, tmp_path)
    flat = text.replace("\n", " ")
    for symbol in SEED_KEPT:
        assert symbol in text, symbol
    assert "tự soi-tự sửa" in flat and "HĐND-UBND" in flat

    doc = Document(io.BytesIO(client.get(reverse("document_docx", args=[meeting.pk])).content))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "; ".join(SEED_LEGAL_BASES) + "." in body


@pytest.mark.browser
def test_preview_keeps_symbols_on_one_line_in_a_narrow_column(page):
    """Chromium, phone width: each symbol is one box; without the rule some are split."""
    document = sample(straddling_lines())
    body = render_to_string("minutes/document/body.html", {"document": document})
    css = Path(finders.find("css/document-screen.css")).read_text(encoding="utf-8")
    page.set_viewport_size({"width": 390, "height": 800})
    page.set_content(
        f"<!DOCTYPE html><html><head><style>{css}</style></head><body>{body}</body></html>"
    )
    count_split = """() => [...document.querySelectorAll('.doc-keep')]
        .filter(span => span.getClientRects().length > 1).length"""
    assert page.locator(".doc-keep").count() > len(SYMBOLS) * len(SHIFTS)
    assert page.evaluate(count_split) == 0
    page.add_style_tag(content=".doc-keep { white-space: normal; }")
    assert page.evaluate(count_split) > 0
