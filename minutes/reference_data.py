"""Reference data loaded by migration 0002: the shortcoming catalogues and voting rules.

Both are data an administrator may correct (domain.md marks part of their
wording and thresholds unconfirmed), so they live in tables, not in code.
`load(apps)` works with the historical models of a migration and with the
live app registry alike, and never overwrites an administrator's edits to a
row that exists.
"""

from __future__ import annotations

from minutes.catalog_data import iter_items
from minutes.vnformat import fold

VOTING_RULES = [
    # kind, numerator, denominator, strict, label, source
    (
        "ordinary",
        1,
        2,
        True,
        "hơn một nửa",
        "Điều lệ Đảng, Điều 9 khoản 5; Quy định 294-QĐ/TW, 9.3.2",
    ),
    ("admission", 2, 3, False, "ít nhất hai phần ba (2/3)", "Hướng dẫn 06-HD/TW (2025), 3.6 b"),
    ("recognition", 2, 3, False, "ít nhất hai phần ba (2/3)", "Điều lệ Đảng, Điều 5"),
    (
        "discipline",
        1,
        2,
        True,
        "hơn một nửa",
        "Quy định về kỷ luật đảng (chưa xác nhận bản hiện hành)",
    ),
    (
        "expulsion",
        2,
        3,
        False,
        "ít nhất hai phần ba (2/3)",
        "Quy định về kỷ luật đảng (chưa xác nhận bản hiện hành)",
    ),
    ("other", 1, 2, True, "hơn một nửa", "Điều lệ Đảng, Điều 9 khoản 5"),
]


def load(apps) -> None:
    CatalogItem = apps.get_model("minutes", "CatalogItem")
    VotingRule = apps.get_model("minutes", "VotingRule")
    for catalog, catalog_name, group_code, group_name, item in iter_items():
        CatalogItem.objects.get_or_create(
            code=item["code"],
            defaults={
                "catalog": catalog,
                "catalog_name": catalog_name,
                "group_code": group_code,
                "group_name": group_name,
                "number": item["number"],
                "text": item["text"],
                "gloss_en": item["gloss_en"],
                "confidence": item["confidence"],
                # Historical models have no custom save(): fill the search key here.
                "search_text": fold(f"{item['code']} {item['text']}"),
            },
        )
    for kind, numerator, denominator, strict, label, source in VOTING_RULES:
        VotingRule.objects.get_or_create(
            kind=kind,
            defaults={
                "numerator": numerator,
                "denominator": denominator,
                "strict": strict,
                "label": label,
                "source": source,
            },
        )
