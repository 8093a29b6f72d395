"""`manage.py backup` and `manage.py restore`: a real round trip of the demonstration data.

On PostgreSQL the demonstration data is loaded and committed once for the module
(about 30 s), backed up in-process (the dump is of the database the tests are
connected to), then restored by `manage.py restore` in a subprocess into a new
database on the same throwaway server and a new empty media root: exactly what
an operator runs. The failure cases work on copies of that backup folder.
On SQLite only the refusal and the folder checks that need no database run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from minutes.audit import chain_heads

REPO = Path(__file__).resolve().parents[2]
GREEN = "restore verified: every check green"


def manage(*args: str, database: str | None = None, media: Path | None = None) -> tuple[int, str]:
    """Run manage.py as an operator does: exit status and everything it printed."""
    env = dict(os.environ)
    if database is not None:
        env["DATABASE_URL"] = database
    if media is not None:
        env["BIENBAN_MEDIA_ROOT"] = str(media)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return result.returncode, result.stdout + result.stderr


def restore_in_process(capsys, *args: str) -> tuple[int, str]:
    """`manage.py restore` in this process (for checks that need no database).

    Only CommandError becomes an exit status there; any other exception would
    reach the terminal as a traceback, and here fails the test with it.
    """
    code = 0
    try:
        ManagementUtility(["manage.py", "restore", *args]).execute()
    except SystemExit as exited:
        code = exited.code
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _conninfo(name: str) -> dict:
    params = connection.settings_dict
    info = {"dbname": name, "autocommit": True}
    for key, option in (("HOST", "host"), ("PORT", "port"), ("USER", "user")):
        if params.get(key):
            info[option] = str(params[key])
    if params.get("PASSWORD"):
        info["password"] = params["PASSWORD"]
    return info


def database_url(name: str) -> str:
    params = connection.settings_dict
    auth = quote(params.get("USER") or "", safe="")
    if params.get("PASSWORD"):
        auth += ":" + quote(params["PASSWORD"], safe="")
    host = params.get("HOST") or "localhost"
    port = f":{params['PORT']}" if params.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{name}"


@pytest.fixture
def empty_database():
    """A new, empty database on the test server: its URL, dropped afterwards."""
    name = f"restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**_conninfo("postgres")) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(**_conninfo("postgres")) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def tables_in(name: str) -> dict[str, int]:
    with psycopg.connect(**_conninfo(name)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.fixture(scope="module")
def demo_backup(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demonstration data, committed, and its backup: (folder, counts and heads seen here)."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("backup and restore are for PostgreSQL (run under scripts/with-postgres)")
        from django.apps import apps

        from members.demo.loader import DemoLoader
        from minutes import reference_data
        from minutes.models import CatalogItem, VotingRule

        media = tmp_path_factory.mktemp("media")
        dest = tmp_path_factory.mktemp("backups")
        try:
            with override_settings(MEDIA_ROOT=media):
                if not (CatalogItem.objects.exists() and VotingRule.objects.exists()):
                    reference_data.load(apps)
                DemoLoader().run()
                call_command("backup", dest=dest, verbosity=0)
                seen = {
                    "tables": tables_in(connection.settings_dict["NAME"]),
                    "heads": sorted(list(h) for h in chain_heads()),
                    "media": media,
                }
            (folder,) = dest.iterdir()
            yield folder, seen
        finally:
            # Later modules expect the test database as migrations left it.
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def backup_copy(demo_backup, tmp_path) -> Path:
    """A copy of the demonstration backup that a test may damage."""
    folder, _seen = demo_backup
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    return copy


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


# --- the round trip -------------------------------------------------------------


def test_the_demonstration_data_round_trips_with_every_check_green(
    demo_backup, empty_database, tmp_path
):
    folder, seen = demo_backup
    assert folder.name.startswith("bienban-") and folder.name.endswith("Z")
    manifest = manifest_of(folder)
    assert manifest["database"]["vendor"] == "postgresql"
    assert manifest["tables"] == seen["tables"]
    assert manifest["tables"]["minutes_signeddocument"] > 0
    assert manifest["tables"]["auth_user"] > 0
    assert len(manifest["files"]) == manifest["signed_documents"] > 0
    heads = [[h["organization"], h["events"], h["head"]] for h in manifest["audit_chain_heads"]]
    assert heads == seen["heads"]
    assert (
        manifest["dump"]["sha256"]
        == hashlib.sha256((folder / "database.dump").read_bytes()).hexdigest()
    )

    media = tmp_path / "restored-media"
    code, output = manage(
        "restore", str(folder), database=database_url(empty_database), media=media
    )

    assert code == 0, output
    assert GREEN in output
    for line in (
        "OK dump SHA-256 matches the manifest",
        "OK audit chain verifies",
        "OK audit chain heads match the manifest",
        "OK row counts match the manifest",
        "stored files in storage match their SHA-256",
        "OK every signed document",
    ):
        assert line in output
    # Checked here too, not only by the command: the same rows and the same bytes.
    assert tables_in(empty_database) == seen["tables"]
    for name in manifest["files"]:
        assert (media / name).read_bytes() == (seen["media"] / name).read_bytes()

    code, output = manage("verify_audit", database=database_url(empty_database), media=media)
    assert code == 0, output
    assert "audit trail intact" in output


def test_a_backup_folder_checks_out_without_a_database(demo_backup, capsys):
    folder, _seen = demo_backup
    code, output = restore_in_process(capsys, str(folder), "--check-only")
    assert code == 0, output
    assert "backup folder intact: every check green" in output


# --- a damaged folder -------------------------------------------------------------


def test_a_changed_byte_in_the_dump_is_caught_by_its_checksum(backup_copy, capsys):
    dump = backup_copy / "database.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0x01
    dump.write_bytes(data)

    code, output = restore_in_process(capsys, str(backup_copy), "--check-only")

    assert code == 1
    assert "database.dump does not match the manifest" in output
    assert "Traceback" not in output


def test_a_truncated_dump_stops_at_pg_restore_and_leaves_the_database_empty(
    backup_copy, empty_database, tmp_path
):
    dump = backup_copy / "database.dump"
    data = dump.read_bytes()[: dump.stat().st_size // 2]
    dump.write_bytes(data)
    # The manifest is made to agree, so that the damage reaches pg_restore.
    manifest = manifest_of(backup_copy)
    manifest["dump"]["sha256"] = hashlib.sha256(data).hexdigest()
    (backup_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    code, output = manage(
        "restore", str(backup_copy), database=database_url(empty_database), media=tmp_path / "m"
    )

    assert code == 1
    assert "pg_restore failed, nothing restored" in output
    assert "Traceback" not in output
    assert tables_in(empty_database) == {}


def _missing(folder: Path, name: str) -> None:
    (folder / "files" / name).unlink()


def _extra(folder: Path, name: str) -> None:
    (folder / "files" / name).with_name("extra.pdf").write_bytes(b"%PDF-1.7 not ours")


def _changed(folder: Path, name: str) -> None:
    path = folder / "files" / name
    path.write_bytes(path.read_bytes() + b"\n")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_missing, "stored file missing from the backup: {name}"),
        (_extra, "stored file not in the manifest: {extra}"),
        (_changed, "stored file does not match its SHA-256 in the manifest: {name}"),
    ],
)
def test_a_missing_extra_or_changed_stored_file_is_named(damage, message, backup_copy, capsys):
    name = sorted(manifest_of(backup_copy)["files"])[0]
    damage(backup_copy, name)
    extra = str(Path(name).with_name("extra.pdf"))

    for args in (["--check-only"], []):
        # A full restore checks the folder before it touches the database.
        code, output = restore_in_process(capsys, str(backup_copy), *args)
        assert code == 1
        assert message.format(name=name, extra=extra) in output
        assert "Traceback" not in output


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda f: shutil.rmtree(f), "no backup folder at"),
        (lambda f: (f / "manifest.json").unlink(), "manifest.json is missing"),
        (lambda f: (f / "manifest.json").write_text("{not json"), "is not readable JSON"),
        (lambda f: (f / "database.dump").unlink(), "database.dump is missing"),
    ],
)
def test_a_folder_that_is_not_a_backup_is_refused(damage, message, backup_copy, capsys):
    damage(backup_copy)
    code, output = restore_in_process(capsys, str(backup_copy), "--check-only")
    assert code == 1
    assert message in output
    assert "Traceback" not in output


def test_a_manifest_naming_a_file_outside_the_folder_is_refused(backup_copy, capsys):
    manifest = manifest_of(backup_copy)
    manifest["files"]["../../etc/passwd"] = {"sha256": "0" * 64, "size": 1}
    (backup_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, output = restore_in_process(capsys, str(backup_copy), "--check-only")
    assert code == 1
    assert "unsafe file path" in output


# --- nothing is overwritten ---------------------------------------------------------


def test_restore_refuses_a_database_that_is_not_empty(demo_backup, tmp_path):
    folder, _seen = demo_backup
    code, output = manage(
        "restore",
        str(folder),
        database=database_url(connection.settings_dict["NAME"]),
        media=tmp_path / "m",
    )
    assert code == 1
    assert "is not empty" in output and "restore only into a new, empty database" in output
    assert "Traceback" not in output


def test_restore_refuses_a_media_storage_that_is_not_empty(demo_backup, empty_database, tmp_path):
    folder, _seen = demo_backup
    media = tmp_path / "m"
    (media / "signed").mkdir(parents=True)
    (media / "signed" / "old.pdf").write_bytes(b"%PDF")
    code, output = manage(
        "restore", str(folder), database=database_url(empty_database), media=media
    )
    assert code == 1
    assert "media storage" in output and "is not empty" in output
    assert "Traceback" not in output
    assert tables_in(empty_database) == {}


def test_a_failed_backup_leaves_no_folder(demo_backup, django_db_blocker, tmp_path):
    # A stored file that cannot be read half-way through the copy (a dangling link).
    media = tmp_path / "media"
    shutil.copytree(demo_backup[1]["media"], media)
    (media / "signed" / "zz-gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    dest = tmp_path / "backups"

    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        pytest.raises(CommandError, match="backup failed"),
    ):
        call_command("backup", dest=dest, verbosity=0)

    assert list(dest.iterdir()) == []


def test_a_backup_of_a_system_that_lost_a_signed_file_says_so(
    demo_backup, django_db_blocker, tmp_path, capsys
):
    media = tmp_path / "media"
    shutil.copytree(demo_backup[1]["media"], media)
    lost = sorted(manifest_of(demo_backup[0])["files"])[0]
    (media / lost).unlink()
    dest = tmp_path / "backups"

    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        pytest.raises(CommandError, match="already lack their file"),
    ):
        call_command("backup", dest=dest)

    assert f"signed document file missing from storage: {lost}" in capsys.readouterr().err
    # What there is was still backed up, and the folder checks out as such.
    (folder,) = dest.iterdir()
    code, output = restore_in_process(capsys, str(folder), "--check-only")
    assert code == 0, output


# --- SQLite ---------------------------------------------------------------------------


@pytest.mark.skipif(
    "sqlite" not in settings.DATABASES["default"]["ENGINE"],
    reason="the SQLite refusal is checked on the SQLite pass",
)
@pytest.mark.django_db
def test_backup_on_sqlite_says_it_is_for_postgresql(tmp_path):
    with pytest.raises(CommandError, match="need PostgreSQL"):
        call_command("backup", dest=tmp_path / "backups", verbosity=0)
    assert not (tmp_path / "backups").exists()


@pytest.mark.parametrize("made", [False, True])
def test_restore_of_no_backup_folder_says_so_on_any_database(made, tmp_path, capsys):
    folder = tmp_path / "bienban-2026-01-01T000000Z"
    if made:
        folder.mkdir()  # an empty folder: no manifest
    for args in (["--check-only"], []):
        code, output = restore_in_process(capsys, str(folder), *args)
        assert code == 1
        assert ("manifest.json is missing" if made else "no backup folder at") in output
        assert "Traceback" not in output
