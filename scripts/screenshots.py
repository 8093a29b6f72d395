"""Take the editor's screenshots for the README (run by scripts/screenshots, which starts a server).

Usage: screenshots.py BASE_URL — the server must hold the demonstration data.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import django
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]


def seed_meeting_pk() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from minutes.models import Meeting

    return Meeting.objects.get(cell__name="Chi bộ Quản lý đô thị", date="2022-06-21").pk


def log_in(page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "secretary")
    page.fill("#id_password", "bienban-demo")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def main(base: str) -> None:
    editor = f"{base}/meetings/{seed_meeting_pk()}/edit/"
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)

        # A phone: the sections folded to their headings and counts.
        phone = browser.new_context(
            viewport={"width": 390, "height": 844},
            device_scale_factor=1,
            is_mobile=True,
            has_touch=True,
            locale="vi-VN",
        )
        page = phone.new_page()
        log_in(page, base)
        page.goto(editor)
        expect(page.locator("#sec-turn details")).not_to_have_attribute("open", "")
        page.wait_for_timeout(300)
        page.screenshot(path=OUT / "editor-phone.png", full_page=True)
        phone.close()

        # A wide screen: the editor beside the document as it will print.
        wide = browser.new_context(
            viewport={"width": 1366, "height": 900}, device_scale_factor=1, locale="vi-VN"
        )
        page = wide.new_page()
        log_in(page, base)
        page.goto(editor + "#sec-turn")
        expect(page.locator("#live-document .minutes-document")).to_be_visible()
        page.locator("#list-turn > li").first.locator("a", has_text="Sửa").click()
        gist = page.locator("#list-turn > li").first.locator("textarea")
        gist.click()
        gist.press("Control+End")
        gist.type(" Đề nghị bổ sung số liệu.", delay=10)
        expect(page.locator("#list-turn > li").first.locator(".rec-save-status")).to_contain_text(
            "Đã lưu lúc", timeout=5000
        )
        expect(page.locator("#live-document")).to_contain_text("Đề nghị bổ sung số liệu.")
        page.locator("#live-document").evaluate(
            "pane => { const t = pane.querySelector('#part-proceedings'); if (t) pane.scrollTop = t.offsetTop * 0.62; }"
        )
        page.wait_for_timeout(300)
        page.screenshot(path=OUT / "editor-desktop.png")
        wide.close()
        browser.close()
    for name in ("editor-phone.png", "editor-desktop.png"):
        shrink(OUT / name)
        print(OUT / name, (OUT / name).stat().st_size // 1024, "KB")


def shrink(path: Path) -> None:
    """256 colours are plenty for a page of text: the file is a third of the size."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


if __name__ == "__main__":
    main(sys.argv[1])
