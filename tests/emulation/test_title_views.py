"""The titles pages: the unions an officer confers for, the page listing members who registered
with the rules of each title (passed or failed, with what was found), conferring by POST, the
list of titles conferred, and the titles on achievement records."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from emulation.enums import EmulationTitle, IndividualTitle, RegistrationStatus
from emulation.models import TitleConferral
from tests.emulation.test_titles import YEAR, Setting, officer_of, recognise
from tests.factories import UserFactory
from unions.enums import Role

T = IndividualTitle
E = EmulationTitle


@pytest.fixture
def setting(tree):
    return Setting(tree)


def confer_url(setting, year=YEAR, unit=None) -> str:
    return reverse("titles:confer", args=[(unit or setting.unit).pk, year])


def list_url(setting, year=YEAR, unit=None) -> str:
    return reverse("titles:conferred", args=[(unit or setting.unit).pk, year])


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def post(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


def decision(**extra) -> dict:
    return {"decision_number": "12/QĐ-CĐCS", "decided_on": "20/12/2025", **extra}


# --- the index -----------------------------------------------------------------------------


def test_index_lists_the_grassroots_unions_of_the_officer(client, tree, setting):
    district_officer = officer_of(tree.district_a1)
    response = get(client, district_officer, reverse("titles:index") + "?year=2025")
    html = response.content.decode()
    assert response.status_code == 200
    assert tree.grassroots_a1x.name in html and tree.grassroots_a1y.name in html
    assert tree.grassroots_b1x.name not in html
    assert tree.district_a1.name not in html  # districts confer no individual titles
    assert confer_url(setting) in html

    searched = get(client, district_officer, reverse("titles:index") + "?year=2025&q=benh vien")
    assert tree.grassroots_a1y.name in searched.content.decode()
    assert tree.grassroots_a1x.name not in searched.content.decode()


def test_index_is_for_officers(client, tree):
    viewer = officer_of(tree.district_a1, Role.VIEWER)
    assert get(client, viewer, reverse("titles:index")).status_code == 403
    client.logout()
    assert client.get(reverse("titles:index")).status_code == 302


# --- the conferring page -------------------------------------------------------------------


def test_page_shows_each_rule_with_what_was_found(client, setting):
    fighter = setting.member(titles=(E.ADVANCED_WORKER, E.GRASSROOTS_FIGHTER))
    fighter.last_name, fighter.first_name = "Nguyễn Thị", "Mai"
    fighter.save()
    decision_row = recognise(setting.unit, fighter, datetime.date(2024, 10, 10), "Gá kẹp vải")
    late = setting.member(titles=(E.GRASSROOTS_FIGHTER,))
    recognise(setting.unit, late, datetime.date(2023, 6, 6), "Băng chuyền cũ")
    setting.member(titles=None)  # a member who never registered
    setting.member(status=RegistrationStatus.AWAITING_APPROVAL)

    response = get(client, setting.officer, confer_url(setting))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Thị Mai" in html
    assert "Gá kẹp vải" in html and decision_row.number in html
    assert "rules-exception" in html  # the late one needs an exception
    assert html.count('class="card title-candidate"') == 2
    assert f'name="title_{fighter.pk}_{T.GRASSROOTS_FIGHTER}"' in html
    assert f'name="reason_{late.pk}"' in html


def test_page_says_when_nobody_registered(client, setting):
    response = get(client, setting.officer, confer_url(setting))
    assert 'id="no-candidates"' in response.content.decode()


def test_confer_by_post(client, setting, django_capture_on_commit_callbacks):
    worker = setting.member()
    fighter = setting.member(titles=(E.GRASSROOTS_FIGHTER,))
    recognise(setting.unit, fighter, datetime.date(2025, 3, 3))
    data = decision(
        **{
            f"title_{worker.pk}_{T.ADVANCED_WORKER}": "on",
            f"title_{fighter.pk}_{T.ADVANCED_WORKER}": "on",
            f"title_{fighter.pk}_{T.GRASSROOTS_FIGHTER}": "on",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, setting.officer, confer_url(setting), data)

    assert response.status_code == 302
    rows = TitleConferral.objects.filter(unit=setting.unit, year=YEAR)
    assert sorted((r.person_id, r.title) for r in rows) == sorted(
        [
            (worker.pk, T.ADVANCED_WORKER),
            (fighter.pk, T.ADVANCED_WORKER),
            (fighter.pk, T.GRASSROOTS_FIGHTER),
        ]
    )
    assert {r.decided_on for r in rows} == {datetime.date(2025, 12, 20)}
    again = client.get(response.url).content.decode()
    assert again.count('class="badge badge-ok">') == 3  # each shown as conferred now
    assert 'class="message message-success"' in again


def test_confer_by_exception_through_the_page(client, setting):
    fighter = setting.member(titles=(E.GRASSROOTS_FIGHTER,))
    data = decision(
        **{
            f"title_{fighter.pk}_{T.ADVANCED_WORKER}": "on",
            f"title_{fighter.pk}_{T.GRASSROOTS_FIGHTER}": "on",
        }
    )
    refused = post(client, setting.officer, confer_url(setting), data)
    assert refused.status_code == 400
    errors = refused.content.decode().split('class="form-errors"')[1].split("</div>")[0]
    assert fighter.get_full_name() in errors
    assert not TitleConferral.objects.exists()

    data[f"reason_{fighter.pk}"] = "Đề tài nghiên cứu khoa học cấp cơ sở được nghiệm thu."
    assert post(client, setting.officer, confer_url(setting), data).status_code == 302
    row = TitleConferral.objects.get(title=T.GRASSROOTS_FIGHTER)
    assert row.exception_reason.startswith("Đề tài nghiên cứu")


@pytest.mark.parametrize(
    ("data", "choose"),
    [
        (decision(), False),  # nothing chosen
        ({"decided_on": "20/12/2025"}, True),  # no number
        (decision(decided_on="31/02/2025"), True),  # not a date
        (decision(decided_on="01/01/2024"), True),  # before the year
    ],
)
def test_bad_input_is_a_form_error_and_saves_nothing(client, setting, data, choose):
    person = setting.member()
    if choose:
        data = {**data, f"title_{person.pk}_{T.ADVANCED_WORKER}": "on"}
    response = post(client, setting.officer, confer_url(setting), data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not TitleConferral.objects.exists()


def test_a_future_date_is_refused(client, setting):
    person = setting.member()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    data = decision(decided_on=tomorrow, **{f"title_{person.pk}_{T.ADVANCED_WORKER}": "on"})
    assert post(client, setting.officer, confer_url(setting), data).status_code == 400
    assert not TitleConferral.objects.exists()


def test_pages_answer_404_outside_the_scope_and_for_units_conferring_nothing(client, tree, setting):
    other = officer_of(tree.grassroots_b1x)
    assert get(client, other, confer_url(setting)).status_code == 404
    assert get(client, other, list_url(setting)).status_code == 404
    assert (
        get(client, setting.officer, confer_url(setting, unit=tree.district_a1)).status_code == 404
    )
    district = officer_of(tree.district_a1)
    assert get(client, district, confer_url(setting, unit=tree.district_a1)).status_code == 404
    assert get(client, setting.officer, confer_url(setting, year=1999)).status_code == 404
    future = timezone.localdate().year + 1
    assert get(client, setting.officer, confer_url(setting, year=future)).status_code == 404


def test_a_viewer_reads_the_list_but_may_not_confer(client, tree, setting):
    viewer = officer_of(tree.district_a1, Role.VIEWER)
    assert get(client, viewer, confer_url(setting)).status_code == 403
    person = setting.member()
    data = decision(**{f"title_{person.pk}_{T.ADVANCED_WORKER}": "on"})
    assert post(client, viewer, confer_url(setting), data).status_code == 403
    assert get(client, viewer, list_url(setting)).status_code == 200
    assert not TitleConferral.objects.exists()


def test_a_member_may_not_open_the_pages(client, setting):
    person = setting.member()
    assert get(client, person, confer_url(setting)).status_code == 404
    assert get(client, person, reverse("titles:index")).status_code == 403


# --- the list of titles conferred ----------------------------------------------------------


def test_list_shows_titles_with_their_checks(client, setting):
    person = setting.member(titles=(E.GRASSROOTS_FIGHTER,))
    setting.confer(
        (person, T.ADVANCED_WORKER),
        (person, T.GRASSROOTS_FIGHTER, "Sáng kiến được công nhận tại đơn vị cũ."),
    )
    html = get(client, setting.officer, list_url(setting)).content.decode()
    assert html.count("<tr data-person=") == 2
    assert "Sáng kiến được công nhận tại đơn vị cũ." in html
    assert "12/QĐ-CĐCS" in html
    assert 'data-rule="exception"' in html
    empty = get(client, setting.officer, list_url(setting, year=2024)).content.decode()
    assert 'id="no-titles"' in empty


# --- query counts --------------------------------------------------------------------------


def _queries(client, user, url) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_confer_page_queries_do_not_grow_with_members(client, setting):
    first = setting.member(titles=(E.GRASSROOTS_FIGHTER,))
    setting.confer((first, T.ADVANCED_WORKER))
    one = _queries(client, setting.officer, confer_url(setting))
    for _ in range(6):
        person = setting.member(titles=(E.GRASSROOTS_FIGHTER,))
        setting.confer((person, T.ADVANCED_WORKER), number="14/QĐ")
    many = _queries(client, setting.officer, confer_url(setting))
    assert many == one


def test_list_queries_do_not_grow_with_titles(client, setting):
    setting.confer((setting.member(), T.ADVANCED_WORKER))
    one = _queries(client, setting.officer, list_url(setting))
    for _ in range(6):
        setting.confer((setting.member(), T.ADVANCED_WORKER))
    many = _queries(client, setting.officer, list_url(setting))
    assert many == one


def test_index_queries_do_not_grow_with_units(client, tree):
    from tests.factories import make_unit

    officer = officer_of(tree.district_a2)
    make_unit(tree.district_a2, code="CS-IDX0")
    one = _queries(client, officer, reverse("titles:index"))
    for number in range(1, 6):
        make_unit(tree.district_a2, code=f"CS-IDX{number}")
    assert _queries(client, officer, reverse("titles:index")) == one


# --- achievement records -------------------------------------------------------------------


def test_titles_appear_on_the_person_and_unit_records(client, setting):
    person = setting.member()
    setting.confer((person, T.ADVANCED_WORKER))
    mine = get(client, person, reverse("achievements:mine")).content.decode()
    assert 'class="titles"' in mine and 'data-title="advanced_worker"' in mine
    assert setting.unit.name in mine
    unit_page = get(
        client,
        officer_of(setting.tree.district_a1),
        reverse("achievements:unit", args=[setting.unit.pk]),
    ).content.decode()
    assert 'class="titles"' in unit_page
    assert person.get_full_name() in unit_page


def test_person_record_queries_do_not_grow_with_titles(client, setting):
    person = setting.member(titles=(E.GRASSROOTS_FIGHTER,))
    setting.confer((person, T.ADVANCED_WORKER))
    one = _queries(client, person, reverse("achievements:mine"))
    setting.confer((person, T.GRASSROOTS_FIGHTER, "Đề tài cấp cơ sở."), number="15/QĐ")
    other = UserFactory()
    assert other.pk  # titles of others never show
    assert _queries(client, person, reverse("achievements:mine")) == one


def test_the_officer_s_own_row_has_no_box(client, setting):
    from tests.factories import MembershipFactory
    from tests.factories.movements import make_registration

    MembershipFactory(user=setting.officer, unit=setting.unit)
    make_registration(
        movement=setting.movement,
        year=YEAR,
        person=setting.officer,
        titles=(E.ADVANCED_WORKER,),
        status=RegistrationStatus.APPROVED,
    )
    html = get(client, setting.officer, confer_url(setting)).content.decode()
    assert f'name="title_{setting.officer.pk}_' not in html
    assert "own-title" in html
    forged = decision(**{f"title_{setting.officer.pk}_{T.ADVANCED_WORKER}": "on"})
    assert post(client, setting.officer, confer_url(setting), forged).status_code == 400
    assert not TitleConferral.objects.exists()
