"""The verification rate limit under parallel requests: each one is counted atomically.

PostgreSQL only (SQLite writers take turns on the whole file, so the race cannot be staged).
"""

import pytest
from django.db import connection

from awards.models import VerificationCheck, VerificationRate
from awards.services.verification import TooManyChecks, verification_record
from tests.awards.test_concurrency import at_once

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=f"needs PostgreSQL's concurrent writers; the database here is {connection.vendor}",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_sixty_parallel_checks_against_a_limit_of_twenty_get_exactly_twenty_answers(settings):
    settings.VERIFICATION_RATE_PER_MINUTE = 20

    def check():
        return verification_record(code="ZZZZ-ZZZZ-ZZZZ", client_address="198.51.100.7")

    results = at_once(*[check] * 60)

    answered = [value for kind, value in results if kind == "ok"]
    refused = [value for kind, value in results if kind == "error"]
    assert len(answered) == 20, results
    assert len(refused) == 40 and all(isinstance(error, TooManyChecks) for error in refused)
    assert VerificationCheck.objects.count() == 20
    assert VerificationRate.objects.get().requests == 60
