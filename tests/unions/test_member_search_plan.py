"""On PostgreSQL the members' register search is served by indexes (issue 14): the people's
search document through its trigram index and the card number through its B-tree, each on its
own side of the join (an OR across the join would scan both tables); a name search in the
register's order can walk the index on the people's names and stop at the page."""

import pytest
from django.db import connection

from accounts.models import User
from accounts.search import search_document
from tests.factories import MembershipFactory, UserFactory
from unions.filters import MemberFilter
from unions.selectors.members import members_visible_to, register_rows

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner"),
]


def plan_of(rows, *, sorts: bool = True) -> str:
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        if not sorts:
            cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_register_search_of_a_card_number_uses_the_document_and_card_indexes(tree):
    membership = MembershipFactory(unit=tree.grassroots_a1x)
    query = {"q": membership.card_number}
    rows = MemberFilter(query, queryset=register_rows().order_by()).qs
    plan = plan_of(rows)
    assert "user_search_trgm" in plan
    assert "membership_card_idx" in plan


def test_register_search_of_a_name_filters_the_people_through_the_document_index(tree):
    """The joined person's condition, alone (on a few rows the planner starts the join from
    the register either way): the trigram index serves it."""
    MembershipFactory(unit=tree.grassroots_a1x)
    people = search_document(User.objects.order_by(), "nguyen hang")

    assert "user_search_trgm" in plan_of(people)


def test_register_search_in_the_registers_order_can_walk_the_names_index(tree):
    """Sorts off: the only plan left that gives the register's order reads the people's names
    index (a common name: the page is found without sorting every match)."""
    MembershipFactory(unit=tree.grassroots_a1x)
    user = UserFactory(is_superuser=True)
    rows = MemberFilter({"q": "nguyen"}, queryset=members_visible_to(user)).qs[:20]

    assert "user_name_idx" in plan_of(rows, sorts=False)
