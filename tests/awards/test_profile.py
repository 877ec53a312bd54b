"""The profile page links to the person's achievement record with their counts."""

from django.urls import reverse

from tests.factories import UserFactory


def test_profile_links_to_the_achievement_record(client, tree):
    person = UserFactory()
    client.force_login(person)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert reverse("achievements:mine") in page
    assert 'id="my-achievements"' in page
