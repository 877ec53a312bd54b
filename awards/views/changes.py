"""The change history of a dossier for officers (issue 16): who changed which field of the
dossier, its authors and its benefit records, and when; and the panel of the dossier page that
links to it.

The rule ``initiatives.view_change_history`` decides who reads it: officers who read dossiers
in the unit's subtree. Authors and council members read the dossier and its lifecycle steps,
not this page; outside the rule it answers 404.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from accounts.access import get_visible_or_404
from awards.selectors.changes import dossier_change_rows, dossier_changes
from initiatives.models import Initiative
from initiatives.selectors import initiatives_visible_to

PAGE_SIZE = 25


@login_required
def dossier_changes_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Newest change first, 25 to a page. Queries: the dossier, the rules, a count and a page
    of the UNION of the three history tables, then a fixed number per kind of record on the
    page (``dossier_changes``), whatever the number of changes."""
    user = request.user
    initiative = get_visible_or_404(
        initiatives_visible_to(user), user, "initiatives.view_change_history", pk=pk
    )
    page = Paginator(dossier_change_rows(initiative), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    page.object_list = dossier_changes(
        rows, show_confidential=user.has_perm("initiatives.view_confidential", initiative)
    )
    return render(request, "awards/dossier_changes.html", {"initiative": initiative, "page": page})


def changes_panel(request: HttpRequest, initiative: Initiative) -> str:
    """The link from the dossier page, for those who may read the history."""
    if not request.user.has_perm("initiatives.view_change_history", initiative):
        return ""
    return render_to_string(
        "awards/_changes_panel.html", {"initiative": initiative}, request=request
    )
