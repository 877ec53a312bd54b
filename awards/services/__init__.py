"""Writes of the awards app, by subject: ``rubrics`` (rubrics, their versions and criteria),
``rounds`` (review rounds, the dossiers in them, votes and the round's decision), ``council``
(the council, conflicts and score sheets), ``benefits``
(verified benefit of initiatives), ``honours`` (award decisions, certificates and revocations)
and ``verification`` (the public checks of certificates). The rubric, round and council
services are re-exported here.
"""

from awards.services.council import (
    ScoreData,
    conflict_declare,
    council_member_add,
    council_member_remove,
    entry_assign,
    sheet_reopen,
    sheet_save,
)
from awards.services.rounds import (
    ROUND_FIELDS,
    eligible_voters,
    entries_add,
    entry_add,
    entry_nominate,
    entry_record_vote,
    entry_reenter,
    entry_remove,
    refresh_conflicts,
    round_close,
    round_create,
    round_transition,
    round_update,
    rounds_follow_successor,
    vote_denominator,
)
from awards.services.rubrics import (
    CriterionData,
    rubric_create,
    rubric_delete,
    rubric_deletion_problem,
    rubric_save,
    rubric_version_copy,
    rubric_version_create,
    rubric_version_delete,
    rubric_version_update,
    version_deletion_problem,
)

__all__ = [
    "CriterionData",
    "ROUND_FIELDS",
    "ScoreData",
    "conflict_declare",
    "council_member_add",
    "council_member_remove",
    "eligible_voters",
    "vote_denominator",
    "entries_add",
    "entry_add",
    "entry_assign",
    "entry_nominate",
    "entry_record_vote",
    "entry_reenter",
    "entry_remove",
    "refresh_conflicts",
    "round_close",
    "round_create",
    "round_transition",
    "round_update",
    "rounds_follow_successor",
    "rubric_create",
    "rubric_delete",
    "rubric_deletion_problem",
    "rubric_save",
    "rubric_version_copy",
    "rubric_version_create",
    "rubric_version_delete",
    "rubric_version_update",
    "sheet_reopen",
    "sheet_save",
    "version_deletion_problem",
]
