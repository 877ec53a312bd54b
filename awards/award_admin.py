"""The award catalogue in the Wagtail admin: award types (who issues them, to whom, how often,
the quota) and their eligibility rules, under one "Award catalogue" menu.

The catalogue is shared by the whole federation, so only those who issue awards at the top of
the tree (officers of a national federation, administrators) and superusers edit it.

Rules get their own list rather than an inline panel: an ``InlinePanel`` needs ``AwardType`` to
be a ``ClusterableModel`` and ``EligibilityRule.award_type`` a ``ParentalKey``.

Registered from ``awards/wagtail_hooks.py``::

    from awards.award_admin import AwardCatalogueViewSetGroup

    @hooks.register("register_admin_viewset")
    def register_award_catalogue():
        return AwardCatalogueViewSetGroup()
"""

from django import forms
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy

from accounts.models import User
from awards.eligibility import format_vnd
from awards.enums import RuleKind
from awards.models import AwardType, EligibilityRule
from unions.enums import Capability, UnitKind, roles_with
from unions.models import RoleGrant, Unit
from unions.selectors import grants_active_on, has_capability_on


def may_edit_catalogue(user) -> bool:
    """Superusers, and those holding ``award.issue`` on a unit at the top of the tree."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return any(
        has_capability_on(user, Capability.ISSUE_AWARDS, root) for root in Unit.get_root_nodes()
    )


class CataloguePermissionPolicy(BasePermissionPolicy):
    """Every action on the catalogue is ``may_edit_catalogue``; no Django group permissions."""

    def user_has_permission(self, user, action) -> bool:
        return may_edit_catalogue(user)

    def user_has_any_permission(self, user, actions) -> bool:
        return may_edit_catalogue(user)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return may_edit_catalogue(user)

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return may_edit_catalogue(user)

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        objects = self.model._default_manager.all()
        return objects if may_edit_catalogue(user) else objects.none()

    def users_with_any_permission(self, actions) -> QuerySet[User]:
        roots = Unit.get_root_nodes().values("pk")
        grants = RoleGrant.objects.filter(
            grants_active_on(), role__in=roles_with(Capability.ISSUE_AWARDS), unit__in=roots
        )
        return User.objects.filter(
            Q(is_superuser=True) | Q(pk__in=grants.values("user_id")), is_active=True
        )


class AwardTypeForm(WagtailAdminModelForm):
    """The issuer kinds as tick boxes of the organisation tree's unit kinds (stored as a list)."""

    issuer_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Unit kinds that may issue it"),
        choices=UnitKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Tick at least one kind of unit.")},
    )


class EligibilityRuleForm(WagtailAdminModelForm):
    """Each condition with the values it needs (the database checks only some of them, and a
    rule missing its amount would break every eligibility check of its award)."""

    NEEDS = {
        RuleKind.MIN_BENEFIT: ("amount_vnd",),
        RuleKind.MIN_BENEFIT_OVER_YEARS: ("amount_vnd", "years"),
        RuleKind.TOTAL_BENEFIT_IN_YEAR: ("amount_vnd",),
        RuleKind.TOTAL_BENEFIT_CONSECUTIVE: ("amount_vnd", "years"),
        RuleKind.SCOPE: ("scope",),
        RuleKind.PRIOR_AWARD: ("prior_award",),
        RuleKind.PRIOR_TITLE: ("prior_title",),
    }

    def clean(self):
        cleaned = super().clean()
        for name in self.NEEDS.get(cleaned.get("kind"), ()):
            if cleaned.get(name) in (None, ""):
                self.add_error(name, gettext_lazy("This condition needs a value here."))
        if cleaned.get("amount_vnd") is not None and cleaned["amount_vnd"] <= 0:
            self.add_error("amount_vnd", gettext_lazy("The amount is more than 0 ₫."))
        if (
            cleaned.get("kind")
            in (RuleKind.MIN_BENEFIT_OVER_YEARS, RuleKind.TOTAL_BENEFIT_CONSECUTIVE)
            and (cleaned.get("years") or 0) < 2
        ):
            self.add_error("years", gettext_lazy("Count at least two consecutive years."))
        return cleaned


class CatalogueViewSetMixin:
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    search_backend_name = None

    def register_permissions(self):
        # Access follows the grants on the tree, not Django permissions given to groups.
        pass


class AwardTypeViewSet(CatalogueViewSetMixin, ModelViewSet):
    model = AwardType
    name = "awards_award_type"
    url_prefix = "award-types"
    icon = "trophy"
    menu_label = gettext_lazy("Award types")
    search_fields = ["name", "code"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("code"),
            FieldPanel("issuer_kinds"),
            FieldPanel("recipient_kind"),
            FieldPanel("periodicity"),
            FieldPanel("quota_per_year"),
            FieldPanel("first_round_year"),
            FieldPanel("period_source"),
            FieldPanel("is_initiative_certificate"),
            FieldPanel("description"),
            FieldPanel("sort_order"),
            FieldPanel("is_active"),
        ],
        base_form_class=AwardTypeForm,
    )

    @property
    def permission_policy(self):
        return CataloguePermissionPolicy(AwardType)

    @cached_property
    def list_display(self):
        return [
            "name",
            "code",
            Column(
                "recipient_kind",
                label=gettext_lazy("Awarded to"),
                accessor="get_recipient_kind_display",
            ),
            Column(
                "periodicity", label=gettext_lazy("How often"), accessor="get_periodicity_display"
            ),
            Column(
                "is_active",
                label=gettext_lazy("In use"),
                accessor=lambda award: gettext_lazy("yes") if award.is_active else "—",
            ),
        ]


class EligibilityRuleViewSet(CatalogueViewSetMixin, ModelViewSet):
    model = EligibilityRule
    name = "awards_eligibility_rule"
    url_prefix = "eligibility-rules"
    icon = "list-ul"
    menu_label = gettext_lazy("Eligibility rules")
    search_fields = ["award_type__name"]
    list_filter = ["award_type"]
    edit_handler = ObjectList(
        [
            FieldPanel("award_type"),
            FieldPanel("alternative"),
            FieldPanel("kind"),
            FieldPanel("amount_vnd"),
            FieldPanel("years"),
            FieldPanel("scope"),
            FieldPanel("prior_award"),
            FieldPanel("prior_title"),
            FieldPanel("tier"),
            FieldPanel("share_of_benefit"),
            FieldPanel("legal_source"),
            FieldPanel("sort_order"),
        ],
        base_form_class=EligibilityRuleForm,
    )

    @property
    def permission_policy(self):
        return CataloguePermissionPolicy(EligibilityRule)

    @cached_property
    def list_display(self):
        return [
            "award_type",
            Column("alternative", label=gettext_lazy("Group"), accessor="alternative"),
            Column("kind", label=gettext_lazy("Condition"), accessor="get_kind_display"),
            Column(
                "amount_vnd",
                label=gettext_lazy("Amount"),
                accessor=lambda rule: format_vnd(rule.amount_vnd),
            ),
            Column("years", label=gettext_lazy("Years"), accessor=lambda rule: rule.years or "—"),
            Column("tier", label=gettext_lazy("Applies to"), accessor="get_tier_display"),
            Column("legal_source", label=gettext_lazy("Legal source"), accessor="legal_source"),
        ]


class AwardCatalogueViewSetGroup(ModelViewSetGroup):
    items = (AwardTypeViewSet, EligibilityRuleViewSet)
    menu_label = gettext_lazy("Award catalogue")
    menu_icon = "trophy"
    menu_order = 310
