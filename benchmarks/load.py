"""Load test of the public site (issue 14 §8): gunicorn with two workers and the page cache on,
20 visitors for 60 seconds, a share of them searching the bank with phrases the cache has never
seen, and a monitor polling ``/healthz``. Prints requests, failures, p50 and p95 per page and
whether the targets (no failure, p95 under 1 s, ``/healthz`` included) were met.

    make load-test                      # or:
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python \
        benchmarks/load.py [--users 20] [--seconds 60] [--max-requests 20000] [--json PATH]

Run it on a database built by ``benchmarks/national.py`` (or any migrated and seeded one). It
serves the production settings (with ``SECURE_SSL_REDIRECT`` off, since it speaks plain HTTP on
loopback), Redis as the shared cache (database 7, flushed first) and static files collected into
a temporary folder. Bounded: locust stops at ``--seconds`` or after ``--max-requests`` requests,
whichever comes first, and everything it starts it stops. Figures, never assertions.
"""

import argparse
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGET_P95_MS = 1000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, static_root: str, cache_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        CACHE_URL=cache_url,
        STATIC_ROOT=static_root,
        PUBLIC_PAGE_CACHE_SECONDS="300",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def page_paths(env: dict[str, str]) -> tuple[str, str]:
    code = (
        "from site_cms.models import InitiativeBankPage, StatisticsPage;"
        "b = InitiativeBankPage.objects.live().first(); s = StatisticsPage.objects.live().first();"
        "print(b.url if b else '/'); print(s.url if s else '/')"
    )
    bank, statistics = manage(env, "shell", "-c", code).split()[-2:]
    return bank, statistics


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer {url} within {seconds:.0f} s")


def read_stats(prefix: Path) -> list[dict]:
    rows = []
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "name": row["Name"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "p50_ms": float(row["50%"] or 0),
                    "p95_ms": float(row["95%"] or 0),
                    "rps": float(row["Requests/s"] or 0),
                }
            )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL")
    if not database_url:
        raise SystemExit("Set BENCH_DATABASE_URL to a PostgreSQL database built by national.py.")

    with tempfile.TemporaryDirectory(prefix="load-") as tmp:
        env = server_env(database_url, str(Path(tmp) / "static"), args.cache_url)
        print("collecting static files …", flush=True)
        manage(env, "collectstatic", "--noinput", "-v", "0")
        bank, statistics = page_paths(env)
        import redis

        redis.Redis.from_url(args.cache_url).flushdb()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        try:
            wait_until_up(f"{base}/healthz")
            print(
                f"gunicorn ({args.workers} workers) on {base}; {args.users} users for "
                f"{args.seconds} s, at most {args.max_requests} requests",
                flush=True,
            )
            prefix = Path(tmp) / "load"
            locust_env = dict(os.environ, LOAD_MAX_REQUESTS=str(args.max_requests))
            subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(ROOT / "benchmarks" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(args.users),
                    "--run-time",
                    f"{args.seconds}s",
                    "--stop-timeout",
                    "10",
                    "--host",
                    base,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    "--bank-path",
                    bank,
                    "--statistics-path",
                    statistics,
                ],
                cwd=ROOT,
                env=locust_env,
                check=False,
                timeout=args.seconds + 120,
            )
            rows = read_stats(prefix)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()

    print(
        f"\n{'page':<26} {'requests':>9} {'failures':>9} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7}"
    )
    for row in rows:
        print(
            f"{row['name']:<26} {row['requests']:>9} {row['failures']:>9} "
            f"{row['p50_ms']:>8.0f} {row['p95_ms']:>8.0f} {row['rps']:>7.1f}"
        )
    total = next((r for r in rows if r["name"] == "Aggregated"), None)
    pages = [r for r in rows if r["name"] != "Aggregated"]
    met = (
        total is not None
        and total["failures"] == 0
        and all(r["p95_ms"] < TARGET_P95_MS for r in pages)
    )
    print(
        "\ntargets (no failure, p95 under 1 s on every page, /healthz included): "
        + ("met" if met else "MISSED")
    )
    if args.json:
        args.json.write_text(
            json.dumps({"users": args.users, "seconds": args.seconds, "pages": rows}, indent=2)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
