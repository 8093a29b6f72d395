"""Measure the server time, query count and HTML size of the app's main pages.

    manage.py bench [--repeat 20] [--area AREA ...] [--keep FILE] [--postgres]
                    [--cells 300] [--years 5] [--no-volume]
    manage.py bench --here       against the database DATABASE_URL names, as it is
    manage.py bench --prepare    fill the (empty, throwaway) DATABASE_URL first

A benchmark, not a test. By default it prepares its own database, so it works
on a fresh checkout and never depends on (or touches) what `make run` left: a
temporary SQLite file, migrated and filled with the demonstration data
(`load_demo`), and with `generate_volume --cells 300 --years 5` (about 18,800
meetings) when an area measured on volume is asked for (review, oversight).
Preparing takes about two and a half minutes; `--keep FILE` keeps the prepared
SQLite file and reuses it when it exists. `--postgres` prepares a throwaway
PostgreSQL cluster instead (scripts/with-postgres). The measuring runs in a
child process (`--here`) on the prepared database.

For each page listed in `minutes.benchmarks.<area>.pages()` it prints the
median server time over repeated requests (Django's test client, one warm-up
request first), the query count and the HTML size, each line with the load
average of the moment: on a busy machine the times mean little. "First view
after an edit" pages edit the seed meeting through the service before each
request they time. The import area times the import of a generated 5,000-row
roster inside a transaction that it rolls back. Exit status 0 whatever the
figures (a missed target is marked MISSED); non-zero when preparing fails.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from minutes.benchmarks import AREA_MODULES, AREAS, VOLUME_AREAS, Page


def _load_average() -> str:
    """The machine's load, printed with the figures: they mean little on a busy machine."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def _load_now() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "?"


