"""Check an archive made by export_archive, with no database and no network.

    manage.py verify_archive DIR_OR_ZIP

One line per problem, then a summary; exit status 0 only when every file is
there, unchanged, correctly signed, and nothing was added. Runs where the
database is unreachable: no system checks, no migration check, and the only
module it uses (minutes.archive.verify) imports no models.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minutes.archive.verify import verify_archive


class Command(BaseCommand):
    help = (
        "Kiểm tra hồ sơ nộp lưu (thư mục hoặc tệp .zip) không cần cơ sở dữ liệu: mã SHA-256, "
        "chữ ký số, tệp thiếu, tệp thừa, danh mục và bản in danh mục."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive: Path, **options) -> None:
        started = time.perf_counter()
        report = verify_archive(archive)
        for problem in report.problems:
            self.stderr.write(f"LỖI {problem}")
        elapsed = time.perf_counter() - started
        summary = (
            f"{report.documents_ok}/{report.documents} văn bản hợp lệ, "
            f"{report.certificates} chứng thư ({elapsed:.2f} s)"
        )
        if report.ok:
            self.stdout.write(self.style.SUCCESS(f"KẾT QUẢ: HỢP LỆ – {summary}."))
            return
        raise CommandError(
            f"KẾT QUẢ: KHÔNG HỢP LỆ – {len(report.problems)} lỗi; {summary}.", returncode=1
        )
