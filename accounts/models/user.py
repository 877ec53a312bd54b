from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.search import document_text


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str | None, phone: str | None, password: str | None, **extra):
        email = self.normalize_email(email).lower() if email else None
        user = self.model(email=email, phone=phone or None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, phone=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, phone, password, **extra)

    def create_superuser(self, email=None, password=None, phone=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, phone, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: member, officer, council member, editor.

    Vietnamese names are kept as family and middle names (``last_name``, "họ và tên đệm") and
    given name (``first_name``, "tên"), the order lists are sorted by. Signs in with the e-mail
    address or the phone number; at least one of the two is required of an active account. A
    member registered without a sign-in account is an inactive user without a password.
    """

    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    phone = models.CharField(_("phone number"), max_length=15, unique=True, null=True, blank=True)
    last_name = models.CharField(_("family and middle names"), max_length=150)
    first_name = models.CharField(_("given name"), max_length=50)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True, db_default="")
    # The 12-digit personal identification number of the citizen's card (số định danh cá
    # nhân); shown only to officers who may see members in the person's unit.
    identity_number = models.CharField(
        _("personal identification number"), max_length=12, unique=True, null=True, blank=True
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Designates whether the user can log into the Django admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # The folded names, phone and e-mail (issue 14): the members' register searches this one
    # column through a trigram index instead of folding four columns of a million people. It is
    # a function of this row's own fields, so ``save`` keeps it; bulk writers call
    # ``refresh_search_document`` before ``bulk_create``.
    search_document = models.TextField(editable=False, blank=True, default="", db_default="")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["last_name", "first_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False) | Q(is_active=False),
                name="user_has_email_or_phone",
                violation_error_message=_("Enter an e-mail address or a phone number."),
            ),
        ]
        indexes = [
            # The members' register sorts by name (issue 14): a search on a common name walks
            # this index and stops at the page instead of sorting every match.
            models.Index(fields=["first_name", "last_name", "id"], name="user_name_idx"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email or self.phone or ""

    SEARCHED_FIELDS = ("last_name", "first_name", "phone", "email")

    def refresh_search_document(self) -> None:
        self.search_document = document_text(getattr(self, name) for name in self.SEARCHED_FIELDS)

    def save(self, *args, **kwargs) -> None:
        self.refresh_search_document()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCHED_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_document"}
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return f"{self.last_name} {self.first_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def full_name(self) -> str:
        return self.get_full_name()
