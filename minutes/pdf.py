"""The one PDF renderer of the official minutes: `MinutesDocument` → PDF bytes.

WeasyPrint renders templates/minutes/document/pdf.html (the same body.html as
the on-screen preview, plus the "Đã ký số" block of a signed document) with
static/css/document-print.css. It is given a URL fetcher that serves only the
document font files, the print stylesheet and the QR code it made, under the
private `app:` scheme, and refuses every other URL: member-written text is
autoescaped anyway, but should markup ever slip through, no file, host or
data: URL can be reached from the PDF. The verify address is printed, not
linked: the PDF has no link annotations.

The font configuration and the parsed stylesheets are kept per thread and
reused by the next render (`document_styles`), made again when the document
font setting or the stylesheet file changes; a worker calls `warm_up()` once
at start so that its first document renders as fast as the next ones.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import qrcode
import qrcode.constants
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from minutes import vnformat as vn
from minutes.document import Header, Line, MinutesDocument, Section, Signature

APP_SCHEME = "app:"
PRINT_CSS = "css/document-print.css"
# The letters a Vietnamese document cannot do without; Liberation Serif 1.x lacks them.
VIETNAMESE_SAMPLE = "ĐđỆệƯưỹẫờ"
STYLES = {
    "regular": ("normal", "normal"),
    "bold": ("bold", "normal"),
    "italic": ("normal", "italic"),
    "bolditalic": ("bold", "italic"),
}


# WeasyPrint's HTML5 user-agent stylesheet, cut down to the elements the
# document template uses. Matching the full sheet against every element was a
# tenth of the rendering time; and with no `a[href]` rule here, no element can
# become a link annotation even if markup ever got into the document.
USER_AGENT_CSS = """
html, body, article, section, div, p, h1, h2, h3, h4 { display: block }
head, title, meta, link, style, script, template { display: none }
table { display: table; box-sizing: border-box; border-spacing: 0 }
tbody { display: table-row-group } tr { display: table-row }
td { display: table-cell; vertical-align: inherit }
strong, b { font-weight: bold } em, i { font-style: italic }
img { display: inline-block }
"""


class FetchRefused(ValueError):
    """A URL outside what the document may load."""


@dataclass(frozen=True)
class SignatureStamp:
    """What the visible "Đã ký số" block says; the cryptographic signature is invisible."""

    signer: str
    role: str
    signed_at: dt.datetime
    fingerprint: str  # SHA-256 of the certificate, hex
    verify_url: str

    @property
    def time_display(self) -> str:
        local = timezone.localtime(self.signed_at)
        return f"{vn.time_words(local.time())}, {vn.date_line(local.date())}"

    @property
    def fingerprint_display(self) -> str:
        pairs = [self.fingerprint[i : i + 2].upper() for i in range(0, len(self.fingerprint), 2)]
        return ":".join(pairs)


class AppFetcher(URLFetcher):
    """Serves `app:font/<style>`, `app:static/<path>` and `app:generated/<name>`; nothing else.

    Every URL asked for is kept in `requested` and every refusal in `refused`,
    so tests can prove that nothing outside was ever requested.
    """

    def __init__(self, generated: dict[str, tuple[bytes, str]] | None = None) -> None:
        super().__init__(allowed_protocols=["app"], allow_redirects=False)
        self.generated = generated or {}
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        self.requested.append(url)
        body, mime = self._resolve(url)
        return URLFetcherResponse(url, body, {"Content-Type": mime})

    def _resolve(self, url: str) -> tuple[bytes, str]:
        if url.startswith(APP_SCHEME):
            kind, _, name = url[len(APP_SCHEME) :].lstrip("/").partition("/")
            if kind == "font" and name in STYLES:
                path = configured_font_files().get(name)
                if path is not None:
                    return path.read_bytes(), "font/ttf"
            elif kind == "static" and name == PRINT_CSS:
                found = finders.find(name)
                if found:
                    return Path(found).read_bytes(), "text/css"
            elif kind == "generated" and name in self.generated:
                return self.generated[name]
        self.refused.append(url)
        raise FetchRefused(f"The document may not load {url!r}")


@functools.cache
def document_font_files(family: str) -> dict[str, Path]:
    """The installed font files of `family` that have Vietnamese glyphs.

    Keyed by style ("regular", "bold", "italic", "bolditalic"). Several
    installed versions may share a family name (Liberation 1.x and 2.x): only
    files that hold every letter of VIETNAMESE_SAMPLE qualify.
    """
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{file}|%{family}|%{style}\n", family],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, Path] = {}
    for row in sorted(listing.splitlines()):
        path, _, rest = row.partition("|")
        families, _, style = rest.partition("|")
        if family.lower() not in [f.strip().lower() for f in families.split(",")]:
            continue
        key = style.split(",")[0].replace(" ", "").lower()
        key = {"normal": "regular", "book": "regular", "oblique": "italic"}.get(key, key)
        if key in STYLES and key not in found and has_glyphs(Path(path), VIETNAMESE_SAMPLE):
            found[key] = Path(path)
    return found


def configured_font_files() -> dict[str, Path]:
    return document_font_files(settings.DOCUMENT_FONT_FAMILY)


def has_glyphs(path: Path, letters: str) -> bool:
    """Whether the font file maps every one of `letters` to a glyph."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            cmap = font.getBestCmap() or {}
    except (OSError, TTLibError):
        return False
    return all(ord(ch) in cmap for ch in letters)


