"""A database from before employers were recorded migrates forward with every dossier kept as it
was: no employer is invented, the dossiers name none (their pages and PDFs then address the
unit, see ``test_employers``), and every other column keeps its value."""

from datetime import date

import pytest
from django.utils import timezone

from tests.migrations import head, migrate, table_rows

pytestmark = pytest.mark.django_db(transaction=True)

PREVIOUS_LAYOUT = [("unions", "0001_initial"), ("initiatives", "0003_organisation_moved_to_unions")]


def _fill(apps) -> None:
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
    initiative = apps.get_model("initiatives", "Initiative")
    initiative.objects.create(
        unit=unit,
        unit_name_snapshot=unit.name,
        title="Tiết kiệm điện ở xưởng may",
        status="submitted",
        submitted_at=timezone.now(),
        created_by=user,
    )
    initiative.objects.create(unit=unit, title="Bản nháp", status="draft", created_by=user)


def test_dossiers_from_before_employers_keep_their_rows_and_name_no_employer():
    latest = head()
    executor = migrate(PREVIOUS_LAYOUT)
    try:
        old_apps = executor.loader.project_state(PREVIOUS_LAYOUT).apps
        _fill(old_apps)
        before = table_rows("initiatives_initiative")
        executor = migrate(latest)
        new_apps = executor.loader.project_state(latest).apps
        after = table_rows("initiatives_initiative")
        assert len(after) == len(before) == 2
        # The new columns come last: the old ones are unchanged, the new ones empty.
        width = len(before[0])
        assert [row[:width] for row in after] == before
        initiative = new_apps.get_model("initiatives", "Initiative")
        assert set(initiative.objects.values_list("employer_id", "employer_name_snapshot")) == {
            (None, "")
        }
        assert not new_apps.get_model("unions", "Employer").objects.exists()
    finally:
        migrate(latest)
