"""Back the system up into one folder, check such a folder, and restore it.

A backup folder holds everything an office needs to rebuild the system:

    bienban-2026-12-04T153012Z/
        database.dump   pg_dump in custom format
        files/          every file of the default storage (the signed PDFs), same relative paths
        manifest.json   what the backup must contain: the dump's SHA-256, the SHA-256 of every
                        file, the row count of every table and the head of every audit chain

The dump, the counts and the chain heads come from one database snapshot
(pg_export_snapshot), so the manifest describes exactly the rows in the dump
even while people keep working. Files are copied after the snapshot: a PDF
signed in between is an extra file with no row, never a row with no file.

PostgreSQL only: it is the production database. A SQLite trial is backed up by
copying db.sqlite3 and the media folder while the app is stopped.

What is NOT in a backup: DJANGO_SECRET_KEY and BIENBAN_SIGNING_PASSPHRASE. The
signing keys are in the database, encrypted with that passphrase; keep it with
the deployment's other secrets, or the restored system cannot sign again.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connections, transaction

from minutes.audit import chain_heads, verify_chain

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files"
PREFIX = "bienban-"

Say = Callable[[str], None]


class BackupError(Exception):
    """Anything that stops a backup, a check or a restore; the message is one line for the operator."""


# --- small tools ------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def stored_names(storage: Storage) -> list[str]:
    """Every file of a storage, as relative names with forward slashes, sorted."""
    names: list[str] = []

    def walk(prefix: str) -> None:
        try:
            dirs, files = storage.listdir(prefix)
        except FileNotFoundError:  # a media root never written to
            return
        names.extend(f"{prefix}{name}" for name in files)
        for name in dirs:
            walk(f"{prefix}{name}/")

    walk("")
    return sorted(names)


def _safe_name(name: str) -> str:
    """A manifest's file name, refused when it would leave the folder it belongs to."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name:
        raise BackupError(f"manifest names an unsafe file path: {name!r}")
    return name


