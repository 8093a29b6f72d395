"""Load tests: the meeting pages against the log-in page (wrk), then a PostgreSQL restart.

    scripts/with-postgres .venv/bin/python scripts/loadtest.py [all|pages|restart]
    (`make loadtest` runs `all`; `make loadtest LOADTEST_MODE=pages` only the first part)

Needs a throwaway PostgreSQL (DATABASE_URL, as scripts/with-postgres gives it):
the database is migrated and the demonstration data loaded over whatever is
there (the signed PDFs go to a temporary folder). The app runs under gunicorn
with DEBUG off.

Pages (issue 12): gunicorn with 2 sync workers; wrk, 10 s × 10 connections
for each page in turn, in one run: the log-in page (as a visitor sees it),
then as the demonstration `secretary` the seed meeting's page
`/meetings/<pk>/`, its preview and its editor. For each: requests per second,
latency (mean and percentiles), errors, the ratio to the log-in page's
requests per second, and the load average. The bars of issue 12: the meeting
page and the preview at least 50 % of the log-in page, the editor at least
25 %. Without wrk (Debian package `wrk`, installed by `make setup-bench`) the
load comes from a Python generator (threads, the standard library only): it
says so, and its figures are lower than wrk's, the client taking CPU from the
server; the ratios remain comparable within the run.

Restart (issue 11): 50 client connections (one thread each, keep-alive
HTTP/1.1, the standard library only) ask for the seed meeting as the
secretary, on gunicorn with 2 workers × 4 threads (gthread: threads overlap
the waits on PostgreSQL, and the gthread worker keeps connections alive; sync
workers close every connection after one request, so 50 keep-alive clients
would measure reconnects).
Phase 1: 30 s of load: requests per second, latency percentiles, errors.
Phase 2: the same load while PostgreSQL restarts (`pg_ctl restart -m fast`):
how many requests failed and how, whether each failure was a 503 with
Retry-After, and how long after the database was back the page answered 200.

Options (environment): LOADTEST_PAGE_SECONDS (10), LOADTEST_PAGE_CONNECTIONS
(10), LOADTEST_WRK_THREADS (2), LOADTEST_SYNC_WORKERS (2) for the pages;
LOADTEST_SECONDS (30), LOADTEST_CONNECTIONS (50), LOADTEST_WORKERS (2),
LOADTEST_THREADS (4) for the restart. The cluster's server binaries and data
directory come from BIENBAN_TEST_PG_BINDIR / BIENBAN_TEST_PGDATA when
scripts/with-postgres exports them; otherwise they are asked from the server
(`SHOW data_directory`, and the binary path in its postmaster.opts).
Exit status: 0 when the bars of issue 11 hold (no error in phase 1; in phase
2 every failure a 503 with Retry-After and a 200 within 2 s of the database
being back) and every page answered without error, 1 otherwise, 2 when it
cannot run. The ratios of issue 12 are printed with their bars; a missed
ratio is a figure to report, not a failure of the run.
"""

from __future__ import annotations

import http.client
import os
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
USERNAME, PASSWORD = "secretary", "bienban-demo"
SEED_TOPIC = "Tự soi, tự sửa"
# As the Makefile's BENCH_ENV: DEBUG off, as in production.
APP_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "loadtest-only-not-secret",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "BIENBAN_STATIC_MANIFEST": "false",
    # DEBUG off requires a public address (minutes.checks); example.org is reserved (RFC 2606).
    "BIENBAN_SITE_URL": "https://bienban.example.org",
    "DJANGO_LOG_LEVEL": "WARNING",  # one line per request would be the bottleneck
}
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "30"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "50"))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "2"))
THREADS = int(os.environ.get("LOADTEST_THREADS", "4"))
PAGE_SECONDS = int(os.environ.get("LOADTEST_PAGE_SECONDS", "10"))
PAGE_CONNECTIONS = int(os.environ.get("LOADTEST_PAGE_CONNECTIONS", "10"))
WRK_THREADS = int(os.environ.get("LOADTEST_WRK_THREADS", "2"))
SYNC_WORKERS = int(os.environ.get("LOADTEST_SYNC_WORKERS", "2"))
MODES = ("all", "pages", "restart")
# Set by main(): issued PDFs of load_demo go to the run's temporary folder.
MEDIA_ROOT: Path | None = None


def fail(message: str) -> None:
    print(f"loadtest: {message}", file=sys.stderr)
    sys.exit(2)


