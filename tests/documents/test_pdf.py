"""The seed meeting's PDF, read back with poppler as an archive or a reader would."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.documents.conftest import page_count, pdftotext

pytestmark = pytest.mark.django_db

MM = 72 / 25.4


def test_the_official_text_is_extracted_exactly(seed_files, tmp_path):
    text = pdftotext(seed_files.signed, tmp_path)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert seed_files.cell_name.upper() in text  # "CHI BỘ QUẢN LÝ ĐÔ THỊ"
    assert "Số 05-BB/CB" in text
    assert "Hà Tĩnh, ngày 21 tháng 6 năm 2022" in text
    assert "BIÊN BẢN" in text
    assert "Tự soi, tự sửa" in text
    assert "Năm là," in text
    for name in seed_files.guests:
        assert name in text.replace("\n", " "), name
    assert len(seed_files.guests) >= 3


def test_every_font_is_embedded(seed_files, tmp_path):
    path = tmp_path / "fonts.pdf"
    path.write_bytes(seed_files.signed)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows, out.stdout
    for row in rows:
        # columns: name type encoding emb sub uni object ID
        emb = row.split()[-5]
        assert emb == "yes", row


def test_closing_line_and_signatures_share_the_last_page(seed_files, tmp_path):
    pages = page_count(seed_files.signed, tmp_path)
    assert pages > 2
    closing = seed_files.closing[-1]
    assert closing.startswith("Buổi sinh hoạt kết thúc lúc")
    found = [
        n
        for n in range(1, pages + 1)
        if closing in pdftotext(seed_files.signed, tmp_path, page=n).replace("\n", " ")
    ]
    assert len(found) == 1
    page = pdftotext(seed_files.signed, tmp_path, page=found[0])
    for label in ("THƯ KÝ", "CHỦ TRÌ", "Đã ký số", seed_files.verify_url):
        assert label in page.replace("\n", ""), label


def test_page_numbers_from_page_two_centred_at_the_top(seed_files, tmp_path):
    path = tmp_path / "bbox.pdf"
    path.write_bytes(seed_files.signed)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = html.split("<page ")[1:]
    words = [
        re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', p)
        for p in pages
    ]
    top = [min(ws, key=lambda w: float(w[1])) for ws in words]
    assert top[0][4] != "1"  # no number on the first page
    for n, word in enumerate(top[1:], 2):
        assert word[4] == str(n)
        centre = (float(word[0]) + float(word[2])) / 2
        text_centre = (30 * MM + (210 - 15) * MM) / 2
        assert abs(centre - text_centre) < 3 * MM
        assert float(word[3]) < 20 * MM  # in the top margin


def test_a4_with_the_party_margins(seed_files, tmp_path):
    path = tmp_path / "margins.pdf"
    path.write_bytes(seed_files.signed)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert "595.276 x 841.89 pts (A4)" in info.stdout
    html = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", "-bbox", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    boxes = [
        tuple(map(float, m))
        for m in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', html
        )
    ]
    body = [b for b in boxes if b[1] > 20 * MM]  # below the page number
    assert min(b[0] for b in body) == pytest.approx(30 * MM, abs=1.5)
    assert max(b[2] for b in body) <= (210 - 15) * MM + 1.5  # glyph boxes overshoot a little
    assert max(b[2] for b in body) > (210 - 15) * MM - 3  # justified to the right margin
    assert max(b[3] for b in body) <= (297 - 20) * MM + 0.5


def test_draft_is_marked_and_carries_no_signature(seed_files, tmp_path):
    draft = pdftotext(seed_files.draft, tmp_path)
    assert "DỰ THẢO" in draft
    assert "Đã ký số" not in draft
    assert b"/ByteRange" not in seed_files.draft
    signed = pdftotext(seed_files.signed, tmp_path)
    assert "DỰ THẢO" not in signed
    assert "Đã ký số" in signed
