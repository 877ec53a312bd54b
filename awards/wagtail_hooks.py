"""Rubrics in the Wagtail admin: the rubrics (name, keeping unit) and their versions with the
criteria, under one "Rubrics" menu.

Who may do what is the rule ``awards.manage_rubric``, asked through a permission policy; a
rubric outside the user's scope answers 404. A frozen version (scores were given under it)
cannot be saved or deleted, only copied into a new version; nor can a version a round uses be
deleted. The screens read their forms and write through the rubric services
(``awards.services.rubrics``), which lock, check and keep the history; no view saves a model.
"""

from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import MediaContainer
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy

from accounts.errors import ApplicationError
from accounts.models import User
from awards.award_admin import AwardCatalogueViewSetGroup
from awards.models import Rubric, RubricVersion
from awards.review_rules_admin import ReviewRulesViewSet
from awards.rubric_forms import (
    CriterionInlinePanel,
    RubricForm,
    RubricVersionForm,
    rubric_scope,
    shown_number,
)
from awards.services import (
    rubric_delete,
    rubric_deletion_problem,
    rubric_save,
    rubric_version_copy,
    rubric_version_create,
    rubric_version_delete,
    rubric_version_update,
    version_deletion_problem,
)
from unions.enums import Capability, roles_with
from unions.models import RoleGrant
from unions.selectors import grants_active_on

# --- permissions ---------------------------------------------------------------------------


class RubricPermissionPolicy(BasePermissionPolicy):
    """Every action on a rubric or one of its versions is ``awards.manage_rubric`` on the
    rubric; without an object, the capability anywhere."""

    rubric_path = ""  # lookup from the model to its rubric

    def __init__(self, model, rubric_path: str = ""):
        super().__init__(model)
        self.rubric_path = rubric_path

    def _rubric_of(self, instance) -> Rubric | None:
        return instance if isinstance(instance, Rubric) else getattr(instance, "rubric", None)

    def user_has_permission(self, user, action) -> bool:
        return user.has_perm("awards.manage_rubric")

    def user_has_any_permission(self, user, actions) -> bool:
        return user.has_perm("awards.manage_rubric")

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return user.has_perm("awards.manage_rubric", self._rubric_of(instance))

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return self.user_has_permission_for_instance(user, None, instance)

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        scope = rubric_scope(user, self.rubric_path)
        objects = self.model._default_manager.all()
        return objects.none() if scope is None else objects.filter(scope)

    def users_with_any_permission(self, actions) -> QuerySet[User]:
        grants = RoleGrant.objects.filter(
            grants_active_on(), role__in=roles_with(Capability.MANAGE_RUBRICS)
        )
        return User.objects.filter(
            Q(is_superuser=True) | Q(pk__in=grants.values("user_id")), is_active=True
        )


class ScopedObjectMixin:
    """The object of a view is looked up among those the user may manage (else 404)."""

    def scoped_queryset(self) -> QuerySet:
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change"]
        )

    def get_base_object_queryset(self):  # history and usage views
        return self.scoped_queryset()


class WithoutStatusPanelMixin:
    """Edit pages without Wagtail's status side panel: a rubric is never a draft, and its
    "Live" status would only puzzle; the history stays one click away in the header."""

    def get_side_panels(self):
        return MediaContainer([])


class ScopedHistoryView(ScopedObjectMixin, history.HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, usage.UsageView):
    pass