class Command(BaseCommand):
    help = "Print median server time, query count and HTML size of the main pages."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20, help="requests per page (default 20)")
        parser.add_argument("--area", action="append", choices=AREAS, help="only these areas")
        where = parser.add_mutually_exclusive_group()
        where.add_argument(
            "--here", action="store_true", help="measure the database DATABASE_URL names, as it is"
        )
        where.add_argument(
            "--prepare",
            action="store_true",
            help="migrate and fill DATABASE_URL (an empty throwaway database), then measure",
        )
        where.add_argument(
            "--postgres", action="store_true", help="prepare a throwaway PostgreSQL cluster"
        )
        parser.add_argument(
            "--keep",
            metavar="FILE",
            help="prepare the SQLite FILE (signed PDFs in FILE.media) once and reuse it afterwards",
        )
        parser.add_argument("--cells", type=int, default=300, help="generate_volume --cells")
        parser.add_argument("--years", type=int, default=5, help="generate_volume --years")
        parser.add_argument(
            "--no-volume", action="store_true", help="do not run generate_volume when preparing"
        )
        # What the parent process asks of the first child: prepare, measure nothing.
        parser.add_argument("--prepare-only", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        areas = options["area"] or AREAS
        if options["prepare_only"]:
            self.prepare(areas, options)
        elif options["here"]:
            self.measure(areas, options["repeat"])
        elif options["prepare"]:
            self.prepare(areas, options)
            self.measure(areas, options["repeat"])
        else:
            sys.exit(self.run_elsewhere(areas, options))

    # --- the database -------------------------------------------------------------------

    def run_elsewhere(self, areas: list[str], options) -> int:
        """Prepare a throwaway database and measure on it, in child processes."""
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench"]
        passed = ["--repeat", str(options["repeat"]), "--cells", str(options["cells"])]
        passed += ["--years", str(options["years"])]
        passed += [f"--area={area}" for area in areas]
        passed += ["--no-volume"] if options["no_volume"] else []
        # One line per request would drown the figures.
        env = {**os.environ, "DJANGO_LOG_LEVEL": "WARNING"}
        workdir = None
        if options["keep"]:
            path = Path(options["keep"]).resolve()
        else:
            workdir = Path(tempfile.mkdtemp(prefix="bienban-bench."))
            path = workdir / "bench.sqlite3"
        # The signed PDFs of load_demo go beside the database, not to the app's folder.
        env["BIENBAN_MEDIA_ROOT"] = str(path.with_name(path.name + ".media"))
        try:
            if options["postgres"]:
                # scripts/with-postgres uses DATABASE_URL when it is set: unset, it
                # starts a private cluster and removes it afterwards.
                env.pop("DATABASE_URL", None)
                script = Path(settings.BASE_DIR) / "scripts" / "with-postgres"
                command = [str(script), *manage, "--prepare", *passed]
                return subprocess.run(command, env=env).returncode
            if path.exists():
                self.stdout.write(f"bench: reusing the prepared database {path}")
            else:
                # Prepared under another name and renamed once complete, so that
                # an interrupted preparation is never reused.
                partial = path.with_name(path.name + ".partial")
                partial.unlink(missing_ok=True)
                env["DATABASE_URL"] = f"sqlite:///{partial}"
                code = subprocess.run([*manage, "--prepare-only", *passed], env=env).returncode
                if code != 0:
                    return code
                partial.rename(path)
            env["DATABASE_URL"] = f"sqlite:///{path}"
            return subprocess.run([*manage, "--here", *passed], env=env).returncode
        finally:
            if workdir is not None:
                shutil.rmtree(workdir, ignore_errors=True)

    def prepare(self, areas: list[str], options) -> None:
        volume = bool(VOLUME_AREAS & set(areas)) and not options["no_volume"]
        steps = [
            ("migrate", lambda: call_command("migrate", interactive=False, verbosity=0)),
            ("load_demo", lambda: call_command("load_demo", force=True, verbosity=0)),
        ]
        if volume:
            steps.append(
                (
                    f"generate_volume --cells {options['cells']} --years {options['years']}",
                    lambda: call_command(
                        "generate_volume", cells=options["cells"], years=options["years"]
                    ),
                )
            )
        db = settings.DATABASES["default"]
        self.stdout.write(
            f"bench: preparing a throwaway {connection.vendor} database ({db['NAME']})"
        )
        for label, step in steps:
            started = time.perf_counter()
            step()
            self.stdout.write(f"  {label}: {time.perf_counter() - started:.1f} s")

    # --- the figures --------------------------------------------------------------------

    def measure(self, areas: list[str], repeat: int) -> None:
        logging.getLogger("bienban.request").setLevel(logging.WARNING)
        # WhiteNoise's notice that `collectstatic` has not run: the pages do not need it.
        warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers")
        pages: list[Page] = []
        timed = []
        for name in areas:
            module = importlib.import_module(f"minutes.benchmarks.{AREA_MODULES.get(name, name)}")
            if hasattr(module, "pages"):
                pages.extend(module.pages())
            if hasattr(module, "timings"):
                timed.append(module)
        users = get_user_model().objects.in_bulk({p.username for p in pages}, field_name="username")
        from minutes.models import Meeting

        self.stdout.write(
            f"\ndatabase: {connection.vendor}, {Meeting.objects.count():,} meetings; DEBUG "
            f"{'on' if settings.DEBUG else 'off'}; {repeat} requests per page after one warm-up; "
            f"median server time (test client); {_load_average()}\n"
        )
        if pages:
            self.stdout.write(
                f"{'page':<44} {'median ms':>9} {'queries':>7} {'KiB':>6}  "
                f"{'target':<32} {'load':>5}"
            )
        failures = measured = 0
        for page in pages:
            user = users.get(page.username)
            try:
                if user is None:
                    raise LookupError(f"no user {page.username!r}: run `manage.py load_demo`")
                url = page.url()
            except LookupError as exc:
                self.stdout.write(f"{page.label:<44} skipped: {exc.args[0]}")
                continue
            ok, line = self.measure_page(page, user, url, repeat)
            measured += 1
            failures += not ok
            self.stdout.write(line)
        if measured:
            self.stdout.write(f"\n{measured - failures}/{measured} pages within target")
        for module in timed:
            self.stdout.write("")
            for timing in module.timings():
                ok = timing.seconds <= timing.target_seconds
                self.stdout.write(
                    f"{timing.label:<52} {timing.seconds:>8.2f} s  ≤ {timing.target_seconds:g} s"
                    f"{'' if ok else '  MISSED'}   load {_load_now()}"
                )
        self.stdout.write(f"\n{_load_average()}")

    def measure_page(self, page: Page, user, url: str, repeat: int) -> tuple[bool, str]:
        # A page that fails shows its HTTP status in the table instead of stopping the run.
        client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
        client.force_login(user)

        def get():
            if page.before_each is not None:
                page.before_each()
            started = time.perf_counter()
            response = client.get(url)
            return response, (time.perf_counter() - started) * 1000

        get()  # warm caches, templates, connection
        times = [get()[1] for _ in range(repeat)]
        if page.before_each is not None:
            page.before_each()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        median = statistics.median(times)
        status_ok = response.status_code == 200
        ok = (
            status_ok
            and median <= page.target_ms
            and (page.target_queries is None or len(queries) <= page.target_queries)
        )
        target = f"≤ {page.target_ms:g} ms" + (
            f", ≤ {page.target_queries} queries" if page.target_queries is not None else ""
        )
        missed = "" if ok else " MISSED" + ("" if status_ok else f" (HTTP {response.status_code})")
        line = (
            f"{page.label:<44} {median:>9.1f} {len(queries):>7} "
            f"{len(response.content) / 1024:>6.1f}  {target + missed:<32} {_load_now():>5}"
        )
        return ok, line
