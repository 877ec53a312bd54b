"""The union's own titles on the registration page (issue 13, §4): the member's grassroots union
confers "Đoàn viên công đoàn xuất sắc", the union directly above a grassroots union confers
"Công đoàn cơ sở vững mạnh", each by its own numbered decision on the registration that aimed for
it. Who sees the form, who may post it, bad input, and scope."""

import datetime

import pytest
from django.urls import reverse

from emulation.models import UnionTitleConferral
from tests.emulation.test_titles import Setting
from tests.factories.movements import make_registration, officer_of

YEAR = 2025
DECIDED = "20/12/2025"


@pytest.fixture
def setting(tree):
    return Setting(tree)


def _personal(setting, status="approved"):
    person = setting.member(titles=None)
    registration = make_registration(
        movement=setting.movement,
        year=YEAR,
        person=person,
        titles=["excellent_member"],
        status=status,
    )
    return person, registration


def _collective(setting):
    return make_registration(
        movement=setting.movement,
        year=YEAR,
        unit=setting.unit,
        titles=["strong_union"],
        status="approved",
    )


def _page(client, user, registration):
    client.force_login(user)
    return client.get(reverse("movements:registration_detail", args=[registration.pk]))


def _confer(client, user, registration, title, number="3/QĐ-CĐCS", decided_on=DECIDED):
    client.force_login(user)
    return client.post(
        reverse("movements:registration_union_title", args=[registration.pk]),
        {"title": title, "decision_number": number, "decided_on": decided_on},
    )


def test_the_grassroots_officer_confers_excellent_member_from_the_registration(client, setting):
    person, registration = _personal(setting)

    page = _page(client, setting.officer, registration).content.decode()
    assert 'id="union-title-excellent_member"' in page
    assert reverse("movements:registration_union_title", args=[registration.pk]) in page

    response = _confer(client, setting.officer, registration, "excellent_member")
    assert response.status_code == 302
    row = UnionTitleConferral.objects.get()
    assert (row.person, row.conferring_unit, row.decision_number) == (
        person,
        setting.unit,
        "3/QĐ-CĐCS",
    )
    assert row.decided_on == datetime.date(2025, 12, 20)

    page = _page(client, setting.officer, registration).content.decode()
    assert "3/QĐ-CĐCS" in page and "20/12/2025" in page
    assert row.legal_source in page


def test_a_missing_decision_number_is_refused_in_vietnamese_and_saves_nothing(client, setting):
    _, registration = _personal(setting)

    response = _confer(client, setting.officer, registration, "excellent_member", number="")

    assert response.status_code == 400
    assert "Trường này là bắt buộc" in response.content.decode()
    assert not UnionTitleConferral.objects.exists()


def test_a_decision_dated_in_the_future_is_refused(client, setting):
    _, registration = _personal(setting)

    response = _confer(
        client, setting.officer, registration, "excellent_member", decided_on="01/01/2100"
    )

    assert response.status_code == 400
    assert not UnionTitleConferral.objects.exists()


def test_strong_union_is_conferred_by_the_union_above_not_by_the_union_itself(client, setting):
    registration = _collective(setting)
    above = officer_of(setting.tree.district_a1)

    page = _page(client, setting.officer, registration).content.decode()
    assert 'id="union-title-strong_union"' in page
    assert reverse("movements:registration_union_title", args=[registration.pk]) not in page
    assert _confer(client, setting.officer, registration, "strong_union").status_code == 403

    response = _confer(client, above, registration, "strong_union", number="8/QĐ-LĐLĐ")
    assert response.status_code == 302
    row = UnionTitleConferral.objects.get()
    assert (row.recipient_unit, row.conferring_unit) == (setting.unit, setting.tree.district_a1)


def test_the_member_cannot_confer_a_title_on_themself(client, setting):
    person, registration = _personal(setting)

    page = _page(client, person, registration)
    assert page.status_code == 200
    assert "union-title-excellent_member" in page.content.decode()
    assert _confer(client, person, registration, "excellent_member").status_code == 403
    assert not UnionTitleConferral.objects.exists()


def test_a_registration_not_approved_offers_no_form(client, setting):
    _, registration = _personal(setting, status="awaiting_approval")

    page = _page(client, setting.officer, registration).content.decode()
    assert reverse("movements:registration_union_title", args=[registration.pk]) not in page
    assert _confer(client, setting.officer, registration, "excellent_member").status_code == 403


def test_an_officer_outside_the_subtree_gets_404(client, setting):
    _, registration = _personal(setting)
    outsider = officer_of(setting.tree.district_b1)

    assert _page(client, outsider, registration).status_code == 404
    assert _confer(client, outsider, registration, "excellent_member").status_code == 404
    assert not UnionTitleConferral.objects.exists()
