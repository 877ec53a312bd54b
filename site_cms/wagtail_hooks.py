"""The Wagtail editor's hooks: the words Wagtail leaves out (after a moderator approves a page,
say whether it is now published; Wagtail only says "the page was updated"), and a new page's
create form posted twice saving one page."""

from django.contrib import messages
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.views.pages.edit import EditView

from site_cms.editor_saves import page_just_created


@hooks.register("after_edit_page")
def say_approved(request, page):
    if not request.POST.get("action-workflow-action"):
        return None
    if request.POST.get("workflow-action-name") != "approve":
        return None
    page.refresh_from_db()
    if page.live and not page.has_unpublished_changes:
        messages.success(
            request, _("“%(title)s” was approved and published.") % {"title": page.title}
        )
    else:
        messages.success(
            request,
            _("“%(title)s” was approved; it goes on to the next step of review.")
            % {"title": page.title},
        )
    return None


@hooks.register("before_create_page")
def save_a_new_page_once(request, parent_page, page_class):
    """A create form posted again for the page it has just made (an autosave racing "Save
    draft") saves that page instead of failing on its slug or making a copy
    (``site_cms.editor_saves``)."""
    page = page_just_created(request, parent_page, page_class)
    if page is None:
        return None
    return EditView.as_view()(request, page_id=page.pk)
