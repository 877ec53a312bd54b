"""A new page is saved once, however many times its create form is posted.

Wagtail's editor autosaves a new page by posting the create form in the background; until that
answer arrives, the form still points at the create address. An editor who clicks "Save draft"
meanwhile (or a second autosave) posts the same form to the create address again, and Wagtail
answers "this slug is already in use" for the page the autosave has just made, or, where the
slug was left for the server to make, creates a second copy under "…-2".

The ``before_create_page`` hook below makes that second post an edit: when the same person has
just created, under the same parent, a page of the same type with the slug this form would
give, and that page has never been published, the post goes to the page's edit view, which
saves it as a new revision (and answers the autosave in JSON, as it does for any autosave).
"""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page

from site_cms.slugs import page_slug

# How long after its last revision a page counts as "just created" by its author: longer than
# any autosave round trip, short enough that an editor who makes a new page with the title of
# a draft of last week gets Wagtail's own "slug in use" message.
JUST_CREATED = datetime.timedelta(minutes=10)


def posted_slug(request: HttpRequest) -> str:
    """The slug the posted create form would give its page: the typed slug without
    diacritics, or, when none was typed, the one made from the title (``AsciiSlugMixin``)."""
    slug = (request.POST.get("slug") or "").strip()
    if slug:
        return slug if slug.isascii() else page_slug(slug) or slug
    return page_slug(request.POST.get("title") or "")


def page_just_created(request: HttpRequest, parent: Page, page_class: type[Page]) -> Page | None:
    """The never-published page of ``page_class`` under ``parent`` that the person posting
    this create form created within ``JUST_CREATED`` with the slug the form gives, or None.
    One query, on the parent's children (the tree's path index) and the slug."""
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    slug = posted_slug(request)
    if not slug:
        return None
    return (
        parent.get_children()
        .type(page_class)
        .filter(
            slug=slug,
            owner=request.user,
            first_published_at__isnull=True,
            latest_revision__user=request.user,
            latest_revision_created_at__gte=timezone.now() - JUST_CREATED,
        )
        .first()
    )