def environment() -> dict[str, str]:
    env = {**os.environ, **APP_ENV}
    env.setdefault("BIENBAN_SIGNING_PASSPHRASE", "bienban-demo-signing")
    if MEDIA_ROOT is not None:
        env["BIENBAN_MEDIA_ROOT"] = str(MEDIA_ROOT)
    return env


def manage(*args: str) -> str:
    done = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=environment(),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        fail(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the PostgreSQL cluster ----------------------------------------------------


@dataclass
class Cluster:
    bindir: Path
    datadir: Path
    owner: str | None  # run pg_ctl as this user (root may not run it)

    def restart(self, output: Path) -> int:
        """`pg_ctl restart -m fast`, waiting until the server accepts connections again."""
        # The server log goes to a file (-l): a server started with our pipes as
        # its stdout would keep them open, and waiting for them would never end.
        log = self.datadir.parent / "server.log"
        command = [str(self.bindir / "pg_ctl"), "restart", "-D", str(self.datadir)]
        command += ["-m", "fast", "-w", "-t", "60", "-s", "-l", str(log)]
        if self.owner:
            command = ["runuser", "-u", self.owner, "--", *command]
        with output.open("ab") as sink:
            # From a directory the cluster's owner can read, as scripts/with-postgres does.
            return subprocess.run(
                command,
                cwd=self.datadir.parent,
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=sink,
                check=False,
                timeout=90,
            ).returncode


def find_cluster(meeting_info: dict) -> Cluster:
    bindir = os.environ.get("BIENBAN_TEST_PG_BINDIR")
    datadir = os.environ.get("BIENBAN_TEST_PGDATA") or meeting_info["data_directory"]
    if not bindir:
        # postmaster.opts holds the command line the server was started with.
        opts = Path(datadir, "postmaster.opts")
        try:
            first = shlex.split(opts.read_text())[0]
        except (OSError, IndexError) as exc:
            fail(
                f"cannot read {opts} to find the server binaries ({exc}); "
                "set BIENBAN_TEST_PG_BINDIR"
            )
        bindir = str(Path(first).parent)
    owner = None
    if os.geteuid() == 0:
        import pwd

        owner = pwd.getpwuid(Path(datadir).stat().st_uid).pw_name
        if owner == "root":
            owner = None
    if not Path(bindir, "pg_ctl").exists():
        fail(f"no pg_ctl in {bindir}")
    return Cluster(Path(bindir), Path(datadir), owner)


def database_facts() -> dict:
    """The seed meeting's id and the cluster's data directory, asked through Django."""
    out = manage(
        "shell",
        "-c",
        "from django.db import connection\n"
        "from minutes.models import Meeting\n"
        f"m = Meeting.objects.filter(topic={SEED_TOPIC!r}, version=1).order_by('pk').first()\n"
        "c = connection.cursor(); c.execute('SHOW data_directory')\n"
        "print('MEETING', m.pk, m.date.isoformat()); print('DATA', c.fetchone()[0])",
    )
    facts = {}
    for line in out.splitlines():
        if line.startswith("MEETING "):
            _, pk, date = line.split()
            facts["meeting"], facts["date"] = int(pk), date
        elif line.startswith("DATA "):
            facts["data_directory"] = line[5:].strip()
    if "meeting" not in facts:
        fail(f"the seed meeting was not found:\n{out}")
    return facts


# --- the app -----------------------------------------------------------------


def start_gunicorn(port: int, log: Path, *, sync: bool = False) -> subprocess.Popen:
    """gunicorn on `port`: `SYNC_WORKERS` sync workers, or `WORKERS` × `THREADS` gthread."""
    command = [
        str(GUNICORN),
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        "--timeout=60",
        "--graceful-timeout=5",
        f"--error-logfile={log}",
    ]
    if sync:
        command += [f"--workers={SYNC_WORKERS}", "--worker-class=sync"]
    else:
        command += [
            f"--workers={WORKERS}",
            f"--threads={THREADS}",
            "--worker-class=gthread",
            "--keep-alive=30",
        ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            fail(f"gunicorn stopped:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    process.terminate()
    fail("gunicorn did not answer within 30 s")
    raise AssertionError  # unreachable


def log_in(port: int) -> str:
    """The session cookie of the demonstration secretary."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    page = response.read().decode()
    cookies = _cookies(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None or "csrftoken" not in cookies:
        fail("the log-in page has no CSRF token")
    body = urlencode(
        {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    )
    conn.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Referer": f"http://127.0.0.1:{port}/accounts/login/",
        },
    )
    response = conn.getresponse()
    response.read()
    session = _cookies(response).get("sessionid")
    if response.status != 302 or not session:
        fail(f"log-in as {USERNAME} failed (HTTP {response.status})")
    return f"sessionid={session}"


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    out = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        out[name.strip()] = rest.split(";", 1)[0]
    return out


# --- the load ----------------------------------------------------------------


@dataclass
class Result:
    started: float
    ended: float
    status: int  # 0: no HTTP answer (connection refused, reset...)
    retry_after: bool
    error: str = ""


def load(
    port: int, path: str, cookie: str, seconds: float, during=None, connections: int = 0
) -> list[Result]:
    """`connections` (`CONNECTIONS`) threads asking for `path` for `seconds`; `during()` alongside."""
    results: list[Result] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    headers = {"Cookie": cookie, "Accept-Language": "vi"} if cookie else {"Accept-Language": "vi"}

    def client() -> None:
        conn = None
        mine = []
        while time.monotonic() < stop:
            started = time.monotonic()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                mine.append(
                    Result(
                        started,
                        time.monotonic(),
                        response.status,
                        response.getheader("Retry-After") is not None,
                    )
                )
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as exc:
                mine.append(Result(started, time.monotonic(), 0, False, type(exc).__name__))
                if conn is not None:
                    conn.close()
                conn = None
                time.sleep(0.05)
        if conn is not None:
            conn.close()
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(connections or CONNECTIONS)]
    for thread in threads:
        thread.start()
    if during is not None:
        during()
    for thread in threads:
        thread.join()
    return sorted(results, key=lambda r: r.started)


def load_average() -> str:
    """The 1, 5 and 15-minute load averages: the figures mean little on a busy machine."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def describe(results: list[Result], seconds: float) -> None:
    ok = [r for r in results if r.status == 200]
    latencies = [(r.ended - r.started) * 1000 for r in ok]
    errors = len(results) - len(ok)
    print(f"  requests: {len(results)}, {len(results) / seconds:.1f}/s; errors: {errors}")
    if latencies:
        print(
            "  latency of the 200s (ms): "
            f"p50 {percentile(latencies, 50):.0f}, p90 {percentile(latencies, 90):.0f}, "
            f"p99 {percentile(latencies, 99):.0f}, max {max(latencies):.0f}, "
            f"mean {statistics.fmean(latencies):.0f}"
        )
    print(f"  load average: {load_average()}")


def status_counts(results: list[Result]) -> str:
    counts: dict[str, int] = {}
    for r in results:
        key = f"HTTP {r.status}" if r.status else f"no answer ({r.error})"
        counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "none"


def restart_mode(facts: dict, workdir: Path) -> bool:
    """Issue 11: 50 connections on the seed meeting, then across a PostgreSQL restart."""
    cluster = find_cluster(facts)
    path = f"/meetings/{facts['meeting']}/"
    port = free_port()
    log = workdir / "gunicorn-gthread.log"
    gunicorn = start_gunicorn(port, log)
    passed = True
    try:
        cookie = log_in(port)
        print(
            f"\n== Restart (issue 11) ==\n"
            f"loadtest: gunicorn {WORKERS} workers × {THREADS} threads (gthread) on 127.0.0.1:{port}; "
            f"{CONNECTIONS} connections; GET {path} (the meeting of {facts['date']}) "
            f"as {USERNAME}"
        )
        # A few requests first, so that the first measured ones do not pay for imports.
        load_warm = load(port, path, cookie, 2)
        if not any(r.status == 200 for r in load_warm):
            fail(f"the meeting page does not answer 200 ({status_counts(load_warm)})")

        print(f"\nPhase 1: {SECONDS} s of load")
        results = load(port, path, cookie, SECONDS)
        describe(results, SECONDS)
        if any(r.status != 200 for r in results):
            print(f"  not 200: {status_counts([r for r in results if r.status != 200])}")
            passed = False

        print(
            f"\nPhase 2: {SECONDS} s of load, PostgreSQL restarted (pg_ctl restart -m fast) at 5 s"
        )
        marks: dict[str, float] = {}

        def restart() -> None:
            time.sleep(min(5, SECONDS / 3))
            marks["down"] = time.monotonic()
            output = workdir / "pg_ctl.out"
            code = cluster.restart(output)
            marks["back"] = time.monotonic()
            if code != 0:
                print(f"  pg_ctl restart failed ({code}): {output.read_text(errors='replace')}")

        results = load(port, path, cookie, SECONDS, during=restart)
        describe(results, SECONDS)
        if "back" not in marks:
            fail("the restart did not happen")
        failed = [r for r in results if r.status != 200]
        proper = [r for r in failed if r.status == 503 and r.retry_after]
        print(
            f"  PostgreSQL down at {marks['down'] - results[0].started:.2f} s, back (accepting "
            f"connections) {marks['back'] - marks['down']:.2f} s later"
        )
        print(f"  failed requests: {len(failed)} ({status_counts(failed)})")
        every_503 = len(proper) == len(failed)
        print(
            "  every failed request a 503 with Retry-After: "
            + ("yes" if every_503 else f"NO ({len(failed) - len(proper)} were not)")
        )
        # Strict: a request sent after the database was back (it waits its turn
        # behind the other connections: see the latency above).
        after = [r for r in results if r.started >= marks["back"] and r.status == 200]
        answered = [r.ended for r in results if r.ended >= marks["back"] and r.status == 200]
        recovery = min(r.ended for r in after) - marks["back"] if after else float("inf")
        print(
            "  first 200 after the database was back: "
            + (f"{min(answered) - marks['back']:.2f} s" if answered else "NEVER")
            + "; first 200 to a request sent after it was back: "
            + (f"{recovery:.2f} s" if after else "NEVER")
        )
        last_failure = max((r.ended for r in failed), default=None)
        if last_failure is not None:
            print(
                f"  last failure ended {last_failure - marks['back']:+.2f} s from the database being back"
            )
        passed = passed and every_503 and recovery <= 2
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=15)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
    report_tracebacks(log)
    print(f"\nrestart: {'PASS' if passed else 'FAIL'} (the bars of issue 11)")
    return passed


def report_tracebacks(log: Path) -> None:
    errors = [line for line in log.read_text(errors="replace").splitlines() if "Traceback" in line]
    if errors:
        print(f"\ngunicorn logged {len(errors)} traceback(s): see {log}")


# --- pages against the log-in page (issue 12) -----------------------------------


@dataclass
class PageRun:
    label: str
    path: str
    cookie: str  # "" for the log-in page, as a visitor asks for it
    bar: float | None  # the least share of the log-in page's requests per second
    requests_per_second: float = 0.0
    latency_ms: dict[str, float] | None = None  # mean, p50, p90, p99, max
    errors: str = ""
    size: int = 0
    load: str = ""


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _wrk_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNIT_MS[unit]


def run_wrk(port: int, page: PageRun) -> None:
    """wrk on one page for PAGE_SECONDS; its requests per second, latency and errors."""
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{PAGE_CONNECTIONS}", f"-d{PAGE_SECONDS}s"]
    command += ["--latency", "-H", "Accept-Language: vi"]
    if page.cookie:
        command += ["-H", f"Cookie: {page.cookie}"]
    command.append(f"http://127.0.0.1:{port}{page.path}")
    done = subprocess.run(command, capture_output=True, text=True, timeout=PAGE_SECONDS + 60)
    out = done.stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if done.returncode != 0 or rate is None:
        fail(f"wrk failed on {page.path}:\n{out}{done.stderr}")
    page.requests_per_second = float(rate.group(1))
    latency = re.search(r"Latency\s+(\S+)\s+\S+\s+(\S+)", out)
    percentiles = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)$", out, re.MULTILINE))
    page.latency_ms = {
        "mean": _wrk_ms(latency.group(1)),
        "max": _wrk_ms(latency.group(2)),
        **{f"p{k}": _wrk_ms(v) for k, v in percentiles.items()},
    }
    # wrk prints these lines only when something went wrong (a socket error
    # line may hold only zeros but one kind).
    problems = re.findall(r"(Non-2xx or 3xx responses: \d+|Socket errors: [^\n]+)", out)
    page.errors = "; ".join(p for p in problems if re.search(r"[1-9]", p))


def run_python(port: int, page: PageRun) -> None:
    """The fallback without wrk: PAGE_CONNECTIONS threads of http.client for PAGE_SECONDS."""
    results = load(port, page.path, page.cookie, PAGE_SECONDS, connections=PAGE_CONNECTIONS)
    ok = [(r.ended - r.started) * 1000 for r in results if r.status == 200]
    page.requests_per_second = len(results) / PAGE_SECONDS
    if ok:
        page.latency_ms = {
            "mean": statistics.fmean(ok),
            "max": max(ok),
            **{f"p{p}": percentile(ok, p) for p in (50, 90, 99)},
        }
    failed = [r for r in results if r.status != 200]
    page.errors = f"not 200: {status_counts(failed)}" if failed else ""


def fetch(port: int, path: str, cookie: str) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept-Language": "vi", **({"Cookie": cookie} if cookie else {})}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, len(body)


def pages_mode(facts: dict, workdir: Path) -> bool:
    """Issue 12: requests per second of the meeting pages against the log-in page."""
    port = free_port()
    log = workdir / "gunicorn-sync.log"
    gunicorn = start_gunicorn(port, log, sync=True)
    wrk = shutil.which("wrk")
    try:
        cookie = log_in(port)
        meeting = f"/meetings/{facts['meeting']}/"
        pages = [
            PageRun("log-in page", "/accounts/login/", "", None),
            PageRun("seed meeting: page", meeting, cookie, 0.50),
            PageRun("seed meeting: preview", f"{meeting}preview/", cookie, 0.50),
            PageRun("seed meeting: editor", f"{meeting}edit/", cookie, 0.25),
        ]
        print(
            f"\n== Pages (issue 12) ==\nloadtest: gunicorn {SYNC_WORKERS} sync workers on "
            f"127.0.0.1:{port}; PostgreSQL; DEBUG off; "
            + (
                f"wrk {PAGE_SECONDS} s × {PAGE_CONNECTIONS} connections ({WRK_THREADS} threads)"
                if wrk
                else f"NO wrk here (install the Debian package `wrk`, or `make setup-bench`): "
                f"a Python load generator, {PAGE_SECONDS} s × {PAGE_CONNECTIONS} threads; its "
                "figures are lower than wrk's (the client takes CPU from the server), compare "
                "the ratios"
            )
            + f"; the meeting of {facts['date']} as {USERNAME}, the log-in page as a visitor"
        )
        # Every page answers 200, and each worker has rendered each page before the timing.
        for page in pages:
            for _ in range(4 * SYNC_WORKERS):
                status, page.size = fetch(port, page.path, page.cookie)
                if status != 200:
                    fail(f"{page.path} answered HTTP {status}")
        for page in pages:
            (run_wrk if wrk else run_python)(port, page)
            page.load = load_average().split()[0]
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=15)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
    base = pages[0].requests_per_second
    print(
        f"\n{'page':<24} {'req/s':>7} {'mean':>7} {'p50':>7} {'p90':>7} {'p99':>7}  "
        f"{'KiB':>6} {'of log-in':>9}  {'bar':<12} {'load':>5}"
    )
    for page in pages:
        lat = page.latency_ms or {}
        ratio = page.requests_per_second / base if base else float("nan")
        if page.bar is None:
            verdict = ""
        else:
            verdict = f"≥ {page.bar:.0%}" + ("" if ratio >= page.bar else " MISSED")
        print(
            f"{page.label:<24} {page.requests_per_second:>7.1f} "
            + " ".join(f"{lat.get(k, float('nan')):>5.0f}ms" for k in ("mean", "p50", "p90", "p99"))
            + f"  {page.size / 1024:>6.1f} {ratio:>9.0%}  {verdict:<12} {page.load:>5}"
        )
        if page.errors:
            print(f"  {page.label}: {page.errors}")
    print(f"  load average: {load_average()}")
    report_tracebacks(log)
    return not any(page.errors for page in pages)


def main() -> int:
    global MEDIA_ROOT
    mode = sys.argv[1] if len(sys.argv) > 1 else "all"
    if mode not in MODES or len(sys.argv) > 2:
        fail(f"usage: {sys.argv[0]} [{'|'.join(MODES)}]")
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in ("postgres", "postgresql", "pgsql"):
        fail("DATABASE_URL must name a throwaway PostgreSQL: run under scripts/with-postgres")
    workdir = Path(tempfile.mkdtemp(prefix="bienban-loadtest."))
    MEDIA_ROOT = workdir / "media"
    print(
        f"loadtest: migrating and loading the demonstration data (files in {workdir})…", flush=True
    )
    manage("migrate", "--noinput", "-v", "0")
    manage("load_demo", "--force", "-v", "0")
    facts = database_facts()
    print(f"loadtest: load average {load_average()}")
    passed = True
    try:
        if mode in ("all", "pages"):
            passed = pages_mode(facts, workdir) and passed
        if mode in ("all", "restart"):
            passed = restart_mode(facts, workdir) and passed
    finally:
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)  # the logs stay in workdir
    print(f"\nloadtest: {'PASS' if passed else 'FAIL'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
