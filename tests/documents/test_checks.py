"""The system check on the document font."""

from __future__ import annotations

import subprocess

import pytest
from django.core import checks
from fontTools import subset
from fontTools.ttLib import TTFont

from minutes.checks import check_document_font
from minutes.pdf import document_font_files

LIBERATION_2 = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"


@pytest.fixture(autouse=True)
def fresh_font_cache():
    document_font_files.cache_clear()
    yield
    document_font_files.cache_clear()


def test_the_configured_liberation_serif_passes(settings):
    settings.DOCUMENT_FONT_FAMILY = "Liberation Serif"
    assert check_document_font() == []
    # Liberation Serif 1.x is installed too, under the same name: only 2.x qualifies.
    files = document_font_files("Liberation Serif")
    assert set(files) == {"regular", "bold", "italic", "bolditalic"}
    assert all("liberation2" in str(path) for path in files.values())


def test_the_check_is_registered_with_django(settings):
    settings.DOCUMENT_FONT_FAMILY = "No Such Font Family"
    errors = checks.run_checks(tags=["documents"])
    assert [e.id for e in errors] == ["minutes.E101"]


def test_a_missing_font_is_an_error(settings):
    settings.DOCUMENT_FONT_FAMILY = "No Such Font Family"
    [error] = check_document_font()
    assert error.id == "minutes.E101"
    assert "No Such Font Family" in error.msg
    assert "fonts-liberation2" in error.hint


def test_a_font_without_vietnamese_letters_is_an_error(settings, tmp_path, monkeypatch):
    """A Latin-only cut of Liberation Serif, installed under its own family name."""
    font = TTFont(LIBERATION_2)
    options = subset.Options()
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=range(0x20, 0x7F))
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "Bienban Latin Only"
        if record.nameID == 6:
            record.string = "BienbanLatinOnly"
    fonts_dir = tmp_path / "fonts"
    fonts_dir.mkdir()
    font.save(fonts_dir / "BienbanLatinOnly.ttf")
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<include>/etc/fonts/fonts.conf</include><dir>{fonts_dir}</dir>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    settings.DOCUMENT_FONT_FAMILY = "Bienban Latin Only"
    # The family is installed (so the error is about its letters, not its absence).
    listed = subprocess.run(
        ["fc-list", "Bienban Latin Only", "file"], capture_output=True, text=True, check=True
    ).stdout
    assert "BienbanLatinOnly.ttf" in listed

    [error] = check_document_font()
    assert error.id == "minutes.E101"
    assert "đủ chữ tiếng Việt" in error.msg
