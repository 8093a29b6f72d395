"""The English catalogue is complete and the language switch works.

Vietnamese is the interface language; English comes from locale/en. The compiled
.mo files are not committed, so this module compiles them itself and the tests
run without `make`.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from tests.factories import UserFactory

REPO_ROOT = Path(__file__).resolve().parent.parent
PO_FILE = REPO_ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
SET_LANGUAGE = "/i18n/setlang/"


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue():
    """Compile the .po files, then make Django drop any catalogue it loaded before they existed."""
    with contextlib.chdir(REPO_ROOT):  # compilemessages walks the current directory
        call_command("compilemessages", ignore_patterns=[".venv", "node_modules"], verbosity=0)
    # Changing LOCALE_PATHS (even to the same value) clears Django's translation caches.
    with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)):
        yield


@pytest.fixture(autouse=True)
def _vietnamese_afterwards():
    # A request in English leaves English active on this thread; other tests expect Vietnamese.
    yield
    translation.deactivate()


# --- the catalogue -----------------------------------------------------------


def _string(lines: list[str]) -> str:
    return "".join(re.fullmatch(r'(?:msg\w+(?:\[\d+\])? )?"(.*)"', line).group(1) for line in lines)


def parse_po(path: Path) -> list[dict]:
    """Entries as {"flags", "msgid", "msgstr": [...]}; enough of the format for these checks."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        flags = {f.strip() for line in lines if line.startswith("#,") for f in line[2:].split(",")}
        fields: dict[str, list[str]] = {}
        key = None
        for line in lines:
            if line.startswith("#"):
                continue
            if not line.startswith('"'):
                key = line.split(" ", 1)[0]
                fields[key] = []
            fields[key].append(line)
        entries.append(
            {
                "flags": flags,
                "msgid": _string(fields["msgid"]),
                "msgstr": [_string(v) for k, v in fields.items() if k.startswith("msgstr")],
            }
        )
    return entries


def problems(path: Path) -> list[str]:
    """Entries a reader of the English interface would see in Vietnamese (or not at all)."""
    found = []
    for entry in parse_po(path):
        if entry["msgid"] == "":
            continue
        if "fuzzy" in entry["flags"]:
            found.append(f"fuzzy: {entry['msgid']}")
        elif not entry["msgstr"] or not all(entry["msgstr"]):
            found.append(f"untranslated: {entry['msgid']}")
    return found


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = parse_po(PO_FILE)
    assert len(entries) > 900
    assert problems(PO_FILE) == []


def test_header_is_english_with_two_plural_forms():
    header = parse_po(PO_FILE)[0]
    assert header["msgid"] == ""
    # A fuzzy header is dropped by msgfmt, and the plural forms with it.
    assert "fuzzy" not in header["flags"]
    assert "Language: en\\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\\n" in header["msgstr"][0]


def test_msgfmt_accepts_the_catalogue_and_its_placeholders():
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(PO_FILE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ translated messages?\.\n", result.stderr), result.stderr


def test_the_catalogue_covers_every_string_in_the_code(tmp_path):
    """makemessages on a copy of the source finds nothing new to translate."""
    ignore = shutil.ignore_patterns("__pycache__", "*.mo")
    for name in ("config", "members", "minutes", "templates", "locale"):
        shutil.copytree(REPO_ROOT / name, tmp_path / name, ignore=ignore)
    shutil.copy2(REPO_ROOT / "manage.py", tmp_path / "manage.py")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "-v", "0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert problems(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po") == []


def test_the_parser_notices_missing_and_fuzzy_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        'msgid "Đăng xuất"\nmsgstr "Sign out"\n\n'
        'msgid "Trang chủ"\nmsgstr ""\n\n'
        '#, fuzzy, python-format\nmsgid "Trang %(n)s"\nmsgstr "Page %(n)s"\n\n'
        'msgid "%(n)s ngày"\nmsgid_plural "%(n)s ngày"\nmsgstr[0] "%(n)s day"\nmsgstr[1] ""\n',
        encoding="utf-8",
    )
    assert problems(po) == [
        "untranslated: Trang chủ",
        "fuzzy: Trang %(n)s",
        "untranslated: %(n)s ngày",
    ]


# --- the language switch -----------------------------------------------------


@pytest.fixture
def signed_in(client, db):
    client.force_login(UserFactory())
    return client


def test_vietnamese_is_the_default(signed_in):
    page = signed_in.get("/").content.decode()
    assert '<html lang="vi">' in page
    assert "Đăng xuất" in page
    assert "Sign out" not in page


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(signed_in):
    page = signed_in.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in page
    assert "Đăng xuất" in page


def test_switching_to_english_keeps_the_page_and_translates_it(signed_in):
    response = signed_in.post(SET_LANGUAGE, {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"

    page = signed_in.get("/").content.decode()
    assert '<html lang="en">' in page
    # A user with no role: the menu offers no oversight or register (tests/oversight/test_menu.py).
    for text in ("Sign out", "Home", "Meetings", "My actions", "Search"):
        assert f">{text}<" in page, text
    assert "Đăng xuất" not in page
    assert "Trang chủ" not in page


def test_switch_returns_to_the_page_it_was_made_on(signed_in):
    response = signed_in.post(SET_LANGUAGE, {"language": "en", "next": "/meetings/?page=1"})
    assert response.status_code == 302
    assert response["Location"] == "/meetings/?page=1"
    page = signed_in.get(response["Location"]).content.decode()
    assert "Meetings you can see" in page


def test_switch_never_leaves_the_site(signed_in):
    response = signed_in.post(SET_LANGUAGE, {"language": "en", "next": "https://example.com/"})
    assert response.status_code == 302
    assert "example.com" not in response["Location"]


def test_switching_back_to_vietnamese(signed_in):
    signed_in.post(SET_LANGUAGE, {"language": "en", "next": "/"})
    signed_in.post(SET_LANGUAGE, {"language": "vi", "next": "/"})
    page = signed_in.get("/").content.decode()
    assert '<html lang="vi">' in page
    assert "Đăng xuất" in page


def test_english_plural_forms_are_used():
    """The catalogue's Plural-Forms reach gettext: one day, two days."""
    translation.activate("en")
    assert translation.ngettext("%(n)d ngày", "%(n)d ngày", 1) % {"n": 1} == "1 day"
    assert translation.ngettext("%(n)d ngày", "%(n)d ngày", 2) % {"n": 2} == "2 days"
