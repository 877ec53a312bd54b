"""Editing the public site with Wagtail's own machinery: the national editors and moderators
groups, a provincial federation's news section edited only by its own editors, moderation
(editors submit, moderators approve and so publish), scheduled publishing, and the Wagtail
admin in Vietnamese."""

import datetime
from io import StringIO
from types import SimpleNamespace
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Revision, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from site_cms.models import NewsPage
from site_cms.services import (
    EDITORS_GROUP,
    MODERATORS_GROUP,
    SECTION_EDITORS_GROUP,
    news_section_create,
    section_editors_group,
    site_editor_join,
    site_groups_ensure,
)
from tests.factories import UserFactory
from tests.factories.movements import officer_of
from tests.factories.pages import home_page, make_news_index, make_news_page
from unions.enums import Role

PASSWORD = "mat-khau-123"


@pytest.fixture
def site(tree):
    """The national news section, the sections of two provinces, and the people: a national
    editor, a national moderator, and an editor of each province's section."""
    groups = site_groups_ensure()
    national = make_news_index(title="Tin tức", slug="tin-tuc")
    section_a = news_section_create(unit=tree.province_a, title="Tin Quảng Trị", slug="quang-tri")
    section_b = news_section_create(unit=tree.province_b, title="Tin Phú Thọ", slug="phu-tho")
    editor = officer_of(tree.national, role=Role.EDITOR)
    site_editor_join(user=editor)
    moderator = officer_of(tree.national, role=Role.EDITOR)
    site_editor_join(user=moderator, moderator=True)
    editor_a = officer_of(tree.province_a, role=Role.EDITOR)
    site_editor_join(user=editor_a, section=section_a)
    editor_b = officer_of(tree.province_b, role=Role.EDITOR)
    site_editor_join(user=editor_b, section=section_b)

    return SimpleNamespace(
        groups=groups,
        national=national,
        section_a=section_a,
        section_b=section_b,
        editor=editor,
        moderator=moderator,
        editor_a=editor_a,
        editor_b=editor_b,
        news_a=make_news_page(section_a, title="Tin Quảng Trị đã đăng", body=[]),
        news_b=make_news_page(section_b, title="Tin Phú Thọ đã đăng", body=[]),
    )


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def edit_form(client, page) -> dict:
    """The admin's edit form of ``page`` as the browser would post it."""
    response = client.get(edit_url(page))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data["body-count"] = "0"  # the StreamField's inputs are written by JavaScript
    return data


def post_edit(client, page, action: str, **changes):
    data = edit_form(client, page)
    for name, value in changes.items():
        data[name] = value
    data[f"action-{action}"] = "1"
    return client.post(edit_url(page), data)


def approve(client, page):
    page.refresh_from_db()
    task_state = page.current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    return client.post(url, {"comment": ""})


# --- groups and permissions -----------------------------------------------------------------


def test_site_groups_ensure_is_idempotent_and_moderates_the_home_page(db):
    first = site_groups_ensure()
    permissions = GroupPagePermission.objects.count()
    again = site_groups_ensure()
    call_command("site_cms_setup", stdout=StringIO())

    assert (again.editors, again.moderators, again.workflow) == (
        first.editors,
        first.moderators,
        first.workflow,
    )
    assert GroupPagePermission.objects.count() == permissions
    assert {first.editors.name, first.moderators.name} == {EDITORS_GROUP, MODERATORS_GROUP}
    home = home_page()
    assert WorkflowPage.objects.get(page=home).workflow == first.workflow
    codes = {
        group: set(
            GroupPagePermission.objects.filter(group=group, page=home).values_list(
                "permission__codename", flat=True
            )
        )
        for group in (first.editors, first.moderators)
    }
    assert "publish_page" not in codes[first.editors]
    assert {"add_page", "change_page", "lock_page"} <= codes[first.editors]
    assert {"add_page", "change_page", "publish_page"} <= codes[first.moderators]
    task = first.workflow.tasks.get().specific
    assert list(task.groups.all()) == [first.moderators]
    assert first.editors.collection_permissions.filter(permission__codename="choose_image").exists()


