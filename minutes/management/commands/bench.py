"""Measure the server time and query count of the app's main pages.

A benchmark, not a test: it prints the median over repeated requests, and the
query count, for each page listed in `minutes.benchmarks.<area>.pages()`,
against whatever database DATABASE_URL names (run `load_demo` or
`generate_volume` first). It changes nothing: the import area
(`--area import`) writes a generated 5,000-row file inside a transaction
that it rolls back.
"""

from __future__ import annotations

import importlib
import os
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from minutes.benchmarks import AREA_MODULES, AREAS, Page


def _load_average() -> str:
    """The machine's load, printed with the figures: they mean little on a busy machine."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


class Command(BaseCommand):
    help = "Print median server time and query count of the main pages."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20, help="requests per page (default 20)")
        parser.add_argument("--area", action="append", choices=AREAS, help="only these areas")

    def handle(self, *args, repeat: int, area: list[str] | None, **options):
        pages: list[Page] = []
        timed = []
        for name in area or AREAS:
            try:
                module = importlib.import_module(
                    f"minutes.benchmarks.{AREA_MODULES.get(name, name)}"
                )
            except ModuleNotFoundError:
                continue
            if hasattr(module, "pages"):
                pages.extend(module.pages())
            if hasattr(module, "timings"):
                timed.append(module)
        users = get_user_model().objects.in_bulk([p.username for p in pages], field_name="username")
        self.stdout.write(
            f"database: {connection.vendor}; {repeat} requests per page; median server time; "
            f"{_load_average()}\n"
        )
        if pages:
            self.stdout.write(f"{'page':<44} {'median ms':>10} {'queries':>8}  target")
        failures = 0
        for page in pages:
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(users[page.username])
            url = page.url()
            client.get(url)  # warm caches, templates, connection
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            median = statistics.median(times)
            ok = (
                response.status_code == 200
                and median <= page.target_ms
                and len(queries) <= page.target_queries
            )
            failures += not ok
            self.stdout.write(
                f"{page.label:<44} {median:>10.1f} {len(queries):>8}  "
                f"≤ {page.target_ms:g} ms, ≤ {page.target_queries} queries"
                f"{'' if ok else '  MISSED' + ('' if response.status_code == 200 else f' (HTTP {response.status_code})')}"
            )
        if pages:
            self.stdout.write(f"\n{len(pages) - failures}/{len(pages)} pages within target")
        for module in timed:
            self.stdout.write("")
            for timing in module.timings():
                ok = timing.seconds <= timing.target_seconds
                self.stdout.write(
                    f"{timing.label:<52} {timing.seconds:>8.2f} s  ≤ {timing.target_seconds:g} s"
                    f"{'' if ok else '  MISSED'}"
                )
