"""The profile page links to the person's achievement record once there is something on it."""

from django.urls import reverse

from awards.enums import RoundStatus
from tests.factories import UserFactory
from tests.factories.awards import make_round_in


def test_profile_links_an_author_to_the_achievement_record(client, tree):
    setup = make_round_in(RoundStatus.CLOSED, tree.grassroots_a1x)
    author = setup.entry.initiative.created_by
    client.force_login(author)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert reverse("achievements:mine") in page
    assert 'id="my-achievements"' in page


def test_profile_of_someone_without_achievements_has_no_such_section(client, tree):
    client.force_login(UserFactory())

    page = client.get(reverse("accounts:profile")).content.decode()

    assert 'id="my-achievements"' not in page
