"""Time the official document: render and sign the seed meeting, against LibreOffice.

    manage.py bench_pdf [--repeat 10] [--office-repeat 5] [--no-fresh-process]

Prints, for the seed meeting's PDF, the time to render it (WeasyPrint), to sign
it (pyHanko, with the key its approval would use, or a throwaway trial key) and
both together as approval does them: the median, the fastest and the slowest
of `--repeat` runs after one warm-up run in this process. Then the time a fresh
process needs from its start to its first signed PDF (this command run again
with `--first-only`), and what offices do today, LibreOffice headless
converting the DOCX export to PDF, in the same run, with the ratio. The load
average is printed at the start and at the end: on a busy machine the figures
mean little, and only the ratios within one run compare.

It changes nothing: the work runs in a transaction that is rolled back, and
LibreOffice writes to a temporary directory. `make bench-pdf` runs it on a
throwaway SQLite database filled by `load_demo`.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from minutes import docx, pdf, signing
from minutes.document import MinutesDocument, build_document
from minutes.models import Meeting, MeetingKind, MinutesStatus, SigningKey
from minutes.selectors import with_parts
from minutes.services.documents import (
    ensure_demo_signing_key,
    signer_role,
    signing_key_for,
    verify_url,
)

SEED_TOPIC = "Tự soi, tự sửa"
TARGET_SECONDS = 0.25
TARGET_RATIO = 10
FIRST_ONLY_MARK = "bench-pdf-first:"


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def _load() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "không rõ"
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 phút), số lõi: {os.cpu_count() or 1}"


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("phải ít nhất là 1")
    return number


class Rollback(Exception):
    pass


@dataclasses.dataclass
class Samples:
    render: list[float]
    sign: list[float]
    both: list[float]
    pages: int
    key_kind: str
    signed: bytes


class Command(BaseCommand):
    help = "Đo thời gian tạo và ký PDF của cuộc họp mẫu, so với LibreOffice chuyển DOCX sang PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--repeat", type=_positive, default=10, help="lần đo tạo/ký (mặc định 10)"
        )
        parser.add_argument(
            "--office-repeat",
            type=int,
            default=5,
            help="lần đo LibreOffice (mặc định 5; 0: không so sánh)",
        )
        parser.add_argument("--soffice", default="/usr/bin/soffice")
        parser.add_argument(
            "--save-pdf",
            type=Path,
            help="ghi PDF đã ký của lần đo cuối vào tệp này (ví dụ để xem trang 1)",
        )
        parser.add_argument(
            "--no-fresh-process",
            action="store_true",
            help="bỏ phép đo một tiến trình mới đến PDF đã ký đầu tiên",
        )
        # Internal: the child processes of the fresh-process measurement.
        parser.add_argument("--first-only", action="store_true", help="(dùng nội bộ)")
        parser.add_argument("--warm-up", action="store_true", help="(dùng nội bộ)")

    def handle(
        self,
        *args,
        repeat: int,
        office_repeat: int,
        soffice: str,
        save_pdf: Path | None,
        no_fresh_process: bool,
        first_only: bool,
        warm_up: bool,
        **options,
    ) -> None:
        ready = time.time()
        if first_only and warm_up:
            pdf.warm_up()  # as a worker does when it starts (minutes.pdf.warm_up)
        warmed = time.time()
        meeting = Meeting.objects.filter(topic=SEED_TOPIC).order_by("-version").first()
        if meeting is None:
            raise CommandError("Chưa có cuộc họp mẫu: hãy chạy `manage.py load_demo` trước.")
        meeting = with_parts(Meeting.objects.filter(pk=meeting.pk)).get()
        if first_only:
            self._first_only(meeting, ready, warmed)
            return
        out = self.stdout
        out.write(f"Tải máy lúc bắt đầu: {_load()}")
        regular = regular_results = None
        try:
            with transaction.atomic():
                results = self._measure_pdf(meeting, repeat)
                # For scale: an ordinary monthly meeting of the same cell, if there is one.
                regular = (
                    Meeting.objects.filter(
                        cell=meeting.cell, kind=MeetingKind.REGULAR, status=MinutesStatus.APPROVED
                    )
                    .order_by("-date")
                    .first()
                )
                if regular is not None:
                    regular = with_parts(Meeting.objects.filter(pk=regular.pk)).get()
                    regular_results = self._measure_pdf(regular, repeat)
                raise Rollback
        except Rollback:
            pass
        if save_pdf:
            save_pdf.write_bytes(results.signed)
        out.write(
            f"Cuộc họp mẫu: {meeting} (phiên bản {meeting.version}), {results.pages} trang A4"
        )
        # The median is what the targets are judged on; the fastest shows the
        # uncontended cost, the slowest how much other work on the machine got in.
        out.write(
            f"{'':48}{'trung vị':>10}{'nhanh nhất':>12}{'chậm nhất':>12}"
            f"   ({repeat} lần, sau 1 lần làm nóng)"
        )
        self._row("tạo PDF (WeasyPrint)", results.render)
        self._row(f"ký số (pyHanko, khóa {results.key_kind})", results.sign)
        self._row("tạo + ký (như khi duyệt)", results.both)
        self._row("  mỗi trang", [t / results.pages for t in results.both])
        if regular is not None and regular_results is not None:
            self._row(
                f"tạo + ký, họp thường kỳ {regular.date:%m/%Y} ({regular_results.pages} trang)",
                regular_results.both,
            )

        if not no_fresh_process:
            self._fresh_process()

        office = self._measure_office(meeting, office_repeat, soffice)
        median_both = _median(results.both)
        ok_time = median_both <= TARGET_SECONDS
        verdict = [
            f"tạo + ký ≤ {TARGET_SECONDS * 1000:.0f} ms: {'đạt' if ok_time else 'KHÔNG đạt'}"
        ]
        if office is not None:
            self._row(f"LibreOffice DOCX → PDF ({office_repeat} lần)", office)
            ratio = _median(office) / median_both
            out.write(f"LibreOffice / (tạo + ký), theo trung vị: {ratio:.1f} lần")
            verdict.append(
                f"≥ {TARGET_RATIO} lần nhanh hơn: {'đạt' if ratio >= TARGET_RATIO else 'KHÔNG đạt'}"
            )
        out.write(f"Tải máy lúc kết thúc: {_load()}")
        out.write("Mục tiêu: " + "; ".join(verdict))

    def _row(self, label: str, samples: list[float]) -> None:
        self.stdout.write(
            f"  {label:<46}{_median(samples) * 1000:>7.1f} ms"
            f"{min(samples) * 1000:>9.1f} ms{max(samples) * 1000:>9.1f} ms"
        )

    @staticmethod
    def _prepare(meeting: Meeting) -> tuple[MinutesDocument, SigningKey, pdf.SignatureStamp]:
        # Measured as the signed document is made, whatever the seed meeting's state:
        # approval would number it and drop the draft mark (in memory only here).
        if meeting.number is None:
            numbers = Meeting.objects.filter(cell=meeting.cell, number__isnull=False)
            meeting.number = (numbers.aggregate(n=Max("number"))["n"] or 0) + 1
        document = dataclasses.replace(build_document(meeting), is_draft=False)
        key = signing_key_for(meeting.cell) or ensure_demo_signing_key(meeting.cell)
        stamp = pdf.SignatureStamp(
            signer=key.subject,
            role=signer_role(key, meeting),
            signed_at=timezone.now(),
            fingerprint=key.fingerprint,
            verify_url=verify_url("BENCHMARK0"),
        )
        return document, key, stamp

    def _measure_pdf(self, meeting: Meeting, repeat: int) -> Samples:
        document, key, stamp = self._prepare(meeting)
        pdf.render_pdf(document, stamp=stamp)  # warm caches (fonts, stylesheets, templates)
        render, sign, both = [], [], []
        data = signed = b""
        for _ in range(repeat):
            started = time.perf_counter()
            data = pdf.render_pdf(document, stamp=stamp)
            rendered = time.perf_counter()
            signed = signing.sign_pdf(data, signing_key=key)
            done = time.perf_counter()
            render.append(rendered - started)
            sign.append(done - rendered)
            both.append(done - started)
        pages = int(PdfFileReader(io.BytesIO(data), strict=False).root["/Pages"]["/Count"])
        public_key = x509.load_pem_x509_certificates(key.certificate_pem.encode())[0].public_key()
        kind = "EC" if isinstance(public_key, ec.EllipticCurvePublicKey) else "RSA"
        return Samples(render, sign, both, pages, kind, signed)

    def _first_only(self, meeting: Meeting, ready: float, warmed: float) -> None:
        """In the child process: one render and one signature, with wall-clock timestamps."""
        try:
            with transaction.atomic():
                document, key, stamp = self._prepare(meeting)
                prepared = time.time()
                data = pdf.render_pdf(document, stamp=stamp)
                rendered = time.time()
                signing.sign_pdf(data, signing_key=key)
                signed = time.time()
                raise Rollback
        except Rollback:
            pass
        marks = {
            "ready": ready,
            "warmed": warmed,
            "prepared": prepared,
            "rendered": rendered,
            "signed": signed,
        }
        self.stdout.write(FIRST_ONLY_MARK + json.dumps(marks))

    def _fresh_process(self) -> None:
        """A new Python process, from its start to its first signed PDF: cold, then warmed up.

        The second process calls `minutes.pdf.warm_up()` first, as a worker
        does when it starts, before it is given the meeting.
        """
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench_pdf"]
        for label, extra in (
            ("tiến trình mới → PDF đã ký đầu tiên", []),
            ("  như trên, sau warm_up() lúc khởi động", ["--warm-up"]),
        ):
            started = time.time()
            result = subprocess.run(
                [*command, "--first-only", *extra],
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            line = next(
                (row for row in result.stdout.splitlines() if row.startswith(FIRST_ONLY_MARK)),
                None,
            )
            if result.returncode != 0 or line is None:
                self.stdout.write(f"  {label}: thất bại, bỏ qua phép đo.")
                self.stderr.write(result.stderr[-2000:])
                return
            marks = json.loads(line[len(FIRST_ONLY_MARK) :])
            parts = [
                "khởi động Python, Django, WeasyPrint, pyHanko "
                f"{(marks['ready'] - started) * 1000:.0f} ms"
            ]
            if extra:
                parts.append(f"warm_up {(marks['warmed'] - marks['ready']) * 1000:.0f} ms")
            parts.append(f"tạo {(marks['rendered'] - marks['prepared']) * 1000:.0f} ms")
            parts.append(f"ký {(marks['signed'] - marks['rendered']) * 1000:.0f} ms")
            self.stdout.write(
                f"  {label:<46}{(marks['signed'] - started) * 1000:>7.0f} ms   ({'; '.join(parts)})"
            )

    def _measure_office(self, meeting: Meeting, repeat: int, soffice: str) -> list[float] | None:
        if repeat < 1:
            return None
        if not shutil.which(soffice):
            self.stdout.write(f"  LibreOffice: không tìm thấy {soffice}, bỏ qua phép so sánh.")
            return None
        with tempfile.TemporaryDirectory(prefix="bienban-bench-") as tmp:
            work = Path(tmp)
            source = work / "bien-ban.docx"
            source.write_bytes(docx.render_docx(build_document(meeting)))
            command = [
                soffice,
                f"-env:UserInstallation=file://{work / 'profile'}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work / "out"),
                str(source),
            ]
            # The first run creates the LibreOffice profile: not counted.
            subprocess.run(command, capture_output=True, timeout=300, check=False)
            samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                result = subprocess.run(command, capture_output=True, timeout=300, check=False)
                samples.append(time.perf_counter() - started)
                if result.returncode != 0 or not (work / "out" / "bien-ban.pdf").exists():
                    self.stdout.write("  LibreOffice: chuyển đổi thất bại, bỏ qua phép so sánh.")
                    return None
            return samples