class ServiceFormMixin:
    """A create or edit view whose ``save_instance`` calls a service: an ApplicationError shows
    on the form, as a validation error would, and nothing is saved."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            self.produced_error_code = "validation_error"
            self.produced_error_message = error.message
            return self.form_invalid(form)


class RubricViewSetMixin:
    """What both viewsets share: no copy view, scoped history and usage, no group perms."""

    copy_view_enabled = False
    add_to_reference_index = False
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView

    def register_permissions(self):
        # Access follows the rules, not Django permissions given to groups.
        pass


# --- rubrics -------------------------------------------------------------------------------


def _version_add_url(rubric: Rubric) -> str:
    return reverse("awards_rubric_version:add") + f"?rubric={rubric.pk}"


class RubricIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            self.permission_policy.instances_user_has_any_permission_for(
                self.request.user, ["change"]
            )
            .select_related("unit")
            .annotate(version_count=Count("versions"))
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(
                _("Add a version"), url=_version_add_url(instance), icon_name="plus", priority=15
            )
        )
        return buttons


def _save_rubric(view, rubric: Rubric | None) -> Rubric:
    data = view.form.cleaned_data
    return rubric_save(
        actor=view.request.user,
        rubric=rubric,
        name=data["name"],
        unit=data["unit"],
        description=data.get("description", ""),
    )


class RubricCreateView(ServiceFormMixin, generic.CreateView):
    def save_instance(self):
        return _save_rubric(self, None)

    def get_success_url(self):
        return _version_add_url(self.object)

    def get_success_message(self, instance):
        return _("Rubric “%(name)s” created. Now give its first version and criteria.") % {
            "name": instance
        }


class RubricEditView(
    ServiceFormMixin, WithoutStatusPanelMixin, ScopedObjectMixin, generic.EditView
):
    def get_queryset(self):
        return self.scoped_queryset()

    def save_instance(self):
        return _save_rubric(self, self.object)


class GuardedDeleteMixin(ScopedObjectMixin):
    """A delete view that refuses, with the reason, what ``blocked`` names (in use, frozen).
    Its ``delete_action`` calls the service, which checks again under lock."""

    blocked = staticmethod(lambda obj: None)

    def get_queryset(self):
        return self.scoped_queryset()

    def _refusal(self):
        reason = self.blocked(self.object)
        if reason is None:
            return None
        messages.error(self.request, reason)
        return redirect(self.edit_url_name, self.object.pk)

    def get(self, request, *args, **kwargs):
        return self._refusal() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._refusal() or super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ApplicationError as error:
            messages.error(self.request, error.message)
            return redirect(self.edit_url_name, self.object.pk)


class RubricDeleteView(GuardedDeleteMixin, generic.DeleteView):
    blocked = staticmethod(rubric_deletion_problem)

    def delete_action(self):
        rubric_delete(rubric=self.object, actor=self.request.user)


class RubricViewSet(RubricViewSetMixin, ModelViewSet):
    model = Rubric
    name = "awards_rubric"
    url_prefix = "rubrics"
    icon = "list-ol"
    menu_label = gettext_lazy("Rubrics")
    index_view_class = RubricIndexView
    add_view_class = RubricCreateView
    edit_view_class = RubricEditView
    delete_view_class = RubricDeleteView
    search_fields = ["name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("unit"), FieldPanel("description")],
        base_form_class=RubricForm,
    )

    @property
    def permission_policy(self):
        return RubricPermissionPolicy(Rubric)

    @cached_property
    def list_display(self):
        return [
            "name",
            Column(
                "unit",
                label=gettext_lazy("Kept by"),
                accessor=lambda rubric: rubric.unit or _("Shared by every unit"),
            ),
            Column("version_count", label=gettext_lazy("Versions"), accessor="version_count"),
        ]


# --- versions ------------------------------------------------------------------------------


class RubricVersionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            self.permission_policy.instances_user_has_any_permission_for(
                self.request.user, ["change"]
            )
            .select_related("rubric__unit")
            .annotate(round_count=Count("rounds"))
        )


class RubricVersionCreateView(ServiceFormMixin, generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        if rubric := self.request.GET.get("rubric"):
            initial["rubric"] = rubric
        return initial

    def save_instance(self):
        data = self.form.cleaned_data
        return rubric_version_create(
            rubric=data["rubric"],
            pass_threshold=data["pass_threshold"],
            note=data.get("note", ""),
            criteria=self.form.criteria(),
            actor=self.request.user,
        )

    def get_success_url(self):
        return reverse(self.edit_url_name, args=[self.object.pk])


class RubricVersionEditView(
    ServiceFormMixin, WithoutStatusPanelMixin, ScopedObjectMixin, generic.EditView
):
    new_version_url_name = None

    def get_queryset(self):
        return self.scoped_queryset().select_related("rubric__unit")

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_frozen:
            messages.error(
                request,
                _(
                    "This version is frozen: scores have been given under it. Make a new "
                    "version to change the criteria."
                ),
            )
            return redirect(self.get_edit_url())
        return super().post(request, *args, **kwargs)

    def save_instance(self):
        # The service refuses a version frozen since the page was opened.
        data = self.form.cleaned_data
        return rubric_version_update(
            version=self.object,
            pass_threshold=data["pass_threshold"],
            note=data.get("note", ""),
            criteria=self.form.criteria(),
            actor=self.request.user,
        )

    @cached_property
    def round_count(self) -> int:
        return self.object.rounds.count()

    @cached_property
    def can_delete(self):
        return super().can_delete and not self.object.is_frozen and not self.round_count

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["frozen"] = self.object.is_frozen
        context["round_count"] = self.round_count
        context["new_version_url"] = reverse(self.new_version_url_name, args=[self.object.pk])
        return context


class RubricVersionDeleteView(GuardedDeleteMixin, generic.DeleteView):
    blocked = staticmethod(version_deletion_problem)

    def delete_action(self):
        rubric_version_delete(version=self.object, actor=self.request.user)


class NewVersionView(PermissionCheckedMixin, View):
    """POST: copy a version (frozen or not) into a new one, numbered last + 1, and open it."""

    http_method_names = ["post"]
    model = None
    permission_policy = None
    permission_required = "add"
    edit_url_name = None

    def post(self, request, pk):
        versions = self.permission_policy.instances_user_has_any_permission_for(
            request.user, ["change"]
        )
        version = get_object_or_404(versions, pk=pk)
        try:
            new = rubric_version_copy(version=version, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(self.edit_url_name, version.pk)
        messages.success(
            request,
            _("Version %(number)s made from version %(source)s. Change its criteria below.")
            % {"number": new.number, "source": version.number},
        )
        return HttpResponseRedirect(reverse(self.edit_url_name, args=[new.pk]))


class RubricVersionViewSet(RubricViewSetMixin, ModelViewSet):
    model = RubricVersion
    name = "awards_rubric_version"
    url_prefix = "rubric-versions"
    icon = "tasks"
    menu_label = gettext_lazy("Versions and criteria")
    index_view_class = RubricVersionIndexView
    add_view_class = RubricVersionCreateView
    edit_view_class = RubricVersionEditView
    delete_view_class = RubricVersionDeleteView
    edit_template_name = "awards/admin/rubric_version_edit.html"
    search_fields = ["rubric__name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("rubric"),
            FieldPanel("pass_threshold"),
            FieldPanel("note"),
            CriterionInlinePanel(
                "criteria",
                heading=gettext_lazy("Criteria"),
                label=gettext_lazy("criterion"),
                min_num=1,
                panels=[
                    FieldPanel("name"),
                    FieldPanel("max_points"),
                    FieldPanel("weight"),
                    FieldPanel("eliminatory"),
                    FieldPanel("guidance"),
                    FieldPanel("bands_text"),
                ],
            ),
        ],
        base_form_class=RubricVersionForm,
    )

    @property
    def permission_policy(self):
        return RubricPermissionPolicy(RubricVersion, rubric_path="rubric__")

    @cached_property
    def list_display(self):
        return [
            "__str__",
            Column(
                "unit",
                label=gettext_lazy("Kept by"),
                accessor=lambda version: version.rubric.unit or _("Shared by every unit"),
            ),
            Column(
                "pass_threshold",
                label=gettext_lazy("Pass threshold"),
                accessor=lambda version: shown_number(version.pass_threshold),
            ),
            Column(
                "frozen",
                label=gettext_lazy("State"),
                accessor=lambda version: _("Frozen") if version.is_frozen else _("Editable"),
            ),
            Column("round_count", label=gettext_lazy("Rounds"), accessor="round_count"),
        ]

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            new_version_url_name=self.get_url_name("new_version"), **kwargs
        )

    @property
    def new_version_view(self):
        return self.construct_view(NewVersionView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("new-version/<int:pk>/", self.new_version_view, name="new_version"),
        ]


class RubricViewSetGroup(ModelViewSetGroup):
    items = (RubricViewSet, RubricVersionViewSet)
    menu_label = gettext_lazy("Rubrics")
    menu_icon = "list-ol"
    menu_order = 300


@hooks.register("register_admin_viewset")
def register_rubric_viewsets():
    return RubricViewSetGroup()


@hooks.register("register_admin_viewset")
def register_award_catalogue():
    return AwardCatalogueViewSetGroup()


@hooks.register("register_admin_viewset")
def register_review_rules():
    return ReviewRulesViewSet()
