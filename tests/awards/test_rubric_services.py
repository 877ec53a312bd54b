"""Every write of scoring rubrics (``awards.services.rubrics``): creating rubrics and versions,
changing and deleting them, the freezing by the first score and the new version made from a
frozen one. The admin screens that call these services are tested in test_rubric_admin.py.
"""

from decimal import Decimal

import pytest
from django.utils import translation
from wagtail.models import ModelLogEntry

from accounts.errors import ApplicationError
from awards.enums import RoundStatus
from awards.models import Criterion, ReviewRound, Rubric, RubricVersion, Score, ScoreSheet
from awards.selectors.scores import round_results
from awards.services import (
    CriterionData,
    rubric_create,
    rubric_delete,
    rubric_save,
    rubric_version_copy,
    rubric_version_create,
    rubric_version_delete,
    rubric_version_update,
)
from tests.factories import RoleGrantFactory, UserFactory
from tests.factories.awards import criteria_of, make_round_in, make_rubric, score
from tests.factories.initiatives import unit_officer
from unions.enums import Role

R = RoundStatus


@pytest.fixture(autouse=True)
def in_english():
    # Messages are asserted in the source language, whatever the catalogue holds.
    with translation.override("en"):
        yield


def person_with(role: str, unit) -> object:
    user = UserFactory()
    RoleGrantFactory(user=user, unit=unit, role=role)
    return user


def as_data(version: RubricVersion) -> list[CriterionData]:
    """The version's criteria as the admin sends them back unchanged."""
    return [
        CriterionData(
            pk=c.pk,
            name=c.name,
            max_points=c.max_points,
            guidance=c.guidance,
            weight=c.weight,
            eliminatory=c.eliminatory,
            bands=tuple(
                (Decimal(b["min"]), Decimal(b["max"]), b.get("label", "")) for b in c.bands
            ),
        )
        for c in criteria_of(version)
    ]


def resave(version: RubricVersion, tree) -> RubricVersion:
    """Save ``version`` unchanged, as an officer at the top of the tree would in the admin."""
    return rubric_version_update(
        version=version,
        pass_threshold=version.pass_threshold,
        criteria=as_data(version),
        actor=unit_officer(tree.national),
    )


def history(obj) -> list[tuple[str, int | None]]:
    return list(
        ModelLogEntry.objects.for_instance(obj).order_by("pk").values_list("action", "user_id")
    )


# --- creating ------------------------------------------------------------------------------


def test_rubric_create_makes_version_one_with_its_criteria_in_order(db):
    version = make_rubric(pass_threshold=60)

    assert version.number == 1
    assert version.pass_threshold == Decimal(60)
    assert not version.is_frozen
    criteria = criteria_of(version)
    assert [(c.name, c.max_points, c.sort_order) for c in criteria] == [
        ("Tính mới", Decimal(30), 0),
        ("Khả năng áp dụng", Decimal(30), 1),
        ("Hiệu quả, lợi ích", Decimal(40), 2),
    ]
    assert criteria[0].bands[0] == {"min": "27", "max": "30", "label": "Hoàn toàn mới"}
    assert version.max_total() == Decimal(100)


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ([], "at least one criterion"),
        ([CriterionData(name=" ", max_points=Decimal(10))], "needs a name"),
        ([CriterionData(name="Tính mới", max_points=Decimal(0))], "greater than 0"),
        (
            [CriterionData(name="Tính mới", max_points=Decimal(10), weight=Decimal(0))],
            "greater than 0",
        ),
        (
            [
                CriterionData(
                    name="Tính mới",
                    max_points=Decimal(10),
                    bands=((Decimal(5), Decimal(12), "Quá mức"),),
                )
            ],
            "every band lies between 0 and 10",
        ),
    ],
)
def test_rubric_create_refuses_bad_criteria_and_saves_nothing(db, criteria, message):
    seeded = RubricVersion.objects.count()  # the rubrics the migrations seed

    with pytest.raises(ApplicationError, match=message):
        rubric_create(
            name="Thang điểm lỗi",
            unit=None,
            pass_threshold=Decimal(50),
            criteria=criteria,
            actor=None,
        )

    assert RubricVersion.objects.count() == seeded


def test_rubric_is_frozen_by_the_first_score_saved(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    version = setup.round.rubric_version
    resave(version, tree)  # no score yet: editable
    sheet = setup.sheet(setup.entry, setup.members[0])

    score(sheet, [20, None, None], submit=False)

    version.refresh_from_db()
    assert version.frozen_at is not None and version.is_frozen
    with pytest.raises(ApplicationError, match="frozen"):
        resave(version, tree)


def test_rubric_draft_without_any_points_does_not_freeze(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    sheet = setup.sheet(setup.entry, setup.members[0])

    score(sheet, [None, None, None], submit=False)

    assert not RubricVersion.objects.get(pk=setup.round.rubric_version_id).is_frozen


def test_rubric_freezing_keeps_the_first_moment(tree):
    setup = make_round_in(R.SCORING, tree.grassroots_a1x, members=2)
    score(setup.sheet(setup.entry, setup.members[0]), submit=False)
    first = RubricVersion.objects.get(pk=setup.round.rubric_version_id).frozen_at

    score(setup.sheet(setup.entry, setup.members[1]))

    assert RubricVersion.objects.get(pk=setup.round.rubric_version_id).frozen_at == first


def test_rubric_version_copy_makes_the_next_number_with_the_same_criteria(tree):
    national_officer = unit_officer(tree.national)
    weighted = (
        CriterionData(
            name="Tính mới",
            max_points=Decimal(30),
            guidance="Chưa từng áp dụng.",
            weight=Decimal("1.5"),
            eliminatory=True,
            bands=((Decimal(20), Decimal(30), "Mới"), (Decimal(0), Decimal(19), "Cải tiến")),
        ),
        CriterionData(name="Hiệu quả", max_points=Decimal(70)),
    )
    first = make_rubric(criteria=weighted, pass_threshold=55)

    second = rubric_version_copy(version=first, actor=national_officer, note="Thêm hướng dẫn")
    third = rubric_version_copy(version=first, actor=national_officer)

    def shape(version):
        return [
            (c.name, c.guidance, c.max_points, c.weight, c.eliminatory, c.bands, c.sort_order)
            for c in criteria_of(version)
        ]

    assert (second.rubric_id, second.number, third.number) == (first.rubric_id, 2, 3)
    assert shape(second) == shape(first) == shape(third)
    assert second.pass_threshold == Decimal(55)
    assert second.note == "Thêm hướng dẫn"
    assert second.created_by == national_officer
    assert not second.is_frozen
    assert not {c.pk for c in criteria_of(second)} & {c.pk for c in criteria_of(first)}


def test_rubric_version_copy_of_a_frozen_version_is_editable(tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x)
    version = RubricVersion.objects.get(pk=setup.round.rubric_version_id)
    assert version.is_frozen

    copy = rubric_version_copy(version=version, actor=unit_officer(tree.national))

    resave(copy, tree)  # does not raise


def test_rubric_version_copy_needs_the_rubric_capability(tree):
    kept = make_rubric(unit=tree.province_a)
    viewer = person_with(Role.VIEWER, tree.province_a)
    below = unit_officer(tree.district_a1)

    for actor in (viewer, below):
        with pytest.raises(ApplicationError):
            rubric_version_copy(version=kept, actor=actor)
    assert kept.rubric.versions.count() == 1
    assert rubric_version_copy(version=kept, actor=unit_officer(tree.province_a)).number == 2


def test_scores_keep_their_version_after_a_new_version_exists(tree):
    setup = make_round_in(R.DELIBERATION, tree.grassroots_a1x)
    first = setup.round.rubric_version
    before = round_results(setup.round)[setup.entry.pk]

    second = rubric_version_copy(version=first, actor=unit_officer(tree.national))
    Criterion.objects.filter(version=second).update(max_points=Decimal(10))

    sheets = ScoreSheet.objects.filter(entry__round=setup.round)
    assert sheets.count() == 3
    assert set(sheets.values_list("rubric_version_id", flat=True)) == {first.pk}
    assert set(
        Score.objects.filter(sheet__in=sheets).values_list("criterion__version_id", flat=True)
    ) == {first.pk}
    round_ = ReviewRound.objects.get(pk=setup.round.pk)
    assert round_.rubric_version_id == first.pk
    after = round_results(round_)[setup.entry.pk]
    assert after.total == before.total and after.passed


# --- the rubric itself ----------------------------------------------------------------------


def test_rubric_save_creates_a_rubric_without_a_version_and_keeps_the_history(tree):
    officer = unit_officer(tree.province_a)

    rubric = rubric_save(
        actor=officer, name="  Thang điểm Gio Linh ", unit=tree.district_a2, description="Mô tả"
    )

    assert (rubric.name, rubric.unit, rubric.description) == (
        "Thang điểm Gio Linh",
        tree.district_a2,
        "Mô tả",
    )
    assert not rubric.versions.exists()
    assert history(rubric) == [("wagtail.create", officer.pk)]


def test_rubric_save_changes_name_and_keeper_within_the_officers_scope(tree):
    officer = unit_officer(tree.province_a)
    rubric = make_rubric(unit=tree.district_a1).rubric

    rubric_save(actor=officer, rubric=rubric, name="Thang điểm mới", unit=tree.province_a)

    rubric.refresh_from_db()
    assert (rubric.name, rubric.unit) == ("Thang điểm mới", tree.province_a)
    assert history(rubric)[-1] == ("wagtail.edit", officer.pk)


@pytest.mark.parametrize("target", ["province_b", None])
def test_rubric_save_refuses_a_keeper_outside_the_officers_scope(tree, target):
    officer = unit_officer(tree.province_a)
    rubric = make_rubric(unit=tree.province_a).rubric
    unit = getattr(tree, target) if target else None

    with pytest.raises(ApplicationError, match="You may not change this rubric."):
        rubric_save(actor=officer, rubric=rubric, name="Đổi", unit=unit)
    with pytest.raises(ApplicationError):
        rubric_save(actor=officer, name="Mới", unit=unit)

    rubric.refresh_from_db()
    assert (rubric.unit, rubric.name) == (tree.province_a, rubric.name)
    assert not Rubric.objects.filter(name="Mới").exists()


def test_rubric_save_refuses_a_rubric_kept_outside_the_officers_scope(tree):
    rubric = make_rubric(unit=tree.province_b).rubric

    with pytest.raises(ApplicationError):
        rubric_save(
            actor=unit_officer(tree.province_a), rubric=rubric, name="Lấy", unit=tree.province_a
        )

    assert Rubric.objects.get(pk=rubric.pk).unit == tree.province_b


def test_rubric_delete_removes_unused_versions(tree):
    officer = unit_officer(tree.province_a)
    version = make_rubric(unit=tree.province_a)
    second = rubric_version_copy(version=version, actor=officer)

    rubric_delete(rubric=version.rubric, actor=officer)

    assert not Rubric.objects.filter(pk=version.rubric_id).exists()
    assert not RubricVersion.objects.filter(pk__in=[version.pk, second.pk]).exists()
    assert not Criterion.objects.filter(version_id__in=[version.pk, second.pk]).exists()
    assert ("wagtail.delete", officer.pk) in history(version.rubric)


def test_rubric_delete_refused_once_a_version_is_used_or_frozen(tree):
    setup = make_round_in(R.OPEN, tree.grassroots_a1x)
    used = setup.round.rubric_version
    officer = unit_officer(tree.national)

    with pytest.raises(ApplicationError, match="This rubric cannot be deleted"):
        rubric_delete(rubric=used.rubric, actor=officer)
    with pytest.raises(ApplicationError):
        rubric_delete(rubric=used.rubric, actor=unit_officer(tree.province_a))

    assert RubricVersion.objects.filter(pk=used.pk).exists()


# --- versions -------------------------------------------------------------------------------


def test_rubric_version_create_numbers_after_the_last_and_keeps_the_history(tree):
    officer = unit_officer(tree.province_a)
    first = make_rubric(unit=tree.province_a)
    RubricVersion.objects.create(rubric=first.rubric, number=4, pass_threshold=Decimal(1))

    new = rubric_version_create(
        rubric=first.rubric,
        pass_threshold=Decimal(30),
        note=" Bản rút gọn ",
        criteria=[
            CriterionData(
                name="Tính mới",
                max_points=Decimal(60),
                bands=((Decimal("0"), Decimal("60.00"), "Tất cả"),),
            )
        ],
        actor=officer,
    )

    assert (new.number, new.note, new.created_by) == (5, "Bản rút gọn", officer)
    assert list(new.criteria.values_list("name", "bands", "sort_order")) == [
        ("Tính mới", [{"min": "0", "max": "60", "label": "Tất cả"}], 0)
    ]
    assert history(new) == [("wagtail.create", officer.pk)]


def test_rubric_version_create_refuses_bad_criteria_and_other_keepers(tree):
    rubric = make_rubric(unit=tree.province_b).rubric
    officer = unit_officer(tree.province_a)

    with pytest.raises(ApplicationError, match="You may not change this rubric."):
        rubric_version_create(
            rubric=rubric,
            pass_threshold=Decimal(1),
            criteria=[CriterionData(name="A", max_points=Decimal(1))],
            actor=officer,
        )
    with pytest.raises(ApplicationError, match="at least one criterion"):
        rubric_version_create(
            rubric=rubric, pass_threshold=Decimal(1), criteria=[], actor=unit_officer(tree.national)
        )

    assert rubric.versions.count() == 1


def test_rubric_version_update_changes_keeps_removes_and_adds_criteria_in_order(tree):
    officer = unit_officer(tree.national)
    version = make_rubric()
    novelty, applicability, benefit = criteria_of(version)
    data = {c.pk: c for c in as_data(version)}

    rubric_version_update(
        version=version,
        pass_threshold=Decimal(55),
        note="Bỏ tiêu chí áp dụng",
        criteria=[
            CriterionData(pk=benefit.pk, name="Hiệu quả và lợi ích", max_points=Decimal(40)),
            data[novelty.pk],
            CriterionData(name="Tính bền vững", max_points=Decimal(30), weight=Decimal("0.5")),
        ],
        actor=officer,
    )

    version.refresh_from_db()
    assert (version.pass_threshold, version.note) == (Decimal(55), "Bỏ tiêu chí áp dụng")
    after = criteria_of(version)
    assert [(c.name, c.sort_order) for c in after] == [
        ("Hiệu quả và lợi ích", 0),
        ("Tính mới", 1),
        ("Tính bền vững", 2),
    ]
    assert [after[0].pk, after[1].pk] == [benefit.pk, novelty.pk]  # changed in place
    assert after[1].bands == novelty.bands
    assert not Criterion.objects.filter(pk=applicability.pk).exists()
    assert history(version)[-1] == ("wagtail.edit", officer.pk)


def test_rubric_version_update_refuses_a_criterion_of_another_version(tree):
    version = make_rubric()
    other = criteria_of(make_rubric())[0]

    with pytest.raises(ValueError):
        rubric_version_update(
            version=version,
            pass_threshold=Decimal(50),
            criteria=[CriterionData(pk=other.pk, name="Lạ", max_points=Decimal(10))],
            actor=unit_officer(tree.national),
        )

    assert [c.name for c in criteria_of(version)][0] == "Tính mới"


def test_rubric_version_update_refused_to_an_officer_below_the_keeper(tree):
    version = make_rubric(unit=tree.province_a)

    with pytest.raises(ApplicationError, match="You may not change this rubric."):
        rubric_version_update(
            version=version,
            pass_threshold=Decimal(1),
            criteria=as_data(version),
            actor=unit_officer(tree.district_a1),
        )

    assert RubricVersion.objects.get(pk=version.pk).pass_threshold == version.pass_threshold


def test_rubric_version_delete_refused_while_a_round_uses_it_or_once_frozen(tree):
    officer = unit_officer(tree.national)
    setup = make_round_in(R.SCORING, tree.grassroots_a1x)
    used = setup.round.rubric_version
    spare = rubric_version_copy(version=used, actor=officer)
    frozen = rubric_version_copy(version=used, actor=officer)
    RubricVersion.objects.filter(pk=frozen.pk).update(frozen_at=used.created_at)

    with pytest.raises(ApplicationError, match="A round uses this version"):
        rubric_version_delete(version=used, actor=officer)
    with pytest.raises(ApplicationError, match="It cannot be deleted"):
        rubric_version_delete(version=frozen, actor=officer)
    rubric_version_delete(version=spare, actor=officer)

    assert set(used.rubric.versions.values_list("pk", flat=True)) == {used.pk, frozen.pk}


def test_rubric_history_tells_whether_a_save_changed_anything(tree):
    officer = unit_officer(tree.national)
    version = make_rubric()

    resave(version, tree)
    rubric_version_update(
        version=version, pass_threshold=Decimal(61), criteria=as_data(version), actor=officer
    )
    rubric_save(actor=officer, rubric=version.rubric, name=version.rubric.name, unit=None)
    rubric_save(actor=officer, rubric=version.rubric, name="Tên mới", unit=None)

    def changes(obj):
        entries = ModelLogEntry.objects.for_instance(obj).filter(action="wagtail.edit")
        return list(entries.order_by("pk").values_list("content_changed", flat=True))

    assert changes(version) == [False, True]
    assert changes(version.rubric) == [False, True]
