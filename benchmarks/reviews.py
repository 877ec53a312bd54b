"""Benchmark of the review-round pages on a round in deliberation.

    .venv/bin/python benchmarks/reviews.py [--dossiers 200] [--repeat 20] [--repeats]
    .venv/bin/python benchmarks/reviews.py --dossiers 50 200     # how the pages scale

Builds, in its own database (``BENCH_DATABASE_URL``, default ``var/bench.sqlite3``; use a
``postgres://`` URL to measure PostgreSQL), for each number of dossiers asked: a small tree
(national federation, province, one grassroots union ``BR-G<n>``), a rubric of three criteria,
a recognition round at the grassroots union with a council of nine (chair, secretary, seven
members), ``n`` dossiers entered into the round, nearly every score sheet submitted and the
scoring closed, so the round sits in deliberation with every value and rank visible. A size
already built (its grassroots union exists) is not built again.

The round, its council and its dossiers' entry go through the real services. Two steps that
would take minutes through them are bulk writes, benchmark data only, never domain logic:

- the dossiers are created directly as accepted (with a receipt number and one outside
  author each), instead of being drafted, submitted and accepted one by one; ``entry_add`` then
  takes each into the round (and under review) as an officer would;
- the score sheets (nine per dossier) are filled by writing their Score rows and marking them
  submitted, with the history line ``sheet_save`` would record, instead of ``sheet_save`` per
  sheet. One member leaves every tenth sheet in draft, so closing the scoring needs a note.

Then it requests, as the union's officer and as a council member, the round list, the round
page (not paginated: it lists every dossier with its values and rank), the dossier-in-round
page, the member's list and the score-sheet reader through Django's test client, times
``awards.selectors.round_results`` alone, and prints the median and 95th percentile time and
the query count of each. ``--repeats`` also prints, per page, the SQL shapes run five times or
more (a query per row). Figures, not assertions.
"""

import argparse
import datetime
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PREFIX = "BR-"
COUNCIL = ["chair", "secretary"] + ["member"] * 7
TOPICS = [
    "kiểm tra chất lượng",
    "bảo dưỡng thiết bị",
    "tiết kiệm điện năng",
    "an toàn lao động",
    "quản lý kho vật tư",
    "xử lý nước thải",
    "đóng gói sản phẩm",
    "vận hành lò hơi",
    "lập kế hoạch sản xuất",
    "chấm công điện tử",
]
ACTIONS = ["Cải tiến", "Tự động hoá", "Số hoá", "Hợp lý hoá", "Giải pháp nâng cao hiệu quả"]
PLACES = ["phân xưởng cơ khí", "tổ bảo trì", "nhà máy sợi", "xí nghiệp may", "phòng kỹ thuật"]


def _email(size: int, name: str) -> str:
    return f"br-{size}-{name}@bench.example.vn"


