"""Achievement records of a person and of a unit: recognitions by closed rounds at each level,
awards of issued decisions (revoked ones marked) grouped by year, who may see them (the person;
those reading dossiers of the person's grassroots unit or of the unit; nobody else), and
queries that do not grow with the record."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.enums import RoundStatus
from awards.models import AwardDecision, AwardType, Certificate
from awards.selectors import achievement_record, awards_of, recognitions_of
from awards.services.honours import (
    award_decision_create,
    certificate_revoke,
    recipient_add_person,
)
from tests.factories import RoleGrantFactory, UserFactory, make_unit, unit_officer
from tests.factories.awards import accepted_dossier, make_round_in, member_of
from tests.factories.awards import issue_award as issue
from unions.enums import Role, UnitKind

TODAY = timezone.localdate()
THIS_YEAR = TODAY.year
LAST_YEAR = datetime.date(THIS_YEAR - 1, 4, 15)


def revoke(decision: AwardDecision, *, person=None, on: datetime.date = TODAY) -> None:
    certificate = None
    if person is not None:
        certificate = decision.recipients.get(user=person).certificate
    certificate_revoke(
        decision=decision,
        actor=decision.officer,
        revoked_on=on,
        reason="Thành tích kê khai không đúng sự thật.",
        certificate=certificate,
    )


@pytest.fixture
def record(tree):
    """A member of grassroots_a1x with: a dossier recognised by the grassroots round and another
    by the district's round (each with its initiative certificate); a Bằng khen of the
    province this year; a Giấy khen of the grassroots union last year, revoked; and the
    grassroots union's Cờ thi đua of the province."""
    person = member_of(tree.grassroots_a1x, first_name="Huệ", last_name="Trần Thị")
    grassroots = make_round_in(
        RoundStatus.CLOSED,
        tree.grassroots_a1x,
        dossiers=[accepted_dossier(tree.grassroots_a1x, author=person, title="Đồ gá hàn ống")],
    )
    district = make_round_in(
        RoundStatus.CLOSED,
        tree.district_a1,
        dossiers=[accepted_dossier(tree.grassroots_a1x, author=person, title="Máy cắt vải")],
    )
    bang_khen = issue("bang-khen-tinh", tree.province_a, persons=[person])
    giay_khen = issue(
        "giay-khen-co-so", tree.grassroots_a1x, persons=[person], decided_on=LAST_YEAR
    )
    revoke(giay_khen, person=person)
    flag = issue("co-thi-dua-tinh", tree.province_a, units=[tree.grassroots_a1x])
    return {
        "person": person,
        "grassroots": grassroots,
        "district": district,
        "bang_khen": bang_khen,
        "giay_khen": giay_khen,
        "flag": flag,
    }


def page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def person_url(person) -> str:
    return reverse("achievements:person", args=[person.pk])


def unit_url(unit) -> str:
    return reverse("achievements:unit", args=[unit.pk])


# --- selectors -----------------------------------------------------------------------------


def test_recognitions_of_a_person_at_each_level(tree, record):
    entries = list(recognitions_of(person=record["person"]))

    assert {e.initiative.title for e in entries} == {"Đồ gá hàn ống", "Máy cắt vải"}
    assert {e.round.unit for e in entries} == {tree.grassroots_a1x, tree.district_a1}
    for entry in entries:
        assert entry.round.decision.award_decision.award_type.is_initiative_certificate


def test_awards_of_a_person_with_revocations_and_certificates(record):
    lines = awards_of(person=record["person"])

    codes = [line.decision.award_type.code for line in lines]
    assert sorted(codes) == sorted(
        ["initiative-certificate", "initiative-certificate", "bang-khen-tinh", "giay-khen-co-so"]
    )
    revoked = {line.decision.award_type.code: line.revocation for line in lines}
    assert revoked["giay-khen-co-so"].revoked_on == TODAY
    assert revoked["bang-khen-tinh"] is None
    assert all(line.certificate is not None for line in lines)


def test_whole_decision_revocation_marks_every_recipient(tree, record):
    revoke(record["bang_khen"])

    line = next(
        line for line in awards_of(person=record["person"]) if line.decision == record["bang_khen"]
    )
    assert line.revocation is not None and line.revocation.certificate is None


def test_drafts_are_not_on_the_record(tree):
    person = member_of(tree.grassroots_a1x)
    officer = unit_officer(tree.province_a)
    decision = award_decision_create(
        issuer=tree.province_a,
        award_type=AwardType.objects.get(code="bang-khen-tinh"),
        decided_on=TODAY,
        signer_name="Lê Văn Minh",
        signer_title="Chủ tịch",
        actor=officer,
    )
    recipient_add_person(decision=decision, actor=officer, name="Huệ", user=person)

    assert achievement_record(person=person) == []


