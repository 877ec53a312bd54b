"""How review rounds take part in a dossier without this app knowing them.

The awards app sits above this one and registers, at start-up:
- a *reviewer scope*: the dossiers a user may reach as a council member (a Q on Initiative),
  and a *reviewer check*: whether the user may read this dossier, confidential section
  included, as an unconflicted council member;
- a *decider check*: whether the user is the chair or the secretary of a round not yet closed
  that holds this dossier. It is one half of the rule ``initiatives.review_initiative`` (who
  may move a dossier under review), which ``initiatives.rules`` states in full;
- *dossier panels*: extra sections of the dossier page (the ladder of rounds).
"""

from collections.abc import Callable
from functools import reduce
from operator import or_

from django.db.models import Q
from django.http import HttpRequest

from accounts.models import User
from initiatives.models import Initiative

Check = Callable[[User, Initiative], bool]
Scope = Callable[[User], Q]
Panel = Callable[[HttpRequest, Initiative], str]

_reviewer_scopes: list[Scope] = []
_reviewer_checks: list[Check] = []
_decider_checks: list[Check] = []
_panels: list[Panel] = []


def _add(registry: list, item):
    if item not in registry:
        registry.append(item)
    return item


def register_reviewer(*, scope: Scope, check: Check) -> None:
    _add(_reviewer_scopes, scope)
    _add(_reviewer_checks, check)


def register_decider(check: Check) -> Check:
    return _add(_decider_checks, check)


def register_dossier_panel(panel: Panel) -> Panel:
    return _add(_panels, panel)


def reviewer_scope(user: User) -> Q:
    """Dossiers the user may reach as a reviewer; nothing when no app registered a scope."""
    if not user.is_authenticated or not _reviewer_scopes:
        return Q(pk__in=[])
    return reduce(or_, (scope(user) for scope in _reviewer_scopes))


def is_reviewer(user: User, initiative: Initiative) -> bool:
    return user.is_authenticated and any(check(user, initiative) for check in _reviewer_checks)


def is_decider(user: User, initiative: Initiative) -> bool:
    """Whether a registered decider check says yes (see ``is_round_decider`` in rules.py)."""
    return user.is_authenticated and any(check(user, initiative) for check in _decider_checks)


def dossier_panels(request: HttpRequest, initiative: Initiative) -> list[str]:
    """The rendered extra sections of the dossier page, empty ones left out."""
    return [html for panel in _panels if (html := panel(request, initiative))]
