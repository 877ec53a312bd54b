"""The data migration awards 0016 writes on the dossiers recognised before it what the public bank
sorts and filters on, by the rules the bank computed on every request until then (issue 14 §4):
a database made at the previous layout is migrated forward and compared, every row kept, every
other column unchanged."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from initiatives.models import Initiative
from tests.migrations import head, migrate

pytestmark = pytest.mark.django_db(transaction=True)

PREVIOUS_LAYOUT = [
    ("awards", "0014_round_list_order_index"),
    ("initiatives", "0012_similar_title_gist"),
]
NEW_COLUMNS = ("recognised_year", "highest_level", "province_id")


def _rows(columns=None):
    """The dossiers' rows as {column: value}, every column unless ``columns`` are named."""
    with connection.cursor() as cursor:
        names = ", ".join(connection.ops.quote_name(c) for c in columns) if columns else "*"
        cursor.execute(f"SELECT {names} FROM initiatives_initiative ORDER BY id")
        described = [d[0] for d in cursor.description]
        return [dict(zip(described, row, strict=True)) for row in cursor.fetchall()]


def _unit(apps, path, kind, code):
    return apps.get_model("unions", "Unit").objects.create(
        path=path,
        depth=len(path) // 4,
        numchild=0,
        code=code,
        name=f"Công đoàn {code}",
        kind=kind,
        valid_from=datetime.date(2020, 1, 1),
    )


def _closed_round(apps, unit, user, version, initiative, *, year, purpose):
    review_round = apps.get_model("awards", "ReviewRound").objects.create(
        unit=unit,
        title=f"Xét sáng kiến {year}",
        purpose=purpose,
        year=year,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        intake_closes=datetime.date(year, 3, 1),
        scoring_closes=datetime.date(year, 4, 1),
        rubric_version=version,
        created_by=user,
        status="closed",
    )
    apps.get_model("awards", "RoundEntry").objects.create(
        round=review_round, initiative=initiative, entered_by=user, outcome="recognised"
    )
    apps.get_model("awards", "Decision").objects.create(
        round=review_round,
        unit=unit,
        year=year,
        sequence=1,
        number=f"1/QĐ-{year}",
        decided_on=datetime.date(year, 6, 15),
        signer_name="Trần Văn Bình",
        signer_title="Chủ tịch",
        created_by=user,
    )


def _recognised_step(apps, initiative, year):
    transition = apps.get_model("initiatives", "InitiativeTransition").objects.create(
        initiative=initiative,
        action="recognise",
        from_status="under_review",
        to_status="recognised",
    )
    moment = timezone.make_aware(datetime.datetime(year, 5, 1, 10, 0))
    type(transition).objects.filter(pk=transition.pk).update(at=moment)


def test_recognised_dossiers_get_year_level_and_province_and_keep_every_other_column():
    latest = head()
    executor = migrate(PREVIOUS_LAYOUT)
    try:
        apps = executor.loader.project_state(PREVIOUS_LAYOUT).apps
        user = apps.get_model("accounts", "User").objects.create(
            email="canbo@example.vn", last_name="Lê", first_name="Hà", password="!"
        )
        national = _unit(apps, "0001", "national_federation", "TLD")
        province = _unit(apps, "00010001", "provincial_federation", "QTR")
        grassroots = _unit(apps, "000100010001", "grassroots_union", "CSX")
        model = apps.get_model("initiatives", "Initiative")

        def dossier(title, status, unit=grassroots):
            return model.objects.create(unit=unit, title=title, status=status, created_by=user)

        by_step = dossier("Công nhận không qua hội đồng", "recognised")
        _recognised_step(apps, by_step, 2024)
        by_rounds = dossier("Công nhận ở cơ sở rồi ở tỉnh", "recognised")
        _recognised_step(apps, by_rounds, 2025)
        rubric = apps.get_model("awards", "Rubric").objects.create(name="Thang điểm")
        version = apps.get_model("awards", "RubricVersion").objects.create(rubric=rubric)
        _closed_round(apps, grassroots, user, version, by_rounds, year=2023, purpose="recognition")
        _closed_round(apps, province, user, version, by_rounds, year=2025, purpose="nomination")
        by_employer = dossier("Cơ sở tự quyết định", "recognised")
        _recognised_step(apps, by_employer, 2025)
        employer = apps.get_model("unions", "Employer").objects.create(
            code="CTM", name="Công ty May", kind="enterprise", valid_from=datetime.date(2020, 1, 1)
        )
        apps.get_model("awards", "ExternalRecognition").objects.create(
            initiative=by_employer,
            employer=employer,
            decision_number="7/QĐ-CTM",
            decided_on=datetime.date(2022, 9, 1),
            signer_name="Nguyễn Văn An",
            signer_title="Giám đốc",
            scope="employer",
            scan="recognitions/qd.pdf",
            scan_name="qd.pdf",
            scan_type="application/pdf",
            scan_size=100,
            recorded_by=user,
            status="confirmed",
        )
        at_national = dossier("Hồ sơ của Tổng Liên đoàn", "recognised", unit=national)
        _recognised_step(apps, at_national, 2025)
        waiting = dossier("Đang chờ xét", "submitted")
        before = _rows()

        migrate(latest)

        found = {
            row.pk: (row.recognised_year, row.highest_level, row.province_id)
            for row in Initiative.objects.all()
        }
        assert found == {
            by_step.pk: (2024, 4, province.pk),
            # The first decision's year, the provincial round's level.
            by_rounds.pk: (2023, 2, province.pk),
            by_employer.pk: (2022, 4, province.pk),
            at_national.pk: (2025, 4, None),
            waiting.pk: (None, None, None),
        }
        # Every row kept, every other column unchanged.
        assert _rows(list(before[0])) == before
    finally:
        migrate(latest)
