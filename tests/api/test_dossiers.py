"""Token endpoints for members and officers: writing a draft (fields, authors, files),
submitting it, the timeline, ETags and If-Match; the inbox with its filters and the officer's
steps; the tree (today and on a date), members and figures of a unit; query counts constant in
rows; and the permission matrix of the dossier endpoints (role × place in the tree × state)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from emulation.rollup import figures_rebuild
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative, InitiativeTransition
from tests.api.helpers import bearer, count_queries, make_token
from tests.factories import (
    MembershipFactory,
    RoleGrantFactory,
    UserFactory,
    author_row,
    make_initiative,
    unit_officer,
)
from tests.factories.initiatives import advance, dossier_values
from unions.enums import Role
from unions.services import unit_rename

S = InitiativeStatus
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def member(tree):
    user = UserFactory(first_name="Bình", last_name="Trần Thị")
    MembershipFactory(user=user, unit=tree.grassroots_a1x, position="Tổ trưởng")
    return user


def post(client, path, data, secret, **extra):
    return client.post(path, data, content_type="application/json", **bearer(secret, **extra))


def patch(client, path, data, secret, **extra):
    return client.patch(path, data, content_type="application/json", **bearer(secret, **extra))


def draft_body(unit, member, **overrides) -> dict:
    values = dossier_values()
    body = {
        "unit_id": unit.pk,
        "title": values["title"],
        "field": values["field"],
        "kind": values["kind"],
        "first_applied_on": values["first_applied_on"].isoformat(),
        "previous_state": values["previous_state"],
        "solution_purpose": values["solution_purpose"],
        "solution_steps": values["solution_steps"],
        "solution_novelty": values["solution_novelty"],
        "application_conditions": values["application_conditions"],
        "benefit_claimed_vnd": 120_000_000,
        "benefit_basis": values["benefit_basis"],
        "authors": [
            {"full_name": member.get_full_name(), "contribution": "100", "member_id": member.pk}
        ],
    }
    body.update(overrides)
    return body


# --- the member's journey ------------------------------------------------------------------


def test_member_creates_changes_and_submits_a_draft(client, tree, member):
    secret = make_token(member)
    body = draft_body(tree.grassroots_a1x, member, title="Cải tiến đồ gá hàn")
    body["authors"][0]["contribution"] = "70"
    response = post(client, "/api/v1/dossiers", body, secret)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "draft"
    assert created["benefit_claimed_vnd"] == 120_000_000
    assert created["problems"]  # the contributions add up to 70%
    dossier = f"/api/v1/dossiers/{created['id']}"
    assert response["Location"] == dossier

    # Another author brings the total to 100%.
    read = client.get(dossier, **bearer(secret))
    etag = read["ETag"]
    assert client.get(dossier, **bearer(secret, HTTP_IF_NONE_MATCH=etag)).status_code == 304
    response = post(
        client,
        f"{dossier}/authors",
        {"full_name": "Lê Văn Cường", "contribution": "30", "workplace": "Xưởng 2"},
        secret,
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 201, response.content
    assert [a["full_name"] for a in response.json()["author_rows"]] == [
        "Trần Thị Bình",
        "Lê Văn Cường",
    ]
    assert response.json()["problems"] == []

    # A stale ETag is refused and changes nothing.
    response = patch(client, dossier, {"title": "Tên mới"}, secret, HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert response.json()["title"] == "Dữ liệu đã thay đổi"
    assert Initiative.objects.get(pk=created["id"]).title == "Cải tiến đồ gá hàn"
    etag = client.get(dossier, **bearer(secret))["ETag"]
    response = patch(
        client, dossier, {"title": "Cải tiến đồ gá hàn khung ghế"}, secret, HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200
    assert response.json()["title"] == "Cải tiến đồ gá hàn khung ghế"
    assert len(response.json()["author_rows"]) == 2

    upload = client.post(
        f"{dossier}/attachments",
        {"file": SimpleUploadedFile("ban-ve.pdf", PDF), "description": "Bản vẽ"},
        **bearer(secret),
    )
    assert upload.status_code == 201, upload.content
    assert upload.json()["content_type"] == "application/pdf"

    response = post(client, f"{dossier}/actions/submit", {}, secret)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    assert response.json()["receipt_number"].startswith("SK-")
    timeline = client.get(f"{dossier}/timeline", **bearer(secret)).json()["items"]
    assert [entry["action"] for entry in timeline] == ["create", "submit"]
    assert timeline[1]["to_status_label"] == "Đã nộp"
    mine = client.get("/api/v1/dossiers/mine", **bearer(secret)).json()["items"]
    assert [item["id"] for item in mine] == [created["id"]]


def test_bad_draft_input_answers_errors_by_field_and_saves_nothing(client, tree, member):
    secret = make_token(member)
    body = draft_body(tree.grassroots_a1x, member, benefit_claimed_vnd=-5, field="khong-co")
    response = post(client, "/api/v1/dossiers", body, secret)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["benefit_claimed_vnd"] == ["Số này quá nhỏ."]
    assert errors["field"] == ["Hãy chọn một trong các giá trị cho phép."]
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = post(
        client,
        "/api/v1/dossiers",
        draft_body(tree.grassroots_a1x, member, first_applied_on=future),
        secret,
    )
    assert response.status_code == 422
    assert response.json()["title"] == "Yêu cầu vi phạm một quy định của hệ thống"
    assert "first_applied_on" in response.json()["errors"]
    response = post(client, "/api/v1/dossiers", draft_body(tree.district_a1, member), secret)
    assert response.status_code == 422
    assert "unit_id" in response.json()["errors"]
    response = client.post(
        "/api/v1/dossiers", "{không phải json", content_type="application/json", **bearer(secret)
    )
    assert response.status_code in (400, 422)
    assert not Initiative.objects.exists()


def test_incomplete_draft_cannot_be_submitted(client, tree, member):
    secret = make_token(member)
    body = {
        "unit_id": tree.grassroots_a1x.pk,
        "title": "Chưa xong",
        "authors": [{"full_name": "Trần Thị Bình", "contribution": "100", "member_id": member.pk}],
    }
    created = post(client, "/api/v1/dossiers", body, secret).json()
    response = post(client, f"/api/v1/dossiers/{created['id']}/actions/submit", {}, secret)
    assert response.status_code == 422
    assert Initiative.objects.get(pk=created["id"]).status == S.DRAFT


# --- the officer ---------------------------------------------------------------------------


def test_officer_inbox_filters_and_steps(client, tree, member):
    officer = unit_officer(tree.district_a1)
    secret = make_token(officer)
    safety = make_initiative(
        tree.grassroots_a1x, member, S.SUBMITTED, title="Giải pháp an toàn điện"
    )
    other = make_initiative(tree.grassroots_a1y, member, S.SUBMITTED, title="Quy trình kho")
    make_initiative(tree.grassroots_a1x, member, S.DRAFT, title="Bản nháp")
    make_initiative(tree.grassroots_b1x, UserFactory(), S.SUBMITTED, title="Tỉnh khác")
    items = client.get("/api/v1/inbox", **bearer(secret)).json()["items"]
    assert {item["id"] for item in items} == {safety.pk, other.pk}
    found = client.get("/api/v1/inbox", {"q": "an toan dien"}, **bearer(secret)).json()["items"]
    assert [item["id"] for item in found] == [safety.pk]
    found = client.get("/api/v1/inbox", {"unit": "CSY"}, **bearer(secret)).json()["items"]
    assert [item["id"] for item in found] == [other.pk]
    response = client.get("/api/v1/inbox", {"status": "khong-co"}, **bearer(secret))
    assert response.status_code == 422
    assert "status" in response.json()["errors"]

    response = post(client, f"/api/v1/dossiers/{safety.pk}/actions/return", {}, secret)
    assert response.status_code == 422
    assert response.json()["errors"]["note"]
    response = post(client, f"/api/v1/dossiers/{safety.pk}/actions/accept", {}, secret)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    assert response.json()["decision_due"]
    response = post(
        client,
        f"/api/v1/dossiers/{other.pk}/actions/refuse",
        {"note": "Đã áp dụng rộng rãi."},
        secret,
    )
    assert response.json()["status"] == "refused"
    assert InitiativeTransition.objects.filter(actor=officer).count() == 2


def test_list_queries_do_not_grow_with_rows(client, tree, member):
    officer = unit_officer(tree.national)
    officer_secret, member_secret = make_token(officer), make_token(member)
    make_initiative(tree.grassroots_a1x, member, S.SUBMITTED)

    def measure():
        return [
            count_queries(lambda: client.get("/api/v1/inbox", **bearer(officer_secret))),
            count_queries(lambda: client.get("/api/v1/dossiers/mine", **bearer(member_secret))),
            count_queries(lambda: client.get("/api/v1/units", **bearer(officer_secret))),
            count_queries(
                lambda: client.get(
                    f"/api/v1/units/{tree.grassroots_a1x.pk}/members", **bearer(officer_secret)
                )
            ),
        ]

    one = measure()
    for _ in range(4):
        make_initiative(
            tree.grassroots_a1x,
            member,
            S.SUBMITTED,
            authors=[author_row(member, 50), author_row(UserFactory(), 50)],
        )
        MembershipFactory(unit=tree.grassroots_a1x)
    assert measure() == one


def test_timeline_queries_do_not_grow_with_steps(client, tree, member):
    secret = make_token(member)
    draft = make_initiative(tree.grassroots_a1x, member, S.DRAFT)
    accepted = make_initiative(tree.grassroots_a1x, member, S.ACCEPTED)
    one = count_queries(
        lambda: client.get(f"/api/v1/dossiers/{draft.pk}/timeline", **bearer(secret))
    )
    many = count_queries(
        lambda: client.get(f"/api/v1/dossiers/{accepted.pk}/timeline", **bearer(secret))
    )
    assert one == many


def test_unit_tree_today_and_on_a_date(client, tree):
    officer = unit_officer(tree.province_a)
    secret = make_token(officer)
    unit_rename(
        unit=tree.district_a1,
        name="Liên đoàn Lao động khu vực Đông Hà",
        short_name="LĐLĐ KV Đông Hà",
        effective_date=datetime.date(2025, 7, 1),
    )
    roots = client.get("/api/v1/units", **bearer(secret)).json()["items"]
    assert [unit["code"] for unit in roots] == ["QTR"]
    today = client.get("/api/v1/units", {"parent": tree.province_a.pk}, **bearer(secret)).json()
    assert [unit["name"] for unit in today["items"]] == [
        "Liên đoàn Lao động huyện Gio Linh",
        "Liên đoàn Lao động khu vực Đông Hà",
    ]
    before = client.get(
        "/api/v1/units", {"parent": tree.province_a.pk, "date": "2025-01-01"}, **bearer(secret)
    ).json()
    assert "Liên đoàn Lao động thành phố Đông Hà" in [unit["name"] for unit in before["items"]]
    assert before["items"][0]["on"] == "2025-01-01"
    detail = client.get(
        f"/api/v1/units/{tree.district_a1.pk}", {"date": "2025-01-01"}, **bearer(secret)
    ).json()
    assert detail["name"] == "Liên đoàn Lao động thành phố Đông Hà"
    assert detail["path_names"][-2] == "Liên đoàn Lao động tỉnh Quảng Trị"
    assert (
        client.get(
            f"/api/v1/units/{tree.district_a1.pk}", {"date": "1990-01-01"}, **bearer(secret)
        ).status_code
        == 404
    )
    assert client.get(f"/api/v1/units/{tree.province_b.pk}", **bearer(secret)).status_code == 404


def test_members_and_figures_of_a_unit_in_scope(client, tree, member):
    officer = unit_officer(tree.district_a1)
    secret = make_token(officer)
    make_initiative(tree.grassroots_a1x, member, S.SUBMITTED)
    members = client.get(
        f"/api/v1/units/{tree.grassroots_a1x.pk}/members", **bearer(secret)
    ).json()["items"]
    assert [row["full_name"] for row in members] == [member.get_full_name()]
    figures_rebuild()  # the factories write rows the services' change log does not see
    figures = client.get(f"/api/v1/units/{tree.district_a1.pk}/figures", **bearer(secret)).json()
    assert figures["unit"] == "DHA"
    assert figures["initiatives"]["submitted"] == 1
    for path in (
        f"/api/v1/units/{tree.grassroots_b1x.pk}/members",
        f"/api/v1/units/{tree.province_b.pk}/figures",
    ):
        assert client.get(path, **bearer(secret)).status_code == 404
    member_secret = make_token(member)
    assert (
        client.get(
            f"/api/v1/units/{tree.district_a1.pk}/figures", **bearer(member_secret)
        ).status_code
        == 404
    )


# --- the permission matrix -----------------------------------------------------------------

KINDS = [
    "author",  # wrote the dossier
    "other_member",  # member of the same grassroots union, not an author
    "officer_same_unit",  # officer granted on grassroots_a1x itself
    "officer_ancestor",  # officer granted on district_a1
    "officer_sibling",  # officer granted on grassroots_a1y
    "officer_other_branch",  # officer granted on province_b
    "viewer_ancestor",  # viewer granted on district_a1
]
STATES = [S.DRAFT, S.SUBMITTED, S.RETURNED]
# kind: (GET the dossier, PATCH its title, POST accept), each in draft, submitted, returned.
EXPECTED = {
    "author": ((200, 200, 200), (200, 422, 200), (403, 403, 403)),
    "other_member": ((404, 404, 404), (404, 404, 404), (404, 404, 404)),
    "officer_same_unit": ((200, 200, 200), (403, 422, 403), (422, 200, 422)),
    "officer_ancestor": ((200, 200, 200), (403, 422, 403), (422, 200, 422)),
    "officer_sibling": ((404, 404, 404), (404, 404, 404), (404, 404, 404)),
    "officer_other_branch": ((404, 404, 404), (404, 404, 404), (404, 404, 404)),
    "viewer_ancestor": ((200, 200, 200), (403, 422, 403), (403, 403, 403)),
}


def _person(kind: str, tree, author):
    if kind == "author":
        return author
    person = UserFactory()
    if kind == "other_member":
        MembershipFactory(user=person, unit=tree.grassroots_a1x)
        return person
    role, unit = {
        "officer_same_unit": (Role.OFFICER, tree.grassroots_a1x),
        "officer_ancestor": (Role.OFFICER, tree.district_a1),
        "officer_sibling": (Role.OFFICER, tree.grassroots_a1y),
        "officer_other_branch": (Role.OFFICER, tree.province_b),
        "viewer_ancestor": (Role.VIEWER, tree.district_a1),
    }[kind]
    RoleGrantFactory(user=person, unit=unit, role=role)
    return person


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("state", STATES)
def test_permission_matrix_of_the_dossier_endpoints(client, tree, member, kind, state):
    officer = unit_officer(tree.grassroots_a1x)
    initiative = make_initiative(tree.grassroots_a1x, member, S.DRAFT)
    initiative = advance(initiative, state, officer=officer)
    secret = make_token(_person(kind, tree, member))
    column = STATES.index(state)
    expected_get, expected_patch, expected_accept = (row[column] for row in EXPECTED[kind])
    path = f"/api/v1/dossiers/{initiative.pk}"

    assert client.get(path, **bearer(secret)).status_code == expected_get
    response = patch(client, path, {"title": "Tên do API đổi"}, secret)
    assert response.status_code == expected_patch, response.content
    changed = Initiative.objects.get(pk=initiative.pk).title == "Tên do API đổi"
    assert changed == (expected_patch == 200)
    response = post(client, f"{path}/actions/accept", {}, secret)
    assert response.status_code == expected_accept, response.content
    status = Initiative.objects.get(pk=initiative.pk).status
    assert (status == S.ACCEPTED) == (expected_accept == 200)
    if expected_get == 404:
        assert response.json()["title"] == "Không tìm thấy"


def test_timeline_and_detail_of_someone_elses_dossier_are_404(client, tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member, S.SUBMITTED)
    secret = make_token(UserFactory())
    for path in (f"/api/v1/dossiers/{initiative.pk}", f"/api/v1/dossiers/{initiative.pk}/timeline"):
        assert client.get(path, **bearer(secret)).status_code == 404


def test_confidential_information_only_for_those_the_page_shows_it_to(client, tree, member):
    initiative = make_initiative(
        tree.grassroots_a1x, member, S.SUBMITTED, confidential_info="Sơ đồ mật"
    )
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.district_a1, role=Role.VIEWER)
    path = f"/api/v1/dossiers/{initiative.pk}"
    assert client.get(path, **bearer(make_token(member))).json()["confidential_info"] == "Sơ đồ mật"
    assert client.get(path, **bearer(make_token(viewer))).json()["confidential_info"] is None


def test_contribution_is_a_decimal_percent(client, tree, member):
    secret = make_token(member)
    body = draft_body(tree.grassroots_a1x, member)
    body["authors"][0]["contribution"] = "100.5"
    response = post(client, "/api/v1/dossiers", body, secret)
    assert response.status_code == 422
    assert response.json()["errors"]["authors.0.contribution"] == ["Số này quá lớn."]
