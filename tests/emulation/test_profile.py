"""The profile page links to the person's achievement record once there is something on it."""

import datetime

from django.urls import reverse

from awards.enums import RoundStatus
from emulation.enums import EmulationTitle, IndividualTitle, RegistrationStatus
from emulation.services.titles import TitleChoice, titles_confer
from tests.factories import MembershipFactory, UserFactory
from tests.factories.awards import make_round_in
from tests.factories.movements import make_movement, make_registration, officer_of


def test_profile_links_an_author_to_the_achievement_record(client, tree):
    setup = make_round_in(RoundStatus.CLOSED, tree.grassroots_a1x)
    author = setup.entry.initiative.created_by
    client.force_login(author)

    page = client.get(reverse("profile")).content.decode()

    assert reverse("achievements:mine") in page
    assert 'id="my-achievements"' in page


def test_profile_of_someone_without_achievements_has_no_such_section(client, tree):
    client.force_login(UserFactory())

    page = client.get(reverse("profile")).content.decode()

    assert 'id="my-achievements"' not in page


def test_profile_counts_individual_titles_of_someone_with_nothing_else(client, tree):
    person = UserFactory()
    MembershipFactory(user=person, unit=tree.grassroots_a1x)
    movement = make_movement(
        launching_unit=tree.national,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2030, 12, 31),
    )
    make_registration(
        movement=movement,
        year=2025,
        person=person,
        titles=[EmulationTitle.ADVANCED_WORKER],
        status=RegistrationStatus.APPROVED,
    )
    titles_confer(
        unit=tree.grassroots_a1x,
        year=2025,
        choices=[TitleChoice(person, IndividualTitle.ADVANCED_WORKER)],
        decision_number="12/QĐ-CĐCS",
        decided_on=datetime.date(2025, 12, 20),
        actor=officer_of(tree.grassroots_a1x),
        notify=False,
    )
    client.force_login(person)

    page = client.get(reverse("profile")).content.decode()

    assert 'id="my-achievements"' in page
    assert "1 danh hiệu cá nhân" in page
