"""The review rules (``initiatives.models.ReviewRules``) in the Wagtail admin: the period to
decide, the share of votes for recognition and the spread margin, each with its legal source.

The rules hold for the whole federation, so administrators (superusers) and officers who
configure rubrics at the top of the tree edit them. A change is a new row in force from a
date: the rows already in force stay as the record of what applied before. Saving goes through
``initiatives.review_rules.review_rules_save``.
"""

from django.db.models import Q, QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from accounts.errors import ApplicationError
from accounts.models import User
from initiatives.models import ReviewRules
from initiatives.review_rules import REVIEW_RULE_FIELDS, review_rules_check, review_rules_save
from unions.enums import Capability, roles_with
from unions.models import RoleGrant, Unit
from unions.selectors import grants_active_on


def may_edit_review_rules(user) -> bool:
    """The rule ``initiatives.change_review_rules`` (``initiatives.rules``)."""
    return user.is_authenticated and user.has_perm("initiatives.change_review_rules")


class ReviewRulesPermissionPolicy(BasePermissionPolicy):
    """Viewing and adding follow ``may_edit_review_rules``; rows are never deleted (they are
    the record of the rules that applied), and only a row not yet in force is edited."""

    def user_has_permission(self, user, action) -> bool:
        return action != "delete" and may_edit_review_rules(user)

    def user_has_any_permission(self, user, actions) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        objects = self.model._default_manager.all()
        return objects if self.user_has_any_permission(user, actions) else objects.none()

    def users_with_any_permission(self, actions) -> QuerySet[User]:
        roots = Unit.get_root_nodes().values("pk")
        grants = RoleGrant.objects.filter(
            grants_active_on(), role__in=roles_with(Capability.MANAGE_RUBRICS), unit__in=roots
        )
        return User.objects.filter(
            Q(is_superuser=True) | Q(pk__in=grants.values("user_id")), is_active=True
        )


class ReviewRulesForm(WagtailAdminModelForm):
    """Checks the values as the service does, and saves through the service, which keeps who
    changed them and refuses to rewrite rules already in force."""

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                review_rules_check(
                    {name: cleaned.get(name) for name in REVIEW_RULE_FIELDS},
                    self.instance if self.instance.pk else None,
                )
            except ApplicationError as error:
                self.add_error(error.field, error.message)
        return cleaned

    def validate_unique(self):
        # The service answers clashing days with its own message.
        pass

    def save(self, commit=True):
        values = {name: self.cleaned_data[name] for name in REVIEW_RULE_FIELDS}
        return review_rules_save(
            rules=self.instance if self.instance.pk else None, actor=self.for_user, **values
        )


class ReviewRulesViewSet(ModelViewSet):
    model = ReviewRules
    name = "initiatives_review_rules"
    url_prefix = "review-rules"
    icon = "cog"
    menu_label = gettext_lazy("Review rules")
    menu_order = 320
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("valid_from"),
            MultiFieldPanel(
                [FieldPanel("decision_months"), FieldPanel("decision_months_source")],
                heading=gettext_lazy("Period to decide"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("vote_share_numerator"),
                    FieldPanel("vote_share_denominator"),
                    FieldPanel("vote_share_source"),
                ],
                heading=gettext_lazy("Share of votes for recognition"),
            ),
            MultiFieldPanel(
                [FieldPanel("spread_margin_percent"), FieldPanel("spread_margin_source")],
                heading=gettext_lazy("Spread margin"),
            ),
            FieldPanel("note"),
        ],
        base_form_class=ReviewRulesForm,
    )

    def register_permissions(self):
        # Access follows the grants on the tree, not Django permissions given to groups.
        pass

    @property
    def permission_policy(self):
        return ReviewRulesPermissionPolicy(ReviewRules)

    @cached_property
    def list_display(self):
        return [
            Column(
                "valid_from",
                label=gettext_lazy("In force from"),
                accessor=lambda rules: rules.valid_from.strftime("%d/%m/%Y"),
            ),
            Column("decision_months", label=gettext_lazy("Months to decide")),
            Column(
                "vote_share",
                label=gettext_lazy("Share of votes"),
                accessor="vote_share_label",
            ),
            Column("spread_margin_percent", label=gettext_lazy("Spread margin (%)")),
        ]