def test_record_is_grouped_by_year_newest_first(record):
    years = achievement_record(person=record["person"])

    assert [group.year for group in years] == [THIS_YEAR, THIS_YEAR - 1]
    assert len(years[0].recognitions) == 2
    assert len(years[0].awards) == 3
    assert [line.decision.award_type.code for line in years[1].awards] == ["giay-khen-co-so"]
    assert years[1].recognitions == []


def test_unit_record_holds_its_awards_and_its_dossiers_recognitions(tree, record):
    years = achievement_record(unit=tree.grassroots_a1x)

    assert [line.decision.award_type.code for line in years[0].awards] == ["co-thi-dua-tinh"]
    assert len(years[0].recognitions) == 2
    assert achievement_record(unit=tree.grassroots_a1y) == []


# --- the pages -----------------------------------------------------------------------------


def test_own_record_shows_recognitions_and_awards_by_year(client, tree, record):
    person = record["person"]

    html = page(client, person, reverse("achievements:mine"))

    assert "Trần Thị Huệ" in html or person.get_full_name() in html
    assert tree.grassroots_a1x.name in html
    assert html.index(f'id="year-{THIS_YEAR}"') < html.index(f'id="year-{THIS_YEAR - 1}"')
    for entry in record["grassroots"].entries + record["district"].entries:
        assert entry.initiative.title in html
    assert record["grassroots"].decision.number in html
    assert record["district"].decision.number in html
    assert tree.district_a1.name in html
    for key in ("bang_khen", "giay_khen"):
        decision = record[key]
        assert decision.number in html
        assert decision.award_type.name in html
        assert decision.decided_on.strftime("%d/%m/%Y") in html
    assert html.count('class="revoked"') == 1
    assert f'data-decision="{record["giay_khen"].pk}" class="revoked"' in html
    assert record["flag"].award_type.name not in html  # the unit's, not the person's


def test_record_links_to_certificates_and_to_decisions_for_those_who_may_open_them(
    client, tree, record
):
    bang_khen = record["bang_khen"]
    certificate = bang_khen.recipients.get().certificate
    Certificate.objects.filter(pk=certificate.pk).update(file="certificates/bang-khen.pdf")
    verification = reverse("verification:certificate", args=[certificate.short_code])
    decision = f'href="{reverse("honours:decision_detail", args=[bang_khen.pk])}"'
    download = f'href="{reverse("honours:certificate_download", args=[certificate.pk])}"'

    own = page(client, record["person"], reverse("achievements:mine"))
    assert verification in own
    assert download in own  # the holder downloads their certificate
    assert decision not in own  # the decision page is for the issuer's officers and viewers

    viewer = page(client, granted(tree.national, Role.VIEWER), person_url(record["person"]))
    assert decision in viewer
    recognition = record["grassroots"].decision.award_decision
    assert f'href="{reverse("honours:decision_detail", args=[recognition.pk])}"' in viewer


def test_unit_record_page(client, tree, record):
    html = page(client, unit_officer(tree.grassroots_a1x), unit_url(tree.grassroots_a1x))

    assert tree.grassroots_a1x.name in html
    assert record["flag"].award_type.name in html
    assert record["flag"].number in html
    assert "Đồ gá hàn ống" in html and "Máy cắt vải" in html
    assert record["bang_khen"].number not in html  # the person's, not the unit's


def test_empty_record_says_so(client, tree):
    person = member_of(tree.grassroots_a1y)

    assert 'id="no-achievements"' in page(client, person, reverse("achievements:mine"))


# --- who may see a record ------------------------------------------------------------------


