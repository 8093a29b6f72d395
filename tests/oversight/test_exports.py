"""CSV and XLSX exports: the same rows as the page, text never turned into formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from minutes.oversight.exports import Table, csv_bytes, xlsx_bytes
from tests.oversight.conftest import hold

HOSTILE = Table(
    "t",
    "Bảng thử",
    ["Chi bộ", "Nội dung", "Số", "Ngày"],
    [["Chi bộ A1", '=HYPERLINK("http://x")', 3, dt.date(2024, 6, 30)], ["B", "-2+3", None, None]],
)


def test_csv_is_utf8_with_bom_and_formulas_are_text():
    body = csv_bytes(HOSTILE)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["Chi bộ", "Nội dung", "Số", "Ngày"]
    assert rows[1] == ["Chi bộ A1", '\'=HYPERLINK("http://x")', "3", "30/06/2024"]
    assert rows[2] == ["B", "'-2+3", "", ""]


def test_xlsx_keeps_types_and_never_writes_formulas():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(HOSTILE))).active
    assert sheet.title == "Bảng thử"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == "Chi bộ A1"
    assert values[1][1] == '=HYPERLINK("http://x")'
    assert sheet.cell(row=2, column=2).data_type == "s"
    assert values[1][2] == 3
    assert values[1][3].date() == dt.date(2024, 6, 30)


def test_every_oversight_table_exports(world, client):
    hold(
        world.a1,
        dt.date(2024, 3, 12),
        shortcomings=(("Còn nể nang.", ("SD-TT-5",)),),
        actions=(("Học tập lại nghị quyết", dt.date(2024, 4, 30), 2),),
        decisions=((5, 0),),
    )
    from minutes.services.oversight import create_campaign

    campaign = create_campaign(
        committee=world.a, topic="Tự soi, tự sửa", deadline=dt.date(2099, 1, 1), by=world.reviewer_a
    )
    client.force_login(world.reviewer_a)
    query = f"?org={world.a.pk}&start=2024-01-01&end=2024-12-31"
    urls = [
        reverse("oversight_dashboard") + "?org=" + str(world.a.pk),
        reverse("campaign_list") + "?org=" + str(world.a.pk),
        reverse("campaign_detail", args=[campaign.pk]) + "?x=1",
        reverse("followup_board") + "?org=" + str(world.a.pk),
        reverse("regularity") + f"?org={world.a.pk}&year=2024",
        *(
            reverse("statistics") + query + f"&table={t}"
            for t in ("cells", "units", "shortcomings", "decisions")
        ),
        reverse("statistics") + f"?org={world.a1.pk}&start=2024-01-01&end=2024-12-31&table=members",
    ]
    for url in urls:
        for fmt in ("csv", "xlsx"):
            response = client.get(f"{url}&format={fmt}")
            assert response.status_code == 200, url
            assert "attachment;" in response["Content-Disposition"]
            if fmt == "xlsx":
                sheet = load_workbook(io.BytesIO(response.content)).active
                assert sheet.max_row >= 2, url
    board = client.get(reverse("followup_board") + "?format=csv").content.decode("utf-8-sig")
    assert "Học tập lại nghị quyết" in board and "Quá hạn" in board
    assert client.get(reverse("followup_board") + "?format=exe").status_code == 404
