"""Who edits the public site, with Wagtail's own machinery: groups with page permissions, the
moderation workflow, and the news sections of provincial federations.

Editors reach the Wagtail admin through their EDITOR grant (``wagtailadmin.access_admin`` in
``emulation/rules.py``); what they may do to pages comes from the groups here. Editors add and
change pages and submit them for moderation; only moderators publish, by approving the
workflow's task. A provincial section has its own editors group, whose page permissions cover
that section alone.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts.models import User
from site_cms.models import HomePage, NewsIndexPage
from unions.models import Unit

# Names of the groups and the workflow: data in Vietnamese, as the Wagtail admin shows them.
EDITORS_GROUP = "Biên tập viên"
MODERATORS_GROUP = "Kiểm duyệt viên"
MODERATION_WORKFLOW = "Kiểm duyệt tin bài"
MODERATION_TASK = "Kiểm duyệt viên duyệt đăng"
SECTION_EDITORS_GROUP = "Biên tập viên – {unit}"

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page")
MODERATOR_PAGE_PERMISSIONS = (*EDITOR_PAGE_PERMISSIONS, "publish_page", "unlock_page")
IMAGE_PERMISSIONS = ("add_image", "choose_image")


@dataclass(frozen=True)
class SiteGroups:
    editors: Group
    moderators: Group
    workflow: Workflow


def _page_permissions(group: Group, page: Page, codenames: tuple[str, ...]) -> None:
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", content_type__model="page", codename__in=codenames
    )
    for permission in permissions:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _image_permissions(group: Group) -> None:
    root = Collection.get_first_root_node()
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailimages", codename__in=IMAGE_PERMISSIONS
    )
    for permission in permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


def _workflow(name: str, task_name: str, moderators: Group) -> Workflow:
    """A one-task workflow whose task is approved by ``moderators``."""
    workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name)
    task.groups.add(moderators)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def _assign_workflow(page: Page, workflow: Workflow) -> None:
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


@transaction.atomic
def site_groups_ensure() -> SiteGroups:
    """Create, or complete, the national editors and moderators groups with their page
    permissions under the home page and their image permissions, and the moderation workflow
    (one task approved by the moderators) assigned to the home page. Idempotent."""
    home = HomePage.objects.get()
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    _page_permissions(editors, home, EDITOR_PAGE_PERMISSIONS)
    _page_permissions(moderators, home, MODERATOR_PAGE_PERMISSIONS)
    _image_permissions(editors)
    _image_permissions(moderators)
    workflow = _workflow(MODERATION_WORKFLOW, MODERATION_TASK, moderators)
    _assign_workflow(home, workflow)
    return SiteGroups(editors=editors, moderators=moderators, workflow=workflow)


def section_editors_group(section: NewsIndexPage) -> Group | None:
    """The editors group of a provincial news section (None for a section of no unit)."""
    if section.unit_id is None:
        return None
    return Group.objects.filter(name=SECTION_EDITORS_GROUP.format(unit=section.unit.name)).first()


@transaction.atomic
def news_section_create(
    *,
    unit: Unit,
    title: str,
    slug: str,
    parent: Page | None = None,
    moderators: Group | None = None,
) -> NewsIndexPage:
    """Create and publish the news section of ``unit`` (a provincial federation) under
    ``parent`` (the home page by default), with its own editors group, whose page permissions
    (add, change, lock; never publish) cover this section only, and the image permissions.
    The section is moderated by ``moderators`` (a workflow of its own) or, by default, by the
    national moderators. Returns the existing section of the unit at ``slug`` if there is one.
    """
    site = site_groups_ensure()
    parent = parent or HomePage.objects.get()
    section = NewsIndexPage.objects.child_of(parent).filter(slug=slug).first()
    if section is None:
        section = NewsIndexPage(title=title, slug=slug, unit=unit)
        parent.add_child(instance=section)
        section.save_revision().publish()
        section.refresh_from_db()
    group, _ = Group.objects.get_or_create(name=SECTION_EDITORS_GROUP.format(unit=unit.name))
    _page_permissions(group, section, EDITOR_PAGE_PERMISSIONS)
    _image_permissions(group)
    workflow = site.workflow
    if moderators is not None:
        workflow = _workflow(
            f"{MODERATION_WORKFLOW} – {unit.name}", f"{MODERATION_TASK} – {unit.name}", moderators
        )
    _assign_workflow(section, workflow)
    return section


@transaction.atomic
def site_editor_join(
    *, user: User, section: NewsIndexPage | None = None, moderator: bool = False
) -> Group:
    """Put ``user`` in the editors group of ``section`` (the national editors when None), or
    in the national moderators group when ``moderator``. Returns the group. The user still
    needs an EDITOR grant to reach the admin."""
    site = site_groups_ensure()
    if moderator:
        group = site.moderators
    elif section is None:
        group = site.editors
    else:
        group = section_editors_group(section)
        if group is None:
            raise ValueError("The section belongs to no unit.")
    user.groups.add(group)
    return group
