from awards.models.benefits import BenefitEvidence, BenefitRecord
from awards.models.catalogue import AwardType, EligibilityRule
from awards.models.honours import (
    AwardDecision,
    Certificate,
    Recipient,
    Revocation,
    VerificationCheck,
    VerificationRate,
)
from awards.models.recognitions import ExternalRecognition
from awards.models.rounds import CouncilMember, Decision, ReviewRound, RoundEntry, RoundEvent
from awards.models.rubrics import Criterion, Rubric, RubricVersion
from awards.models.scoring import Conflict, Score, ScoreSheet

__all__ = [
    "AwardDecision",
    "AwardType",
    "BenefitEvidence",
    "BenefitRecord",
    "Certificate",
    "Conflict",
    "CouncilMember",
    "Criterion",
    "Decision",
    "EligibilityRule",
    "ExternalRecognition",
    "Recipient",
    "ReviewRound",
    "Revocation",
    "RoundEntry",
    "RoundEvent",
    "Rubric",
    "RubricVersion",
    "Score",
    "ScoreSheet",
    "VerificationCheck",
    "VerificationRate",
]
