from accounts.models.notification import Notification
from accounts.models.user import User

__all__ = ["Notification", "User"]
