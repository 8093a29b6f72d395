"""Signing keys of organizations: create a trial key, import a CA-issued PKCS#12, list.

    manage.py signing_key create --organization "Đảng bộ Cơ quan" [--label …]
    manage.py signing_key import FILE.p12 --organization 3 [--label …]
    manage.py signing_key list

Keys are stored encrypted with BIENBAN_SIGNING_PASSPHRASE. An imported file
protected by another passphrase is opened with BIENBAN_IMPORT_PASSPHRASE and
re-encrypted. Passphrases are read from the environment only, never from the
command line (which other users of the machine can see), and never printed.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from members.models import Organization
from minutes import signing
from minutes.models import SigningKey


def find_organization(value: str) -> Organization:
    query = Q(name__iexact=value.strip())
    if value.strip().isdigit():
        query |= Q(pk=int(value))
    found = list(Organization.objects.filter(query)[:2])
    if not found:
        raise CommandError(f"Không tìm thấy tổ chức “{value}” (nhập mã số hoặc đúng tên).")
    if len(found) > 1:
        raise CommandError(f"Có nhiều tổ chức tên “{value}”: hãy nhập mã số.")
    return found[0]


class Command(BaseCommand):
    help = (
        "Tạo khóa ký số thử nghiệm, nhập khóa PKCS#12 do tổ chức chứng thực cấp, hoặc liệt kê khóa."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="tạo chứng thư tự ký (dùng thử)")
        create.add_argument("--organization", required=True, help="mã số hoặc tên tổ chức")
        create.add_argument("--label", default="")
        create.add_argument("--years", type=int, default=3)
        create.add_argument(
            "--algorithm",
            choices=["rsa", "ec"],
            default="rsa",
            help="rsa (2048, mặc định) hoặc ec (P-256; tệp ký sẽ là PDF 2.0)",
        )
        imp = sub.add_parser("import", help="nhập tệp .p12 do tổ chức chứng thực cấp")
        imp.add_argument("file", type=Path)
        imp.add_argument("--organization", required=True, help="mã số hoặc tên tổ chức")
        imp.add_argument("--label", default="")
        sub.add_parser("list", help="liệt kê khóa (không in khóa bí mật)")

    def handle(self, *args, action: str, **options) -> None:
        if action == "list":
            self._list()
            return
        if not settings.SIGNING_PASSPHRASE:
            raise CommandError("Hãy đặt biến môi trường BIENBAN_SIGNING_PASSPHRASE trước.")
        organization = find_organization(options["organization"])
        try:
            if action == "create":
                key = signing.create_self_signed_key(
                    organization=organization,
                    label=options["label"],
                    years=options["years"],
                    algorithm=options["algorithm"],
                )
            else:
                key = self._import(organization, options["file"], options["label"])
        except signing.SigningError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã lưu khóa #{key.pk} cho {organization.name}: {key.subject}, "
                f"dấu vân tay SHA-256 {key.fingerprint}"
            )
        )

    def _import(self, organization: Organization, path: Path, label: str) -> SigningKey:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}") from exc
        passphrase = os.environ.get("BIENBAN_IMPORT_PASSPHRASE", settings.SIGNING_PASSPHRASE)
        return signing.import_pkcs12_key(
            organization=organization, data=data, passphrase=passphrase, label=label
        )

    def _list(self) -> None:
        keys = SigningKey.objects.select_related("organization").order_by("organization", "pk")
        for key in keys:
            state = "đang dùng" if key.active else "ngừng dùng"
            expiry = f"{key.not_after:%d/%m/%Y}" if key.not_after else "?"
            self.stdout.write(
                f"#{key.pk}\t{key.organization.name}\t{key.subject}\t{state}\t"
                f"hết hạn {expiry}\t{key.fingerprint}"
            )
