"""The printed index of an archive (index.pdf), in the official header style.

Rendered by WeasyPrint from templates/minutes/archive/index.html with the
document font and print stylesheet of the minutes (minutes.pdf) and the same
URL fetcher, which serves only those files. The SHA-256 of manifest.json is
printed and also written into the PDF's keywords, where the offline verifier
reads it back.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from members.models import Organization
from minutes import pdf
from minutes import vnformat as vn
from minutes.archive import manifest as mf


def index_context(
    *,
    committee: Organization,
    year: int,
    manifest: dict[str, Any],
    manifest_sha256: str,
    generated_on: dt.date,
) -> dict[str, Any]:
    documents = manifest["documents"]
    cells = []
    for (_cell_id, name), rows in groupby(documents, key=lambda d: (d["cell_id"], d["cell"])):
        lines = []
        for row in rows:
            lines.append(
                {
                    **row,
                    "date_display": vn.short_date(dt.date.fromisoformat(row["meeting_date"])),
                    "status_label": mf.STATUS_LABELS[row["status"]],
                }
            )
        cells.append({"name": name, "documents": lines})
    parent = committee.parent
    return {
        "superior": vn.upper(parent.document_name) if parent else "",
        "issuer": vn.upper(committee.document_name),
        "place_date": vn.place_date_line(committee.place_name or "…", generated_on),
        "committee": committee,
        "year": year,
        "count": len(documents),
        "current": manifest["current_count"],
        "superseded": manifest["superseded_count"],
        "cells": cells,
        "generated": vn.short_date(generated_on),
        "manifest_sha256": manifest_sha256,
        "keywords": f"{mf.INDEX_HASH_PREFIX}{manifest_sha256}",
    }


INDEX_CSS = "css/archive-index.css"


def render_index(**kwargs) -> bytes:
    """index.pdf for the archive described by `kwargs` (see `index_context`)."""
    html = render_to_string("minutes/archive/index.html", index_context(**kwargs))
    fetcher = pdf.AppFetcher()
    font_config = FontConfiguration()
    stylesheets = [
        CSS(string=pdf.font_face_css(), font_config=font_config, url_fetcher=fetcher),
        CSS(
            url=f"{pdf.APP_SCHEME}static/{pdf.PRINT_CSS}",
            font_config=font_config,
            url_fetcher=fetcher,
        ),
        # Its own layout, from a file like every stylesheet (no inline <style>).
        CSS(filename=finders.find(INDEX_CSS), font_config=font_config),
    ]
    document = HTML(string=html, base_url=f"{pdf.APP_SCHEME}static/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=stylesheets, font_config=font_config)