def build(size: int) -> None:
    """The tree, rubric, council, dossiers and scores of the ``size``-dossier round, in one
    transaction: an interrupted build leaves nothing behind."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from awards.enums import CouncilRole, RoundEventAction, RoundPurpose, SheetStatus
    from awards.models import Criterion, RoundEvent, RubricVersion, Score, ScoreSheet
    from awards.services import (
        CriterionData,
        council_member_add,
        entry_add,
        round_create,
        round_transition,
        rubric_create,
    )
    from initiatives.enums import InitiativeField, InitiativeKind, InitiativeStatus
    from initiatives.models import Initiative, InitiativeAuthor
    from unions.enums import Role, UnitKind
    from unions.models import RoleGrant, Unit

    rng = random.Random(size)
    today = timezone.localdate()
    now = timezone.now()
    timings = {}
    started = time.perf_counter()
    with transaction.atomic():
        root = Unit.objects.filter(code=f"{PREFIX}ROOT").first() or Unit.add_root(
            code=f"{PREFIX}ROOT",
            name="Tổng Liên đoàn (thử tải xét duyệt)",
            kind=UnitKind.NATIONAL_FEDERATION,
            valid_from="1929-07-28",
        )
        province = Unit.objects.filter(code=f"{PREFIX}P").first() or root.add_child(
            code=f"{PREFIX}P",
            name="Liên đoàn Lao động tỉnh Thử Xét Duyệt",
            kind=UnitKind.PROVINCIAL_FEDERATION,
            valid_from="1990-01-01",
        )
        province.refresh_from_db()
        unit = province.add_child(
            code=f"{PREFIX}G{size}",
            name=f"Công đoàn cơ sở Công ty Thử tải {size} hồ sơ",
            kind=UnitKind.GRASSROOTS_UNION,
            valid_from="2010-01-01",
        )

        def user(name: str, family: str, given: str) -> User:
            return User.objects.create_user(
                email=_email(size, name), last_name=family, first_name=given
            )

        officer = user("officer", "Nguyễn Thị", "Cán Bộ")
        RoleGrant.objects.create(user=officer, unit=unit, role=Role.OFFICER, valid_from=today)

        version = rubric_create(
            name=f"Tiêu chí thử tải {size}",
            unit=unit,
            pass_threshold=Decimal(50),
            criteria=[
                CriterionData(name="Tính mới", max_points=Decimal(40), eliminatory=True),
                CriterionData(name="Hiệu quả kinh tế – xã hội", max_points=Decimal(40)),
                CriterionData(name="Khả năng áp dụng", max_points=Decimal(20)),
            ],
            actor=officer,
        )
        review_round = round_create(
            unit=unit,
            actor=officer,
            title=f"Xét công nhận sáng kiến năm {today.year} ({size} hồ sơ)",
            purpose=RoundPurpose.RECOGNITION,
            year=today.year,
            period_start=datetime.date(today.year, 1, 1),
            period_end=datetime.date(today.year, 12, 31),
            intake_closes=today + datetime.timedelta(days=30),
            scoring_closes=today + datetime.timedelta(days=60),
            rubric_version=version,
            assignment_mode="everyone",
            forward_quota=None,
        )
        for i, role in enumerate(COUNCIL):
            council_member_add(
                review_round=review_round,
                user=user(f"council{i}", "Trần Văn", f"Hội Đồng {i}"),
                role=CouncilRole(role),
                position="Phó phòng Kỹ thuật",
                actor=officer,
            )
        round_transition(review_round=review_round, action="open", actor=officer)

        # Benchmark data: accepted dossiers written directly, not through the intake workflow.
        initiatives = Initiative.objects.bulk_create(
            Initiative(
                unit=unit,
                unit_name_snapshot=unit.name,
                title=(
                    f"{rng.choice(ACTIONS)} khâu {rng.choice(TOPICS)} "
                    f"tại {rng.choice(PLACES)} số {n + 1}"
                ),
                field=InitiativeField.MECHANICAL,
                kind=InitiativeKind.TECHNICAL,
                first_applied_on=today - datetime.timedelta(days=90),
                previous_state="Làm thủ công, tốn thời gian và dễ sai sót.",
                solution_purpose=f"Giảm thời gian {rng.choice(TOPICS)} và tỷ lệ sai hỏng.",
                solution_steps="Khảo sát; thiết kế; chạy thử; đào tạo công nhân.",
                solution_novelty="Lần đầu áp dụng tại đơn vị.",
                benefit_claimed=rng.randrange(10, 500) * 1_000_000,
                status=InitiativeStatus.ACCEPTED,
                created_by=officer,
                entered_on_behalf=True,
                submitted_at=now,
                accepted_at=now,
                receipt_year=today.year,
                receipt_sequence=n + 1,
                receipt_number=f"SK-{today.year}-{n + 1:05d}",
                decision_due=today + datetime.timedelta(days=180),
            )
            for n in range(size)
        )
        InitiativeAuthor.objects.bulk_create(
            InitiativeAuthor(
                initiative=initiative,
                full_name=f"Lê Văn Tác Giả {n + 1}",
                workplace="Phân xưởng 2",
                contribution=Decimal(100),
            )
            for n, initiative in enumerate(initiatives)
        )
        timings["tree, council, dossiers"] = time.perf_counter() - started

        lap = time.perf_counter()
        for initiative in initiatives:
            entry_add(review_round=review_round, initiative=initiative, actor=officer, notify=False)
        timings[f"entry_add x{size}"] = time.perf_counter() - lap

        lap = time.perf_counter()
        round_transition(
            review_round=review_round, action="start_scoring", actor=officer, notify=False
        )
        timings["start_scoring"] = time.perf_counter() - lap

        # Benchmark data: sheets filled by bulk writes, not sheet_save per sheet.
        lap = time.perf_counter()
        criteria = list(Criterion.objects.filter(version=version).order_by("sort_order"))
        sheets = list(
            ScoreSheet.objects.filter(entry__round=review_round)
            .select_related("member__user")
            .order_by("entry_id", "member_id")
        )
        last_member = max(s.member_id for s in sheets)
        submitted = [s for s in sheets if not (s.member_id == last_member and s.entry_id % 10 == 0)]
        quality = {s.entry_id: rng.uniform(0.3, 0.95) for s in sheets}
        Score.objects.bulk_create(
            (
                Score(
                    sheet=sheet,
                    criterion=criterion,
                    points=min(
                        criterion.max_points,
                        max(
                            Decimal(0),
                            (
                                criterion.max_points
                                * Decimal(quality[sheet.entry_id] + rng.gauss(0, 0.1))
                            ).quantize(Decimal("0.5")),
                        ),
                    ),
                )
                for sheet in submitted
                for criterion in criteria
            ),
            batch_size=2000,
        )
        ScoreSheet.objects.filter(pk__in=[s.pk for s in submitted]).update(
            status=SheetStatus.SUBMITTED, submitted_at=now
        )
        RoundEvent.objects.bulk_create(
            (
                RoundEvent(
                    round=review_round,
                    entry_id=sheet.entry_id,
                    action=RoundEventAction.SHEET_SUBMITTED,
                    actor=sheet.member.user,
                    note=sheet.member.user.get_full_name(),
                )
                for sheet in submitted
            ),
            batch_size=2000,
        )
        RubricVersion.objects.filter(pk=version.pk).update(frozen_at=now)  # as sheet_save does
        timings[f"{len(submitted)} sheets (bulk)"] = time.perf_counter() - lap

        round_transition(
            review_round=review_round,
            action="close_scoring",
            actor=officer,
            note="Thành viên vắng mặt do đi công tác, các phiếu còn lại không tính.",
        )
    print(
        f"built the {size}-dossier round in {time.perf_counter() - started:.1f}s ("
        + ", ".join(f"{label} {seconds:.1f}s" for label, seconds in timings.items())
        + ")"
    )


def shape(sql: str) -> str:
    """The query with its literals and parameter lists folded, to count repeats."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    sql = re.sub(r"\((?:\s*\?\s*,)*\s*\?\s*\)", "(…)", sql)
    return sql


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--dossiers", type=int, nargs="+", default=[200], help="one round per number"
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--repeats", action="store_true", help="print the SQL shapes a page runs 5 times or more"
    )
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)

    from accounts.models import User
    from awards.models import ReviewRound
    from awards.selectors import round_results
    from unions.models import Unit

    built = False
    for size in args.dossiers:
        if not Unit.objects.filter(code=f"{PREFIX}G{size}").exists():
            build(size)
            built = True
    if built:
        # Fresh planner statistics, as autovacuum would gather after a bulk load.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def measure(label, size, call):
        warm = call()  # warm-up: templates compiled, caches filled
        kib = f"{warm / 1024:8.0f}" if isinstance(warm, int) else f"{'':8}"
        timings, db_times = [], []
        for _ in range(args.repeat):
            reset_queries()  # the query log keeps 9000 at most
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                call()
                timings.append((time.perf_counter() - started) * 1000)
            db_times.append(sum(float(q["time"]) for q in queries) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(
            f"{label:30} {size:>8} {statistics.median(timings):8.1f} {p95:8.1f} "
            f"{len(queries):8d} {statistics.median(db_times):8.1f} {kib}"
        )
        if args.repeats:
            for sql, count in Counter(shape(q["sql"]) for q in queries).most_common():
                if count < 5:
                    break
                print(f"    {count:4d} x {sql[:300]}")

    def page(client, url):
        def get() -> int:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return len(response.content)

        return get

    print(f"review rounds on {connection.vendor} (db ms: time in queries; KiB: page size)")
    print(
        f"{'page':30} {'dossiers':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} "
        f"{'db ms':>8} {'KiB':>8}"
    )
    for size in args.dossiers:
        unit = Unit.objects.get(code=f"{PREFIX}G{size}")
        review_round = ReviewRound.objects.select_related("unit", "rubric_version__rubric").get(
            unit=unit
        )
        entries = list(review_round.entries.order_by("pk").values_list("pk", flat=True))
        entry = entries[len(entries) // 2]
        officer = User.objects.get(email=_email(size, "officer"))
        member = User.objects.get(email=_email(size, "council4"))
        as_officer, as_member = Client(), Client()
        as_officer.force_login(officer)
        as_member.force_login(member)
        cases = [
            ("officer: round list", as_officer, "/xet-duyet/"),
            ("officer: round page", as_officer, f"/xet-duyet/{review_round.pk}/"),
            ("officer: dossier in round", as_officer, f"/xet-duyet/ho-so/{entry}/"),
            ("member: round list", as_member, "/xet-duyet/"),
            ("member: round page", as_member, f"/xet-duyet/{review_round.pk}/"),
            ("member: dossier in round", as_member, f"/xet-duyet/ho-so/{entry}/"),
            ("member: my reviews (all)", as_member, "/xet-duyet/cua-toi/?show=all"),
            ("member: score sheet reader", as_member, f"/xet-duyet/ho-so/{entry}/cham-diem/"),
        ]
        for label, client, url in cases:
            measure(label, size, page(client, url))
        measure("round_results(round)", size, lambda r=review_round: round_results(r))


if __name__ == "__main__":
    main()
