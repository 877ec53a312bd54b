"""The two shared rubrics seeded by migration awards 0002: their criteria, points and bands;
seeding again changes nothing; reversing removes them unless a round uses them."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from awards.models import Criterion, Rubric, RubricVersion
from awards.services import round_create
from tests.factories import unit_officer
from tests.factories.awards import round_employer

seed = importlib.import_module("awards.migrations.0002_seed_rubrics")

GRASSROOTS = "Thang điểm xét công nhận sáng kiến cấp cơ sở"
PROVINCIAL = "Thang điểm xét chọn sáng kiến cấp tỉnh"


def criteria_of(name: str) -> list[Criterion]:
    version = RubricVersion.objects.get(rubric__name=name, rubric__unit__isnull=True)
    return list(version.criteria.all())


def counts() -> tuple[int, int, int]:
    return Rubric.objects.count(), RubricVersion.objects.count(), Criterion.objects.count()


def covers_without_gaps(criterion: Criterion) -> bool:
    """Whole-point bands that cover 0..max once each."""
    points = sorted(
        point
        for band in criterion.bands
        for point in range(int(Decimal(band["min"])), int(Decimal(band["max"])) + 1)
    )
    return points == list(range(int(criterion.max_points) + 1))


def test_seeded_grassroots_rubric(db):
    rubric = Rubric.objects.get(name=GRASSROOTS)
    version = rubric.versions.get()
    criteria = criteria_of(GRASSROOTS)

    assert rubric.unit is None
    assert version.number == 1
    assert version.pass_threshold == Decimal(50)
    assert version.frozen_at is None
    assert [(c.name, c.max_points, c.weight, c.eliminatory) for c in criteria] == [
        ("Tính mới", Decimal(30), Decimal(1), True),
        ("Khả năng áp dụng", Decimal(30), Decimal(1), False),
        ("Hiệu quả và lợi ích", Decimal(40), Decimal(1), False),
    ]
    assert criteria[0].bands == [
        {"min": "27", "max": "30", "label": "Hoàn toàn mới, chưa áp dụng ở đâu"},
        {"min": "21", "max": "26", "label": "Mới, có cải tiến lớn so với giải pháp đã có"},
        {"min": "16", "max": "20", "label": "Có cải tiến một phần"},
        {"min": "1", "max": "15", "label": "Cải tiến nhỏ"},
        {"min": "0", "max": "0", "label": "Không có tính mới"},
    ]
    assert version.max_total() == Decimal(100)


def test_seeded_provincial_rubric(db):
    rubric = Rubric.objects.get(name=PROVINCIAL)
    version = rubric.versions.get()
    criteria = criteria_of(PROVINCIAL)

    assert rubric.unit is None
    assert version.number == 1
    assert version.pass_threshold == Decimal(70)
    assert [(c.name, c.max_points) for c in criteria] == [
        ("Tính mới và sáng tạo", Decimal(25)),
        ("Phạm vi ảnh hưởng", Decimal(25)),
        ("Giá trị làm lợi", Decimal(35)),
        ("Khả năng nhân rộng", Decimal(15)),
    ]
    assert all(c.weight == Decimal(1) for c in criteria)
    assert version.max_total() == Decimal(100)


@pytest.mark.parametrize("name", [GRASSROOTS, PROVINCIAL])
def test_seeded_criteria_have_guidance_and_bands_covering_every_point(db, name):
    for criterion in criteria_of(name):
        assert len(criterion.guidance) > 80, criterion.name
        assert all(band["label"] for band in criterion.bands), criterion.name
        assert covers_without_gaps(criterion), criterion.name
        assert criterion.band_for(Decimal(0))["min"] == "0"
        assert criterion.band_for(criterion.max_points)["max"] == str(int(criterion.max_points))


def test_seeding_again_changes_nothing(db):
    before = counts()

    seed.seed_rubrics(apps, None)

    assert counts() == before
    assert Rubric.objects.filter(name=GRASSROOTS).count() == 1


def test_seeding_leaves_an_existing_rubric_untouched(db):
    Rubric.objects.filter(name=PROVINCIAL).update(description="Sửa tay")

    seed.seed_rubrics(apps, None)

    assert Rubric.objects.get(name=PROVINCIAL).description == "Sửa tay"


def test_reversing_removes_the_seeded_rubrics_and_seeding_restores_them(db):
    kept = Rubric.objects.create(name="Thang điểm riêng")
    before = counts()

    seed.unseed_rubrics(apps, None)

    assert not Rubric.objects.filter(name__in=[GRASSROOTS, PROVINCIAL]).exists()
    assert not Criterion.objects.filter(version__rubric__name=GRASSROOTS).exists()
    assert Rubric.objects.filter(pk=kept.pk).exists()

    seed.seed_rubrics(apps, None)

    assert counts() == before
    assert len(criteria_of(GRASSROOTS)) == 3


def test_reversing_keeps_a_seeded_rubric_a_round_uses(tree):
    officer = unit_officer(tree.grassroots_a1x)
    round_create(
        unit=tree.grassroots_a1x,
        actor=officer,
        title="Xét công nhận sáng kiến năm 2025",
        purpose="recognition",
        employer=round_employer(tree.grassroots_a1x),
        year=2025,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        intake_closes=datetime.date(2025, 10, 31),
        scoring_closes=datetime.date(2025, 11, 30),
        rubric_version=RubricVersion.objects.get(rubric__name=GRASSROOTS),
        assignment_mode="everyone",
        forward_quota=None,
    )

    seed.unseed_rubrics(apps, None)

    assert len(criteria_of(GRASSROOTS)) == 3
    assert not Rubric.objects.filter(name=PROVINCIAL).exists()
