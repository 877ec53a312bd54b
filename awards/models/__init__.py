from awards.models.rounds import CouncilMember, Decision, ReviewRound, RoundEntry, RoundEvent
from awards.models.rubrics import Criterion, Rubric, RubricVersion
from awards.models.scoring import Conflict, Score, ScoreSheet

__all__ = [
    "Conflict",
    "CouncilMember",
    "Criterion",
    "Decision",
    "ReviewRound",
    "RoundEntry",
    "RoundEvent",
    "Rubric",
    "RubricVersion",
    "Score",
    "ScoreSheet",
]
