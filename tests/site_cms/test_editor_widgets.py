"""The page editor of each of our page types has no Wagtail jQuery date picker, whose hidden
"Save Selected" buttons are written in English inside the vendor script: the news item's date
and the scheduled publishing use the browser's pickers. The tag field's help is Vietnamese."""

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from tests.factories import UserFactory
from tests.factories.pages import (
    home_page,
    make_movement_index,
    make_news_index,
    make_people_index,
)

TAG_HELP = "A comma-separated list of tags."


@pytest.fixture
def editor_client(client, db):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


def our_page_types() -> list[type[Page]]:
    return [
        model for model in apps.get_app_config("site_cms").get_models() if issubclass(model, Page)
    ]


def editor_pages(tree) -> dict[type[Page], str]:
    """The address of an editor of every page type of site_cms: the edit form of a page of
    that type where there is one (some types allow only one), else the add form under a
    parent that may hold it."""
    home = home_page()
    parents = [Page.objects.get(depth=1), home, make_news_index(), make_movement_index()]
    parents.append(make_people_index())
    addresses = {}
    for model in our_page_types():
        existing = model.objects.first()
        if existing is not None:
            addresses[model] = reverse("wagtailadmin_pages:edit", args=[existing.pk])
            continue
        parent = next(p for p in parents if model.can_exist_under(p.specific))
        meta = model._meta
        addresses[model] = reverse(
            "wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk]
        )
    return addresses


def test_editors_of_our_page_types_use_the_browsers_date_pickers(editor_client, tree):
    addresses = editor_pages(tree)
    assert len(addresses) == len(our_page_types()) >= 10
    for model, address in addresses.items():
        response = editor_client.get(address)
        assert response.status_code == 200, model
        content = response.content.decode()
        assert "Save Selected" not in content, model
        # Wagtail's picker is started by an inline call for each of its inputs.
        assert "initDateChooser(" not in content and "initDateTimeChooser(" not in content, model
        # Scheduled publishing and expiry, in the browser's date and time picker.
        for name in ("go_live_at", "expire_at"):
            assert f'type="datetime-local" name="{name}"' in content, (model, name)


def test_news_editor_has_a_date_picker_and_vietnamese_tag_help(editor_client, tree):
    addresses = editor_pages(tree)
    news_page = apps.get_model("site_cms", "NewsPage")
    content = editor_client.get(addresses[news_page]).content.decode()
    assert 'type="date" name="date"' in content
    assert TAG_HELP not in content
    with translation.override("vi"):
        vietnamese = translation.gettext(TAG_HELP)
    assert vietnamese != TAG_HELP and vietnamese in content
