"""Fixtures of the official-document tests: the seed meeting, approved and signed."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from minutes import pdf
from minutes.document import build_document
from minutes.models import Meeting, MinutesStatus, ParticipantRole
from minutes.selectors import with_parts
from minutes.services.documents import ensure_demo_signing_key, issue_signed_document

SEED_TOPIC = "Tự soi, tự sửa"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Signed files go to a throwaway directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def seed_meeting() -> Meeting:
    return Meeting.objects.get(topic=SEED_TOPIC, version=1)


def approve_directly(meeting: Meeting, number: int = 5) -> Meeting:
    """Approved state without the review workflow (tested by its own area)."""
    Meeting.objects.filter(pk=meeting.pk).update(
        status=MinutesStatus.APPROVED, number=number, approved_at=timezone.now()
    )
    return with_parts(Meeting.objects.filter(pk=meeting.pk)).get()


@dataclasses.dataclass(frozen=True)
class SeedFiles:
    draft: bytes
    signed: bytes
    cell_name: str
    guests: tuple[str, ...]
    closing: tuple[str, ...]
    verify_url: str


@pytest.fixture(scope="module")
def seed_files(django_db_setup, django_db_blocker, tmp_path_factory) -> SeedFiles:
    """The seed meeting's draft and signed PDFs, made once per module; the data is rolled back."""
    media = tmp_path_factory.mktemp("m")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("load_demo", force=True, verbosity=0)
        meeting = with_parts(Meeting.objects.filter(pk=seed_meeting().pk)).get()
        document = build_document(meeting)
        draft = pdf.render_pdf(document)
        meeting = approve_directly(meeting)
        ensure_demo_signing_key(meeting.cell)
        record = issue_signed_document(meeting)
        with record.file.open("rb") as handle:
            signed = handle.read()
        files = SeedFiles(
            draft=draft,
            signed=signed,
            cell_name=meeting.cell.name,
            guests=tuple(
                p.full_name for p in meeting.participants.all() if p.role == ParticipantRole.GUEST
            ),
            closing=build_document(meeting).closing,
            verify_url=f"/v/{record.public_code}",
        )
        transaction.set_rollback(True)
    return files


def pdftotext(data: bytes, tmp_path: Path, *, page: int | None = None) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    args = ["pdftotext", "-raw", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run(
        [*args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def page_count(data: bytes, tmp_path: Path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )
