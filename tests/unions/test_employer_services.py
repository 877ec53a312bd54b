"""Employer services: the cơ sở of Decree 13/2012 keeps a dated history of its details, of its
grassroots unions and of its restructuring; a refused change saves nothing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.errors import ApplicationError
from tests.factories import UserFactory
from tests.factories.employers import make_employer
from unions.enums import EmployerEventAction as A
from unions.enums import EmployerKind
from unions.models import Employer, EmployerEvent, EmployerUnion, EmployerVersion
from unions.selectors.employers import employer_of, employer_unions
from unions.services.employers import (
    EmployerData,
    employer_create,
    employer_dissolve,
    employer_link_union,
    employer_merge,
    employer_split,
    employer_unlink_union,
    employer_update,
)

START = date(2010, 1, 1)


def data(**overrides) -> EmployerData:
    values = {
        "name": "Công ty Cổ phần May Sông Hiếu",
        "kind": EmployerKind.PRIVATE,
        "tax_code": "3200123456",
        "head_name": "Lê Văn Hùng",
        "head_title": "Tổng Giám đốc",
        "address": "Số 5 Lê Lợi, Đông Hà, Quảng Trị",
    }
    values.update(overrides)
    return EmployerData(**values)


def state() -> dict:
    return {
        "employers": list(Employer.objects.order_by("pk").values()),
        "versions": list(EmployerVersion.objects.order_by("pk").values()),
        "links": list(EmployerUnion.objects.order_by("pk").values()),
        "events": EmployerEvent.objects.count(),
    }


def actions(employer: Employer) -> list[str]:
    return list(
        EmployerEvent.objects.filter(employer=employer)
        .order_by("effective_date", "id")
        .values_list("action", flat=True)
    )


@pytest.fixture
def officer(db):
    return UserFactory()


def test_employer_create_records_version_event_and_link(tree, officer):
    employer = employer_create(
        data=data(), valid_from=START, unit=tree.grassroots_a1x, actor=officer, note="QĐ 1"
    )
    assert employer.code.startswith("CS")
    version = employer.versions.get()
    assert (version.valid_from, version.valid_to, version.head_name) == (START, None, "Lê Văn Hùng")
    assert actions(employer) == [A.CREATED, A.UNION_LINKED]
    assert employer_of(tree.grassroots_a1x) == employer
    assert list(employer_unions(employer)) == [tree.grassroots_a1x]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "  "}, "name"),
        ({"kind": "bank"}, "kind"),
        ({"tax_code": "12-34"}, "tax_code"),
    ],
)
def test_employer_create_refuses_bad_data(db, overrides, field):
    before = state()
    with pytest.raises(ApplicationError) as error:
        employer_create(data=data(**overrides), valid_from=START)
    assert error.value.field == field
    assert state() == before


def test_employer_create_refuses_used_tax_code_and_future_date(db):
    employer_create(data=data(), valid_from=START)
    before = state()
    with pytest.raises(ApplicationError, match="3200123456"):
        employer_create(data=data(name="Khác"), valid_from=START)
    with pytest.raises(ApplicationError):
        employer_create(data=data(tax_code=""), valid_from=timezone.localdate() + timedelta(days=1))
    assert state() == before


def test_employer_create_accepts_branch_and_budget_codes(db):
    employer_create(data=data(tax_code="3200123456-001"), valid_from=START)
    employer_create(data=data(tax_code="1234567", name="Sở Y tế"), valid_from=START)
    assert Employer.objects.count() == 2


def test_employer_create_refuses_a_non_grassroots_unit(tree):
    before = state()
    with pytest.raises(ApplicationError, match="Chỉ công đoàn cơ sở"):
        employer_create(data=data(), valid_from=START, unit=tree.district_a1)
    assert state() == before


def test_employer_update_closes_the_version_and_records_the_change(tree, officer):
    employer = make_employer(tree.grassroots_a1x, valid_from=START)
    changed_on = date(2024, 3, 1)
    employer_update(
        employer=employer,
        data=data(tax_code=employer.tax_code, name=employer.name, head_name="Trần Thị Mai"),
        effective_date=changed_on,
        actor=officer,
        note="Bổ nhiệm Giám đốc mới",
    )
    versions = list(employer.versions.order_by("valid_from"))
    assert [(v.valid_from, v.valid_to, v.head_name) for v in versions] == [
        (START, changed_on, "Nguyễn Văn Giám"),
        (changed_on, None, "Trần Thị Mai"),
    ]
    assert actions(employer)[-1] == A.CHANGED


def test_employer_update_refuses_nothing_changed_and_early_date(tree):
    employer = make_employer(tree.grassroots_a1x, valid_from=START)
    same = EmployerData(
        name=employer.name,
        kind=employer.kind,
        tax_code=employer.tax_code,
        head_name=employer.head_name,
        head_title=employer.head_title,
        address=employer.address,
    )
    before = state()
    with pytest.raises(ApplicationError, match="Không có thông tin nào thay đổi"):
        employer_update(employer=employer, data=same, effective_date=date(2020, 1, 1))
    with pytest.raises(ApplicationError) as error:
        employer_update(
            employer=employer,
            data=data(tax_code=employer.tax_code),
            effective_date=date(2009, 1, 1),
        )
    assert error.value.field == "effective_date"
    assert state() == before


def test_a_grassroots_union_is_at_one_employer_at_a_time(tree):
    first = make_employer(tree.grassroots_a1x, valid_from=START)
    second = make_employer(valid_from=START)
    before = state()
    with pytest.raises(ApplicationError, match="mỗi công đoàn cơ sở chỉ"):
        employer_link_union(employer=second, unit=tree.grassroots_a1x, valid_from=date(2020, 1, 1))
    assert state() == before
    employer_unlink_union(employer=first, unit=tree.grassroots_a1x, effective_date=date(2020, 1, 1))
    employer_link_union(employer=second, unit=tree.grassroots_a1x, valid_from=date(2020, 1, 1))
    assert employer_of(tree.grassroots_a1x, date(2019, 12, 31)) == first
    assert employer_of(tree.grassroots_a1x, date(2020, 1, 1)) == second
    assert actions(first)[-1] == A.UNION_UNLINKED
    assert actions(second)[-1] == A.UNION_LINKED


def test_link_refuses_overlap_with_a_past_link_and_non_grassroots(tree):
    first = make_employer(tree.grassroots_a1x, valid_from=START)
    employer_unlink_union(employer=first, unit=tree.grassroots_a1x, effective_date=date(2020, 1, 1))
    second = make_employer(valid_from=START)
    before = state()
    with pytest.raises(ApplicationError, match="01/01/2020"):
        employer_link_union(employer=second, unit=tree.grassroots_a1x, valid_from=date(2019, 1, 1))
    with pytest.raises(ApplicationError, match="Chỉ công đoàn cơ sở"):
        employer_link_union(employer=second, unit=tree.province_a, valid_from=date(2019, 1, 1))
    assert state() == before


def test_unlink_refuses_an_absent_link_and_an_early_day(tree):
    employer = make_employer(tree.grassroots_a1x, valid_from=START)
    before = state()
    with pytest.raises(ApplicationError):
        employer_unlink_union(
            employer=employer, unit=tree.grassroots_a1y, effective_date=date(2020, 1, 1)
        )
    with pytest.raises(ApplicationError):
        employer_unlink_union(employer=employer, unit=tree.grassroots_a1x, effective_date=START)
    assert state() == before


def test_employer_merge_into_a_new_employer_moves_the_unions_with_dates(tree, officer):
    left = make_employer(tree.grassroots_a1x, valid_from=START)
    right = make_employer(tree.grassroots_a1y, valid_from=START)
    merged_on = date(2025, 1, 1)
    successor = employer_merge(
        sources=[left, right],
        new_employer=data(name="Tổng công ty Sông Hiếu", kind=EmployerKind.STATE_OWNED),
        effective_date=merged_on,
        actor=officer,
        note="QĐ sáp nhập",
    )
    assert set(employer_unions(successor)) == {tree.grassroots_a1x, tree.grassroots_a1y}
    assert employer_of(tree.grassroots_a1x, date(2024, 12, 31)) == left
    for source in (left, right):
        source.refresh_from_db()
        assert (source.is_active, source.valid_to) == (False, merged_on)
        assert source.versions.get(valid_to=merged_on)
        assert A.MERGED_INTO in actions(source)
        assert EmployerEvent.objects.get(
            employer=source, action=A.MERGED_INTO
        ).related_employer == (successor)
    assert actions(successor).count(A.ABSORBED) == 2


def test_employer_merge_into_an_existing_employer_and_refusals(tree):
    source = make_employer(tree.grassroots_a1x, valid_from=START)
    target = make_employer(tree.grassroots_a1y, valid_from=START)
    before = state()
    with pytest.raises(ApplicationError):
        employer_merge(sources=[source], target=source, effective_date=date(2025, 1, 1))
    with pytest.raises(ApplicationError):
        employer_merge(sources=[source], effective_date=date(2025, 1, 1))
    with pytest.raises(ApplicationError):
        employer_merge(sources=[source], new_employer=data(), effective_date=date(2025, 1, 1))
    assert state() == before
    employer_merge(sources=[source], target=target, effective_date=date(2025, 1, 1))
    assert set(employer_unions(target)) == {tree.grassroots_a1x, tree.grassroots_a1y}
    with pytest.raises(ApplicationError, match="không còn hoạt động"):
        employer_merge(sources=[source], target=target, effective_date=date(2025, 2, 1))


def test_employer_split_sends_each_union_to_its_part(tree):
    employer = make_employer(tree.grassroots_a1x, tree.grassroots_a1y, valid_from=START)
    parts = employer_split(
        employer=employer,
        parts=[data(name="Phần một", tax_code=""), data(name="Phần hai", tax_code="")],
        union_parts={tree.grassroots_a1y.pk: 1},
        effective_date=date(2025, 1, 1),
    )
    assert employer_of(tree.grassroots_a1x) == parts[0]
    assert employer_of(tree.grassroots_a1y) == parts[1]
    assert actions(employer).count(A.SPLIT_INTO) == 2
    assert all(A.SPLIT_FROM in actions(part) for part in parts)
    employer.refresh_from_db()
    assert not employer.is_active


def test_employer_split_refuses_one_part_and_saves_nothing(tree):
    employer = make_employer(tree.grassroots_a1x, valid_from=START)
    before = state()
    with pytest.raises(ApplicationError):
        employer_split(employer=employer, parts=[data()], effective_date=date(2025, 1, 1))
    with pytest.raises(ApplicationError):
        employer_split(
            employer=employer,
            parts=[data(name="A"), data(name="B")],  # the same tax code twice
            effective_date=date(2025, 1, 1),
        )
    with pytest.raises(ApplicationError, match="ít nhất một công đoàn cơ sở"):
        employer_split(
            employer=employer,
            parts=[data(name="A", tax_code=""), data(name="B", tax_code="")],
            effective_date=date(2025, 1, 1),
        )
    assert state() == before


def test_employer_dissolve_with_and_without_receiver(tree):
    gone = make_employer(tree.grassroots_a1x, valid_from=START)
    receiver = make_employer(valid_from=START)
    employer_dissolve(employer=gone, receiver=receiver, effective_date=date(2025, 7, 1))
    assert employer_of(tree.grassroots_a1x) == receiver
    assert EmployerEvent.objects.get(employer=gone, action=A.DISSOLVED).related_employer == receiver
    alone = make_employer(tree.grassroots_b1x, valid_from=START)
    employer_dissolve(employer=alone, effective_date=date(2025, 7, 1))
    assert employer_of(tree.grassroots_b1x) is None
    assert employer_of(tree.grassroots_b1x, date(2025, 6, 30)) == alone
