"""The background worker, warmed up: its first signed PDF is as fast as the later ones."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Chạy tác vụ nền (tạo và ký văn bản của biên bản đã duyệt) khi "
        "BIENBAN_TASKS_BACKEND=database; nạp sẵn phông chữ và định dạng in trước."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="Chạy các tác vụ đang chờ rồi dừng."
        )

    def handle(self, *args, batch: bool = False, **options) -> None:
        from minutes.pdf import warm_up

        # The renderer's fonts and stylesheets are kept per thread; db_worker
        # runs its tasks in this thread, so they are ready for the first one.
        warm_up()
        # In batch mode there is nothing to stagger: start at once.
        extra = ["--batch", "--no-startup-delay"] if batch else []
        call_command("db_worker", "--no-reload", *extra)
