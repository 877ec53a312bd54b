"""Benchmark of the public site, with and without its page cache.

    .venv/bin/python benchmarks/public_site.py [--requests 200] [--warmup 5]

Uses its own database (``BENCH_DATABASE_URL``, default ``var/bench-site.sqlite3``; a
``postgres://`` URL measures PostgreSQL) filled once by ``seed_demo`` (the demo site: news,
movements, the initiative bank, statistics, with the demo registry behind them; the ``demo`` app
that has the command is installed by the dev settings it runs under). Then, through
Django's test client (the whole middleware stack, no network), as a visitor who is not signed
in, it requests the home page, a news page, the initiative bank with a search and the
statistics page ``--requests`` times each: once with the cache off (every request rendered,
``PUBLIC_PAGE_CACHE_SECONDS=0``) and once with it on after one request has filled it. It prints
requests per second (one process, one request at a time) and the median and 95th percentile
time of each. Figures, not assertions.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def measure(client, url: str, count: int) -> list[float]:
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return timings


def p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-site.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from site_cms.models import NewsPage

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    if not NewsPage.objects.exists():
        print("Filling the benchmark database with seed_demo (once)…")
        call_command("seed_demo", verbosity=0)

    news = NewsPage.objects.live().order_by("-date").first()
    pages = [
        ("home page", "/"),
        ("news page", news.url),
        ("initiative bank, search", "/ngan-hang-sang-kien/?q=cai+tien"),
        ("statistics", "/thong-ke/"),
    ]
    client = Client()
    print(
        f"{'page':<26} {'cache':<6} {'req/s':>8} {'median ms':>10} {'p95 ms':>8}"
        f"   ({args.requests} requests each, database {connection_vendor()})"
    )
    for label, url in pages:
        for cached in (False, True):
            settings.PUBLIC_PAGE_CACHE_SECONDS = 300 if cached else 0
            cache.clear()
            measure(client, url, args.warmup)
            timings = measure(client, url, args.requests)
            print(
                f"{label:<26} {'on' if cached else 'off':<6} "
                f"{len(timings) / sum(timings):>8.1f} "
                f"{statistics.median(timings) * 1000:>10.1f} {p95(timings) * 1000:>8.1f}"
            )


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