def _app_version() -> str:
    try:
        result = subprocess.run(
            ["git", "describe", "--tags", "--always", "--dirty"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else "unknown"


def _first_error(stderr: str) -> str:
    """The line of a PostgreSQL tool's output that says what went wrong."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if "error:" in line.lower() or "fatal:" in line.lower():
            return line
    return lines[0] if lines else "no message"


# --- PostgreSQL ---------------------------------------------------------------


def _connection():
    connection = connections["default"]
    if connection.vendor != "postgresql":
        raise BackupError(
            f"backup and restore need PostgreSQL (the production database); this deployment "
            f"uses {connection.vendor}. For a SQLite trial, stop the app and copy "
            f"{connection.settings_dict['NAME']} and {settings.MEDIA_ROOT}."
        )
    return connection


def _server_version(connection) -> tuple[int, str]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        number = int(cursor.fetchone()[0])
        cursor.execute("SHOW server_version")
        text = cursor.fetchone()[0].split()[0]
    return number, text


def _tool_major(path: str) -> tuple[int, str] | None:
    try:
        result = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", result.stdout)
    if result.returncode != 0 or not match:
        return None
    return int(match.group(1)), result.stdout.strip()


def find_pg_tool(name: str, at_least: int) -> tuple[str, str]:
    """A pg_dump / pg_restore whose major version is at least `at_least`: (path, version line).

    One of the server's own major version is preferred (it writes what that server
    reads back); otherwise the newest. Looked for on PATH and in Debian's
    /usr/lib/postgresql/<version>/bin.
    """
    candidates = [shutil.which(name), *sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))]
    found: list[tuple[int, str, str]] = []
    for path in dict.fromkeys(c for c in candidates if c):
        version = _tool_major(path)
        if version:
            found.append((version[0], path, version[1]))
    usable = [f for f in found if f[0] >= at_least]
    if not usable:
        have = ", ".join(f"{line} ({path})" for _m, path, line in found) or "none"
        raise BackupError(
            f"no {name} of PostgreSQL {at_least} or newer (found: {have}); "
            "install the postgresql-client package of the server's version"
        )
    exact = [f for f in usable if f[0] == at_least]
    _major, path, line = exact[0] if exact else max(usable)
    return path, line


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's environment for the configured database: the password never goes on a command line."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    for option in ("sslmode", "sslrootcert", "sslcert", "sslkey", "passfile", "service"):
        if options.get(option):
            env[f"PG{option.upper()}"] = str(options[option])
    return env


def table_counts(connection) -> dict[str, int]:
    """Rows of every table outside PostgreSQL's own schemas (public tables by their bare name)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT schemaname, tablename FROM pg_catalog.pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') "
            "ORDER BY schemaname, tablename"
        )
        tables = cursor.fetchall()
        counts: dict[str, int] = {}
        quote = connection.ops.quote_name
        for schema, table in tables:
            cursor.execute(f"SELECT count(*) FROM {quote(schema)}.{quote(table)}")
            counts[table if schema == "public" else f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def _heads() -> list[list[Any]]:
    return sorted([org, count, head] for org, count, head in chain_heads())


def _signed_files() -> list[tuple[str, str]]:
    from minutes.models import SignedDocument

    return list(SignedDocument.objects.order_by("pk").values_list("file", "sha256"))


# --- backup -------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    folder: Path
    manifest_sha256: str
    dump_size: int
    files: int
    rows: int
    warnings: list[str]


def make_backup(dest: Path, say: Say) -> BackupResult:
    """Write one dated backup folder under `dest`; a half-written one is never left looking complete."""
    connection = _connection()
    if connection.in_atomic_block:
        raise BackupError("backup must run outside a transaction (it takes its own snapshot)")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    name = f"{PREFIX}{now:%Y-%m-%dT%H%M%SZ}"
    final = dest / name
    if final.exists():
        raise BackupError(f"{final} already exists")
    dest.mkdir(parents=True, exist_ok=True)
    partial = dest / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    # Backups hold personal data and the encrypted signing keys: the owner only.
    partial.mkdir(mode=0o700)
    try:
        result = _write_backup(connection, partial, now, say)
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return BackupResult(final, *result)


def _write_backup(connection, folder: Path, now: dt.datetime, say: Say):
    version_num, version = _server_version(connection)
    pg_dump, pg_dump_version = find_pg_tool("pg_dump", version_num // 10000)
    dump = folder / DUMP
    with transaction.atomic():
        with connection.cursor() as cursor:
            # One snapshot for the dump and for everything the manifest says about it.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        result = subprocess.run(
            [
                pg_dump,
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={dump}",
            ],
            env=_pg_env(connection.settings_dict),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {_first_error(result.stderr)}")
        counts = table_counts(connection)
        heads = _heads()
        signed = _signed_files()
    os.chmod(dump, 0o600)
    say(f"database dumped: {dump.stat().st_size} bytes, {sum(counts.values())} rows")

    storage = default_storage
    files: dict[str, dict[str, Any]] = {}
    for stored in stored_names(storage):
        target = folder / FILES / stored
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with storage.open(stored, "rb") as source, target.open("wb") as out:
            for block in iter(lambda s=source: s.read(1 << 20), b""):
                digest.update(block)
                out.write(block)
        os.chmod(target, 0o600)
        files[stored] = {"sha256": digest.hexdigest(), "size": target.stat().st_size}
    for directory in (folder / FILES).rglob("*"):
        if directory.is_dir():  # mkdir(parents=True) gives the umask's mode to parents
            os.chmod(directory, 0o700)
    say(f"stored files copied: {len(files)}")

    # A row whose file is gone or changed is already a loss in the live system: say so loudly.
    warnings = [
        problem
        for name, sha in signed
        if (problem := _signed_file_problem(name, sha, files.get(name, {}).get("sha256")))
    ]

    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat().replace("+00:00", "Z"),
        "app_version": _app_version(),
        "database": {
            "vendor": connection.vendor,
            "server_version": version,
            "server_version_num": version_num,
            "name": connection.settings_dict["NAME"],
        },
        "dump": {
            "file": DUMP,
            "sha256": sha256_of(dump),
            "size": dump.stat().st_size,
            "tool": pg_dump_version,
        },
        "tables": counts,
        "files": files,
        "audit_chain_heads": [
            {"organization": org, "events": count, "head": head} for org, count, head in heads
        ],
        "signed_documents": len(signed),
    }
    manifest_path = folder / MANIFEST
    manifest_path.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    os.chmod(manifest_path, 0o600)
    return (
        sha256_of(manifest_path),
        manifest["dump"]["size"],
        len(files),
        sum(counts.values()),
        warnings,
    )


def _signed_file_problem(name: str, expected: str, found: str | None) -> str | None:
    if found is None:
        return f"signed document file missing from storage: {name}"
    if found != expected:
        return f"signed document file does not match its recorded SHA-256: {name}"
    return None


# --- checking a folder ---------------------------------------------------------


@dataclass(frozen=True)
class Backup:
    folder: Path
    manifest: dict[str, Any]

    @property
    def dump(self) -> Path:
        return self.folder / DUMP

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        return self.manifest["files"]


def read_backup(folder: Path) -> Backup:
    """The folder's manifest, after checking that it is one this system wrote."""
    if not folder.is_dir():
        raise BackupError(f"no backup folder at {folder}")
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{path} is missing: not a backup folder, or an unfinished one")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path} is not readable JSON ({exc})") from exc
    required = ("format", "dump", "files", "tables", "audit_chain_heads")
    if not isinstance(manifest, dict) or any(key not in manifest for key in required):
        raise BackupError(f"{path} is not a backup manifest")
    if manifest["format"] != FORMAT:
        raise BackupError(
            f"{path} has format {manifest['format']!r}; this version reads format {FORMAT}"
        )
    if not isinstance(manifest["files"], dict) or not isinstance(manifest["dump"], dict):
        raise BackupError(f"{path} is not a backup manifest")
    for name, entry in manifest["files"].items():
        _safe_name(name)
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):
            raise BackupError(f"{path} gives no SHA-256 for {name}")
    return Backup(folder, manifest)


