"""Check a PDF file against the issued documents and validate its signature.

    manage.py verify_pdf FILE.pdf

Exit status 0 when the file is byte for byte a document this system issued and
its signature is valid; 1 otherwise (what is wrong is printed).
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minutes.services.documents import verify_file


class Command(BaseCommand):
    help = "Kiểm tra tệp PDF với văn bản đã phát hành và xác thực chữ ký số."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {file}: {exc.strerror}") from exc
        result = self._verify(data, quiet=options["verbosity"] < 2)
        out = self.stdout
        out.write(f"SHA-256: {result.sha256}")
        sig = result.signature
        if sig.has_signature:
            out.write(f"Người ký: {sig.signer}")
            out.write(f"Dấu vân tay chứng thư: {sig.fingerprint}")
            if sig.signed_at:
                out.write(f"Thời gian ký: {sig.signed_at.isoformat()}")
        out.write(
            "Chữ ký số: "
            + ("hợp lệ" if sig.valid else f"KHÔNG hợp lệ – {sig.problem or 'không rõ lý do'}")
        )
        record = result.record
        if record is None:
            out.write("Hồ sơ: KHÔNG khớp với văn bản nào đã phát hành.")
        else:
            meeting = record.meeting
            state = "hiện hành" if meeting.superseded_at is None else "đã bị thay thế"
            out.write(
                f"Hồ sơ: khớp văn bản {record.public_code} – {meeting.cell.name}, "
                f"ngày họp {meeting.date:%d/%m/%Y}, phiên bản {meeting.version} ({state})."
            )
        if result.valid:
            out.write(self.style.SUCCESS("KẾT QUẢ: HỢP LỆ"))
            return
        raise CommandError("KẾT QUẢ: KHÔNG HỢP LỆ", returncode=1)

    @staticmethod
    def _verify(data: bytes, *, quiet: bool):
        """`verify_file`, with pyHanko's warnings about a damaged file kept off the terminal.

        pyHanko logs each part of a malformed file it skips as a warning with a
        traceback; the verdict printed here already says the file is not valid,
        and a traceback on the operator's screen reads as a crash. `-v 2` shows them.
        """
        logger = logging.getLogger("pyhanko")
        level = logger.level
        if quiet:
            logger.setLevel(logging.ERROR)
        try:
            return verify_file(data)
        finally:
            logger.setLevel(level)
