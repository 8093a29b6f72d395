"""The yearly archive (nộp lưu): export, offline verification, and the download.

Two committees: A has two cells with signed minutes in 2021 and 2022, one
meeting of which was reopened and approved again (so version 1 is superseded
by version 2); B has one cell with signed minutes in 2022. The archive of A
for 2022 must hold exactly A's 2022 documents, and `verify_archive` must
accept it in a process whose database is unreachable, and reject every kind
of tampering with a clear line and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from members.models import Organization, Role
from minutes.models import Meeting, SignedDocument
from minutes.services import workflow
from minutes.services.documents import ensure_demo_signing_key
from tests.conftest import REPO_ROOT
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    UserFactory,
    grant,
    meeting_with_parts,
)

UNREACHABLE_DB = "postgres://nobody@127.0.0.1:1/none"
COMMITTEE = "Đảng ủy Khối các cơ quan tỉnh"
CELL_1 = "Chi bộ Quản lý đô thị"
CELL_2 = "Chi bộ Tài chính – Kế hoạch"
OTHER_CELL = "Chi bộ Điện lực Hà Tĩnh"

# The archive of COMMITTEE for 2022, as it must be laid out.
EXPECTED_PDFS = [
    "chi-bo-quan-ly-do-thi/2022-03-15_so-02_v1.pdf",
    "chi-bo-quan-ly-do-thi/2022-06-21_so-03_v1.pdf",
    "chi-bo-quan-ly-do-thi/2022-06-21_so-03_v2.pdf",
    "chi-bo-tai-chinh-ke-hoach/2022-07-05_so-01_v1.pdf",
]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    committee: Organization
    other_committee: Organization
    users: dict = field(default_factory=dict)


def _approve(meeting: Meeting, clerk, reviewer) -> Meeting:
    workflow.confirm_as_chair(meeting=meeting, by=clerk)
    workflow.submit(meeting=Meeting.objects.get(pk=meeting.pk), by=clerk, confirm_warnings=True)
    workflow.approve(meeting=Meeting.objects.get(pk=meeting.pk), by=reviewer)
    return Meeting.objects.get(pk=meeting.pk)


def build_world() -> World:
    committee = CommitteeFactory(name=COMMITTEE)
    other = CommitteeFactory(name="Đảng ủy Khối doanh nghiệp")
    cell_1 = CellFactory(parent=committee, name=CELL_1)
    cell_2 = CellFactory(parent=committee, name=CELL_2)
    other_cell = CellFactory(parent=other, name=OTHER_CELL)
    users = {
        "clerk": UserFactory(username="clerk"),
        "reviewer": UserFactory(username="reviewer"),
        "viewer": UserFactory(username="viewer"),
        "other_reviewer": UserFactory(username="other_reviewer"),
        "recorder": UserFactory(username="recorder"),
        "admin": UserFactory(username="admin", is_superuser=True, is_staff=True),
    }
    for org in (committee, other):
        grant(users["clerk"], org, Role.RECORDER)
        grant(users["clerk"], org, Role.CHAIR)
    grant(users["reviewer"], committee, Role.REVIEWER)
    grant(users["viewer"], committee, Role.VIEWER)
    grant(users["other_reviewer"], other, Role.REVIEWER)
    grant(users["recorder"], cell_1, Role.RECORDER)
    ensure_demo_signing_key(committee)
    ensure_demo_signing_key(other)

    clerk, reviewer = users["clerk"], users["reviewer"]
    # Numbers follow the order of approval within the cell's term: 01, 02, 03.
    _approve(meeting_with_parts(cell_1, date=dt.date(2021, 12, 20)), clerk, reviewer)
    _approve(meeting_with_parts(cell_1, members=0, date=dt.date(2022, 3, 15)), clerk, reviewer)
    first = _approve(
        meeting_with_parts(cell_1, members=0, date=dt.date(2022, 6, 21)), clerk, reviewer
    )
    second = workflow.reopen(meeting=first, by=reviewer, reason="Sửa tên người phát biểu").meeting
    _approve(second, clerk, reviewer)
    _approve(meeting_with_parts(cell_2, date=dt.date(2022, 7, 5)), clerk, reviewer)
    meeting_with_parts(cell_2, members=0, date=dt.date(2022, 9, 6))  # a draft: not archived
    _approve(
        meeting_with_parts(other_cell, date=dt.date(2022, 6, 21)), clerk, users["other_reviewer"]
    )
    return World(committee, other, users)


@dataclass(frozen=True)
class Exported:
    folder: Path
    zip: Path
    stored: dict[str, bytes]  # the signed PDFs as stored, by archive path
    committee_id: int


@pytest.fixture(scope="module")
def exported(django_db_setup, django_db_blocker, tmp_path_factory) -> Exported:
    """The 2022 archive of COMMITTEE as a folder and a ZIP, made once; the data is rolled back."""
    media = tmp_path_factory.mktemp("media")
    out = tmp_path_factory.mktemp("archive")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
        ),
        transaction.atomic(),
    ):
        world = build_world()
        call_command("export_archive", committee=world.committee.pk, year=2022, out=out / "dir")
        call_command("export_archive", committee=world.committee.pk, year=2022, out=out / "a.zip")
        stored = {}
        for record in SignedDocument.objects.select_related("meeting", "meeting__cell"):
            m = record.meeting
            with record.file.open("rb") as handle:
                stored[(m.cell.name, m.date, m.version)] = handle.read()
        by_path = {}
        manifest = json.loads((out / "dir" / "manifest.json").read_bytes())
        for row in manifest["documents"]:
            key = (row["cell"], dt.date.fromisoformat(row["meeting_date"]), row["version"])
            by_path[row["path"]] = stored[key]
        committee_id = world.committee.pk
        transaction.set_rollback(True)
    return Exported(out / "dir", out / "a.zip", by_path, committee_id)


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def run_verify(target: Path) -> subprocess.CompletedProcess:
    """verify_archive in a process of its own, with a database that cannot be reached."""
    env = {**os.environ, "DATABASE_URL": UNREACHABLE_DB}
    return subprocess.run(
        [sys.executable, "manage.py", "verify_archive", str(target)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def output(result: subprocess.CompletedProcess) -> str:
    text = result.stdout + result.stderr
    assert "Traceback" not in text
    return text


# --- the export -----------------------------------------------------------------


def test_layout_holds_the_committees_signed_minutes_of_the_year(exported):
    names = files_in(exported.folder)
    certificates = [n for n in names if n.startswith("certificates/")]
    assert len(certificates) == 1 and certificates[0].endswith(".pem")
    assert [n for n in names if n.endswith(".pdf") and n != "index.pdf"] == EXPECTED_PDFS
    assert set(names) == {
        *EXPECTED_PDFS,
        *certificates,
        "index.pdf",
        "manifest.json",
        "manifest.csv",
    }
    # The exact stored bytes, not a new rendering.
    for path, data in exported.stored.items():
        assert (exported.folder / path).read_bytes() == data
    with zipfile.ZipFile(exported.zip) as archive:
        assert sorted(archive.namelist()) == names
        for name in names:
            assert archive.read(name) == (exported.folder / name).read_bytes() or name in (
                "index.pdf",  # made twice (two runs): same content, its own creation date
                "manifest.json",
                "manifest.csv",
            )


def test_manifest_lists_every_document_with_its_state(exported):
    raw = (exported.folder / "manifest.json").read_bytes()
    assert CELL_2.encode("utf-8") in raw  # diacritics as they are, not \u escapes
    manifest = json.loads(raw)
    assert manifest["committee"] == {"id": exported.committee_id, "name": COMMITTEE}
    assert manifest["year"] == 2022
    assert manifest["document_count"] == 4
    rows = {row["path"]: row for row in manifest["documents"]}
    assert list(rows) == EXPECTED_PDFS
    old, new = rows[EXPECTED_PDFS[1]], rows[EXPECTED_PDFS[2]]
    assert (old["status"], old["superseded_by"]) == ("superseded", EXPECTED_PDFS[2])
    assert (new["status"], new["superseded_by"]) == ("current", None)
    assert [r["number"] for r in rows.values()] == [
        "Số 02-BB/CB",
        "Số 03-BB/CB",
        "Số 03-BB/CB",
        "Số 01-BB/CB",
    ]
    assert [r["cell"] for r in rows.values()] == [CELL_1, CELL_1, CELL_1, CELL_2]
    assert [r["version"] for r in rows.values()] == [1, 1, 2, 1]
    assert {r["kind_label"] for r in rows.values()} == {"Sinh hoạt thường kỳ"}
    cert = manifest["certificates"][0]
    for path, row in rows.items():
        data = (exported.folder / path).read_bytes()
        assert row["sha256"] == hashlib.sha256(data).hexdigest()
        assert row["size"] == len(data)
        assert row["signer"] == COMMITTEE
        assert row["certificate_fingerprint"] == cert["fingerprint"]
        assert row["signed_at"] and row["approved_on"] and row["public_code"]
    assert "O=" in cert["subject"] and COMMITTEE in cert["subject"]
    assert OTHER_CELL.encode() not in raw


def test_manifest_csv_is_the_same_rows_for_a_spreadsheet(exported):
    data = (exported.folder / "manifest.csv").read_bytes()
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Chi bộ,Ngày họp,Loại sinh hoạt,Trích yếu,Số văn bản,Phiên bản")
    assert len(lines) == 5
    assert lines[2].startswith(f"{CELL_1},21/06/2022,Sinh hoạt thường kỳ,")
    assert ",Số 03-BB/CB,1,Bị thay thế," + EXPECTED_PDFS[2] in lines[2]
    assert ",Số 03-BB/CB,2,Hiện hành,," in lines[3]
    assert lines[4].startswith(f"{CELL_2},05/07/2022,")
    assert OTHER_CELL not in text


def test_index_pdf_lists_the_documents_in_vietnamese(exported):
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(exported.folder / "index.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "DANH MỤC HỒ SƠ NỘP LƯU" in text
    assert f"Tổ chức: {COMMITTEE}" in text
    assert "Năm: 2022" in text
    assert "Số văn bản: 4 (3 hiện hành, 1 bị thay thế), của 2 chi bộ" in text
    assert f"1. {CELL_1} (3 văn bản)" in text
    assert f"2. {CELL_2} (1 văn bản)" in text
    lines = text.splitlines()
    for expected in (
        "1 15/3/2022 Số 02-BB/CB 1 Hiện hành Sinh hoạt chi bộ thường kỳ tháng 3/2022",
        "2 21/6/2022 Số 03-BB/CB 1 Bị thay thế Sinh hoạt chi bộ thường kỳ tháng 6/2022",
        "3 21/6/2022 Số 03-BB/CB 2 Hiện hành Sinh hoạt chi bộ thường kỳ tháng 6/2022",
        "1 05/7/2022 Số 01-BB/CB 1 Hiện hành Sinh hoạt chi bộ thường kỳ tháng 7/2022",
    ):
        assert any(line.startswith(expected) for line in lines), expected
    for path in EXPECTED_PDFS:
        assert path in text
    manifest_sha = hashlib.sha256((exported.folder / "manifest.json").read_bytes()).hexdigest()
    assert manifest_sha in text
    assert "Ngày lập: " in text
    assert OTHER_CELL not in text


def test_export_refuses_bad_arguments(exported, tmp_path, db):
    with pytest.raises(Exception, match="Không có tổ chức đảng nào có id 999999"):
        call_command("export_archive", committee=999999, year=2022, out=tmp_path / "x")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "old.txt").write_text("x")
    committee = CommitteeFactory()
    with pytest.raises(Exception, match="phải là thư mục mới hoặc rỗng"):
        call_command("export_archive", committee=committee.pk, year=2022, out=tmp_path / "full")


# --- verify_archive, offline ------------------------------------------------------


def test_verify_accepts_the_export_with_no_database(exported):
    for target in (exported.folder, exported.zip):
        result = run_verify(target)
        text = output(result)
        assert result.returncode == 0, text
        assert "KẾT QUẢ: HỢP LỆ – 4/4 văn bản hợp lệ, 1 chứng thư" in text


def test_the_verifier_imports_nothing_of_django():
    """What verify_archive runs on cannot reach for a model, hence for the database."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys, minutes.archive.verify; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'members') "
        "or m.startswith('minutes.models')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def _copy(exported: Exported, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(exported.folder, target)
    return target


