"""Benchmark of the members' import on a synthetic federation.

    .venv/bin/python benchmarks/imports.py [--rows 100000] [--grassroots 50]

Uses its own database (``BENCH_DATABASE_URL``, default ``var/bench-imports.sqlite3``; a
``postgres://`` URL measures PostgreSQL). Builds a national federation with one province, one
district and ``--grassroots`` grassroots unions, writes a members' workbook of ``--rows`` rows
(streamed, openpyxl write-only) with phones stored as numbers and dates as text, then imports it
twice through ``imports.services.import_file`` (the command's path): the first run creates every
member, the second changes nothing. Prints the time and rows per second of each run, split into
its phases (reading the file alone, measured by a pass of ``read_rows`` without checking;
checking, i.e. reading and parsing every row until the writing starts; writing), and the peak
memory of the process (ru_maxrss). On a machine shared with other jobs, the CPU time of the
importing process (PostgreSQL's work not included) varies less than the elapsed time.
``--profile FILE`` writes a cProfile of the first import. The members it created are deleted
at the end, so the benchmark can be run again. Figures, not assertions.
"""

import argparse
import cProfile
import datetime
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def write_workbook(path: Path, rows: int, codes: list[str], headers: list[str]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headers)
    for number in range(rows):
        sheet.append(
            [
                f"Nguyễn Văn Thử {number}",
                f"{1 + number % 28:02d}/{1 + number % 12:02d}/{1960 + number % 40}",
                "Nam" if number % 2 else "Nữ",
                f"{number:012d}",
                int(f"9{number:08d}"),  # a number cell: the leading 0 is gone
                "",
                codes[number % len(codes)],
                f"BENCH-{number:07d}",
                "01/03/2015",
                "Công nhân",
            ]
        )
    book.save(path)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--grassroots", type=int, default=50)
    parser.add_argument("--profile", help="write a cProfile of the first import to this file")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-imports.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from accounts.models import User
    from imports.reading import read_rows
    from imports.services import IMPORTERS, import_file
    from unions.enums import UnitKind
    from unions.member_columns import MEMBER_COLUMNS
    from unions.models import Membership, Unit
    from unions.services import unit_create

    root = Unit.objects.filter(code="IB-ROOT").first()
    if root is None:
        root = unit_create(
            parent=None,
            code="IB-ROOT",
            name="Tổng Liên đoàn (thử nhập)",
            kind=UnitKind.NATIONAL_FEDERATION,
            valid_from=datetime.date(1929, 7, 28),
        )
        province = unit_create(
            parent=root,
            code="IB-P",
            name="Liên đoàn Lao động tỉnh Thử",
            kind=UnitKind.PROVINCIAL_FEDERATION,
            valid_from=root.valid_from,
        )
        district = unit_create(
            parent=province,
            code="IB-D",
            name="Liên đoàn Lao động huyện Thử",
            kind=UnitKind.DISTRICT_FEDERATION,
            valid_from=root.valid_from,
        )
        for number in range(args.grassroots):
            unit_create(
                parent=district,
                code=f"IB-G{number}",
                name=f"Công đoàn cơ sở Thử {number}",
                kind=UnitKind.GRASSROOTS_UNION,
                valid_from=root.valid_from,
            )
    codes = [f"IB-G{number}" for number in range(args.grassroots)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doan-vien.xlsx"
        started = time.perf_counter()
        write_workbook(path, args.rows, codes, [header for _key, header in MEMBER_COLUMNS])
        print(
            f"workbook of {args.rows} rows written in {time.perf_counter() - started:.1f}s "
            f"({path.stat().st_size / 1e6:.1f} MB)"
        )
        started = time.perf_counter()
        with path.open("rb") as handle:
            importer = IMPORTERS["members"]()
            count = sum(1 for _row in read_rows(handle, importer.columns, importer.ignored_headers))
        print(f"reading the file alone: {time.perf_counter() - started:.1f}s ({count} rows)")
        for label in ("first import", "re-import"):
            marks = {}

            def written(done, total, marks=marks):
                marks.setdefault("writing", time.perf_counter())

            profile = cProfile.Profile() if args.profile and label == "first import" else None
            started, cpu = time.perf_counter(), time.process_time()
            with path.open("rb") as handle:
                if profile is not None:
                    profile.enable()
                report = import_file(
                    kind="members", handle=handle, file_name=path.name, written=written
                )
                if profile is not None:
                    profile.disable()
                    profile.dump_stats(args.profile)
            ended = time.perf_counter()
            elapsed = ended - started
            writing = marks.get("writing", ended)
            cpu = time.process_time() - cpu
            print(
                f"{label}: {elapsed:.1f}s (checking {writing - started:.1f}s, writing "
                f"{ended - writing:.1f}s; this process's CPU {cpu:.1f}s), "
                f"{report.rows / elapsed:.0f} rows/s, created "
                f"{report.created}, updated {report.updated}, unchanged {report.unchanged}, "
                f"errors {len(report.errors)}; peak memory {peak_mb():.0f} MB"
            )
    created = Membership.objects.filter(card_number__startswith="BENCH-")
    User.objects.filter(pk__in=created.values("user_id")).delete()


if __name__ == "__main__":
    main()
