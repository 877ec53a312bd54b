from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts.search import install_sqlite_functions

        connection_created.connect(install_sqlite_functions, dispatch_uid="accounts.sqlite_fold")
