from initiatives.models.dossier import (
    Attachment,
    Initiative,
    InitiativeAuthor,
    InitiativeTransition,
    SimilarInitiative,
)
from initiatives.models.remuneration import Remuneration
from initiatives.models.rules import ReviewRules

__all__ = [
    "Attachment",
    "Initiative",
    "InitiativeAuthor",
    "InitiativeTransition",
    "Remuneration",
    "ReviewRules",
    "SimilarInitiative",
]
