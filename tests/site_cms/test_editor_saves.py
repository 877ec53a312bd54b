"""A new page's create form posted again, as when the editor's autosave races "Save draft",
saves the page it made instead of failing on the slug or making a copy."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from site_cms.models import NewsPage
from site_cms.services import site_editor_join, site_groups_ensure
from tests.factories.movements import officer_of
from tests.factories.pages import make_news_index
from unions.enums import Role


@pytest.fixture
def editor(tree):
    site_groups_ensure()
    user = officer_of(tree.national, role=Role.EDITOR)
    site_editor_join(user=user)
    return user


@pytest.fixture
def news_index(db):
    return make_news_index(title="Tin tức", slug="tin-tuc")


def create_form(client, index, **values) -> dict:
    """The admin's create form of a news item under ``index`` as the browser posts it."""
    url = reverse("wagtailadmin_pages:add", args=["site_cms", "newspage", index.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data["body-count"] = "0"  # the StreamField's inputs are written by JavaScript
    data.update(values)
    return url, data


def news_under(index) -> list[NewsPage]:
    return list(NewsPage.objects.child_of(index).order_by("pk"))


@pytest.mark.parametrize("slug", ["doan-vien-sang-tao", "đoàn-viên-sáng-tạo"])
def test_save_draft_after_the_autosave_saves_the_same_page(client, editor, news_index, slug):
    client.force_login(editor)
    url, data = create_form(
        client, news_index, title="Đoàn viên sáng tạo", slug=slug, lead="Bản đầu."
    )
    # The autosave: the create form posted in the background, answered in JSON.
    autosaved = client.post(url, data, headers={"accept": "application/json"})
    assert autosaved.status_code == 200
    assert autosaved.json()["success"] is True
    # "Save draft" clicked before the autosave's answer moved the form to the edit address.
    data["lead"] = "Bản đã sửa."
    saved = client.post(url, data)

    [page] = news_under(news_index)
    assert saved.status_code == 302
    assert saved.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert page.slug == "doan-vien-sang-tao"
    assert page.live is False
    assert page.get_latest_revision_as_object().lead == "Bản đã sửa."
    assert page.revisions.count() == 2


def test_a_second_autosave_to_the_create_address_answers_in_json(client, editor, news_index):
    client.force_login(editor)
    url, data = create_form(client, news_index, title="Hội thi sáng kiến", slug="hoi-thi")
    first = client.post(url, data, headers={"accept": "application/json"})
    second = client.post(url, data, headers={"accept": "application/json"})

    [page] = news_under(news_index)
    assert first.json()["pk"] == page.pk
    assert second.status_code == 200
    assert second.json()["success"] is True


def test_another_editors_page_with_that_slug_is_not_taken_over(client, editor, news_index, tree):
    other = officer_of(tree.national, role=Role.EDITOR)
    site_editor_join(user=other)
    client.force_login(other)
    url, data = create_form(client, news_index, title="Tin chung", slug="tin-chung")
    client.post(url, data)

    client.force_login(editor)
    url, data = create_form(client, news_index, title="Tin chung", slug="tin-chung")
    response = client.post(url, data)

    assert response.status_code == 200  # Wagtail's own "slug in use" form error
    assert len(news_under(news_index)) == 1
    assert news_under(news_index)[0].owner == other


def test_a_published_page_or_an_old_draft_is_not_taken_over(client, editor, news_index):
    client.force_login(editor)
    url, data = create_form(client, news_index, title="Tin cũ", slug="tin-cu")
    client.post(url, data)
    [page] = news_under(news_index)
    Page.objects.filter(pk=page.pk).update(
        latest_revision_created_at=timezone.now() - datetime.timedelta(hours=1)
    )

    response = client.post(url, data)

    assert response.status_code == 200  # the slug is in use: a new page, not the old draft
    assert len(news_under(news_index)) == 1
    assert page.revisions.count() == 1
