"""System checks of the official document's prerequisites: its font, and the address it prints."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


@register("documents")
def check_document_font(app_configs=None, **kwargs) -> list[Error]:
    """The configured document font must exist and draw Vietnamese, or every PDF would be wrong."""
    # Imported here so that management commands do not load WeasyPrint at start-up.
    from minutes.pdf import STYLES, VIETNAMESE_SAMPLE, document_font_files

    family = settings.DOCUMENT_FONT_FAMILY
    document_font_files.cache_clear()
    files = document_font_files(family)
    if "regular" not in files:
        return [
            Error(
                f"Không tìm thấy phông chữ văn bản “{family}” có đủ chữ tiếng Việt "
                f"({VIETNAMESE_SAMPLE}).",
                hint=(
                    "Cài gói fonts-liberation2 (Liberation Serif 2.x) hoặc đặt "
                    "BIENBAN_DOCUMENT_FONT là tên một phông chữ hệ thống có đủ dấu tiếng Việt."
                ),
                id="minutes.E101",
            )
        ]
    missing = [style for style in STYLES if style not in files]
    if missing:
        return [
            Error(
                f"Phông chữ văn bản “{family}” thiếu kiểu {', '.join(missing)} có đủ chữ tiếng Việt.",
                hint="Cài đủ các kiểu thường, đậm, nghiêng, đậm nghiêng của phông chữ.",
                id="minutes.E102",
            )
        ]
    return []


def site_url_problem(url: str) -> str:
    """Why `url` cannot be the public address printed in signed PDFs; "" when it can."""
    if not url:
        return "chưa được đặt"
    parts = urlsplit(url)
    try:
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "không phải một địa chỉ web"
    if parts.scheme not in ("http", "https") or not host or parts.query or parts.fragment:
        return "không phải một địa chỉ web (dạng https://ten-mien.vn)"
    if host == "localhost" or host.endswith(".localhost"):
        return "là địa chỉ của chính máy chủ (localhost)"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return ""
    if address.is_loopback or address.is_unspecified:
        return "là địa chỉ của chính máy chủ"
    return ""


@register("site")
def check_site_url(app_configs=None, **kwargs) -> list[Error]:
    """With DEBUG off, BIENBAN_SITE_URL must be an address people outside can reach.

    It is printed under the QR code of every signed PDF, which cannot be changed
    once signed: a loopback address there would make every verify link useless.
    """
    if settings.DEBUG:
        return []
    problem = site_url_problem(settings.SITE_URL)
    if not problem:
        return []
    shown = f" “{settings.SITE_URL}”" if settings.SITE_URL else ""
    return [
        Error(
            f"Địa chỉ công khai của trang (BIENBAN_SITE_URL){shown} {problem}. Địa chỉ này "
            "được in dưới mã QR của mọi văn bản ký số để người nhận kiểm tra văn bản, và "
            "không sửa được sau khi ký.",
            hint=(
                "Đặt BIENBAN_SITE_URL là địa chỉ người ngoài truy cập được, ví dụ "
                "https://bienban.example.org (không dùng localhost hay 127.0.0.1)."
            ),
            id="bienban.E001",
        )
    ]
