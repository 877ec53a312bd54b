"""A database at the layout before the organisation left the emulation app migrates forward with
every row kept: the units, their history, memberships and grants, and every row pointing at them.

The test takes the test database back to the previous layout (the last migration of each app
before ``unions.0001_initial``), fills it through the historical models, copies every table,
migrates forward to the layout right after the move and compares the copies row by row. Later
migrations (which add tables of their own) have tests of their own.
"""

from datetime import date

import pytest
from django.utils import timezone

from tests.migrations import head, migrate, table_names, table_rows

pytestmark = pytest.mark.django_db(transaction=True)

# The head of each app just before the organisation moved.
PREVIOUS_LAYOUT = [
    ("accounts", "0004_notification"),
    ("emulation", "0003_movements_registrations_pledges_titles"),
    ("initiatives", "0002_attachment_is_public"),
    ("awards", "0005_award_decision_source_pledge"),
    ("site_cms", "0004_live_figure_submitted"),
    ("unions", None),
]
# The head of each app right after the move.
AFTER_MOVE = [
    ("accounts", "0004_notification"),
    ("emulation", "0004_organisation_moved_to_unions"),
    ("initiatives", "0003_organisation_moved_to_unions"),
    ("awards", "0006_organisation_moved_to_unions"),
    ("site_cms", "0005_organisation_moved_to_unions"),
    ("unions", "0001_initial"),
]
MOVED_TABLES = [
    "emulation_unit",
    "emulation_unitversion",
    "emulation_unitevent",
    "emulation_membership",
    "emulation_rolegrant",
]


def _fill_previous_layout(apps) -> None:
    """Rows of the organisation and of each app that points at it, through historical models."""
    user_model = apps.get_model("accounts", "User")
    unit_model = apps.get_model("emulation", "Unit")
    officer = user_model.objects.create(
        email="canbo@example.vn", last_name="Nguyễn Văn", first_name="Cán", password="!"
    )
    member = user_model.objects.create(
        email="dv@example.vn", last_name="Trần Thị", first_name="Viên", password="!"
    )
    start = date(2024, 1, 1)
    national = unit_model.objects.create(
        path="0001",
        depth=1,
        numchild=1,
        code="TLD",
        name="Tổng Liên đoàn",
        kind="national_federation",
        valid_from=start,
    )
    province = unit_model.objects.create(
        path="00010001",
        depth=2,
        numchild=1,
        code="QTR",
        name="Liên đoàn Lao động tỉnh Quảng Trị",
        kind="provincial_federation",
        valid_from=start,
    )
    grassroots = unit_model.objects.create(
        path="000100010001",
        depth=3,
        numchild=0,
        code="CSX",
        name="Công đoàn cơ sở Công ty May",
        kind="grassroots_union",
        valid_from=start,
    )
    for unit, parent in ((national, None), (province, national), (grassroots, province)):
        apps.get_model("emulation", "UnitVersion").objects.create(
            unit=unit,
            valid_from=start,
            name=unit.name,
            kind=unit.kind,
            parent=parent,
        )
    apps.get_model("emulation", "UnitEvent").objects.create(
        unit=grassroots,
        action="created",
        effective_date=start,
        new_name=grassroots.name,
        new_parent=province,
        recorded_by=officer,
        note="Quyết định 12/QĐ",
    )
    apps.get_model("emulation", "Membership").objects.create(
        user=member, unit=grassroots, valid_from=start, card_number="123"
    )
    apps.get_model("emulation", "RoleGrant").objects.create(
        user=officer, unit=province, role="officer", valid_from=start, granted_by=officer
    )
    apps.get_model("emulation", "Movement").objects.create(
        launching_unit=province,
        name="Lao động giỏi, lao động sáng tạo",
        kind="movement",
        period_start=start,
        period_end=date(2024, 12, 31),
        status="running",
    )
    apps.get_model("initiatives", "Initiative").objects.create(
        unit=grassroots,
        unit_name_snapshot=grassroots.name,
        title="Tiết kiệm điện ở xưởng may",
        status="draft",
        created_by=member,
    )
    apps.get_model("awards", "Rubric").objects.create(
        unit=province, name="Thang điểm sáng kiến", created_at=timezone.now()
    )


def test_previous_layout_migrates_forward_with_every_row_kept():
    latest = head()
    executor = migrate(PREVIOUS_LAYOUT)
    try:
        old_apps = executor.loader.project_state(
            [target for target in PREVIOUS_LAYOUT if target[1]]
        ).apps
        _fill_previous_layout(old_apps)
        content_types = old_apps.get_model("contenttypes", "ContentType")
        old_unit_type = content_types.objects.get_or_create(app_label="emulation", model="unit")[0]
        tables = table_names()
        before = {table: table_rows(table) for table in tables}

        executor = migrate(AFTER_MOVE)

        assert table_names() == tables, "the move must not create or drop a table"
        for table in tables:
            after = table_rows(table)
            if table in {"django_content_type", "django_migrations"}:
                continue  # the move relabels content types and records its migrations
            assert after == before[table], f"rows of {table} changed"
        for table in MOVED_TABLES:
            assert before[table], f"the test must fill {table}"

        new_apps = executor.loader.project_state(AFTER_MOVE).apps
        unit_model = new_apps.get_model("unions", "Unit")
        assert unit_model._meta.db_table == "emulation_unit"
        province = unit_model.objects.get(code="QTR")
        assert [u.code for u in unit_model.objects.order_by("path")] == ["TLD", "QTR", "CSX"]
        assert new_apps.get_model("unions", "RoleGrant").objects.get().unit_id == province.pk
        grassroots = new_apps.get_model("unions", "Membership").objects.get().unit
        assert grassroots.code == "CSX"
        assert grassroots.versions.get().parent_id == province.pk
        assert new_apps.get_model("unions", "UnitEvent").objects.get().new_parent_id == province.pk
        initiative = new_apps.get_model("initiatives", "Initiative").objects.get()
        assert initiative.unit.code == "CSX"
        movement = new_apps.get_model("emulation", "Movement").objects.get()
        assert movement.launching_unit.code == "QTR"
        assert (
            new_apps.get_model("awards", "Rubric")
            .objects.get(name="Thang điểm sáng kiến")
            .unit.code
            == "QTR"
        )
        # The content type follows the model (permissions and generic relations keep pointing).
        moved_type = new_apps.get_model("contenttypes", "ContentType").objects.get(
            pk=old_unit_type.pk
        )
        assert (moved_type.app_label, moved_type.model) == ("unions", "unit")
    finally:
        migrate(latest)
