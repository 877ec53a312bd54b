from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.search import install_sqlite_functions
        from accounts.two_factor import remember_at_sign_in

        connection_created.connect(install_sqlite_functions, dispatch_uid="accounts.sqlite_fold")
        user_logged_in.connect(remember_at_sign_in, dispatch_uid="accounts.remember_at_sign_in")