def test_news_section_create_gives_its_editors_that_section_only(site, tree):
    group = section_editors_group(site.section_a)
    assert site.section_a.unit == tree.province_a
    assert site.section_a.live
    assert set(
        GroupPagePermission.objects.filter(group=group).values_list("page_id", flat=True)
    ) == {site.section_a.pk}
    assert "publish_page" not in set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "permission__codename", flat=True
        )
    )
    assert site.section_a.get_workflow() == site.groups.workflow
    # A second call finds the section instead of adding another.
    again = news_section_create(unit=tree.province_a, title="Tin Quảng Trị", slug="quang-tri")
    assert again.pk == site.section_a.pk
    assert Group.objects.filter(name=group.name).count() == 1


@pytest.mark.parametrize(
    ("who", "page", "can_edit", "can_publish"),
    [
        ("editor_a", "section_a", True, False),
        ("editor_a", "news_a", True, False),
        ("editor_a", "news_b", False, False),
        ("editor_a", "section_b", False, False),
        ("editor_a", "national", False, False),
        ("editor", "news_a", True, False),
        ("editor", "news_b", True, False),
        ("editor", "national", True, False),
        ("moderator", "news_a", True, True),
        ("moderator", "national", True, True),
    ],
)
def test_page_permissions_matrix(site, who, page, can_edit, can_publish):
    tester = getattr(site, page).permissions_for_user(getattr(site, who))
    assert tester.can_edit() is can_edit
    assert tester.can_publish() is can_publish


def test_provincial_editor_opens_only_pages_of_their_section_in_the_admin(client, site):
    client.force_login(site.editor_a)
    assert client.get(edit_url(site.news_a)).status_code == 200
    assert client.get(edit_url(site.news_b)).status_code in (302, 403)
    # Adding a news item: allowed in the own section only.
    add_own = reverse("wagtailadmin_pages:add", args=["site_cms", "newspage", site.section_a.pk])
    add_other = reverse("wagtailadmin_pages:add", args=["site_cms", "newspage", site.section_b.pk])
    assert client.get(add_own).status_code == 200
    assert client.get(add_other).status_code in (302, 403)


def test_group_alone_does_not_open_the_admin_the_editor_grant_does(client, site):
    member = UserFactory()  # no grant, so no EDIT_CMS capability
    site_editor_join(user=member, section=site.section_a)
    client.force_login(member)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    client.force_login(site.editor_a)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_provincial_editor_cannot_save_a_page_of_another_section(client, site):
    client.force_login(site.editor_b)
    data = edit_form(client, site.news_b)
    client.force_login(site.editor_a)
    data["title"] = "Sửa trộm"
    data["action-publish"] = "1"
    response = client.post(edit_url(site.news_b), data)
    assert response.status_code in (302, 403)
    site.news_b.refresh_from_db()
    assert site.news_b.title == "Tin Phú Thọ đã đăng"
    assert site.news_b.get_latest_revision().content["title"] == "Tin Phú Thọ đã đăng"


def test_editor_cannot_publish_the_publish_action_only_saves_a_draft(client, site):
    client.force_login(site.editor_a)
    post_edit(client, site.news_a, "publish", title="Tiêu đề mới")
    site.news_a.refresh_from_db()
    assert site.news_a.title == "Tin Quảng Trị đã đăng"  # the live version is unchanged
    assert site.news_a.has_unpublished_changes
    assert site.news_a.get_latest_revision().content["title"] == "Tiêu đề mới"


# --- moderation -------------------------------------------------------------------------------


def test_editor_submits_and_moderator_approves_so_the_item_is_published(client, site):
    draft = make_news_page(site.section_a, title="Hội thi tay nghề", body=[], publish=False)
    client.force_login(site.editor_a)
    response = post_edit(client, draft, "submit", title="Hội thi tay nghề giỏi 2026")
    assert response.status_code == 302
    draft.refresh_from_db()
    state = draft.current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == site.editor_a
    assert not draft.live
    # The editor cannot approve their own submission.
    approve(client, draft)
    draft.refresh_from_db()
    assert not draft.live

    client.force_login(site.moderator)
    # The moderator sees it waiting on the dashboard.
    assert "Hội thi tay nghề giỏi 2026" in client.get(reverse("wagtailadmin_home")).content.decode()
    response = approve(client, draft)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    assert draft.title == "Hội thi tay nghề giỏi 2026"
    assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_APPROVED
    client.logout()
    assert "Hội thi tay nghề giỏi 2026" in client.get(site.section_a.url).content.decode()


