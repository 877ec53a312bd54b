# ruff: noqa: C408 — rows read best as dict(column=value)
"""A national-scale registry, and how long each page takes on it (issue 14).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_national \\
        .venv/bin/python benchmarks/national.py --scale 0.1 [--json var/national-0.1.json]

PostgreSQL only. The database is built once per scale (drop it to build again, or pass
``--rebuild`` to drop and recreate it). At ``--scale 1`` it holds the shape the issue measured:
34 provinces, 340 upper-direct unions, 20,575 grassroots unions (each with its employer),
989,797 members, 300,227 dossiers over two years, about 43,000 review rounds and 87,000
certificates; ``--scale F`` multiplies every count but the provinces by F.

How it is built:

- ``seed_demo`` first: the demo federation, its accounts, catalogue (award types, rubrics),
  movements and the public site (home, bank, statistics pages) made through the real services;
- then, under the demo's national federation, the national tree, employers, members,
  dossiers with authors and their history, rounds with councils, score sheets and decisions,
  award decisions with certificates, verified benefits, movements, registrations, blocks and
  pledges, written with ``COPY`` (benchmark data, not domain logic: the rows are those the
  services would have written, in every state, but without going through them one by one).

Last year's dossiers are decided (recognised, not recognised, refused, withdrawn) in closed
rounds with a decision; this year's are in every open state, the accepted ones under review in
rounds being scored. A tenth of the recognised dossiers were nominated to the upper-direct
union's round, a hundredth to the province's, a thousandth to the national round.

Then, through Django's test client with the public page cache off, it requests each page of the
issue's table as its role (national officer, provincial officer, a member with four dossiers,
a visitor), each request followed by the floor (the sign-in page), and prints the median and
95th percentile time and the query count of each; ``--json PATH`` writes them as
``{"scale", "rows", "floor_ms", "pages": [{"name", "role", "p50_ms", "p95_ms", "queries",
"sql_p50_ms"}]}`` (``sql_p50_ms``: the median time spent in the database, which a loaded
machine's Python time hides).
Figures, not assertions.
"""

import argparse
import datetime
import io
import itertools
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PREFIX = "N-"
FULL = {
    "upper": 340,
    "grassroots": 20_575,
    "members": 989_797,
    "dossiers": 300_227,
    "certificates": 86_700,
}
PROVINCES = 34
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Thu", "Hoài"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Yến",
]
PLACES = [
    "Hà Nội",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Huế",
    "Quảng Ninh",
    "Nghệ An",
    "Thanh Hoá",
    "Đồng Nai",
    "Bình Dương",
    "Khánh Hoà",
    "Lâm Đồng",
    "Gia Lai",
    "Đắk Lắk",
]
COMPANIES = [
    "Cơ khí",
    "Dệt may",
    "Điện lực",
    "Xi măng",
    "Thép",
    "Cấp nước",
    "Môi trường",
    "Giày da",
    "Chế biến thực phẩm",
    "Điện tử",
    "Vận tải",
    "Xây dựng",
    "Hoá chất",
]
TOPICS = [
    "tiết kiệm điện năng",
    "kiểm tra chất lượng",
    "bảo dưỡng thiết bị",
    "an toàn lao động",
    "quản lý kho vật tư",
    "xử lý nước thải",
    "đóng gói sản phẩm",
    "vận hành lò hơi",
    "lập kế hoạch sản xuất",
    "chấm công điện tử",
    "tiết kiệm nhiên liệu",
    "giảm phế phẩm",
]
ACTIONS = [
    "Cải tiến",
    "Tự động hoá",
    "Số hoá",
    "Hợp lý hoá",
    "Giải pháp nâng cao hiệu quả",
    "Thiết kế đồ gá cho",
    "Ứng dụng cảm biến trong",
]
WORKSHOPS = [
    "phân xưởng cơ khí",
    "tổ bảo trì",
    "nhà máy sợi",
    "xí nghiệp may",
    "phòng kỹ thuật",
    "trạm bơm",
    "dây chuyền số 2",
    "kho thành phẩm",
]
FIELDS = [
    "mechanical",
    "electrical",
    "digital",
    "construction",
    "safety",
    "administration",
    "business",
    "other",
]
KINDS = ["technical", "management", "operational", "technical_advance"]
# This year's dossiers, in every state before a decision (weights).
OPEN_STATES = {
    "draft": 15,
    "submitted": 12,
    "returned": 4,
    "resubmitted": 3,
    "accepted": 16,
    "under_review": 40,
    "refused": 6,
    "withdrawn": 4,
}
# Last year's dossiers, decided.
DECIDED_STATES = {"recognised": 75, "not_recognised": 15, "refused": 6, "withdrawn": 4}
# The history of each final state: (action, from, to).
PATHS = {
    "draft": [],
    "submitted": [("submit", "draft", "submitted")],
    "returned": [("submit", "draft", "submitted"), ("return", "submitted", "returned")],
    "resubmitted": [
        ("submit", "draft", "submitted"),
        ("return", "submitted", "returned"),
        ("resubmit", "returned", "resubmitted"),
    ],
    "accepted": [("submit", "draft", "submitted"), ("accept", "submitted", "accepted")],
    "refused": [("submit", "draft", "submitted"), ("refuse", "submitted", "refused")],
    "withdrawn": [("submit", "draft", "submitted"), ("withdraw", "submitted", "withdrawn")],
    "under_review": [
        ("submit", "draft", "submitted"),
        ("accept", "submitted", "accepted"),
        ("start_review", "accepted", "under_review"),
    ],
    "recognised": [
        ("submit", "draft", "submitted"),
        ("accept", "submitted", "accepted"),
        ("start_review", "accepted", "under_review"),
        ("recognise", "under_review", "recognised"),
    ],
    "not_recognised": [
        ("submit", "draft", "submitted"),
        ("accept", "submitted", "accepted"),
        ("start_review", "accepted", "under_review"),
        ("reject", "under_review", "not_recognised"),
    ],
}
NOTES = {"return": "Bổ sung số liệu tính hiệu quả.", "refuse": "Không thuộc phạm vi sáng kiến."}
MEMBER_EMAIL = "thanh-vien@quoc-gia.bench"
NATIONAL_EMAIL = "can-bo-tw@quoc-gia.bench"
PROVINCE_EMAIL = "can-bo-tinh@quoc-gia.bench"


