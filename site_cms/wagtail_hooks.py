"""Editor-facing words Wagtail leaves out: after a moderator approves a page, say whether it
is now published (Wagtail only says "the page was updated")."""

from django.contrib import messages
from django.utils.translation import gettext as _
from wagtail import hooks


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
