from accounts.models.notification import Notification
from accounts.models.user import Sex, User

__all__ = ["Notification", "Sex", "User"]