def counts(scale: float) -> dict[str, int]:
    wanted = {name: max(1, round(full * scale)) for name, full in FULL.items()}
    wanted["upper"] = max(PROVINCES, wanted["upper"])
    wanted["grassroots"] = max(wanted["upper"], wanted["grassroots"])
    return wanted


class Loader:
    """Writes model rows with COPY, ids chosen here so that rows can point at each other."""

    def __init__(self, connection):
        self.connection = connection
        self.now = datetime.datetime.now(datetime.UTC)
        self.touched: list = []

    def ids(self, model, n: int) -> range:
        """``n`` ids taken from the table's sequence, so that later ORM inserts follow them."""
        table = model._meta.db_table
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))")
            start = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [start + n]
            )
        return range(start, start + n)

    def copy(self, model, rows) -> int:
        """``rows``: dicts by attname (``unit_id``); missing fields take their default, ``now``
        for ``auto_now(_add)`` fields."""
        from django.db import models
        from psycopg.types.json import Jsonb

        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        pk = model._meta.pk.attname
        fields = [f for f in model._meta.concrete_fields if f.attname != pk or pk in first]
        columns = ", ".join(self.connection.ops.quote_name(f.column) for f in fields)
        defaults = {}
        for f in fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                defaults[f.attname] = self.now
            elif f.has_default():
                defaults[f.attname] = f.get_default()
            elif f.null:
                defaults[f.attname] = None
            else:
                defaults[f.attname] = ""
        jsons = {f.attname for f in fields if isinstance(f, models.JSONField)}
        names = [f.attname for f in fields]
        n = 0
        with self.connection.cursor() as cursor:
            sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in itertools.chain([first], rows):
                    values = []
                    for name in names:
                        value = row[name] if name in row else defaults[name]
                        if name in jsons and value is not None:
                            value = Jsonb(value)
                        values.append(value)
                    copy.write_row(values)
                    n += 1
        if model not in self.touched:
            self.touched.append(model)
        return n

    def reset_sequences(self) -> None:
        from django.core.management.color import no_style

        with self.connection.cursor() as cursor:
            for sql in self.connection.ops.sequence_reset_sql(no_style(), self.touched):
                cursor.execute(sql)


def step(label: str, started: list):
    now = time.perf_counter()
    print(f"  {label:<44} {now - started[0]:7.1f}s", flush=True)
    started[0] = now


def person(rng) -> tuple[str, str]:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)}", rng.choice(GIVEN)


