"""The review rules in force (decision months, vote share, spread margin), each with its legal
source: checked and saved as a new row from today or a later day. Re-exported by
``initiatives.services``."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import User
from initiatives.models import ReviewRules

REVIEW_RULE_FIELDS = (
    "valid_from",
    "decision_months",
    "decision_months_source",
    "vote_share_numerator",
    "vote_share_denominator",
    "vote_share_source",
    "spread_margin_percent",
    "spread_margin_source",
    "note",
)


def review_rules_check(values: dict, rules: ReviewRules | None = None) -> None:
    """The checks of new or changed review rules (``rules``: the row changed, None for a new
    one), as ApplicationError on the field at fault. Rows already in force stay as they are:
    they are the record of the rules that applied, so a change is a new row from today or a
    later day."""
    for name in ("decision_months_source", "vote_share_source", "spread_margin_source"):
        if not (values.get(name) or "").strip():
            raise ApplicationError(_("Write the legal source of this rule."), field=name)
    if not 1 <= (values.get("decision_months") or 0) <= 24:
        raise ApplicationError(
            _("The period to decide is 1 to 24 months."), field="decision_months"
        )
    numerator = values.get("vote_share_numerator") or 0
    denominator = values.get("vote_share_denominator") or 0
    if numerator < 1 or denominator < 1 or numerator > denominator:
        raise ApplicationError(
            _("The share of votes is a fraction between 0 and 1, such as 2/3."),
            field="vote_share_numerator",
        )
    if not 1 <= (values.get("spread_margin_percent") or 0) <= 100:
        raise ApplicationError(
            _("The spread margin is 1 to 100 per cent."), field="spread_margin_percent"
        )
    today = timezone.localdate()
    if rules is not None and rules.pk and rules.valid_from <= today:
        raise ApplicationError(
            _(
                "These rules are in force since %(date)s and stay as the record of what "
                "applied. Add new rules in force from a later day instead."
            )
            % {"date": rules.valid_from.strftime("%d/%m/%Y")},
            field="valid_from",
        )
    valid_from = values.get("valid_from")
    if valid_from is None or valid_from < today:
        raise ApplicationError(_("New rules come into force today or later."), field="valid_from")
    clash = ReviewRules.objects.filter(valid_from=valid_from)
    if rules is not None and rules.pk:
        clash = clash.exclude(pk=rules.pk)
    if clash.exists():
        raise ApplicationError(
            _("Other rules already come into force on that day."), field="valid_from"
        )


@transaction.atomic
def review_rules_save(*, rules: ReviewRules | None, actor: User, **values) -> ReviewRules:
    """Add review rules in force from ``valid_from`` (``rules`` None), or change a row that is
    not in force yet (``review_rules_check``), keeping who changed them. Raises
    ApplicationError."""
    if not actor.has_perm("initiatives.change_review_rules"):
        raise ApplicationError(_("You may not change the review rules."))
    unknown = set(values) - set(REVIEW_RULE_FIELDS)
    if unknown:
        raise TypeError(f"unknown review rule fields: {sorted(unknown)}")
    if rules is not None:
        rules = ReviewRules.objects.select_for_update().get(pk=rules.pk)
    review_rules_check(values, rules)
    rules = rules or ReviewRules()
    for name in REVIEW_RULE_FIELDS:
        setattr(rules, name, values.get(name, ""))
    rules.updated_by = actor
    rules.save()
    return rules
