from initiatives.models.dossier import (
    Attachment,
    Initiative,
    InitiativeAuthor,
    InitiativeTransition,
)

__all__ = ["Attachment", "Initiative", "InitiativeAuthor", "InitiativeTransition"]
