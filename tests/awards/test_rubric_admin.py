"""Rubrics in the Wagtail admin: who reaches them, editing a version and its criteria with
bands typed as text, frozen versions, new versions and deletion.

Officers reach the admin through ``wagtailadmin.access_admin`` granted for the capability
``rubric.manage`` (emulation/rules.py)."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from awards.models import Criterion, Rubric, RubricVersion
from awards.rubric_forms import format_bands, parse_bands
from awards.services import CriterionData, round_create, rubric_create
from tests.factories import MembershipFactory, RoleGrantFactory, UserFactory, unit_officer
from tests.factories.awards import round_employer
from unions.enums import Role

ADMIN_LOGIN = "/admin/login/"
NOVELTY_BANDS = (
    "27-30: Hoàn toàn mới\n21 – 26: Cải tiến lớn\n16–20: Cải tiến một phần\n0: Không mới"
)


@pytest.fixture
def client(client):
    # Messages are asserted in the source language, whatever the catalogue holds.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def officer(tree):
    """Officer of a provincial federation: manages the rubrics its subtree keeps."""
    return unit_officer(tree.province_a)


@pytest.fixture
def version(tree, officer):
    return rubric_create(
        name="Thang điểm Quảng Trị",
        unit=tree.province_a,
        pass_threshold=Decimal(50),
        criteria=[
            CriterionData(
                name="Tính mới",
                max_points=Decimal(30),
                eliminatory=True,
                bands=((Decimal(27), Decimal(30), "Hoàn toàn mới"), (Decimal(0), Decimal(0), "")),
            ),
            CriterionData(name="Hiệu quả", max_points=Decimal(70), guidance="Tính bằng tiền."),
        ],
        actor=officer,
    )


def url(viewset: str, view: str, *args) -> str:
    return reverse(f"awards_rubric{viewset}:{view}", args=args)


def version_url(view: str, *args) -> str:
    return url("_version", view, *args)


def text(response) -> str:
    return response.content.decode()


def criterion_row(criterion: Criterion | None = None, **fields) -> dict:
    row = {
        "id": str(criterion.pk) if criterion else "",
        "name": criterion.name if criterion else "",
        "max_points": str(criterion.max_points) if criterion else "",
        "weight": str(criterion.weight) if criterion else "1",
        "guidance": criterion.guidance if criterion else "",
        "bands_text": format_bands(criterion.bands) if criterion else "",
    }
    if criterion and criterion.eliminatory:
        row["eliminatory"] = "on"
    row.update(fields)
    return row


def version_form(version: RubricVersion, rows: list[dict], **fields) -> dict:
    data = {"pass_threshold": str(version.pass_threshold), "note": version.note}
    data.update(fields)
    existing = sum(1 for row in rows if row.get("id"))
    data["criteria"] = inline_formset(rows, initial=existing, min=1)
    return nested_form_data(data)


def snapshot(version: RubricVersion) -> list[tuple]:
    return list(
        Criterion.objects.filter(version=version).values_list(
            "name", "max_points", "weight", "eliminatory", "bands", "guidance"
        )
    )


def freeze(version: RubricVersion) -> None:
    # What sheet_save does when the first score under the version is saved.
    RubricVersion.objects.filter(pk=version.pk).update(frozen_at=timezone.now())
    version.refresh_from_db()


def make_round(version: RubricVersion, unit, actor):
    today = timezone.localdate()
    return round_create(
        unit=unit,
        actor=actor,
        title="Xét công nhận sáng kiến năm 2025",
        purpose="recognition",
        employer=round_employer(unit),
        year=today.year,
        period_start=today,
        period_end=today + datetime.timedelta(days=60),
        intake_closes=today + datetime.timedelta(days=20),
        scoring_closes=today + datetime.timedelta(days=40),
        rubric_version=version,
        assignment_mode="everyone",
        forward_quota=None,
    )


# --- bands as text -------------------------------------------------------------------------


def test_parse_bands_accepts_dashes_comma_decimals_and_single_points():
    bands = parse_bands("27-30: Hoàn toàn mới\n\n 21 – 26,5 : Cải tiến lớn \n0: Không mới\n3—4")

    assert [(str(low), str(high), label) for low, high, label, _line in bands] == [
        ("27", "30", "Hoàn toàn mới"),
        ("21", "26.5", "Cải tiến lớn"),
        ("0", "0", "Không mới"),
        ("3", "4", ""),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("27-30 Hoàn toàn mới", "Line 1, “27-30 Hoàn toàn mới”, is not a band."),
        ("27-30: Mới\nmười: Kém", "Line 2, “mười: Kém”, is not a band."),
        ("-3-5: Âm", "is not a band"),
        ("30-27: Đảo ngược", "Line 1: the first number of a band cannot be above the second."),
        ("20-30: Tốt\n0-20: Kém", "Lines 1 and 2 overlap"),
    ],
)
def test_parse_bands_rejects_bad_lines_with_their_number(text, message):
    from django import forms
    from django.utils import translation

    # The messages are checked in English; the Vietnamese catalogue translates them.
    with translation.override("en"):
        with pytest.raises(forms.ValidationError) as raised:
            parse_bands(text)
        assert any(message in error for error in raised.value.messages)


def test_format_bands_writes_the_text_parse_bands_reads():
    bands = [
        {"min": "27", "max": "30", "label": "Hoàn toàn mới"},
        {"min": "12.5", "max": "20", "label": "Khá"},
        {"min": "0", "max": "0", "label": ""},
    ]

    written = format_bands(bands)

    assert written == "27–30: Hoàn toàn mới\n12,5–20: Khá\n0–0"
    assert [(str(a), str(b), c) for a, b, c, _ in parse_bands(written)] == [
        ("27", "30", "Hoàn toàn mới"),
        ("12.5", "20", "Khá"),
        ("0", "0", ""),
    ]


# --- who reaches the pages -----------------------------------------------------------------


def test_rubric_pages_open_for_an_officer(client, tree, officer, version):
    client.force_login(officer)

    home = client.get("/admin/")
    rubrics = client.get(url("", "index"))
    versions = client.get(version_url("index"))
    edit = client.get(version_url("edit", version.pk))
    add = client.get(version_url("add") + f"?rubric={version.rubric_id}")

    assert home.status_code == 200
    assert "Rubrics" in text(home)
    assert rubrics.status_code == 200
    assert "Thang điểm Quảng Trị" in text(rubrics)
    assert tree.province_a.name in text(rubrics)
    assert versions.status_code == 200
    assert escape(str(version)) in text(versions)
    assert edit.status_code == 200
    page = text(edit)
    assert "27–30: Hoàn toàn mới\n0–0" in page
    assert "Tính bằng tiền." in page
    assert "Make a new version" not in page
    assert add.status_code == 200
    assert f'<option value="{version.rubric_id}" selected>' in text(add)


def test_rubric_lists_hold_only_rubrics_the_user_manages(client, tree, officer, version):
    district = rubric_create(
        name="Thang điểm Đông Hà",
        unit=tree.district_a1,
        pass_threshold=Decimal(10),
        criteria=[CriterionData(name="Tính mới", max_points=Decimal(30))],
        actor=None,
    )
    other = rubric_create(
        name="Thang điểm Phú Thọ",
        unit=tree.province_b,
        pass_threshold=Decimal(10),
        criteria=[CriterionData(name="Tính mới", max_points=Decimal(30))],
        actor=None,
    )
    client.force_login(officer)

    rubrics = text(client.get(url("", "index")))
    versions = text(client.get(version_url("index")))

    for page in (rubrics, versions):
        assert "Thang điểm Quảng Trị" in page
        assert "Thang điểm Đông Hà" in page
        assert "Thang điểm Phú Thọ" not in page
        # Shared rubrics are kept by officers at the top of the tree.
        assert "Thang điểm xét công nhận sáng kiến cấp cơ sở" not in page
    assert client.get(version_url("edit", district.pk)).status_code == 200
    assert client.get(version_url("edit", other.pk)).status_code == 404
    assert client.get(url("", "edit", other.rubric_id)).status_code == 404
    assert client.get(version_url("delete", other.pk)).status_code == 404
    assert client.get(version_url("history", other.pk)).status_code == 404
    assert client.post(version_url("new_version", other.pk)).status_code == 404


def test_shared_rubrics_are_listed_for_an_officer_at_the_top(client, tree):
    client.force_login(unit_officer(tree.national))

    response = client.get(url("", "index"))

    assert response.status_code == 200
    assert "Thang điểm xét công nhận sáng kiến cấp cơ sở" in text(response)
    assert "Shared by every unit" in text(response)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR])
def test_rubric_pages_are_refused_without_the_capability(client, tree, version, role):
    person = UserFactory()
    RoleGrantFactory(user=person, unit=tree.province_a, role=role)
    client.force_login(person)

    for address in (
        url("", "index"),
        url("", "add"),
        version_url("index"),
        version_url("add"),
        version_url("edit", version.pk),
    ):
        response = client.get(address)
        assert response.status_code == 302, address
        if role == Role.EDITOR:
            # Editors reach the admin for the public site; Wagtail sends them to its home page.
            assert response.url == "/admin/", address
        else:
            assert response.url.startswith(ADMIN_LOGIN), address
    assert client.post(version_url("new_version", version.pk)).status_code == 302
    # The delete page looks its object up first: out of scope.
    expected = 404 if role == Role.EDITOR else 302
    assert client.post(version_url("delete", version.pk)).status_code == expected
    assert RubricVersion.objects.filter(rubric=version.rubric).count() == 1


def test_rubric_pages_send_a_plain_member_to_the_admin_login(client, tree, version):
    member = UserFactory()
    MembershipFactory(user=member, unit=tree.grassroots_a1x)
    client.force_login(member)

    response = client.get(version_url("edit", version.pk))

    assert response.status_code == 302
    assert response.url.startswith(ADMIN_LOGIN)


def test_expired_officer_grant_gives_no_rubric_pages(client, tree, version):
    former = UserFactory()
    RoleGrantFactory(
        user=former,
        unit=tree.province_a,
        role=Role.OFFICER,
        valid_from=datetime.date(2019, 1, 1),
        valid_to=datetime.date(2020, 12, 31),
    )
    client.force_login(former)

    response = client.get(version_url("index"))

    assert response.status_code == 302
    assert response.url.startswith(ADMIN_LOGIN)


# --- editing a version ---------------------------------------------------------------------


def test_version_edit_saves_criteria_and_bands(client, officer, version):
    novelty, effect = version.criteria.all()
    client.force_login(officer)

    response = client.post(
        version_url("edit", version.pk),
        version_form(
            version,
            [
                criterion_row(novelty, bands_text=NOVELTY_BANDS, max_points="30"),
                criterion_row(effect, name="Hiệu quả và lợi ích", max_points="40"),
                criterion_row(
                    name="Khả năng áp dụng",
                    max_points="30",
                    weight="1",
                    guidance="Đã áp dụng ở đâu.",
                    bands_text="25–30: Áp dụng rộng\n0 - 24,5: Hẹp",
                ),
            ],
            pass_threshold="55",
            note="Thêm tiêu chí khả năng áp dụng",
        ),
    )

    assert response.status_code == 302, response.context and response.context["form"].errors
    version.refresh_from_db()
    assert version.pass_threshold == Decimal(55)
    assert version.note == "Thêm tiêu chí khả năng áp dụng"
    assert version.number == 1
    criteria = list(version.criteria.all())
    assert [(c.name, c.max_points) for c in criteria] == [
        ("Tính mới", Decimal(30)),
        ("Hiệu quả và lợi ích", Decimal(40)),
        ("Khả năng áp dụng", Decimal(30)),
    ]
    assert criteria[0].eliminatory is True
    assert criteria[0].bands == [
        {"min": "27", "max": "30", "label": "Hoàn toàn mới"},
        {"min": "21", "max": "26", "label": "Cải tiến lớn"},
        {"min": "16", "max": "20", "label": "Cải tiến một phần"},
        {"min": "0", "max": "0", "label": "Không mới"},
    ]
    assert criteria[1].bands == []
    assert criteria[2].bands == [
        {"min": "25", "max": "30", "label": "Áp dụng rộng"},
        {"min": "0", "max": "24.5", "label": "Hẹp"},
    ]
    assert criteria[2].guidance == "Đã áp dụng ở đâu."


def test_version_edit_removes_a_criterion(client, officer, version):
    novelty, effect = version.criteria.all()
    client.force_login(officer)

    response = client.post(
        version_url("edit", version.pk),
        version_form(
            version,
            [criterion_row(novelty), criterion_row(effect, DELETE="1")],
            pass_threshold="20",
        ),
    )

    assert response.status_code == 302
    assert list(version.criteria.values_list("name", flat=True)) == ["Tính mới"]


@pytest.mark.parametrize(
    ("bands_text", "message"),
    [
        ("27-30 Hoàn toàn mới", "Line 1, “27-30 Hoàn toàn mới”, is not a band."),
        ("27-35: Quá điểm tối đa", "Line 1: bands lie between 0 and 30 points, the maximum."),
        ("30-27: Đảo ngược", "Line 1: the first number of a band cannot be above the second."),
        ("20-30: Tốt\n0-20: Kém", "Lines 1 and 2 overlap: a score fits one band only."),
    ],
)
def test_version_edit_with_bad_band_lines_saves_nothing(
    client, officer, version, bands_text, message
):
    novelty, effect = version.criteria.all()
    before = snapshot(version)
    client.force_login(officer)

    response = client.post(
        version_url("edit", version.pk),
        version_form(
            version,
            [
                criterion_row(novelty, bands_text=bands_text),
                criterion_row(effect, name="Hiệu quả đã đổi tên"),
            ],
            pass_threshold="60",
        ),
    )

    assert response.status_code == 200
    assert escape(message) in text(response)
    assert snapshot(version) == before
    version.refresh_from_db()
    assert version.pass_threshold == Decimal(50)


def test_version_edit_refuses_a_threshold_above_the_total(client, officer, version):
    novelty, effect = version.criteria.all()
    client.force_login(officer)

    response = client.post(
        version_url("edit", version.pk),
        version_form(
            version, [criterion_row(novelty), criterion_row(effect)], pass_threshold="101"
        ),
    )

    assert response.status_code == 200
    assert "The pass threshold cannot be above the 100 points the criteria add up to." in text(
        response
    )
    version.refresh_from_db()
    assert version.pass_threshold == Decimal(50)


def test_version_edit_refuses_zero_points_and_weight(client, officer, version):
    novelty, effect = version.criteria.all()
    before = snapshot(version)
    client.force_login(officer)

    response = client.post(
        version_url("edit", version.pk),
        version_form(
            version,
            [criterion_row(novelty, max_points="0"), criterion_row(effect, weight="0")],
        ),
    )

    assert response.status_code == 200
    assert "The maximum must be greater than 0." in text(response)
    assert "The weight must be greater than 0." in text(response)
    assert snapshot(version) == before


# --- frozen versions and new versions ------------------------------------------------------


def test_frozen_version_shows_read_only_and_offers_a_new_version(client, officer, version):
    freeze(version)
    client.force_login(officer)

    response = client.get(version_url("edit", version.pk))

    page = text(response)
    assert response.status_code == 200
    assert "This version is frozen since" in page
    assert "Make a new version" in page
    assert f'action="{version_url("new_version", version.pk)}"' in page
    assert 'data-w-kbd-key-value="mod+s"' not in page  # no Save button
    assert response.context["form"].fields["pass_threshold"].disabled


def test_frozen_version_cannot_be_saved(client, officer, version):
    novelty, effect = version.criteria.all()
    freeze(version)
    before = snapshot(version)
    client.force_login(officer)

    response = client.post(
        version_url("edit", version.pk),
        version_form(
            version,
            [criterion_row(novelty, max_points="40"), criterion_row(effect, name="Đổi tên")],
            pass_threshold="10",
        ),
        follow=True,
    )

    assert response.redirect_chain == [(version_url("edit", version.pk), 302)]
    assert "This version is frozen: scores have been given under it." in text(response)
    assert snapshot(version) == before
    version.refresh_from_db()
    assert version.pass_threshold == Decimal(50)


def test_new_version_copies_the_criteria_with_the_next_number(client, officer, version):
    freeze(version)
    client.force_login(officer)

    response = client.post(version_url("new_version", version.pk))

    new = RubricVersion.objects.get(rubric=version.rubric, number=2)
    assert response.status_code == 302
    assert response.url == version_url("edit", new.pk)
    assert new.frozen_at is None
    assert new.created_by == officer
    assert new.pass_threshold == version.pass_threshold
    assert snapshot(new) == snapshot(version)
    page = text(client.get(response.url))
    assert "Version 2 made from version 1." in page
    assert "27–30: Hoàn toàn mới" in page


def test_new_version_answers_only_post(client, officer, version):
    client.force_login(officer)

    response = client.get(version_url("new_version", version.pk))

    assert response.status_code == 405
    assert version.rubric.versions.count() == 1


def test_adding_a_version_numbers_it_after_the_last(client, officer, version):
    RubricVersion.objects.create(rubric=version.rubric, number=4, pass_threshold=Decimal(1))
    client.force_login(officer)
    data = nested_form_data(
        {
            "rubric": str(version.rubric_id),
            "pass_threshold": "30",
            "note": "Bản rút gọn",
            "number": "1",  # not a field: ignored
            "criteria": inline_formset(
                [criterion_row(name="Tính mới", max_points="60", bands_text="0-60: Tất cả")],
                min=1,
            ),
        }
    )

    response = client.post(version_url("add"), data)

    new = RubricVersion.objects.get(rubric=version.rubric, note="Bản rút gọn")
    assert response.status_code == 302
    assert response.url == version_url("edit", new.pk)
    assert new.number == 5
    assert new.created_by == officer
    assert list(new.criteria.values_list("name", "bands")) == [
        ("Tính mới", [{"min": "0", "max": "60", "label": "Tất cả"}])
    ]


def test_adding_a_version_to_a_rubric_out_of_scope_is_refused(client, tree, officer):
    other = rubric_create(
        name="Thang điểm Phú Thọ",
        unit=tree.province_b,
        pass_threshold=Decimal(10),
        criteria=[CriterionData(name="Tính mới", max_points=Decimal(30))],
        actor=None,
    )
    client.force_login(officer)
    data = nested_form_data(
        {
            "rubric": str(other.rubric_id),
            "pass_threshold": "10",
            "note": "",
            "criteria": inline_formset([criterion_row(name="A", max_points="30")], min=1),
        }
    )

    response = client.post(version_url("add"), data)

    assert response.status_code == 200
    assert "Select a valid choice." in text(response)
    assert other.rubric.versions.count() == 1


def test_a_version_needs_a_criterion(client, officer, version):
    client.force_login(officer)
    data = nested_form_data(
        {
            "rubric": str(version.rubric_id),
            "pass_threshold": "0",
            "note": "Trống",
            "criteria": inline_formset([], min=1),
        }
    )

    response = client.post(version_url("add"), data)

    assert response.status_code == 200
    assert not RubricVersion.objects.filter(note="Trống").exists()


# --- deleting ------------------------------------------------------------------------------


def test_deleting_an_unused_version(client, officer, version):
    client.force_login(officer)

    response = client.post(version_url("delete", version.pk))

    assert response.status_code == 302
    assert not RubricVersion.objects.filter(pk=version.pk).exists()
    assert not Criterion.objects.filter(version_id=version.pk).exists()


def test_deleting_a_version_a_round_uses_is_refused(client, tree, officer, version):
    make_round(version, tree.province_a, officer)
    client.force_login(officer)

    page = client.get(version_url("edit", version.pk))
    response = client.post(version_url("delete", version.pk), follow=True)

    assert "One round uses this version." in text(page)
    assert version_url("delete", version.pk) not in text(page)
    assert response.redirect_chain == [(version_url("edit", version.pk), 302)]
    assert "A round uses this version, so it cannot be deleted." in text(response)
    assert RubricVersion.objects.filter(pk=version.pk).exists()


def test_deleting_a_frozen_version_is_refused(client, officer, version):
    freeze(version)
    client.force_login(officer)

    response = client.post(version_url("delete", version.pk), follow=True)

    assert "It cannot be deleted." in text(response)
    assert RubricVersion.objects.filter(pk=version.pk).exists()


def test_deleting_a_rubric_removes_its_unused_versions(client, officer, version):
    client.force_login(officer)

    response = client.post(url("", "delete", version.rubric_id))

    assert response.status_code == 302
    assert not Rubric.objects.filter(pk=version.rubric_id).exists()
    assert not RubricVersion.objects.filter(pk=version.pk).exists()


def test_deleting_a_rubric_with_a_frozen_version_is_refused(client, officer, version):
    freeze(version)
    client.force_login(officer)

    response = client.post(url("", "delete", version.rubric_id), follow=True)

    assert "This rubric cannot be deleted" in text(response)
    assert Rubric.objects.filter(pk=version.rubric_id).exists()


# --- rubrics -------------------------------------------------------------------------------


def test_officer_creates_a_rubric_kept_by_a_unit_in_scope(client, tree, officer):
    client.force_login(officer)

    response = client.post(
        url("", "add"),
        {"name": "Thang điểm Gio Linh", "unit": tree.district_a2.code, "description": "Mô tả"},
    )

    rubric = Rubric.objects.get(name="Thang điểm Gio Linh")
    assert rubric.unit == tree.district_a2
    assert response.status_code == 302
    assert response.url == version_url("add") + f"?rubric={rubric.pk}"


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("", "Only officers of the top unit keep shared rubrics."),
        ("PTO", "No active unit with this code is within your scope."),
    ],
)
def test_officer_cannot_create_a_rubric_outside_scope(client, tree, officer, unit, message):
    client.force_login(officer)

    response = client.post(url("", "add"), {"name": "Thang điểm lạ", "unit": unit})

    assert response.status_code == 200
    assert message in text(response)
    assert not Rubric.objects.filter(name="Thang điểm lạ").exists()


def test_rubric_edit_shows_the_unit_code(client, tree, officer, version):
    client.force_login(officer)

    response = client.get(url("", "edit", version.rubric_id))

    assert response.status_code == 200
    assert f'value="{tree.province_a.code}"' in text(response)


def test_officer_at_the_top_creates_a_shared_rubric(client, tree):
    client.force_login(unit_officer(tree.national))

    response = client.post(url("", "add"), {"name": "Thang điểm chung mới", "unit": ""})

    assert response.status_code == 302
    assert Rubric.objects.get(name="Thang điểm chung mới").unit is None


# --- query counts --------------------------------------------------------------------------


def _queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("address", ["rubrics", "versions"])
def test_rubric_lists_do_not_query_per_row(client, tree, officer, version, address):
    address = url("", "index") if address == "rubrics" else version_url("index")
    client.force_login(officer)
    one = _queries(client, address)
    for number in range(4):
        rubric_create(
            name=f"Thang điểm {number}",
            unit=tree.district_a1,
            pass_threshold=Decimal(1),
            criteria=[CriterionData(name="Tính mới", max_points=Decimal(30))],
            actor=None,
        )

    assert _queries(client, address) == one


def test_version_list_searches_by_rubric_name(client, tree, officer, version):
    rubric_create(
        name="Thang điểm Đông Hà",
        unit=tree.district_a1,
        pass_threshold=Decimal(10),
        criteria=[CriterionData(name="Tính mới", max_points=Decimal(30))],
        actor=None,
    )
    client.force_login(officer)

    response = client.get(version_url("index"), {"q": "Đông Hà"})

    assert response.status_code == 200
    assert "Thang điểm Đông Hà, version 1" in text(response)
    assert "Thang điểm Quảng Trị" not in text(response)