def check_backup(backup: Backup, say: Say) -> None:
    """The folder is intact: the dump and every file are the ones the manifest describes."""
    if not backup.dump.is_file():
        raise BackupError(f"the database dump {backup.dump} is missing")
    found = sha256_of(backup.dump)
    if found != backup.manifest["dump"]["sha256"]:
        raise BackupError(
            f"the database dump {backup.dump} does not match the manifest "
            f"(SHA-256 {found}, expected {backup.manifest['dump']['sha256']}): "
            "it was changed or damaged after the backup"
        )
    say(f"OK dump SHA-256 matches the manifest ({backup.dump.stat().st_size} bytes)")

    root = backup.folder / FILES
    present = (
        {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        if root.is_dir()
        else set()
    )
    problems = [
        f"stored file missing from the backup: {n}" for n in sorted(backup.files.keys() - present)
    ]
    problems += [
        f"stored file not in the manifest: {n}" for n in sorted(present - backup.files.keys())
    ]
    for name in sorted(present & backup.files.keys()):
        if sha256_of(root / name) != backup.files[name]["sha256"]:
            problems.append(f"stored file does not match its SHA-256 in the manifest: {name}")
    if problems:
        raise BackupError(_summary("backup folder damaged", problems))
    say(f"OK {len(present)} stored files match their SHA-256")


def _summary(what: str, problems: list[str]) -> str:
    shown = "; ".join(problems[:5])
    more = f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
    return f"{what}: {shown}{more}"


# --- restore ------------------------------------------------------------------


def restore_backup(backup: Backup, say: Say) -> None:
    """Restore into an empty database and storage, then prove that nothing was lost or changed."""
    check_backup(backup, say)
    connection = _connection()
    storage = default_storage
    name = connection.settings_dict["NAME"]
    counts = table_counts(connection)
    if counts:
        raise BackupError(
            f"database {name!r} is not empty ({len(counts)} tables): restore only into a "
            "new, empty database (CREATE DATABASE ...) so that nothing is overwritten"
        )
    if existing := stored_names(storage):
        raise BackupError(
            f"the media storage {settings.MEDIA_ROOT} is not empty ({len(existing)} files, "
            f"e.g. {existing[0]}): restore only into an empty one"
        )
    say(f"OK database {name!r} and media storage are empty")

    version_num, version = _server_version(connection)
    dump_major = re.search(r"\(PostgreSQL\)\s+(\d+)", backup.manifest["dump"].get("tool", ""))
    at_least = max(version_num // 10000, int(dump_major.group(1)) if dump_major else 0)
    pg_restore, pg_restore_version = find_pg_tool("pg_restore", at_least)
    # One transaction: a dump that fails half-way leaves the database empty, ready for a retry.
    # No owners and no grants: the restoring role owns everything, whatever roles the old
    # server had.
    result = subprocess.run(
        [
            pg_restore,
            "--no-owner",
            "--no-acl",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            f"--dbname={name}",
            str(backup.dump),
        ],
        env=_pg_env(connection.settings_dict),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed, nothing restored: {_first_error(result.stderr)}")
    say(f"OK pg_restore into {name!r} (PostgreSQL {version}, {pg_restore_version})")

    for stored in sorted(backup.files):
        with (backup.folder / FILES / stored).open("rb") as handle:
            saved = storage.save(stored, File(handle, name=stored))
        if saved != stored:
            raise BackupError(f"the storage saved {stored} as {saved}")
    say(f"OK {len(backup.files)} stored files copied into {settings.MEDIA_ROOT}")

    verify_restored(backup, say)


def verify_restored(backup: Backup, say: Say) -> None:
    """Every check of a restored system against the backup's manifest."""
    connection = _connection()
    storage = default_storage
    problems: list[str] = []

    chain = verify_chain()
    problems += [f"audit chain broken: {p}" for p in chain]
    heads = _heads()
    if not chain:
        say(f"OK audit chain verifies: {sum(h[1] for h in heads)} events in {len(heads)} chains")

    expected_heads = sorted(
        [h["organization"], h["events"], h["head"]] for h in backup.manifest["audit_chain_heads"]
    )
    if heads == expected_heads:
        say("OK audit chain heads match the manifest")
    else:
        problems.append("audit chain heads differ from the manifest")

    counts = table_counts(connection)
    expected = backup.manifest["tables"]
    differ = [
        f"{table}: {counts.get(table, 'no table')} rows, manifest {expected.get(table, 'no table')}"
        for table in sorted(counts.keys() | expected.keys())
        if counts.get(table) != expected.get(table)
    ]
    if differ:
        problems.append(_summary("row counts differ from the manifest", differ))
    else:
        say(f"OK row counts match the manifest: {len(counts)} tables, {sum(counts.values())} rows")

    stored = set(stored_names(storage))
    bad = []
    for name, entry in sorted(backup.files.items()):
        if name not in stored:
            bad.append(f"not in storage: {name}")
            continue
        digest = hashlib.sha256()
        with storage.open(name, "rb") as handle:
            for block in iter(lambda h=handle: h.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != entry["sha256"]:
            bad.append(f"changed: {name}")
    if bad:
        problems.append(_summary("stored files", bad))
    else:
        say(f"OK {len(backup.files)} stored files in storage match their SHA-256")

    signed = _signed_files()
    missing = [
        problem
        for name, sha in signed
        if (problem := _signed_file_problem(name, sha, backup.files.get(name, {}).get("sha256")))
    ]
    if missing:
        problems.append(_summary("signed documents", missing))
    else:
        say(f"OK every signed document ({len(signed)}) has its file with its recorded SHA-256")

    if problems:
        raise BackupError(_summary("restored, but the checks failed", problems))
