"""The one error type that services raise for a rule the user broke."""

from django.utils.functional import Promise


class ApplicationError(Exception):
    """A business rule was broken; ``message`` is translated and safe to show to the user.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
