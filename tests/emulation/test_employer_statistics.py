"""registry_stats counts the active employers (the cơ sở of Decree 13/2012/NĐ-CP) whose
grassroots unions lie in the scope unit's subtree; for the whole registry, every active one."""

import json
from datetime import date
from io import StringIO

from django.core.management import call_command

from tests.factories.employers import make_employer
from unions.services.employers import employer_dissolve, employer_unlink_union


def stats(*args) -> dict:
    out = StringIO()
    call_command("registry_stats", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_registry_stats_counts_active_employers_in_the_subtree(tree):
    both = make_employer(tree.grassroots_a1x, tree.grassroots_b1x)  # counted once everywhere
    make_employer(tree.grassroots_a1y)
    make_employer()  # no union: only the whole registry counts it
    gone = make_employer()
    employer_dissolve(employer=gone, effective_date=date(2020, 1, 1))  # not active: not counted
    left = make_employer(valid_from=date(2000, 1, 1))
    assert both.is_active and left.is_active
    figures = stats("--unit", "QTR")
    assert list(figures)[:3] == ["unit", "year", "employers"]
    assert figures["employers"] == 2
    assert stats("--unit", "PTO")["employers"] == 1
    assert stats("--unit", tree.district_a2.code)["employers"] == 0
    assert stats()["employers"] == 4  # both, a1y's, the one without union, left


def test_an_unlinked_union_no_longer_counts_its_employer(tree):
    employer = make_employer(tree.grassroots_b1x)
    assert stats("--unit", "PTO")["employers"] == 1
    employer_unlink_union(
        employer=employer, unit=tree.grassroots_b1x, effective_date=date(2020, 1, 1)
    )
    assert stats("--unit", "PTO")["employers"] == 0


def test_registry_stats_table_prints_the_employers_count(tree):
    make_employer(tree.grassroots_a1x)
    out = StringIO()
    call_command("registry_stats", "--unit", "QTR", stdout=out)
    assert "employers" in out.getvalue()
