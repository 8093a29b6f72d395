"""Any file whatsoever gets a verdict from the verify page and `verify_pdf`, never a 500 or a traceback.

Found by probing: one bit flipped in the `/FlateDecode` name of the last
cross-reference stream of a signed PDF made pyHanko's reader raise
NotImplementedError (an unknown filter), and a changed byte inside that
compressed stream raised zlib.error; both escaped `check_signature`.
"""

from __future__ import annotations

import random
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from minutes import signing
from minutes.services.documents import issue_signed_document
from tests.documents.conftest import approve_directly
from tests.factories import meeting_with_parts

pytestmark = pytest.mark.django_db

VERDICT_ON_PAGE = "Không khớp với hồ sơ."
NOT_A_PDF = "Tệp này không phải là tệp PDF."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def issued():
    """A document the app issued: approved minutes, signed with the cell's committee key."""
    meeting = approve_directly(meeting_with_parts(turns=2, guests=1))
    signing.create_self_signed_key(organization=meeting.cell.parent)
    return issue_signed_document(meeting)


@pytest.fixture
def signed(issued) -> bytes:
    with issued.file.open("rb") as handle:
        return handle.read()


def flip_last_xref_filter_name(data: bytes) -> bytes:
    """One bit of `/FlateDecode` in the last cross-reference stream: an unknown filter name."""
    xref = data.rindex(b"/Type /XRef")
    at = data.index(b"/FlateDecode", xref - 200) + 1  # the "F"
    assert at < data.rindex(b"startxref")
    changed = bytearray(data)
    changed[at] ^= 0x01  # /GlateDecode
    return bytes(changed)


def break_last_xref_stream(data: bytes) -> bytes:
    """A byte inside the compressed data of the last cross-reference stream."""
    start = data.rindex(b"stream\n", 0, data.rindex(b"endstream")) + len(b"stream\n")
    changed = bytearray(data)
    changed[start + 2] ^= 0xFF  # past the zlib header: a broken deflate block
    return bytes(changed)


def page_verdict(client: Client, code: str, data: bytes) -> tuple[int, str]:
    response = client.post(
        reverse("document_verify", args=[code]),
        {"file": SimpleUploadedFile("ban.pdf", data, content_type="application/pdf")},
    )
    return response.status_code, response.content.decode()


def verify_pdf(path, capsys) -> tuple[int, str]:
    """Run `manage.py verify_pdf`: its exit status and all it printed (logging included).

    On the command line only CommandError becomes an exit status (its
    returncode); any other exception reaches the terminal as a traceback, and
    here propagates and fails the test with it. (call_command, not
    run_from_argv, which closes the test's database connection when it ends.)
    """
    capsys.readouterr()  # what ran before (the page's request log) is not the command's
    verdict = ""
    try:
        call_command("verify_pdf", str(path))
        code = 0
    except CommandError as error:  # printed as "CommandError: …" on stderr
        code, verdict = error.returncode, str(error)
    captured = capsys.readouterr()
    return code, captured.out + captured.err + verdict


@pytest.mark.parametrize("tamper", [flip_last_xref_filter_name, break_last_xref_stream])
def test_a_tampered_cross_reference_stream_gets_a_verdict(tamper, issued, signed, tmp_path, capsys):
    data = tamper(signed)
    status, page = page_verdict(Client(raise_request_exception=False), issued.public_code, data)
    assert status == 200
    assert VERDICT_ON_PAGE in page
    assert re.search("không hợp lệ|không đọc được", page, re.IGNORECASE)

    path = tmp_path / "tampered.pdf"
    path.write_bytes(data)
    code, output = verify_pdf(path, capsys)
    assert code == 1
    assert "KẾT QUẢ: KHÔNG HỢP LỆ" in output
    assert "Traceback" not in output


def test_the_checker_names_what_it_could_not_read(signed):
    check = signing.check_signature(flip_last_xref_filter_name(signed))
    assert not check.valid
    assert check.problem.startswith("Không đọc được tệp PDF")


def test_two_hundred_random_one_byte_tampers_each_get_a_verdict(issued, signed, tmp_path, capsys):
    """Half anywhere in the file, half in its last 2 KB (the last update's objects and xref)."""
    rng = random.Random(20220621)
    client = Client(raise_request_exception=False)
    path = tmp_path / "tampered.pdf"
    tail = max(0, len(signed) - 2048)
    for n in range(200):
        at = rng.randrange(len(signed)) if n % 2 else rng.randrange(tail, len(signed))
        changed = bytearray(signed)
        changed[at] = (changed[at] + rng.randrange(1, 256)) % 256
        data = bytes(changed)

        status, page = page_verdict(client, issued.public_code, data)
        where = f"tamper {n}: byte {at} -> {data[at]:#04x}"
        assert status in (200, 400), where
        assert (VERDICT_ON_PAGE if status == 200 else NOT_A_PDF) in page, where

        path.write_bytes(data)
        code, output = verify_pdf(path, capsys)
        assert code == 1, where
        assert "KẾT QUẢ: KHÔNG HỢP LỆ" in output, where
        assert "Traceback" not in output, where