def granted(unit, role=Role.OFFICER):
    user = UserFactory()
    RoleGrantFactory(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def union_group(tree):
    return make_unit(tree.grassroots_a1x, kind=UnitKind.UNION_GROUP)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("self", 200),
        ("officer_same_unit", 200),
        ("viewer_same_unit", 200),
        ("officer_ancestor", 200),
        ("viewer_national", 200),
        ("officer_descendant", 404),
        ("officer_sibling", 404),
        ("officer_other_branch", 404),
        ("editor_national", 404),
        ("member_same_unit", 404),
    ],
)
def test_person_record_permission_matrix(client, tree, union_group, who, status):
    person = member_of(tree.grassroots_a1x)
    users = {
        "self": lambda: person,
        "officer_same_unit": lambda: granted(tree.grassroots_a1x),
        "viewer_same_unit": lambda: granted(tree.grassroots_a1x, Role.VIEWER),
        "officer_ancestor": lambda: granted(tree.district_a1),
        "viewer_national": lambda: granted(tree.national, Role.VIEWER),
        "officer_descendant": lambda: granted(union_group),
        "officer_sibling": lambda: granted(tree.grassroots_a1y),
        "officer_other_branch": lambda: granted(tree.province_b),
        "editor_national": lambda: granted(tree.national, Role.EDITOR),
        "member_same_unit": lambda: member_of(tree.grassroots_a1x),
    }
    client.force_login(users[who]())

    assert client.get(person_url(person)).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("officer_same_unit", 200),
        ("viewer_ancestor", 200),
        ("officer_descendant", 404),
        ("officer_sibling", 404),
        ("officer_other_branch", 404),
        ("member_same_unit", 404),
    ],
)
def test_unit_record_permission_matrix(client, tree, union_group, who, status):
    users = {
        "officer_same_unit": lambda: granted(tree.grassroots_a1x),
        "viewer_ancestor": lambda: granted(tree.province_a, Role.VIEWER),
        "officer_descendant": lambda: granted(union_group),
        "officer_sibling": lambda: granted(tree.grassroots_a1y),
        "officer_other_branch": lambda: granted(tree.province_b),
        "member_same_unit": lambda: member_of(tree.grassroots_a1x),
    }
    client.force_login(users[who]())

    assert client.get(unit_url(tree.grassroots_a1x)).status_code == status


def test_person_without_membership_is_seen_by_themselves_only(client, tree):
    person = UserFactory()
    client.force_login(granted(tree.national))
    assert client.get(person_url(person)).status_code == 404
    client.force_login(person)
    assert client.get(person_url(person)).status_code == 200


def test_officers_of_a_former_unit_no_longer_see_the_record(client, tree):
    person = member_of(tree.grassroots_a1x)
    person.memberships.update(valid_to=datetime.date(2024, 12, 31))
    client.force_login(granted(tree.grassroots_a1x))

    assert client.get(person_url(person)).status_code == 404


def test_unknown_person_or_unit_is_404(client, tree):
    client.force_login(granted(tree.national))

    assert client.get(reverse("achievements:person", args=[999_999])).status_code == 404
    assert client.get(reverse("achievements:unit", args=[999_999])).status_code == 404
    assert client.get("/thanh-tich/ca-nhan/abc/").status_code == 404


@pytest.mark.parametrize("name", ["mine", "person", "unit"])
def test_record_pages_need_sign_in(client, tree, name):
    args = [] if name == "mine" else [tree.grassroots_a1x.pk]

    response = client.get(reverse(f"achievements:{name}", args=args))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# --- queries -------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_person_record_queries_do_not_grow_with_awards(client, tree):
    few = member_of(tree.grassroots_a1x)
    issue("bang-khen-tinh", tree.province_a, persons=[few])
    many = member_of(tree.grassroots_a1x)
    make_round_in(
        RoundStatus.CLOSED,
        tree.grassroots_a1x,
        dossiers=[accepted_dossier(tree.grassroots_a1x, author=many) for _ in range(3)],
    )
    for offset in range(4):
        decision = issue(
            "giay-khen-co-so",
            tree.grassroots_a1x,
            persons=[many],
            decided_on=datetime.date(THIS_YEAR - offset, 1, 10),
        )
        if offset % 2:
            revoke(decision, person=many, on=TODAY)
    issue("bang-khen-tinh", tree.province_a, persons=[many])
    issue("bang-khen-tong-ld", tree.national, persons=[many])
    viewer = granted(tree.district_a1, Role.VIEWER)
    client.force_login(viewer)

    assert len(awards_of(person=many)) == 9
    assert _queries(client, person_url(many)) == _queries(client, person_url(few))


def test_unit_record_queries_do_not_grow_with_awards(client, tree):
    issue("co-thi-dua-tinh", tree.province_a, units=[tree.grassroots_a1y])
    for offset in range(5):
        issue(
            "giay-khen-cap-tren",
            tree.district_a1,
            units=[tree.grassroots_a1x],
            decided_on=datetime.date(THIS_YEAR - offset, 2, 1),
        )
    make_round_in(RoundStatus.CLOSED, tree.grassroots_a1x, dossiers=3)
    client.force_login(granted(tree.district_a1))

    assert _queries(client, unit_url(tree.grassroots_a1x)) == _queries(
        client, unit_url(tree.grassroots_a1y)
    )
