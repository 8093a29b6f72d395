"""Load test of the seed meeting page, then the same load across a PostgreSQL restart.

    scripts/with-postgres .venv/bin/python scripts/loadtest.py   (what `make loadtest` runs)

Needs a throwaway PostgreSQL (DATABASE_URL, as scripts/with-postgres gives it):
the database is migrated and the demonstration data loaded over whatever is
there. The app runs under gunicorn with DEBUG off; 50 client connections
(one thread each, keep-alive HTTP/1.1, the standard library only) ask for the
meeting of 21/6/2022 as the demonstration secretary.

Phase 1: 30 s of load: requests per second, latency percentiles, errors.
Phase 2: the same load while PostgreSQL restarts (`pg_ctl restart -m fast`):
how many requests failed and how, whether each failure was a 503 with
Retry-After, and how long after the database was back the page answered 200.

gunicorn: 2 worker processes (one per core of this 2-core machine: rendering a
page is CPU work, and the GIL lets one process use one core) with 4 threads
each (gthread): threads overlap the waits on PostgreSQL, and the gthread
worker keeps connections alive; sync workers close every connection after
one request, so 50 keep-alive clients would measure reconnects.

Options (environment): LOADTEST_SECONDS (30), LOADTEST_CONNECTIONS (50),
LOADTEST_WORKERS (2), LOADTEST_THREADS (4). The cluster's server binaries and
data directory come from BIENBAN_TEST_PG_BINDIR / BIENBAN_TEST_PGDATA when
scripts/with-postgres exports them; otherwise they are asked from the server
(`SHOW data_directory`, and the binary path in its postmaster.opts).
Exit status: 0 when the bars of issue 11 hold (no error in phase 1; in phase
2 every failure a 503 with Retry-After and a 200 within 2 s of the database
being back), 1 otherwise, 2 when it cannot run.
"""

from __future__ import annotations

import http.client
import os
import re
import shlex
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
    "DJANGO_LOG_LEVEL": "WARNING",  # one line per request would be the bottleneck
}
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "30"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "50"))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "2"))
THREADS = int(os.environ.get("LOADTEST_THREADS", "4"))


def fail(message: str) -> None:
    print(f"loadtest: {message}", file=sys.stderr)
    sys.exit(2)


def environment() -> dict[str, str]:
    env = {**os.environ, **APP_ENV}
    env.setdefault("BIENBAN_SIGNING_PASSPHRASE", "bienban-demo-signing")
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


def start_gunicorn(port: int, log: Path) -> subprocess.Popen:
    command = [
        str(GUNICORN),
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={WORKERS}",
        f"--threads={THREADS}",
        "--worker-class=gthread",
        "--keep-alive=30",
        "--timeout=60",
        "--graceful-timeout=5",
        f"--error-logfile={log}",
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


def load(port: int, path: str, cookie: str, seconds: float, during=None) -> list[Result]:
    """`CONNECTIONS` threads asking for `path` for `seconds`; `during()` runs alongside."""
    results: list[Result] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    headers = {"Cookie": cookie, "Accept-Language": "vi"}

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

    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    if during is not None:
        during()
    for thread in threads:
        thread.join()
    return sorted(results, key=lambda r: r.started)


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
    print(f"  load average: {Path('/proc/loadavg').read_text().strip()}")


def status_counts(results: list[Result]) -> str:
    counts: dict[str, int] = {}
    for r in results:
        key = f"HTTP {r.status}" if r.status else f"no answer ({r.error})"
        counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "none"


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in ("postgres", "postgresql", "pgsql"):
        fail("DATABASE_URL must name a throwaway PostgreSQL: run under scripts/with-postgres")
    print("loadtest: migrating and loading the demonstration data…", flush=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("load_demo", "--force", "-v", "0")
    facts = database_facts()
    cluster = find_cluster(facts)
    path = f"/meetings/{facts['meeting']}/"
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="bienban-loadtest."))
    log = workdir / "gunicorn.log"
    gunicorn = start_gunicorn(port, log)
    passed = True
    try:
        cookie = log_in(port)
        print(
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
    errors = [line for line in log.read_text(errors="replace").splitlines() if "Traceback" in line]
    if errors:
        print(f"\ngunicorn logged {len(errors)} traceback(s): see {log}")
    print(f"\nloadtest: {'PASS' if passed else 'FAIL'} (the bars of issue 11)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