def test_verify_reports_a_changed_byte_in_a_pdf(exported, tmp_path):
    folder = _copy(exported, tmp_path)
    path = folder / EXPECTED_PDFS[0]
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x01
    path.write_bytes(bytes(data))
    result = run_verify(folder)
    text = output(result)
    assert result.returncode == 1
    assert f"LỖI {EXPECTED_PDFS[0]}: SHA-256 không khớp với danh mục" in text
    assert f"LỖI {EXPECTED_PDFS[0]}: chữ ký số KHÔNG hợp lệ" in text
    assert "KẾT QUẢ: KHÔNG HỢP LỆ – 2 lỗi; 3/4 văn bản hợp lệ" in text


def test_verify_reports_a_damaged_pdf_without_a_traceback(exported, tmp_path):
    folder = _copy(exported, tmp_path)
    path = folder / EXPECTED_PDFS[3]
    data = path.read_bytes()
    # Cut the file: its cross-reference data and signature dictionary are gone.
    path.write_bytes(data[: len(data) // 2])
    result = run_verify(folder)
    text = output(result)
    assert result.returncode == 1
    assert f"LỖI {EXPECTED_PDFS[3]}: SHA-256 không khớp" in text
    assert f"LỖI {EXPECTED_PDFS[3]}: kích thước" in text
    assert f"LỖI {EXPECTED_PDFS[3]}: chữ ký số KHÔNG hợp lệ" in text


def test_verify_reports_a_missing_file(exported, tmp_path):
    folder = _copy(exported, tmp_path)
    (folder / EXPECTED_PDFS[2]).unlink()
    result = run_verify(folder)
    text = output(result)
    assert result.returncode == 1
    assert f"LỖI {EXPECTED_PDFS[2]}: thiếu tệp (danh mục có, hồ sơ không có)." in text


def test_verify_reports_an_extra_file(exported, tmp_path):
    folder = _copy(exported, tmp_path)
    extra = folder / "chi-bo-quan-ly-do-thi" / "2022-08-01_so-09_v1.pdf"
    shutil.copy(folder / EXPECTED_PDFS[0], extra)
    result = run_verify(folder)
    text = output(result)
    assert result.returncode == 1
    assert (
        "LỖI chi-bo-quan-ly-do-thi/2022-08-01_so-09_v1.pdf: tệp thừa, không có trong danh mục"
        in text
    )


def test_verify_reports_a_tampered_manifest(exported, tmp_path):
    folder = _copy(exported, tmp_path)
    path = folder / "manifest.json"
    manifest = json.loads(path.read_bytes())
    manifest["documents"][1]["status"] = "current"  # hide that version 1 was replaced
    manifest["documents"][1]["superseded_by"] = None
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    result = run_verify(folder)
    text = output(result)
    assert result.returncode == 1
    assert "LỖI index.pdf ghi mã SHA-256 của manifest.json khác với manifest.json hiện có" in text
    assert "LỖI manifest.csv dòng 3 khác manifest.json (cột: Tình trạng, Thay thế bởi)." in text


def test_verify_reports_an_unreadable_manifest(exported, tmp_path):
    folder = _copy(exported, tmp_path)
    (folder / "manifest.json").write_bytes(b'{"format": "bienban-nop-luu", "documents": [')
    result = run_verify(folder)
    text = output(result)
    assert result.returncode == 1
    assert "LỖI manifest.json không phải JSON hợp lệ" in text


def test_verify_reports_a_truncated_zip(exported, tmp_path):
    data = exported.zip.read_bytes()
    for cut, message in (
        (len(data) - 100, "tệp ZIP hỏng hoặc bị cắt cụt"),  # the central directory is gone
        (len(data) // 2, "tệp ZIP hỏng hoặc bị cắt cụt"),
    ):
        target = tmp_path / f"cut-{cut}.zip"
        target.write_bytes(data[:cut])
        result = run_verify(target)
        text = output(result)
        assert result.returncode == 1, text
        assert message in text


def test_verify_reports_a_changed_byte_inside_the_zip(exported, tmp_path):
    with zipfile.ZipFile(exported.zip) as archive:
        start = archive.getinfo(EXPECTED_PDFS[1]).header_offset + 30 + len(EXPECTED_PDFS[1])
    data = bytearray(exported.zip.read_bytes())
    assert data[start : start + 5] == b"%PDF-"
    data[start + 2000] ^= 0x01  # the ZIP's own CRC of the entry no longer matches
    target = tmp_path / "changed.zip"
    target.write_bytes(bytes(data))
    result = run_verify(target)
    text = output(result)
    assert result.returncode == 1
    assert f"LỖI {EXPECTED_PDFS[1]}: không đọc được tệp (BadZipFile" in text


# --- the download ---------------------------------------------------------------------


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


def _login(client, user) -> None:
    client.force_login(user)


def test_committee_staff_download_the_same_archive_as_the_command(client, world, tmp_path):
    committee = world.committee
    _login(client, world.users["reviewer"])
    dashboard = client.get(reverse("oversight_dashboard"), {"org": committee.pk})
    assert "Xuất hồ sơ nộp lưu" in dashboard.content.decode()

    page = client.get(reverse("archive_export"), {"org": committee.pk})
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    html = page.content.decode()
    assert "Xuất hồ sơ nộp lưu" in html and COMMITTEE in html
    assert 'value="2022"' in html  # the latest year with documents is proposed
    chosen = client.get(reverse("archive_export"), {"org": committee.pk, "year": 2022})
    assert "Năm 2022: 4 văn bản (1 bị thay thế), 0,1 MB." in chosen.content.decode()

    response = client.get(reverse("archive_download"), {"org": committee.pk, "year": 2022})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    filename = "ho-so-nop-luu-dang-uy-khoi-cac-co-quan-tinh-2022.zip"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    pieces = list(response.streaming_content)
    assert len(pieces) > 4  # entry by entry, not one block
    body = b"".join(pieces)
    assert int(response["Content-Length"]) == len(body)

    call_command("export_archive", committee=committee.pk, year=2022, out=tmp_path / "cmd.zip")
    with (
        zipfile.ZipFile(io.BytesIO(body)) as downloaded,
        zipfile.ZipFile(tmp_path / "cmd.zip") as made,
    ):
        assert downloaded.namelist() == made.namelist()
        for name in EXPECTED_PDFS:
            assert downloaded.read(name) == made.read(name)
    (tmp_path / "download.zip").write_bytes(body)
    result = run_verify(tmp_path / "download.zip")
    assert result.returncode == 0, output(result)

    _login(client, world.users["viewer"])
    assert client.get(reverse("archive_export"), {"org": committee.pk}).status_code == 200


def test_archive_pages_are_for_the_committee_only(client, world):
    committee = world.committee
    export, download = reverse("archive_export"), reverse("archive_download")
    params = {"org": committee.pk, "year": 2022}

    anonymous = client.get(export, params)
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    assert client.get(download, params).status_code == 302

    for name in ("other_reviewer", "recorder"):
        _login(client, world.users[name])
        assert client.get(export, params).status_code == 404, name
        assert client.get(download, params).status_code == 404, name
    # The other committee's reviewer exports their own committee, not this one.
    _login(client, world.users["other_reviewer"])
    own = client.get(download, {"org": world.other_committee.pk, "year": 2022})
    assert own.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(own.streaming_content))) as archive:
        assert archive.namelist()[-1] == "chi-bo-dien-luc-ha-tinh/2022-06-21_so-01_v1.pdf"
        assert not any(n.startswith("chi-bo-quan-ly") for n in archive.namelist())

    _login(client, world.users["admin"])
    assert client.get(export, params).status_code == 200


def test_archive_form_answers_bad_input_with_a_message(client, world):
    _login(client, world.users["reviewer"])
    org = world.committee.pk
    for year, message in (
        ("abc", "Năm phải là một số, ví dụ 2022."),
        ("1800", "Năm phải từ 1930 trở về sau."),
        ("", "Hãy nhập năm cần xuất."),
    ):
        response = client.get(reverse("archive_download"), {"org": org, "year": year})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert client.get(reverse("archive_export"), {"org": "x"}).status_code == 404
    assert client.get(reverse("archive_download"), {"org": "9" * 30}).status_code == 404
    empty = client.get(reverse("archive_download"), {"org": org, "year": 2030})
    assert empty.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(empty.streaming_content))) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["document_count"] == 0


def test_stored_files_that_changed_or_vanished_are_refused(client, world, tmp_path):
    # A stored PDF that no longer matches its record is not archived as the issued one.
    changed = SignedDocument.objects.filter(meeting__cell__name=CELL_1, meeting__date__year=2022)[0]
    path = Path(changed.file.path)
    data = bytearray(path.read_bytes())
    data[100] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="không còn khớp với bản đã phát hành"):
        call_command(
            "export_archive", committee=world.committee.pk, year=2022, out=tmp_path / "a.zip"
        )
    assert not list(tmp_path.glob("a.zip*"))  # no half-written archive is left
    data[100] ^= 0x01
    path.write_bytes(bytes(data))

    record = SignedDocument.objects.filter(meeting__cell__name=CELL_2).get()
    record.file.storage.delete(record.file.name)
    _login(client, world.users["reviewer"])
    response = client.get(reverse("archive_download"), {"org": world.committee.pk, "year": 2022})
    assert response.status_code == 409
    assert "Không tìm thấy 1 tệp đã ký số trong kho lưu trữ" in response.content.decode()
