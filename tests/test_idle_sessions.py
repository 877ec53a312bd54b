"""Officers' and administrators' sessions end after OFFICER_IDLE_MINUTES without a request;
members' do not."""

import datetime

import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.factories import RoleGrantFactory, UserFactory
from unions.enums import Role

PROFILE = reverse("profile")
START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


def _officer(tree):
    officer = UserFactory()
    RoleGrantFactory(
        user=officer, unit=tree.province_a, role=Role.OFFICER, valid_from=datetime.date(2025, 1, 1)
    )
    return officer


# Each test signs in inside the travelled time: the session's clock starts at sign-in.
def test_officer_idle_too_long_is_signed_out_with_a_message(client, tree):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(_officer(tree))
        assert client.get(PROFILE).status_code == 200
        clock.shift(datetime.timedelta(minutes=31))

        response = client.get(PROFILE)

        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next=%2Ftai-khoan%2F"
        assert SESSION_KEY not in client.session
        page = client.get(response["Location"]).content.decode()
        assert "Bạn đã được đăng xuất sau 30 phút không hoạt động." in page


def test_officer_active_within_the_limit_stays_signed_in(client, tree):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(_officer(tree))
        for _step in range(4):
            assert client.get(PROFILE).status_code == 200
            clock.shift(datetime.timedelta(minutes=29))
        assert client.get(PROFILE).status_code == 200


def test_idle_limit_comes_from_the_settings(client, tree, settings):
    settings.OFFICER_IDLE_MINUTES = 5
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(_officer(tree))
        client.get(PROFILE)
        clock.shift(datetime.timedelta(minutes=6))
        assert client.get(PROFILE).status_code == 302


def test_administrator_idle_too_long_is_signed_out(client, db):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        client.get(PROFILE)
        clock.shift(datetime.timedelta(minutes=31))
        assert client.get(PROFILE).status_code == 302


def test_member_is_not_signed_out_when_idle(client, db):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(UserFactory())
        client.get(PROFILE)
        clock.shift(datetime.timedelta(hours=5))
        assert client.get(PROFILE).status_code == 200
