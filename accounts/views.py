import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from accounts import two_factor
from accounts.client_address import client_address
from accounts.errors import ApplicationError
from accounts.forms import ProfileForm, SignInForm, TwoFactorCodeForm
from accounts.selectors import notifications_for
from accounts.services import notifications_mark_read, user_profile_update
from accounts.throttling import password_reset_allowed, sign_in_identifier

logger = logging.getLogger("accounts.sign_in")


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """Editors who do no registry work land in the Wagtail admin; everyone else on
        "Việc của tôi" (``LOGIN_REDIRECT_URL``). A ``next`` address still wins."""
        user = self.request.user
        if user.has_perm("wagtailadmin.access_admin") and not user.has_perm(
            "initiatives.view_initiative"
        ):
            return reverse("wagtailadmin_home")
        return super().get_default_redirect_url()


def sign_in_locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The page shown instead of the sign-in form once an account or a client has failed too
    often (django-axes calls it: ``AXES_LOCKOUT_CALLABLE``)."""
    logger.warning(
        "Sign-in locked out: account %s, client %s",
        sign_in_identifier(request, credentials) or "-",
        client_address(request) or "-",
    )
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/sign_in_locked.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


class SignOutView(auth_views.LogoutView):
    template_name = "accounts/signed_out.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if not password_reset_allowed(self.request, form.cleaned_data["email"]):
            form.add_error(
                None,
                _(
                    "Too many password-reset requests. Wait an hour before asking again, "
                    "or ask your union officer for help."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_required
def profile_edit(request):
    user = request.user
    initial = {
        "last_name": user.last_name,
        "first_name": user.first_name,
        "email": user.email,
        "phone": user.phone,
        "date_of_birth": user.date_of_birth,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user_profile_update(user=user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Your details have been saved."))
            return redirect("profile")
    return render(request, "accounts/profile_edit.html", {"form": form})


@login_required
def notification_list(request):
    if request.method == "POST":
        notifications_mark_read(user=request.user)
        return redirect("accounts:notifications")
    page = Paginator(notifications_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "accounts/notifications.html", {"page": page})


# --- Two-factor sign-in ------------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return str(reverse_lazy("profile"))


def _codes_page(request: HttpRequest, codes: list[str]) -> HttpResponse:
    response = render(request, "accounts/two_factor_codes.html", {"codes": codes})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def two_factor_overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": two_factor.two_factor_enabled(user),
            "codes_left": two_factor.recovery_codes_left(user),
            "required": getattr(request, "two_factor_required", False),
        },
    )


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if two_factor.two_factor_enabled(user) and not user.is_verified():
        # Replacing the app needs the second step first.
        return redirect(f"{reverse_lazy('accounts:two_factor_verify')}?next={request.path}")
    device = two_factor.pending_app_device(user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = two_factor.two_factor_confirm(user=user, code=form.cleaned_data["code"])
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is on."))
            return _codes_page(request, codes)
    response = render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": two_factor.setup_qr_data_uri(device),
            "secret": two_factor.setup_secret(device),
            "next": _next_url(request),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not two_factor.two_factor_enabled(user):
        return redirect("accounts:two_factor_setup")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.two_factor_check(user=user, code=form.cleaned_data["code"])
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
def two_factor_codes_regenerate(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("accounts:two_factor")
    try:
        codes = two_factor.recovery_codes_regenerate(user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("accounts:two_factor")
    return _codes_page(request, codes)


@login_required
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            two_factor.two_factor_disable(
                user=request.user, required=getattr(request, "two_factor_required", False)
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:two_factor")
