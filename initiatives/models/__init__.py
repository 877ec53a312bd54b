from initiatives.models.dossier import (
    Attachment,
    Initiative,
    InitiativeAuthor,
    InitiativeTransition,
)
from initiatives.models.rules import ReviewRules

__all__ = ["Attachment", "Initiative", "InitiativeAuthor", "InitiativeTransition", "ReviewRules"]
