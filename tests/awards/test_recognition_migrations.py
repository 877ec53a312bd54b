"""Recognition rounds and their decisions recorded before employers: the data migration
``awards/0013_recognition_rounds_employer`` sets their employer from the employer of the
unit, where one is known, and keeps their number in the unit's sequence (issue 13 §2)."""

from datetime import date

import pytest

from tests.migrations import head, migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("awards", "0011_same_unit_conflicts_stop_blocking"),
    ("unions", "0004_special_zone_and_corporation_unions"),
    ("initiatives", "0008_author_remuneration"),
]


def _rounds(apps) -> dict[str, int]:
    user = apps.get_model("accounts", "User").objects.create(
        email="canbo-migr@example.vn", last_name="Nguyễn Văn", first_name="An", password="!"
    )
    unit_model = apps.get_model("unions", "Unit")
    unit_model.objects.create(
        path="0001",
        depth=1,
        code="TLD",
        name="Tổng Liên đoàn",
        kind="national_federation",
        valid_from=date(2000, 1, 1),
    )
    at_employer = unit_model.objects.create(
        path="00010001",
        depth=2,
        code="CSX",
        name="Công đoàn cơ sở Công ty May",
        kind="grassroots_union",
        valid_from=date(2000, 1, 1),
    )
    alone = unit_model.objects.create(
        path="00010002",
        depth=2,
        code="CSY",
        name="Công đoàn cơ sở Bệnh viện",
        kind="grassroots_union",
        valid_from=date(2000, 1, 1),
    )
    employer = apps.get_model("unions", "Employer").objects.create(
        code="E-MAY", name="Công ty May", kind="private", valid_from=date(2000, 1, 1)
    )
    apps.get_model("unions", "EmployerUnion").objects.create(
        employer=employer, unit=at_employer, valid_from=date(2010, 1, 1)
    )
    rubric = apps.get_model("awards", "Rubric").objects.create(name="Thang điểm thử")
    version = apps.get_model("awards", "RubricVersion").objects.create(
        rubric=rubric, pass_threshold=50, created_by=user
    )
    round_model = apps.get_model("awards", "ReviewRound")
    decision_model = apps.get_model("awards", "Decision")
    ids = {"employer": employer.pk}

    def make(key, unit, purpose, sequence):
        review_round = round_model.objects.create(
            unit=unit,
            title=key,
            purpose=purpose,
            year=2025,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
            intake_closes=date(2025, 6, 1),
            scoring_closes=date(2025, 7, 1),
            rubric_version=version,
            status="closed",
            created_by=user,
        )
        decision = decision_model.objects.create(
            round=review_round,
            unit=unit,
            year=2025,
            sequence=sequence,
            number=f"{sequence:02d}/QĐ-{unit.code}/2025",
            decided_on=date(2025, 8, 1),
            signer_name="Trần Thị Hoa",
            signer_title="Chủ tịch",
            created_by=user,
        )
        ids[key] = review_round.pk
        ids[f"{key}_decision"] = decision.pk

    make("at_employer", at_employer, "recognition", 1)
    make("alone", alone, "recognition", 1)
    make("nomination", at_employer, "nomination", 2)
    return ids


def test_existing_recognition_rounds_get_the_units_employer_and_keep_their_numbers():
    latest = head()
    executor = migrate(BEFORE)
    try:
        ids = _rounds(executor.loader.project_state(BEFORE).apps)

        executor = migrate(latest)
        apps = executor.loader.project_state(latest).apps
        rounds = apps.get_model("awards", "ReviewRound").objects
        decisions = apps.get_model("awards", "Decision").objects
        assert rounds.get(pk=ids["at_employer"]).employer_id == ids["employer"]
        assert rounds.get(pk=ids["alone"]).employer_id is None
        assert rounds.get(pk=ids["nomination"]).employer_id is None
        kept = decisions.get(pk=ids["at_employer_decision"])
        assert (kept.employer_id, kept.numbering, kept.number) == (
            ids["employer"],
            "unit",
            "01/QĐ-CSX/2025",
        )
        alone = decisions.get(pk=ids["alone_decision"])
        assert (alone.employer_id, alone.numbering, alone.number) == (
            None,
            "unit",
            "01/QĐ-CSY/2025",
        )
    finally:
        migrate(latest)
