"""System checks of the official document's prerequisites."""

from __future__ import annotations

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
