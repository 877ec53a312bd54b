"""The folded search text of a dossier (issue 14): kept by the services, filled for existing
dossiers by a migration, and searched one ``LIKE`` per word; on PostgreSQL the key queries of the
inbox, the search, "my initiatives" and the similar check can each be served by an index."""

from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from initiatives.search import build_document, document_text
from initiatives.selectors import (
    SIMILAR_SQL,
    initiative_inbox,
    initiatives_of_member,
    search_initiatives,
)
from initiatives.services import initiative_save_draft
from tests.factories import (
    UserFactory,
    author_row,
    dossier_values,
    make_initiative,
    unit_officer,
)
from tests.migrations import head, migrate, table_rows

S = InitiativeStatus


def pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


@pytest.fixture
def member(db):
    return UserFactory(first_name="Huệ", last_name="Đặng Thị")


def test_document_folds_and_joins_every_searched_text():
    assert document_text(["Tiết kiệm ĐIỆN", None, "", "Máy cắt (PLC)\nmới"]) == (
        " tiet kiem dien may cat plc moi "
    )
    assert document_text(["", None]) == ""


def test_services_keep_the_document(tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member, title="Khuôn hàn khung")
    initiative.refresh_from_db()
    assert " khuon han khung " in initiative.search_document
    assert " dang thi hue " in initiative.search_document
    assert tree.grassroots_a1x.name not in initiative.search_document  # not submitted yet

    co_author = UserFactory(first_name="Lâm", last_name="Võ Văn")
    initiative_save_draft(
        actor=member,
        unit=initiative.unit,
        initiative=initiative,
        values=dossier_values(title="Băng tải tiết kiệm điện"),
        authors=[author_row(member, 60), author_row(co_author, 40)],
    )
    initiative.refresh_from_db()
    assert " bang tai tiet kiem dien " in initiative.search_document
    assert " vo van lam " in initiative.search_document
    assert "khuon" not in initiative.search_document

    accepted = make_initiative(tree.grassroots_a1x, member, status=S.ACCEPTED)
    assert accepted.receipt_number
    assert accepted.search_document == build_document(
        accepted, [a.full_name for a in accepted.authors.order_by("order", "pk")]
    )


def test_search_finds_receipt_numbers_and_unit_names(tree, member):
    accepted = make_initiative(tree.grassroots_a1x, member, status=S.ACCEPTED)
    neighbour = make_initiative(tree.grassroots_a1x, member, status=S.ACCEPTED)
    other = make_initiative(tree.grassroots_a1y, member, status=S.SUBMITTED)
    inbox = initiative_inbox(unit_officer(tree.national))

    assert accepted.receipt_number != neighbour.receipt_number
    found = pks(search_initiatives(inbox, accepted.receipt_number))
    assert accepted.pk in found
    assert neighbour.pk not in found
    assert accepted.pk not in pks(search_initiatives(inbox, "Bệnh viện Đông Hà"))
    assert other.pk in pks(search_initiatives(inbox, "benh vien dong ha"))


def test_inbox_search_runs_in_constant_queries(client, tree, member, django_assert_max_num_queries):
    from django.urls import reverse

    officer = unit_officer(tree.national)
    client.force_login(officer)
    url = reverse("initiatives:inbox") + "?q=tiet+kiem"

    def count_queries() -> int:
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for _ in range(2):
        make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED, title="Tiết kiệm điện")
    few = count_queries()
    for _ in range(4):
        make_initiative(tree.grassroots_a1y, member, status=S.SUBMITTED, title="Tiết kiệm than")
    assert count_queries() == few


# --- the migration that fills the document ---------------------------------------------------

PREVIOUS_LAYOUT = [
    ("initiatives", "0009_search_document_and_similar"),
    ("accounts", "0005_member_person_data"),
    ("unions", "0007_card_number_unique"),
]


@pytest.mark.django_db(transaction=True)
def test_existing_dossiers_get_their_document_and_keep_every_other_column():
    latest = head()
    executor = migrate(PREVIOUS_LAYOUT)
    try:
        apps = executor.loader.project_state(PREVIOUS_LAYOUT).apps
        user = apps.get_model("accounts", "User").objects.create(
            email="dv@example.vn", last_name="Trần Thị", first_name="Viên", password="!"
        )
        unit = apps.get_model("unions", "Unit").objects.create(
            path="0001",
            depth=1,
            numchild=0,
            code="CSX",
            name="Công đoàn cơ sở Công ty May",
            kind="grassroots_union",
            valid_from=date(2020, 1, 1),
        )
        model = apps.get_model("initiatives", "Initiative")
        submitted = model.objects.create(
            unit=unit,
            unit_name_snapshot=unit.name,
            title="Tiết kiệm điện ở xưởng may",
            solution_purpose="Giảm tiền điện.",
            receipt_number="SK-2025-00001",
            status="accepted",
            submitted_at=timezone.now(),
            created_by=user,
        )
        draft = model.objects.create(unit=unit, title="Bản nháp", status="draft", created_by=user)
        authors = apps.get_model("initiatives", "InitiativeAuthor")
        authors.objects.create(initiative=submitted, full_name="Trần Thị Viên", contribution=60)
        authors.objects.create(initiative=submitted, full_name="Lê Văn Hải", contribution=40)
        before = table_rows("initiatives_initiative")

        migrate(latest)

        after = Initiative.objects.in_bulk([submitted.pk, draft.pk])
        assert after[submitted.pk].search_document == (
            " tiet kiem dien o xuong may sk 2025 00001 cong doan co so cong ty may "
            "giam tien dien tran thi vien le van hai "
        )
        assert after[draft.pk].search_document == " ban nhap "
        # Every other column keeps its value (columns added by later migrations, at the end of
        # the table, are not compared).
        column = [f.column for f in Initiative._meta.concrete_fields].index("search_document")
        width = len(before[0])
        rows = [r[:width] for r in table_rows("initiatives_initiative")]
        assert [r[:column] + r[column + 1 :] for r in rows] == [
            r[:column] + r[column + 1 :] for r in before
        ]
    finally:
        migrate(latest)