def build(scale: float) -> None:  # noqa: C901, PLR0912, PLR0915 — one linear script
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from accounts.models import User
    from accounts.search import document_text
    from awards.models import (
        AwardDecision,
        BenefitRecord,
        Certificate,
        CouncilMember,
        Criterion,
        Decision,
        Recipient,
        ReviewRound,
        RoundEntry,
        RoundEvent,
        RubricVersion,
        Score,
        ScoreSheet,
    )
    from emulation.models import (
        BlockMember,
        EmulationBlock,
        Movement,
        Pledge,
        Registration,
    )
    from initiatives.models import Initiative, InitiativeAuthor, InitiativeTransition
    from unions.models import (
        Employer,
        EmployerUnion,
        EmployerVersion,
        Membership,
        RoleGrant,
        Unit,
        UnitVersion,
    )

    n = counts(scale)
    rng = random.Random(14)
    today = datetime.date.today()
    year, last_year = today.year, today.year - 1
    load = Loader(connection)
    clock = [time.perf_counter()]
    started = clock[0]
    print(f"building scale {scale}: {n}", flush=True)

    with transaction.atomic():
        root = Unit.objects.get(depth=1, kind="national_federation")
        rubric = (
            RubricVersion.objects.filter(frozen_at__isnull=False).order_by("pk").first()
            or RubricVersion.objects.order_by("pk").first()
        )
        criteria = list(Criterion.objects.filter(version=rubric).order_by("sort_order"))
        award_type_id = (
            AwardDecision.objects.order_by("pk").values_list("award_type_id", flat=True).first()
        )

        # --- the tree: provinces, upper-direct unions, grassroots unions --------------------
        def child_path(parent_path: str, i: int) -> str:
            return parent_path + Unit._get_path(None, 1, i)[-4:]

        units, versions = [], []
        unit_ids = load.ids(Unit, PROVINCES + n["upper"] + n["grassroots"])
        ids = iter(unit_ids)
        provinces, uppers, grassroots = [], [], []  # (id, path, name, parent id, province index)
        first = root.numchild + 1
        uppers_of = [
            n["upper"] // PROVINCES + (p < n["upper"] % PROVINCES) for p in range(PROVINCES)
        ]
        upper_total = 0
        for p in range(PROVINCES):
            pid, ppath = next(ids), child_path(root.path, first + p)
            pname = f"Liên đoàn Lao động tỉnh {PLACES[p % len(PLACES)]} {p + 1}"
            provinces.append((pid, ppath, pname, root.pk, p))
            for u in range(uppers_of[p]):
                uid, upath = next(ids), child_path(ppath, u + 1)
                uname = f"Công đoàn {rng.choice(COMPANIES)} tỉnh số {p + 1}.{u + 1}"
                uppers.append((uid, upath, uname, pid, p))
                upper_total += 1
        per_upper = [
            n["grassroots"] // len(uppers) + (i < n["grassroots"] % len(uppers))
            for i in range(len(uppers))
        ]
        numchild = {}
        for i, (uid, upath, _uname, _pid, p) in enumerate(uppers):
            numchild[uid] = per_upper[i]
            for g in range(per_upper[i]):
                gid, gpath = next(ids), child_path(upath, g + 1)
                gname = (
                    f"Công đoàn cơ sở Công ty {rng.choice(COMPANIES)} "
                    f"{rng.choice(PLACES)} {i + 1}-{g + 1}"
                )
                grassroots.append((gid, gpath, gname, uid, p))
        for p, (pid, ppath, pname, _parent, _) in enumerate(provinces):
            units.append(
                dict(
                    id=pid,
                    path=ppath,
                    depth=2,
                    numchild=uppers_of[p],
                    code=f"{PREFIX}P{p}",
                    name=pname,
                    kind="provincial_federation",
                    valid_from=datetime.date(1990, 1, 1),
                )
            )
        for uid, upath, uname, _pid, _p in uppers:
            units.append(
                dict(
                    id=uid,
                    path=upath,
                    depth=3,
                    numchild=numchild[uid],
                    code=f"{PREFIX}U{uid}",
                    name=uname,
                    kind="upper_direct_union",
                    valid_from=datetime.date(2000, 1, 1),
                )
            )
        for gid, gpath, gname, _uid, _p in grassroots:
            units.append(
                dict(
                    id=gid,
                    path=gpath,
                    depth=4,
                    numchild=0,
                    code=f"{PREFIX}G{gid}",
                    name=gname,
                    kind="grassroots_union",
                    valid_from=datetime.date(2010, 1, 1),
                )
            )
        load.copy(Unit, units)
        Unit.objects.filter(pk=root.pk).update(numchild=root.numchild + PROVINCES)
        parent_of = (
            {g[0]: g[3] for g in grassroots}
            | {u[0]: u[3] for u in uppers}
            | {p[0]: root.pk for p in provinces}
        )
        versions = (
            dict(
                unit_id=u["id"],
                valid_from=u["valid_from"],
                name=u["name"],
                kind=u["kind"],
                parent_id=parent_of[u["id"]],
            )
            for u in units
        )
        load.copy(UnitVersion, versions)
        step(f"{len(units)} units", clock)

        # --- employers -------------------------------------------------------------------
        employer_ids = load.ids(Employer, len(grassroots))
        employer_of = {}
        employers = []
        for eid, (gid, _gpath, gname, _u, _p) in zip(employer_ids, grassroots, strict=True):
            employer_of[gid] = eid
            employers.append(
                dict(
                    id=eid,
                    code=f"{PREFIX}E{eid}",
                    name=gname.replace("Công đoàn cơ sở ", ""),
                    tax_code=f"{eid:010d}",
                    kind="state_owned",
                    head_name=" ".join(person(rng)),
                    head_title="Giám đốc",
                    valid_from=datetime.date(2010, 1, 1),
                )
            )
        load.copy(Employer, employers)
        load.copy(
            EmployerVersion,
            (
                dict(
                    employer_id=e["id"],
                    valid_from=e["valid_from"],
                    name=e["name"],
                    kind=e["kind"],
                    head_name=e["head_name"],
                    head_title=e["head_title"],
                )
                for e in employers
            ),
        )
        load.copy(
            EmployerUnion,
            (
                dict(
                    employer_id=employer_of[g[0]],
                    unit_id=g[0],
                    valid_from=datetime.date(2010, 1, 1),
                )
                for g in grassroots
            ),
        )
        step(f"{len(employers)} employers", clock)

        # --- members ---------------------------------------------------------------------
        user_ids = load.ids(User, n["members"])
        per_unit = [
            n["members"] // len(grassroots) + (i < n["members"] % len(grassroots))
            for i in range(len(grassroots))
        ]
        members_of: dict[int, range] = {}
        unit_of_user = {}
        position = 0
        for (gid, *_), count in zip(grassroots, per_unit, strict=True):
            members_of[gid] = user_ids[position : position + count]
            position += count
        names = {}

        def users():
            for gid, *_ in grassroots:
                for uid in members_of[gid]:
                    family, given = person(rng)
                    names[uid] = f"{family} {given}"
                    unit_of_user[uid] = gid
                    yield dict(
                        id=uid,
                        password="!",
                        email=f"m{uid}@quoc-gia.bench",
                        last_name=family,
                        first_name=given,
                        search_document=document_text([family, given, f"m{uid}@quoc-gia.bench"]),
                        is_active=True,
                        is_staff=False,
                        is_superuser=False,
                        date_joined=load.now,
                        date_of_birth=datetime.date(1965 + uid % 35, 1 + uid % 12, 1 + uid % 28),
                    )

        load.copy(User, users())
        load.copy(
            Membership,
            (
                dict(
                    user_id=uid,
                    unit_id=unit_of_user[uid],
                    valid_from=datetime.date(2015, 1, 1),
                    card_number=f"CD{uid:09d}",
                )
                for uid in user_ids
            ),
        )
        step(f"{len(user_ids)} members", clock)

        # --- roles: the benchmark's officers and member ------------------------------------
        password = make_password("bench-national")
        national = User.objects.create(
            email=NATIONAL_EMAIL, last_name="Đỗ Văn", first_name="Trung Ương", password=password
        )
        provincial = User.objects.create(
            email=PROVINCE_EMAIL, last_name="Lý Thị", first_name="Tỉnh", password=password
        )
        RoleGrant.objects.create(
            user=national, unit=root, role="officer", valid_from=datetime.date(2020, 1, 1)
        )
        RoleGrant.objects.create(
            user=provincial,
            unit_id=provinces[0][0],
            role="officer",
            valid_from=datetime.date(2020, 1, 1),
        )
        officer_of = {}  # one officer per grassroots union, for the history lines
        officers = load.ids(User, len(grassroots))
        load.copy(
            User,
            (
                dict(
                    id=oid,
                    password="!",
                    email=f"o{oid}@quoc-gia.bench",
                    last_name="Cán bộ",
                    first_name=f"Công đoàn {g[0]}",
                    search_document=document_text(
                        ["Cán bộ", f"Công đoàn {g[0]}", f"o{oid}@quoc-gia.bench"]
                    ),
                    date_joined=load.now,
                )
                for oid, g in zip(officers, grassroots, strict=True)
            ),
        )
        load.copy(
            RoleGrant,
            (
                dict(
                    user_id=oid,
                    unit_id=g[0],
                    role="officer",
                    valid_from=datetime.date(2020, 1, 1),
                    created_at=load.now,
                )
                for oid, g in zip(officers, grassroots, strict=True)
            ),
        )
        for oid, g in zip(officers, grassroots, strict=True):
            officer_of[g[0]] = oid
        step("officers", clock)

        # --- dossiers, authors, history ---------------------------------------------------
        dossier_ids = load.ids(Initiative, n["dossiers"])
        member_user = user_ids[0]
        bench_member = User.objects.get(pk=member_user)
        bench_member.email, bench_member.password = MEMBER_EMAIL, password
        bench_member.save(update_fields=["email", "password"])  # keeps its search text
        sequence: dict = {}
        dossiers = []  # (id, unit id, year, status, first author, title)
        grass_ids = [g[0] for g in grassroots]

        def open_or_decided(i):
            states = DECIDED_STATES if i % 2 else OPEN_STATES
            return (last_year if i % 2 else year), rng.choices(list(states), list(states.values()))[
                0
            ]

        def initiative_rows():
            for i, did in enumerate(dossier_ids):
                if i < 4:
                    gid = unit_of_user.get(member_user)
                else:
                    gid = grass_ids[rng.randrange(len(grass_ids))]
                y, status = open_or_decided(i)
                if i < 4:
                    y, status = (year, ["draft", "submitted", "under_review", "accepted"][i])
                members = members_of[gid]
                author = member_user if i < 4 else members[rng.randrange(len(members))]
                if i >= 4 and author == member_user:
                    author = members[-1]
                title = (
                    f"{rng.choice(ACTIONS)} khâu {rng.choice(TOPICS)} tại "
                    f"{rng.choice(WORKSHOPS)} số {i + 1}"
                )
                created = datetime.datetime(y, 1, 1, 8, tzinfo=datetime.UTC) + datetime.timedelta(
                    days=rng.randrange(0, 300 if y == year else 330), minutes=rng.randrange(600)
                )
                if y == year and created.date() > today:
                    created = datetime.datetime.combine(
                        today - datetime.timedelta(days=rng.randrange(1, 200)),
                        datetime.time(9),
                        tzinfo=datetime.UTC,
                    )
                submitted = created + datetime.timedelta(days=2) if status != "draft" else None
                accepted = None
                receipt = {}
                if status in ("accepted", "under_review", "recognised", "not_recognised"):
                    accepted = created + datetime.timedelta(days=9)
                    seq = sequence[(gid, y)] = sequence.get((gid, y), 0) + 1
                    receipt = dict(
                        receipt_year=y,
                        receipt_sequence=seq,
                        receipt_number=f"{seq:04d}/{y}/SK-{gid}",
                        decision_due=(accepted + datetime.timedelta(days=120)).date(),
                    )
                dossiers.append((did, gid, y, status, author, title))
                coauthor = None
                if rng.random() < 0.35:
                    other = members[rng.randrange(len(members))]
                    if other not in (author, member_user):
                        coauthor = coauthor_of[did] = other
                row = dict(
                    id=did,
                    unit_id=gid,
                    unit_name_snapshot=grassroots_name[gid],
                    employer_id=employer_of[gid],
                    employer_name_snapshot=employer_name[gid],
                    title=title,
                    field=rng.choice(FIELDS),
                    kind=rng.choice(KINDS),
                    first_applied_on=created.date() - datetime.timedelta(days=60),
                    previous_state="Làm thủ công, tốn thời gian và dễ sai sót.",
                    solution_purpose=f"Giảm chi phí {rng.choice(TOPICS)}.",
                    solution_steps="Khảo sát; thiết kế; chạy thử; đào tạo công nhân.",
                    solution_novelty="Lần đầu áp dụng tại đơn vị.",
                    benefit_claimed=rng.randrange(5, 900) * 1_000_000,
                    status=status,
                    created_by_id=author,
                    submitted_at=submitted,
                    accepted_at=accepted,
                    created_at=created,
                    updated_at=(accepted or submitted or created)
                    + datetime.timedelta(
                        days=30 if status in ("recognised", "not_recognised") else 0
                    ),
                    **receipt,
                )
                if searchable:  # the folded search text the services keep (issue 14)
                    row["search_document"] = build_document(
                        SimpleNamespace(**{f: row.get(f, "") for f in DOCUMENT_FIELDS}),
                        [names[author]] + ([names[coauthor]] if coauthor else []),
                    )
                yield row

        coauthor_of = {}
        searchable = any(f.name == "search_document" for f in Initiative._meta.fields)
        if searchable:
            from initiatives.search import DOCUMENT_FIELDS, build_document
        grassroots_name = {g[0]: g[2] for g in grassroots}
        employer_name = {e["id"]: e["name"] for e in employers}
        employer_name = {gid: employer_name[employer_of[gid]] for gid in grass_ids}
        load.copy(Initiative, initiative_rows())
        step(f"{len(dossiers)} dossiers", clock)

        author_rows = []
        for did, _gid, _y, _status, author, _title in dossiers:
            author_rows.append((did, 0, author))
            if did in coauthor_of:
                author_rows.append((did, 1, coauthor_of[did]))
        share = {}
        for did, _o, _u in author_rows:
            share[did] = share.get(did, 0) + 1
        load.copy(
            InitiativeAuthor,
            (
                dict(
                    initiative_id=did,
                    order=o,
                    user_id=uid,
                    full_name=names.get(uid, "Thành viên"),
                    workplace="Phân xưởng sản xuất",
                    contribution=Decimal(100) if share[did] == 1 else Decimal(50),
                )
                for did, o, uid in author_rows
            ),
        )
        step(f"{len(author_rows)} authors", clock)

        def transitions():
            for did, gid, y, status, author, _t in dossiers:
                at = datetime.datetime(y, 1, 10, 9, tzinfo=datetime.UTC)
                for k, (action, src, dst) in enumerate(PATHS[status]):
                    actor = (
                        author
                        if action in ("submit", "resubmit", "withdraw")
                        else (officer_of[gid])
                    )
                    yield dict(
                        initiative_id=did,
                        action=action,
                        from_status=src,
                        to_status=dst,
                        actor_id=actor,
                        at=at + datetime.timedelta(days=3 * k),
                        note=NOTES.get(action, ""),
                    )

        count = load.copy(InitiativeTransition, transitions())
        step(f"{count} transitions", clock)

        # --- rounds, councils, entries, sheets, decisions ----------------------------------
        reviewed = [d for d in dossiers if d[3] in ("under_review", "recognised", "not_recognised")]
        round_units = sorted({(d[1], d[2]) for d in reviewed})
        round_id = dict(zip(round_units, load.ids(ReviewRound, len(round_units)), strict=True))
        upper_of = {g[0]: g[3] for g in grassroots}
        province_id = {g[0]: provinces[g[4]][0] for g in grassroots}
        recognised = [d for d in reviewed if d[3] == "recognised"]
        nominated_upper = [d for d in recognised if rng.random() < 0.1]
        nominated_province = [d for d in nominated_upper if rng.random() < 0.1]
        nominated_national = [d for d in nominated_province if rng.random() < 0.1]
        higher = (
            [(upper_of[d[1]], last_year) for d in nominated_upper]
            + [(province_id[d[1]], last_year) for d in nominated_province]
            + [(root.pk, last_year)] * bool(nominated_national)
        )
        higher = sorted(set(higher))
        round_id |= dict(zip(higher, load.ids(ReviewRound, len(higher)), strict=True))
        level_purpose = {}
        for key in higher:
            level_purpose[key] = "nomination" if key[0] != root.pk else "award"

        def rounds():
            for (uid, y), rid in round_id.items():
                closed = y == last_year
                yield dict(
                    id=rid,
                    unit_id=uid,
                    title=f"Xét công nhận sáng kiến năm {y}",
                    purpose=level_purpose.get((uid, y), "recognition"),
                    year=y,
                    period_start=datetime.date(y, 1, 1),
                    period_end=datetime.date(y, 12, 31),
                    intake_closes=datetime.date(y, 10, 31),
                    scoring_closes=datetime.date(y, 11, 30),
                    rubric_version_id=rubric.pk,
                    assignment_mode="everyone",
                    forward_quota=None,
                    status="closed" if closed else "scoring",
                    created_by_id=officer_of.get(uid, national.pk),
                    closed_at=datetime.datetime(y, 12, 20, tzinfo=datetime.UTC) if closed else None,
                )

        load.copy(ReviewRound, rounds())
        load.copy(
            RoundEvent,
            (
                dict(round_id=rid, action=a, actor_id=officer_of.get(uid, national.pk))
                for (uid, y), rid in round_id.items()
                for a in (
                    ["created", "open", "start_scoring", "close_scoring", "close"]
                    if y == last_year
                    else ["created", "open", "start_scoring"]
                )
            ),
        )
        step(f"{len(round_id)} rounds", clock)

        seats = {}  # round id -> [(member id, user id)]
        member_ids = iter(load.ids(CouncilMember, 3 * len(round_id)))
        council = []
        for (uid, _y), rid in round_id.items():
            pool = members_of.get(uid) or user_ids
            picked = rng.sample(range(len(pool)), 3) if len(pool) >= 3 else [0, 0, 0]
            seats[rid] = []
            for role, k in zip(("chair", "secretary", "member"), picked, strict=True):
                mid = next(member_ids)
                user = pool[k] if len(pool) >= 3 else national.pk
                if user in [s[1] for s in seats[rid]]:
                    user = officer_of.get(uid, national.pk)
                seats[rid].append((mid, user))
                council.append(
                    dict(
                        id=mid,
                        round_id=rid,
                        user_id=user,
                        role=role,
                        position="Ủy viên Ban Chấp hành",
                    )
                )
        load.copy(CouncilMember, council)

        entries = []  # (entry id, round id, initiative id, outcome, nominated_from)
        entry_ids = iter(
            load.ids(
                RoundEntry,
                len(reviewed)
                + len(nominated_upper)
                + len(nominated_province)
                + len(nominated_national),
            )
        )
        entry_of = {}
        outcome = {
            "under_review": "pending",
            "recognised": "recognised",
            "not_recognised": "not_recognised",
        }
        for did, gid, y, status, _a, _t in reviewed:
            eid = next(entry_ids)
            entry_of[(did, 0)] = eid
            entries.append((eid, round_id[(gid, y)], did, outcome[status], None))
        for level, group, key in (
            (1, nominated_upper, upper_of),
            (2, nominated_province, province_id),
            (3, nominated_national, lambda g: root.pk),
        ):
            for did, gid, y, _s, _a, _t in group:
                eid = next(entry_ids)
                entry_of[(did, level)] = eid
                target = key[gid] if isinstance(key, dict) else key(gid)
                entries.append(
                    (eid, round_id[(target, y)], did, "recognised", entry_of[(did, level - 1)])
                )
        load.copy(
            RoundEntry,
            (
                dict(
                    id=eid,
                    round_id=rid,
                    initiative_id=did,
                    nominated_from_id=src,
                    entered_by_id=national.pk,
                    outcome=out,
                    votes_for=3 if out == "recognised" else (0 if out != "pending" else None),
                    votes_against=0 if out == "recognised" else (3 if out != "pending" else None),
                    votes_abstain=0 if out != "pending" else None,
                )
                for eid, rid, did, out, src in entries
            ),
        )
        step(f"{len(entries)} entries, {len(council)} council seats", clock)

        sheet_ids = load.ids(ScoreSheet, 3 * len(entries))
        sheets = []
        k = 0
        for eid, rid, _did, out, _src in entries:
            for mid, _user in seats[rid]:
                done = out != "pending" or rng.random() < 0.6
                sheets.append((sheet_ids[k], eid, mid, done, out))
                k += 1
        load.copy(
            ScoreSheet,
            (
                dict(
                    id=sid,
                    entry_id=eid,
                    member_id=mid,
                    rubric_version_id=rubric.pk,
                    status="submitted" if done else "draft",
                    submitted_at=load.now if done else None,
                )
                for sid, eid, mid, done, _out in sheets
            ),
        )
        step(f"{len(sheets)} score sheets", clock)

        def scores():
            for sid, _eid, _mid, done, out in sheets:
                if not done:
                    continue
                quality = 0.8 if out == "recognised" else (0.35 if out == "not_recognised" else 0.6)
                for criterion in criteria:
                    points = criterion.max_points * Decimal(
                        min(1.0, max(0.0, quality + rng.uniform(-0.15, 0.15)))
                    )
                    yield dict(
                        sheet_id=sid,
                        criterion_id=criterion.pk,
                        points=points.quantize(Decimal("0.5")),
                    )

        count = load.copy(Score, scores())
        step(f"{count} scores", clock)

        closed = [(key, rid) for key, rid in round_id.items() if key[1] == last_year]
        decision_ids = load.ids(Decision, len(closed))
        decision_of = {}
        load.copy(
            Decision,
            (
                dict(
                    id=did,
                    round_id=rid,
                    unit_id=uid,
                    year=y,
                    sequence=1,
                    number=f"01/QĐ-{uid}",
                    decided_on=datetime.date(y, 12, 20),
                    signer_name="Nguyễn Văn Ký",
                    signer_title="Chủ tịch",
                    created_by_id=officer_of.get(uid, national.pk),
                )
                for did, ((uid, y), rid) in zip(decision_ids, closed, strict=True)
                if not decision_of.__setitem__(rid, did)
            ),
        )
        step(f"{len(closed)} decisions", clock)

        # --- award decisions and certificates ------------------------------------------------
        by_round = {}
        for _eid, rid, did, out, src in entries:
            if out == "recognised" and src is None:
                by_round.setdefault(rid, []).append(did)
        author_of = {d[0]: d[4] for d in dossiers}
        recipients_left = n["certificates"]
        award_rows, recipient_rows = [], []
        award_ids = iter(load.ids(AwardDecision, len(by_round)))
        recipient_ids = iter(load.ids(Recipient, n["certificates"]))
        unit_of_round = {rid: key for key, rid in round_id.items()}
        for rid, dids in by_round.items():
            if recipients_left <= 0 or award_type_id is None:
                break
            aid = next(award_ids)
            uid, y = unit_of_round[rid]
            award_rows.append(
                dict(
                    id=aid,
                    issuer_id=uid,
                    award_type_id=award_type_id,
                    year=y,
                    sequence=1,
                    number=f"02/QĐ-KT-{uid}",
                    decided_on=datetime.date(y, 12, 28),
                    signer_name="Nguyễn Văn Ký",
                    signer_title="Chủ tịch",
                    grounds="Kết quả xét công nhận sáng kiến.",
                    source_round_id=rid,
                    round_decision_id=decision_of[rid],
                    status="issued",
                    created_by_id=officer_of.get(uid, national.pk),
                    issued_by_id=officer_of.get(uid),
                    issued_at=datetime.datetime(y, 12, 28, tzinfo=datetime.UTC),
                )
            )
            for order, did in enumerate(dids[:recipients_left]):
                recipient_rows.append(
                    dict(
                        id=next(recipient_ids),
                        decision_id=aid,
                        kind="person",
                        user_id=author_of[did],
                        name=names.get(author_of[did], "Thành viên"),
                        initiative_id=did,
                        order=order,
                    )
                )
            recipients_left -= len(dids)
        load.copy(AwardDecision, award_rows)
        load.copy(Recipient, recipient_rows)
        load.copy(
            Certificate,
            (
                dict(recipient_id=r["id"], token=f"{r['id']:032x}", short_code=f"N{r['id']:011d}")
                for r in recipient_rows
            ),
        )
        step(f"{len(award_rows)} award decisions, {len(recipient_rows)} certificates", clock)

        load.copy(
            BenefitRecord,
            (
                dict(
                    initiative_id=did,
                    year=y,
                    claimed_vnd=m * 1_000_000,
                    status="verified",
                    verified_vnd=m * 900_000,
                    scope=rng.choice(["unit", "province", "nationwide"]),
                    method="Đối chiếu sổ sách kế toán.",
                    verified_by_id=officer_of[gid],
                    verified_on=datetime.date(y, 12, 10),
                    recorded_by_id=officer_of[gid],
                )
                for did, gid, y, _s, _a, _t in recognised
                if rng.random() < 0.3 and (m := rng.randrange(10, 800))
            ),
        )
        step("benefits", clock)

        # --- movements, registrations, blocks, pledges ----------------------------------------
        movement = Movement.objects.create(
            launching_unit=root,
            name=f"Phong trào Lao động giỏi, lao động sáng tạo {year}",
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            whole_subtree=True,
            status="running",
            created_by=national,
        )
        Movement.objects.bulk_create(
            Movement(
                launching_unit_id=pid,
                part_of=movement,
                status="running",
                name=f"Thi đua sáng kiến năm {year} – {pname}",
                whole_subtree=True,
                period_start=datetime.date(year, 1, 1),
                period_end=datetime.date(year, 12, 31),
                created_by=national,
            )
            for pid, _pp, pname, _r, _i in provinces
        )
        load.copy(
            Registration,
            (
                dict(
                    movement_id=movement.pk,
                    year=year,
                    registrant_kind="unit",
                    unit_id=gid,
                    targets="Mỗi công đoàn viên có ít nhất một sáng kiến.",
                    titles=["grassroots_fighter"],
                    status="approved" if gid % 3 else "not_sent",
                    created_by_id=officer_of[gid],
                )
                for gid in grass_ids
            ),
        )
        for p, (pid, _pp, pname, _r, _i) in enumerate(provinces):
            block = EmulationBlock.objects.create(
                managing_unit_id=pid, name=f"Khối thi đua {pname}"
            )
            members = [u for u in uppers if u[4] == p]
            BlockMember.objects.bulk_create(
                BlockMember(block=block, unit_id=u[0], joined_on=datetime.date(2020, 1, 1))
                for u in members
            )
            Pledge.objects.create(
                block=block,
                year=year,
                movement=movement,
                status="signed",
                title=f"Giao ước thi đua {year}",
                signed_on=datetime.date(year, 3, 1),
                created_by=national,
            )
        step("movements, registrations, blocks, pledges", clock)

        if any(f.name == "recognised_year" for f in Initiative._meta.fields):
            # What the public bank sorts and filters on, as the services write it (issue 14 §4).
            # Statistics first (ANALYZE sees this transaction's rows): without them the
            # planner takes the freshly loaded tables for empty and each batch's correlated
            # subqueries scan the round entries once per dossier (minutes per batch at scale 1).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            from awards.services.standing import bank_standing_refresh

            ids = list(
                Initiative.objects.filter(status="recognised")
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            for start in range(0, len(ids), 5000):
                bank_standing_refresh(initiative_ids=ids[start : start + 5000])
            step(f"bank standing of {len(ids)} recognised dossiers", clock)

        load.reset_sequences()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    step("analyze", clock)
    # The rows above were written with COPY, past the services' change log: the figures'
    # rollup is recounted from them, set-based (issue 14 §6).
    from emulation.rollup import figures_rebuild

    figures = figures_rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE emulation_unitfigure")
    step(f"{figures} figure rows (figures_rebuild)", clock)
    print(f"built in {time.perf_counter() - started:.0f}s", flush=True)


def rows() -> dict[str, int]:
    from accounts.models import User
    from awards.models import Certificate, ReviewRound
    from initiatives.models import Initiative
    from unions.models import Membership, Unit

    return {
        "units": Unit.objects.count(),
        "grassroots": Unit.objects.filter(kind="grassroots_union").count(),
        "members": Membership.objects.filter(valid_to__isnull=True).count(),
        "users": User.objects.count(),
        "dossiers": Initiative.objects.count(),
        "rounds": ReviewRound.objects.count(),
        "certificates": Certificate.objects.count(),
    }


def measure(scale: float, repeat: int) -> dict:
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from awards.models import ReviewRound
    from initiatives.models import Initiative
    from site_cms.models import InitiativeBankPage, StatisticsPage

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    # Time the searches themselves: no per-query cache, no statement timeout (issue 14 §7).
    settings.PUBLIC_SEARCH_CACHE_SECONDS = 0
    settings.PUBLIC_STATEMENT_TIMEOUT_MS = 0
    national = User.objects.get(email=NATIONAL_EMAIL)
    provincial = User.objects.get(email=PROVINCE_EMAIL)
    member = User.objects.get(email=MEMBER_EMAIL)
    clients = {}
    for role, user in (
        ("national officer", national),
        ("provincial officer", provincial),
        ("member", member),
    ):
        clients[role] = Client()
        clients[role].force_login(user)
    clients["visitor"] = Client()
    dossier = (
        Initiative.objects.filter(
            status="recognised",
            unit__code__startswith=f"{PREFIX}G",
            unit__path__startswith=Unit_path(provincial),
        )
        .order_by("pk")
        .first()
    )
    draft = Initiative.objects.filter(created_by=member, status="draft").first()
    bank = InitiativeBankPage.objects.live().first()
    stats = StatisticsPage.objects.live().first()
    pages = [
        ("inbox", "national officer", "/sang-kien/hop-thu/"),
        ("inbox page 200", "national officer", "/sang-kien/hop-thu/?page=200"),
        ("inbox search", "national officer", "/sang-kien/hop-thu/?q=tiet+kiem+dien"),
        ("inbox search", "provincial officer", "/sang-kien/hop-thu/?q=tiet+kiem+dien"),
        ("dossier", "national officer", f"/sang-kien/{dossier.pk}/"),
        ("dossier", "provincial officer", f"/sang-kien/{dossier.pk}/"),
        ("submit preview", "member", f"/sang-kien/{draft.pk}/xem-truoc/"),
        ("my initiatives", "member", "/sang-kien/cua-toi/"),
        ("round list", "national officer", "/xet-duyet/"),
        ("round list", "provincial officer", "/xet-duyet/"),
        ("members", "provincial officer", "/don-vi/doan-vien/"),
        ("members search", "national officer", "/don-vi/doan-vien/?q=nguyen+thi+lan"),
        ("members search", "provincial officer", "/don-vi/doan-vien/?q=nguyen+thi+lan"),
        ("members search one word", "national officer", "/don-vi/doan-vien/?q=nguyen"),
        ("members search one word", "provincial officer", "/don-vi/doan-vien/?q=nguyen"),
    ]
    if bank:
        pages += [
            ("bank", "visitor", bank.url),
            ("bank search", "visitor", bank.url + "?q=tiet+kiem+dien"),
        ]
    if stats:
        pages += [
            ("statistics", "visitor", stats.url),
            ("statistics xlsx", "visitor", stats.url + "xlsx/"),
        ]
    pages.append(("home", "visitor", "/"))
    floor = []

    sql_times = []

    def timed(call):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            call()
            elapsed = (time.perf_counter() - started) * 1000
        # The time spent in the database (what a loaded machine's Python time hides).
        sql_times.append(sum(float(query["time"]) for query in queries.captured_queries) * 1000)
        return elapsed, len(queries)

    def floor_once():
        elapsed, _ = timed(lambda: clients["visitor"].get("/dang-nhap/"))
        floor.append(elapsed)

    results = []
    print(
        f"\n{'page':<24} {'role':<20} {'p50 ms':>9} {'p95 ms':>9} {'queries':>8} {'sql ms':>8}",
        flush=True,
    )

    def record(name, role, call):
        call()  # warm-up
        cache.clear()
        times, sqls, count = [], [], 0
        for _ in range(repeat):
            elapsed, count = timed(call)
            times.append(elapsed)
            sqls.append(sql_times[-1])
            floor_once()
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
        row = {
            "name": name,
            "role": role,
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(p95, 1),
            "queries": count,
            "sql_p50_ms": round(statistics.median(sqls), 1),
        }
        results.append(row)
        print(
            f"{name:<24} {role:<20} {row['p50_ms']:>9.1f} {row['p95_ms']:>9.1f} {count:>8} "
            f"{row['sql_p50_ms']:>8.1f}",
            flush=True,
        )

    for name, role, url in pages:
        client = clients[role]

        def get(client=client, url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        record(name, role, get)

    try:
        from initiatives.services import similar_refresh
    except ImportError:  # before issue 14 the check ran on every page instead
        similar_refresh = None
    if similar_refresh is not None:
        submitted = Initiative.objects.filter(status="submitted").order_by("pk").first()
        record("similar check on submit", "service", lambda: similar_refresh(submitted))
    record(
        "registry_stats", "national", lambda: call_command("registry_stats", stdout=io.StringIO())
    )
    del ReviewRound
    floor.sort()
    return {
        "scale": scale,
        "rows": rows(),
        "floor_ms": round(statistics.median(floor), 1),
        "pages": results,
    }


def Unit_path(user) -> str:  # noqa: N802 — the path of the user's officer grant
    from unions.models import RoleGrant

    return RoleGrant.objects.filter(user=user).select_related("unit").first().unit.path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="drop the database first")
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("BENCH_DATABASE_URL must name a PostgreSQL database")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    if args.rebuild:
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from unions.models import Unit

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(code=f"{PREFIX}P0").exists():
        from site_cms.models import NewsPage

        started = time.perf_counter()
        if not NewsPage.objects.exists():
            call_command("seed_demo", verbosity=0)
            print(f"  {'seed_demo':<44} {time.perf_counter() - started:7.1f}s", flush=True)
        build(args.scale)
    from emulation.rollup import figures_refresh

    # A database built before the rollup existed: the migration logged a change of the tree,
    # and this takes it in (a full rebuild); otherwise nothing to do.
    started = time.perf_counter()
    if figures_refresh() < 0:
        print(f"  {'figures_rebuild':<44} {time.perf_counter() - started:7.1f}s", flush=True)
    if args.build_only:
        return
    report = measure(args.scale, args.repeat)
    print(f"floor (sign-in page) p50 {report['floor_ms']} ms; rows {report['rows']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
