from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from accounts.phone import looks_like_phone, normalise_phone


class EmailOrPhoneBackend(ModelBackend):
    """Authenticate with an e-mail address or a Vietnamese phone number and a password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        identifier = (username or kwargs.get(User.USERNAME_FIELD) or "").strip()
        if not identifier or password is None:
            return None
        user = self.find_user(identifier)
        if user is None:
            # Spend the same time as a real check so timing does not reveal who exists.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    @staticmethod
    def find_user(identifier: str):
        """The account whose e-mail address (any case) or phone number (any spelling) is
        ``identifier``, or None."""
        User = get_user_model()
        if looks_like_phone(identifier):
            try:
                return User.objects.filter(phone=normalise_phone(identifier)).first()
            except ValidationError:
                return None
        return User.objects.filter(email__iexact=identifier).first()
