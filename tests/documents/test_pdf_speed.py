"""The renderer keeps its parsed styles between renders without changing what is printed.

No timings here (`make bench-pdf` measures them): what the reuse must not
break is checked instead, with pdftotext and pdffonts as a reader would.
"""

from __future__ import annotations

import re
import subprocess
import threading

import pytest

from minutes import pdf
from minutes.document import build_document
from minutes.models import Meeting
from minutes.selectors import with_parts
from tests.documents.conftest import pdftotext
from tests.factories import meeting_with_parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    meeting = meeting_with_parts(turns=3, guests=2)
    return build_document(with_parts(Meeting.objects.filter(pk=meeting.pk)).get())


def title_width(data: bytes, tmp_path) -> float:
    """The printed width of the first word of the title ("BIÊN"), in points."""
    path = tmp_path / "bbox.pdf"
    path.write_bytes(data)
    html = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">BIÊN<', html)
    assert found, html
    return float(found[2]) - float(found[1])


def test_a_second_render_reuses_the_styles_and_prints_the_same(document, tmp_path):
    first = pdf.render_pdf(document)
    styles = pdf.document_styles()
    second = pdf.render_pdf(document)

    assert pdf.document_styles() is styles
    assert pdftotext(second, tmp_path) == pdftotext(first, tmp_path)
    assert "BIÊN BẢN" in pdftotext(second, tmp_path)


def test_a_new_document_font_is_used_at_once(document, settings, tmp_path):
    liberation = title_width(pdf.render_pdf(document), tmp_path)
    before = pdf.document_styles()

    settings.DOCUMENT_FONT_FAMILY = "DejaVu Serif"
    data = pdf.render_pdf(document)

    assert pdf.document_styles() is not before
    # DejaVu Serif is a much wider face than Liberation Serif: the kept styles were not used.
    assert title_width(data, tmp_path) > liberation * 1.1
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in pdftotext(data, tmp_path)


def test_renders_in_two_threads_at_once_print_the_same(document, tmp_path):
    expected = pdftotext(pdf.render_pdf(document), tmp_path)
    results: dict[int, bytes] = {}

    def render(n: int) -> None:
        results[n] = pdf.render_pdf(document)

    threads = [threading.Thread(target=render, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [0, 1]
    for data in results.values():
        assert pdftotext(data, tmp_path) == expected


def test_the_warm_up_of_a_worker_leaves_its_styles_for_the_next_render(document, tmp_path):
    pdf.warm_up()
    styles = pdf.document_styles()

    data = pdf.render_pdf(document)

    assert pdf.document_styles() is styles
    assert "BIÊN BẢN" in pdftotext(data, tmp_path)
