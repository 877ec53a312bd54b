"""On PostgreSQL the members' register search is served by indexes (issue 14): the people's
search document through its trigram index and the card number through its B-tree, each on its
own side of the join (an OR across the join would scan both tables)."""

import pytest
from django.db import connection

from tests.factories import MembershipFactory
from unions.filters import MemberFilter
from unions.selectors.members import register_rows

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner"),
]


def test_register_search_uses_the_document_and_card_indexes(tree):
    MembershipFactory(unit=tree.grassroots_a1x)
    rows = MemberFilter({"q": "nguyen hang"}, queryset=register_rows().order_by()).qs
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "user_search_trgm" in plan
    assert "membership_card_idx" in plan
