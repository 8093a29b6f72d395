"""Back the system up into one dated folder: database dump, stored files, manifest.

    manage.py backup [--dest DIR]

Exit status 0 when the folder is written; 1 when the backup failed (no folder
is left that looks complete) or when it was written but the live system
already misses a signed document's file.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from minutes.backup import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Write one dated backup folder (PostgreSQL dump in custom format, the stored files, "
        "and a manifest with counts, SHA-256 sums and the audit chain heads)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dest",
            type=Path,
            default=Path("backups"),
            help="folder that receives the dated backup folder (default: backups/)",
        )

    def handle(self, *args, dest: Path, **options) -> None:
        try:
            result = make_backup(dest, self.stdout.write)
        except BackupError as exc:
            raise CommandError(f"backup failed: {exc}", returncode=1) from exc
        except (OSError, DatabaseError) as exc:
            raise CommandError(f"backup failed: {_one_line(exc)}", returncode=1) from exc
        self.stdout.write(
            f"{result.files} stored files, {result.rows} rows, dump {result.dump_size} bytes"
        )
        self.stdout.write(f"manifest SHA-256: {result.manifest_sha256}")
        for warning in result.warnings:
            self.stderr.write(f"WARNING {warning}")
        if result.warnings:
            raise CommandError(
                f"backup written to {result.folder}, but {len(result.warnings)} signed "
                "document(s) already lack their file in the live storage",
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS(f"backup written: {result.folder}"))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
