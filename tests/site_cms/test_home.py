"""The public home page and who may enter the Wagtail admin."""

import datetime

import pytest
from wagtail.models import Site

from site_cms.models import HomePage
from tests.factories import MembershipFactory, RoleGrantFactory, UserFactory
from unions.enums import Role

ADMIN = "/admin/"
ADMIN_LOGIN = "/admin/login/"


def test_home_page_is_the_default_site_root(db):
    site = Site.objects.get(is_default_site=True)

    assert isinstance(site.root_page.specific, HomePage)
    assert HomePage.objects.count() == 1


def test_home_page_renders_in_vietnamese(client, db):
    home = HomePage.objects.get()

    response = client.get("/")

    assert response.status_code == 200
    assert response.context["page"].specific == home
    content = response.content.decode()
    assert '<html lang="vi">' in content
    assert f"<h1>{home.title}</h1>" in content
    assert home.introduction in content
    assert 'href="/dang-nhap/"' in content


def test_home_page_for_a_signed_in_user_shows_the_account(client, user):
    client.force_login(user)

    response = client.get("/")

    assert response.status_code == 200
    content = response.content.decode()
    assert user.get_full_name() in content
    assert 'action="/dang-xuat/"' in content


def test_unknown_path_answers_404(client, db):
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404


def test_admin_anonymous_is_redirected_to_admin_login(client, db):
    response = client.get(ADMIN)

    assert response.status_code == 302
    assert response.url == f"{ADMIN_LOGIN}?next={ADMIN}"


@pytest.mark.parametrize("position", ["national", "province_a", "grassroots_b1x"])
def test_admin_opens_for_an_active_editor(client, tree, position):
    editor = UserFactory()
    RoleGrantFactory(user=editor, unit=getattr(tree, position), role=Role.EDITOR)
    client.force_login(editor)

    response = client.get(ADMIN)

    assert response.status_code == 200
    assert "wagtailadmin/home.html" in [template.name for template in response.templates]


def test_admin_opens_for_an_officer_who_keeps_the_rubrics(client, tree):
    officer = UserFactory()
    RoleGrantFactory(user=officer, unit=tree.province_a, role=Role.OFFICER)
    client.force_login(officer)

    response = client.get(ADMIN)

    assert response.status_code == 200
    assert "/admin/rubrics/" in response.content.decode()


@pytest.mark.parametrize(
    "grant",
    [
        pytest.param(None, id="plain-member"),
        pytest.param({"role": Role.VIEWER}, id="viewer"),
        pytest.param(
            {
                "role": Role.EDITOR,
                "valid_from": datetime.date(2020, 1, 1),
                "valid_to": datetime.date(2021, 12, 31),
            },
            id="expired-editor",
        ),
        pytest.param(
            {"role": Role.EDITOR, "valid_from": datetime.date(2999, 1, 1)},
            id="future-editor",
        ),
    ],
)
def test_admin_is_refused_without_an_active_editor_grant(client, tree, grant):
    person = UserFactory()
    MembershipFactory(user=person, unit=tree.grassroots_a1x)
    if grant is not None:
        RoleGrantFactory(user=person, unit=tree.province_a, **grant)
    client.force_login(person)

    response = client.get(ADMIN)

    # Wagtail sends a signed-in user without admin access back to its login page.
    assert response.status_code == 302
    assert response.url == f"{ADMIN_LOGIN}?next={ADMIN}"
