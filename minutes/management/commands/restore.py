"""Restore a backup folder into an empty database and storage, and prove it.

    manage.py restore DIR              restore, then check everything against the manifest
    manage.py restore DIR --check-only check the folder itself (no database needed)

Exit status 0 when every check is green; 1 otherwise, with one line saying what failed.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from minutes.backup import BackupError, check_backup, read_backup, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup folder written by `backup` into an EMPTY database and media "
        "storage, then verify the audit chain, every stored file's SHA-256 and the row "
        "counts against its manifest. --check-only verifies the folder alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--check-only",
            action="store_true",
            help="only check the folder's own integrity (dump and files against the manifest)",
        )

    def handle(self, *args, folder: Path, check_only: bool, **options) -> None:
        started = time.monotonic()
        try:
            backup = read_backup(folder)
            manifest = backup.manifest
            self.stdout.write(
                f"backup {folder.resolve().name}: made {manifest.get('created_at', '?')}, "
                f"app {manifest.get('app_version', 'unknown')}, PostgreSQL "
                f"{manifest.get('database', {}).get('server_version', '?')}"
            )
            if check_only:
                check_backup(backup, self.stdout.write)
            else:
                restore_backup(backup, self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        except (OSError, DatabaseError, KeyError, TypeError, ValueError) as exc:
            raise CommandError(f"restore failed: {_one_line(exc)}", returncode=1) from exc
        what = "backup folder intact" if check_only else "restore verified"
        self.stdout.write(
            self.style.SUCCESS(f"{what}: every check green ({time.monotonic() - started:.1f} s)")
        )


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
