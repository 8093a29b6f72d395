"""`manage.py bench --here` on a database without the demonstration data.

A database filled only by `generate_volume` has no `secretary` and no seed
meeting: the pages measured on them are reported as skipped, with what to
run, and the others are measured (it used to stop with KeyError: 'secretary').
"""

from __future__ import annotations

import io

from django.core.management import call_command

from members.models import Role
from tests.factories import UserFactory, grant


def test_bench_skips_what_the_database_lacks_and_measures_the_rest(world):
    volume_reviewer = UserFactory(username="vol_reviewer")
    grant(volume_reviewer, world.province, Role.REVIEWER)
    out = io.StringIO()
    call_command(
        "bench", "--here", "--area", "recording", "--area", "oversight", "--repeat", "1", stdout=out
    )
    lines = out.getvalue().splitlines()
    skipped = [line for line in lines if "skipped: no user 'secretary'" in line]
    assert any(line.startswith("seed meeting: meeting page") for line in skipped)
    assert any(line.startswith("first view after an edit: editor") for line in skipped)
    (statistics,) = [line for line in lines if line.startswith("oversight: statistics")]
    median, queries, kib = statistics[44:].split()[:3]
    assert float(median) > 0 and int(queries) > 0 and float(kib) > 0
    assert "HTTP" not in statistics  # it answered 200
    assert "load average" in lines[-1]
