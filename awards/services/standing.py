"""What the public bank sorts and filters on (issue 14 §4): the year of recognition and the
highest level reached, computed from the rounds and decisions of awards and written on the
dossier through the initiatives service, in the caller's transaction (awards may call
initiatives, never the reverse)."""

from collections.abc import Iterable

from django.db import transaction

from awards.selectors.recognitions import bank_standings
from initiatives.standing import initiative_bank_standing_set


@transaction.atomic
def bank_standing_refresh(*, initiative_ids: Iterable[int]) -> int:
    """Recompute and write the bank's year and level of the recognised dossiers among
    ``initiative_ids`` (the others are left as they are). Four queries whatever their number;
    returns how many changed. Called when a round closes and when the employer's own decision
    is confirmed."""
    return initiative_bank_standing_set(standings=bank_standings(initiative_ids))
