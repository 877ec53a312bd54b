"""Benchmark of the organisation-tree pages on a synthetic federation.

    .venv/bin/python benchmarks/tree.py [--provinces 34] [--districts 10] [--grassroots 30]

Builds the tree in its own database (``BENCH_DATABASE_URL``, default ``var/bench.sqlite3``; use
a ``postgres://`` URL to measure PostgreSQL), then requests the unit browser, a search without
diacritics and unit pages as a national officer through Django's test client, and prints the
median and 95th percentile time and the query count of each. Figures, not assertions.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--districts", type=int, default=10)
    parser.add_argument("--grassroots", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)

    from accounts.models import User
    from unions.enums import Role, UnitKind
    from unions.models import RoleGrant, Unit

    if not Unit.objects.filter(code="B-ROOT").exists():
        started = time.perf_counter()
        root = Unit.add_root(
            code="B-ROOT",
            name="Tổng Liên đoàn (thử tải)",
            kind=UnitKind.NATIONAL_FEDERATION,
            valid_from="1929-07-28",
        )
        rows = []
        for p in range(args.provinces):
            p_path = root.path + Unit._get_path(None, 1, p + 1)[-4:]
            rows.append(
                Unit(
                    path=p_path,
                    depth=2,
                    numchild=args.districts,
                    code=f"B-P{p}",
                    name=f"Liên đoàn Lao động tỉnh Thử {p} Đông Hà",
                    kind=UnitKind.PROVINCIAL_FEDERATION,
                    valid_from="1990-01-01",
                )
            )
            for d in range(args.districts):
                d_path = p_path + Unit._get_path(None, 1, d + 1)[-4:]
                rows.append(
                    Unit(
                        path=d_path,
                        depth=3,
                        numchild=args.grassroots,
                        code=f"B-P{p}-D{d}",
                        name=f"Công đoàn phường Thử {p}-{d}",
                        kind=UnitKind.COMMUNE_UNION,
                        valid_from="2025-07-01",
                    )
                )
                for g in range(args.grassroots):
                    rows.append(
                        Unit(
                            path=d_path + Unit._get_path(None, 1, g + 1)[-4:],
                            depth=4,
                            numchild=0,
                            code=f"B-P{p}-D{d}-G{g}",
                            name=f"Công đoàn cơ sở Công ty Sáng kiến {p}-{d}-{g}",
                            kind=UnitKind.GRASSROOTS_UNION,
                            valid_from="2010-01-01",
                        )
                    )
        Unit.objects.bulk_create(rows, batch_size=2000)
        Unit.objects.filter(pk=root.pk).update(numchild=args.provinces)
        print(f"built {len(rows) + 1} units in {time.perf_counter() - started:.1f}s")
        # Fresh planner statistics, as autovacuum would gather after a bulk load.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    root = Unit.objects.get(code="B-ROOT")
    officer, _ = User.objects.get_or_create(
        email="bench@example.vn", defaults={"last_name": "Thử", "first_name": "Tải"}
    )
    RoleGrant.objects.get_or_create(
        user=officer, unit=root, role=Role.OFFICER, defaults={"valid_from": "2020-01-01"}
    )
    province = Unit.objects.get(code="B-P0")
    client = Client()
    client.force_login(officer)

    cases = {
        "browse top": "/don-vi/",
        "browse children of national": f"/don-vi/?parent={root.pk}",
        "search 'dong ha'": "/don-vi/?q=dong+ha",
        "search 'sang kien 3-4'": "/don-vi/?q=sang+kien+3-4",
        "unit page (province)": f"/don-vi/{province.pk}/",
        "unit page (national)": f"/don-vi/{root.pk}/",
    }
    print(f"{Unit.objects.count()} units on {connection.vendor}")
    print(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for label, url in cases.items():
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(f"{label:32} {statistics.median(timings):8.1f} {p95:8.1f} {len(queries):8d}")


if __name__ == "__main__":
    main()
