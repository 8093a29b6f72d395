"""Export a committee's signed minutes of one year as an archive (nộp lưu).

    manage.py export_archive --committee ID --year 2022 --out DIR
    manage.py export_archive --committee ID --year 2022 --out FILE.zip

The archive holds every approved minutes document of the cells under the
committee met that year (current and superseded versions) as the exact signed
PDF, manifest.json and manifest.csv, index.pdf, and the certificates of the
signing keys under certificates/. Check it with `manage.py verify_archive`.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from members.models import Organization
from minutes.archive.build import ArchiveError, plan_archive, write_directory, write_zip

MIN_YEAR, MAX_YEAR = 1930, 2100


class Command(BaseCommand):
    help = (
        "Xuất hồ sơ nộp lưu: các biên bản đã duyệt và ký số của các chi bộ thuộc một cấp ủy "
        "trong một năm (thư mục hoặc tệp .zip)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", type=int, required=True, help="id of the committee")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--out", type=Path, required=True, help="a new or empty folder, or a FILE.zip"
        )

    def handle(self, *args, committee: int, year: int, out: Path, **options) -> None:
        org = Organization.objects.filter(pk=committee).first()
        if org is None:
            raise CommandError(f"Không có tổ chức đảng nào có id {committee}.")
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(f"Năm {year} không hợp lệ ({MIN_YEAR}–{MAX_YEAR}).")
        as_zip = out.suffix.lower() == ".zip"
        if as_zip and out.exists():
            raise CommandError(f"{out} đã tồn tại: chọn tên khác (không ghi đè hồ sơ cũ).")
        if not as_zip and out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise CommandError(f"{out} phải là thư mục mới hoặc rỗng (tệp lạ sẽ thành tệp thừa).")
        started = time.perf_counter()
        try:
            plan = plan_archive(org, year)
            if as_zip:
                out.parent.mkdir(parents=True, exist_ok=True)
                size = write_zip(plan, out)
            else:
                out.mkdir(parents=True, exist_ok=True)
                size = write_directory(plan, out)
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"Không ghi được {out}: {exc.strerror or exc}") from exc
        for meeting in plan.unsigned:
            self.stderr.write(
                f"CẢNH BÁO: biên bản đã duyệt chưa có văn bản ký số, không đưa vào hồ sơ: "
                f"{meeting.cell.name}, ngày họp {meeting.date:%d/%m/%Y}, phiên bản {meeting.version}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã xuất {plan.document_count} văn bản của {org.name}, năm {year}: "
                f"{size / 2**20:.1f} MB vào {out} ({time.perf_counter() - started:.2f} s)."
            )
        )