def test_section_with_its_own_moderators(site, tree):
    own = Group.objects.create(name="Kiểm duyệt viên Quảng Trị")
    section = news_section_create(
        unit=tree.province_a, title="Tin cơ sở", slug="co-so", moderators=own
    )
    task = section.get_workflow().tasks.get().specific
    assert list(task.groups.all()) == [own]
    assert site.section_b.get_workflow() == site.groups.workflow


# --- scheduled publishing ---------------------------------------------------------------------


def test_approved_item_with_a_future_go_live_is_published_by_publish_scheduled(client, site):
    draft = make_news_page(site.section_a, title="Tin hẹn giờ", body=[], publish=False)
    go_live = timezone.localtime() + datetime.timedelta(days=2)
    client.force_login(site.editor_a)
    post_edit(client, draft, "submit", go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    client.force_login(site.moderator)
    approve(client, draft)

    draft.refresh_from_db()
    assert not draft.live
    revision = Revision.page_revisions.get(
        object_id=str(draft.pk), approved_go_live_at__isnull=False
    )
    assert revision.approved_go_live_at > timezone.now()
    call_command("publish_scheduled", stdout=StringIO())
    draft.refresh_from_db()
    assert not draft.live

    # Three days later (the clock is the one thing faked: it is outside the application).
    later = timezone.now() + datetime.timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", stdout=StringIO())
    draft.refresh_from_db()
    assert draft.live
    client.logout()
    assert client.get(draft.url).status_code == 200


# --- the admin in Vietnamese ------------------------------------------------------------------


def test_admin_screens_are_in_vietnamese_for_editors(client, site):
    # Strings of Wagtail's Vietnamese catalogue and of ours in locale/upstream.
    client.force_login(site.editor_a)
    edit = client.get(edit_url(site.news_a)).content.decode()
    assert '<html lang="vi"' in edit
    assert "Lưu bản nháp" in edit  # Save draft
    assert 'name="action-submit"' in edit
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Tổng quan trang web" in dashboard  # Site summary
    explorer = client.get(reverse("wagtailadmin_explore", args=[site.section_a.pk]))
    assert explorer.status_code == 200
    assert '<html lang="vi"' in explorer.content.decode()
    assert "Tin Quảng Trị đã đăng" in explorer.content.decode()


def test_moderator_sees_the_workflow_actions_in_vietnamese(client, site):
    client.force_login(site.editor_a)
    post_edit(client, site.news_a, "submit", title="Tin chờ duyệt")
    client.force_login(site.moderator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Đang chờ bạn xem xét" in dashboard  # Awaiting your review
    edit = client.get(edit_url(site.news_a)).content.decode()
    assert "Phê chuẩn" in edit  # Approve


def test_news_page_edit_form_has_its_fields(client, site):
    client.force_login(site.editor_a)
    data = edit_form(client, site.news_a)
    for name in ("title", "lead", "date", "author", "tags", "go_live_at"):
        assert name in data
    assert isinstance(NewsPage.objects.get(pk=site.news_a.pk), NewsPage)


def test_setup_command_gives_a_federation_its_section_once(tree):
    news = make_news_index()
    code = tree.province_a.code

    call_command("site_cms_setup", "--section", code, stdout=StringIO())
    call_command("site_cms_setup", "--section", code.lower(), stdout=StringIO())

    sections = list(type(news).objects.child_of(news))
    assert len(sections) == 1
    section = sections[0]
    assert section.unit == tree.province_a and section.live
    assert section.slug.isascii() and "-" in section.slug
    assert Group.objects.filter(
        name=SECTION_EDITORS_GROUP.format(unit=tree.province_a.name),
        page_permissions__page=section,
    ).exists()


def test_setup_command_refuses_an_unknown_unit_and_creates_nothing(db):
    news = make_news_index()

    with pytest.raises(CommandError):
        call_command("site_cms_setup", "--section", "KHONG-CO", stdout=StringIO())

    assert not type(news).objects.child_of(news).exists()
