"""The roster import for `manage.py bench --area import`: a generated 5,000-row file.

Unlike the page areas this one times a service, not a request: the preview
(read and check every row) and the confirmation (write cells, members, history
events and audit events in one transaction). Everything is made and written
inside a transaction that is rolled back at the end, so the benchmark leaves
the database as it found it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

ROWS = 5000


@dataclass(frozen=True)
class Timing:
    label: str
    seconds: float
    target_seconds: float


class _RollBack(Exception):
    pass


def timings(rows: int = ROWS) -> list[Timing]:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from members.importing.template import benchmark_rows, workbook_bytes
    from members.models import Organization, OrganizationKind, Role, RoleGrant
    from members.services.imports import apply_import, preview_import

    content = workbook_bytes(benchmark_rows(rows))
    results: list[Timing] = []
    try:
        with transaction.atomic():
            committee = Organization.objects.create(
                name="Đảng bộ đo thời gian nhập tệp",
                kind=OrganizationKind.AGENCY_COMMITTEE,
                place_name="Hà Tĩnh",
            )
            user = get_user_model().objects.create(username="bench-import-staff")
            RoleGrant.objects.create(user=user, organization=committee, role=Role.REVIEWER)
            started = time.perf_counter()
            register_import, plan = preview_import(
                committee=committee, content=content, file_name="bench.xlsx", by=user
            )
            preview_s = time.perf_counter() - started
            assert plan.ok and plan.rows == rows, plan.errors[:3]
            started = time.perf_counter()
            apply_import(register_import, by=user, confirm_new_cells=True)
            apply_s = time.perf_counter() - started
            label = f"import: {rows} rows, {len(plan.cells)} new cells"
            results += [
                Timing(f"{label} – preview", preview_s, 15.0),
                Timing(f"{label} – apply", apply_s, 15.0),
                Timing(f"{label} – preview + apply", preview_s + apply_s, 30.0),
            ]
            raise _RollBack
    except _RollBack:
        pass
    return results