# --- PostgreSQL: an index can serve each key query -------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="index plans are PostgreSQL's"
)


def explain(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def explain_queryset(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    return explain(sql, params)


@postgres_only
def test_search_uses_the_trigram_index(tree, member):
    make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED)
    queryset = search_initiatives(Initiative.objects.order_by(), "tiet kiem dien")
    assert "initiative_search_trgm" in explain_queryset(queryset)


@postgres_only
def test_similar_check_uses_the_title_trigram_index(tree, member):
    make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED)
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', '0.3', true)")
    plan = explain(SIMILAR_SQL, ["tiet kiem dien", "tiet kiem dien", 0, "tiet kiem dien", 5])
    assert "initiative_title_fold_gist" in plan


@postgres_only
def test_inbox_order_uses_the_submission_date_index(tree, member):
    from django.db.models import F

    make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED)
    queryset = Initiative.objects.exclude(status="draft").order_by(
        F("submitted_at").desc(nulls_last=True), "-pk"
    )[:20]
    assert "initiative_sub_desc_idx" in explain_queryset(queryset)


@postgres_only
def test_my_initiatives_reads_indexes_only(tree, member):
    make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED)
    plan = explain_queryset(initiatives_of_member(member))
    assert "Seq Scan on initiatives_initiative" not in plan
    assert "Seq Scan on initiatives_initiativeauthor" not in plan
    assert "Index" in plan


# --- bounded counts -------------------------------------------------------------------------


def test_bounded_paginator_counts_exactly_up_to_its_limit(tree, member):
    from accounts.pagination import BoundedPaginator

    for _ in range(5):
        make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED)
    rows = Initiative.objects.order_by("pk")

    exact = BoundedPaginator(rows, 2, limit=5)
    assert (exact.count, exact.count_capped, exact.num_pages) == (5, False, 3)
    capped = BoundedPaginator(rows, 2, limit=3)
    assert (capped.count, capped.count_capped, capped.num_pages) == (4, True, 2)
    assert len(capped.page(2).object_list) == 2


def test_inbox_says_more_than_the_limit(client, tree, member, monkeypatch):
    from django.urls import reverse

    from initiatives.views import officer as officer_views

    for _ in range(4):
        make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED)
    client.force_login(unit_officer(tree.national))

    monkeypatch.setattr(officer_views, "COUNT_LIMIT", 3)
    response = client.get(reverse("initiatives:inbox"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count_capped
    content = response.content.decode()
    assert "Hơn 3 hồ sơ" in content

    monkeypatch.setattr(officer_views, "COUNT_LIMIT", 10)
    paginator = client.get(reverse("initiatives:inbox")).context["page"].paginator
    assert (paginator.count, paginator.count_capped) == (4, False)


def test_pagination_label_of_a_capped_list_says_first_pages(rf):
    from django.template.loader import render_to_string
    from django.utils import translation

    from accounts.pagination import BoundedPaginator

    def label(page) -> str:
        with translation.override("vi"):
            context = {"page": page, "param": "page", "request": rf.get("/")}
            return render_to_string("includes/pagination.html", context)

    # The pages offered are only the first ones: the label does not claim they are all.
    assert "Trang 2 trong 3 trang đầu" in label(
        BoundedPaginator(list(range(10)), 2, limit=5).page(2)
    )
    assert "Trang 2 / 3" in label(BoundedPaginator(list(range(5)), 2, limit=5).page(2))


def test_inbox_search_counts_ten_pages_at_most(client, tree, member, monkeypatch):
    """A search's matches are a share of the whole scope (issue 14): its count stops at
    ``SEARCH_COUNT_LIMIT``, the list without a search at ``COUNT_LIMIT``."""
    from django.urls import reverse

    from initiatives.views import officer as officer_views

    for _ in range(4):
        make_initiative(tree.grassroots_a1x, member, status=S.SUBMITTED, title="Tiết kiệm điện")
    client.force_login(unit_officer(tree.national))
    monkeypatch.setattr(officer_views, "SEARCH_COUNT_LIMIT", 3)

    searched = client.get(reverse("initiatives:inbox"), {"q": "tiet kiem"})
    assert searched.context["page"].paginator.count_capped
    assert "Hơn 3 hồ sơ" in searched.content.decode()
    listed = client.get(reverse("initiatives:inbox")).context["page"].paginator
    assert (listed.count, listed.count_capped) == (4, False)
