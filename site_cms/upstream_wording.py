"""Wagtail and django-taggit sentences whose Vietnamese we give ourselves.

``gettext_noop`` puts them in our catalogue (locale/vi), which Django reads before the
libraries' own: Wagtail's Vietnamese for "%(label)s and Publish" lacks the space before "và"
("Duyệtvà Xuất bản"), and taggit's help for tag fields has no Vietnamese at all. Nothing imports
this module; ``makemessages`` reads it.
"""

from django.utils.translation import gettext_noop

UPSTREAM_WORDING = (
    gettext_noop("%(label)s and Publish"),
    gettext_noop("A comma-separated list of tags."),
)
