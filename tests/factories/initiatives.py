"""Dossiers built through the real services and driven to any status through the workflow.

``make_initiative(unit, author)`` returns a complete draft that may be submitted at once;
``status=...`` walks it along the shortest path of the transition table, each step taken by
the person the rules allow (the author, or an officer of the unit created on demand).
"""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from initiatives.enums import InitiativeField, InitiativeKind, InitiativeStatus
from initiatives.models import Initiative, ReviewRules
from initiatives.models.rules import SEEDED_REVIEW_RULES
from initiatives.services import AuthorData, initiative_save_draft, initiative_transition
from tests.factories.accounts import UserFactory
from tests.factories.emulation import RoleGrantFactory
from unions.enums import Role
from unions.models import Unit

_numbers = itertools.count(1)

S = InitiativeStatus

# The actions that lead from a fresh draft to each status (the shortest path of the table).
PATHS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (),
    S.SUBMITTED: ("submit",),
    S.RETURNED: ("submit", "return"),
    S.RESUBMITTED: ("submit", "return", "resubmit"),
    S.ACCEPTED: ("submit", "accept"),
    S.REFUSED: ("submit", "refuse"),
    S.WITHDRAWN: ("submit", "withdraw"),
    S.UNDER_REVIEW: ("submit", "accept", "start_review"),
    S.RECOGNISED: ("submit", "accept", "start_review", "recognise"),
    S.NOT_RECOGNISED: ("submit", "accept", "start_review", "not_recognise"),
}
# Who takes each step: the dossier's side or the unit's.
BY_AUTHOR = frozenset({"submit", "resubmit", "withdraw"})
NOTES = {
    "return": "Bổ sung bảng tính giá trị làm lợi.",
    "refuse": "Giải pháp đã được áp dụng rộng rãi trước đây.",
    "not_recognise": "Không có tính mới so với quy trình hiện hành.",
}


def dossier_values(**overrides) -> dict:
    """Every field of the form filled in, so that the dossier may be submitted."""
    number = next(_numbers)
    values = {
        "owner_name": "",
        "owner_address": "",
        "title": f"Cải tiến quy trình kiểm tra chất lượng sản phẩm số {number}",
        "field": InitiativeField.MECHANICAL,
        "kind": InitiativeKind.TECHNICAL,
        "first_applied_on": timezone.localdate() - datetime.timedelta(days=60),
        "previous_state": "Kiểm tra thủ công, tốn nhiều thời gian và dễ sai sót.",
        "solution_purpose": "Giảm thời gian kiểm tra và tỷ lệ sản phẩm lỗi.",
        "solution_steps": "Thiết kế đồ gá; lắp cảm biến; đào tạo công nhân.",
        "solution_novelty": "Lần đầu tiên áp dụng cảm biến quang tại đơn vị.",
        "application_conditions": "Xưởng có nguồn điện ổn định.",
        "other_applicants": "Các phân xưởng lắp ráp khác.",
        "confidential_info": "Sơ đồ mạch điều khiển chi tiết.",
        "benefit_claimed": 120_000_000,
        "benefit_basis": "Tiết kiệm 2 giờ công mỗi ca trong 300 ngày.",
        "social_benefits": "Giảm cường độ lao động.",
        "first_application_participants": "Tổ kiểm tra chất lượng phân xưởng 2.",
    }
    values.update(overrides)
    return values


def author_row(user: User, contribution: Decimal | int | str = 100, **fields) -> AuthorData:
    """An author row for a registered member."""
    return AuthorData(
        full_name=fields.pop("full_name", None) or user.get_full_name() or user.email,
        contribution=Decimal(contribution),
        user=user,
        **fields,
    )


def unit_officer(unit: Unit) -> User:
    """A new user holding the officer role on ``unit``."""
    officer = UserFactory()
    RoleGrantFactory(user=officer, unit=unit, role=Role.OFFICER)
    return officer


def advance(
    initiative: Initiative, status: str, *, officer: User | None = None, author: User | None = None
) -> Initiative:
    """Drive ``initiative`` from draft to ``status`` through ``initiative_transition``."""
    author = author or initiative.created_by
    for action in PATHS[status]:
        if action in BY_AUTHOR:
            actor = author
        else:
            officer = officer or unit_officer(initiative.unit)
            actor = officer
        initiative = initiative_transition(
            initiative=initiative, action=action, actor=actor, note=NOTES.get(action, "")
        )
    return initiative


def make_initiative(
    unit: Unit,
    author: User,
    status: str = S.DRAFT,
    *,
    authors: list[AuthorData] | None = None,
    entered_by: User | None = None,
    officer: User | None = None,
    **fields,
) -> Initiative:
    """A dossier at ``unit`` written by ``author`` (100% unless ``authors`` is given), entered by
    ``entered_by`` (the author by default) and driven to ``status``. ``fields`` override the
    values of the form; receiving steps are taken by ``officer`` (a new officer of the unit by
    default)."""
    initiative = initiative_save_draft(
        actor=entered_by or author,
        unit=unit,
        values=dossier_values(**fields),
        authors=authors if authors is not None else [author_row(author)],
    )
    if status != S.DRAFT:
        initiative = advance(initiative, status, officer=officer, author=entered_by or author)
    return Initiative.objects.get(pk=initiative.pk)


def set_review_rules(**values) -> ReviewRules:
    """Change the review rules in force (the seeded row, made again if a transactional test
    emptied the table) to ``values``."""
    rules = ReviewRules.objects.order_by("valid_from").first()
    if rules is None:
        rules = ReviewRules(valid_from=datetime.date(2012, 4, 20), **SEEDED_REVIEW_RULES)
    for name, value in values.items():
        setattr(rules, name, value)
    rules.save()
    return rules