def font_face_css() -> str:
    rules = []
    for style, (weight, slant) in STYLES.items():
        if style in configured_font_files():
            rules.append(
                "@font-face { font-family: 'Document Serif'; "
                f"src: url('{APP_SCHEME}font/{style}'); "
                f"font-weight: {weight}; font-style: {slant}; }}"
            )
    return "\n".join(rules)


def qr_png(text: str) -> bytes:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=4, border=1)
    qr.add_data(text)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image().save(buffer, format="PNG")
    return buffer.getvalue()


class _DocumentHTML(HTML):
    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        return [_user_agent_stylesheet()]


@functools.cache
def _user_agent_stylesheet() -> CSS:
    return CSS(string=USER_AGENT_CSS)


def render_html(document: MinutesDocument, *, stamp: SignatureStamp | None = None) -> str:
    return render_to_string(
        "minutes/document/pdf.html",
        {
            "document": document,
            "stamp": stamp,
            "qr_url": f"{APP_SCHEME}generated/qr.png" if stamp else "",
        },
    )


@dataclass(frozen=True)
class _Styles:
    """A font configuration and the stylesheets parsed against it, reusable across renders."""

    key: tuple
    font_config: FontConfiguration
    stylesheets: tuple[CSS, ...]


# One set per thread: Pango's font map is not safe to share between threads,
# and a worker renders one document at a time anyway.
_cache = threading.local()


def _styles_key() -> tuple:
    """What the parsed styles depend on: the font family and files, the print stylesheet."""
    css_path = finders.find(PRINT_CSS)
    try:
        css_mtime = os.stat(css_path).st_mtime_ns if css_path else None
    except OSError:
        css_mtime = None
    fonts = tuple(sorted((style, str(path)) for style, path in configured_font_files().items()))
    return (settings.DOCUMENT_FONT_FAMILY, fonts, css_path, css_mtime)


def _parse_styles(key: tuple, fetcher: AppFetcher) -> _Styles:
    font_config = FontConfiguration()
    stylesheets = (
        CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher),
        CSS(url=f"{APP_SCHEME}static/{PRINT_CSS}", font_config=font_config, url_fetcher=fetcher),
    )
    return _Styles(key, font_config, stylesheets)


def document_styles() -> _Styles:
    """This thread's parsed styles, made again when the font setting or the stylesheet changed.

    Parsing the stylesheets and loading the fonts into a fresh Fontconfig set
    and Pango font map cost 15-20 ms a render; kept, Pango also keeps the
    fonts it has loaded and WeasyPrint its line-height struts.
    """
    key = _styles_key()
    styles = getattr(_cache, "styles", None)
    if styles is None or styles.key != key:
        styles = _cache.styles = _parse_styles(key, AppFetcher())
    return styles


def render_pdf(
    document: MinutesDocument,
    *,
    stamp: SignatureStamp | None = None,
    fetcher: AppFetcher | None = None,
) -> bytes:
    """The PDF of `document`; with `stamp`, the visible block of a signed document is drawn.

    Given a `fetcher`, the fonts and the stylesheet are loaded afresh through
    it, so that it sees every URL the document needs; otherwise the parsed
    styles of this thread are reused.
    """
    generated = {}
    if stamp is not None:
        generated["qr.png"] = (qr_png(stamp.verify_url), "image/png")
    if fetcher is None:
        fetcher = AppFetcher()
        styles = document_styles()
    else:
        styles = _parse_styles(_styles_key(), fetcher)
    fetcher.generated.update(generated)
    html = _DocumentHTML(
        string=render_html(document, stamp=stamp),
        base_url=f"{APP_SCHEME}static/",
        url_fetcher=fetcher,
    )
    return html.write_pdf(stylesheets=list(styles.stylesheets), font_config=styles.font_config)


def warm_up() -> None:
    """Do once what the first render of a process would otherwise pay for.

    Loads the fonts and stylesheets of this thread, compiles the templates and
    lets WeasyPrint parse its C declarations, by rendering a one-page signed
    sample that uses every font style. For a worker process to call at start:
    its first approval then renders as fast as the later ones.
    """
    sample = MinutesDocument(
        meeting_id=0,
        is_draft=False,
        header=Header("ĐẢNG BỘ", "CHI BỘ", "Số 01-BB/CB", "Hà Tĩnh, ngày 1 tháng 1 năm 2025"),
        title="BIÊN BẢN",
        summary="Sinh hoạt chi bộ",
        sections=(Section("warm-up", "Nội dung", (Line("Đồng chí phát biểu.", "Ý kiến:"),)),),
        closing=("Buổi sinh hoạt kết thúc.",),
        secretary=Signature("THƯ KÝ", "", "Nguyễn Văn A"),
        chair=Signature("CHỦ TRÌ", "", "Trần Thị B"),
        recipients=("Lưu chi bộ",),
    )
    stamp = SignatureStamp(
        signer="Chi bộ",
        role="Chi bộ",
        signed_at=timezone.now(),
        fingerprint="00" * 32,
        verify_url=f"{settings.SITE_URL}/v/WARMUP",
    )
    render_pdf(sample, stamp=stamp)
