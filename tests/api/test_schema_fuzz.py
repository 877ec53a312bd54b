"""A schema-driven fuzz run (schemathesis) over every public and token endpoint of the API,
against the WSGI application in the test database: no answer is a server error, and every
answer has a documented status, content type and body shape. Bounded (a few examples per
operation, no shrinking) so the whole run takes well under two minutes."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.main import api
from config.wsgi import application
from initiatives.enums import InitiativeStatus
from tests.api.helpers import make_token
from tests.factories import MembershipFactory, UserFactory, make_initiative, unit_officer

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 6


@pytest.fixture
def fuzz_headers(tree, settings):
    """A registry with a dossier in every place the endpoints read, and the token of a
    person who is both a member (with dossiers) and an officer of a district."""
    settings.API_RATE_PER_MINUTE_CLIENT = 100_000
    settings.API_RATE_PER_MINUTE_TOKEN = 100_000
    settings.VERIFICATION_RATE_PER_MINUTE = 100_000
    person = unit_officer(tree.district_a1)
    MembershipFactory(user=person, unit=tree.grassroots_a1x)
    make_initiative(tree.grassroots_a1x, person, InitiativeStatus.DRAFT)
    make_initiative(tree.grassroots_a1x, person, InitiativeStatus.SUBMITTED)
    make_initiative(tree.grassroots_a1y, UserFactory(), InitiativeStatus.RECOGNISED)
    return {"Authorization": f"Bearer {make_token(person)}"}


@pytest.fixture
def wsgi_keeps_the_connection(db):
    """The WSGI handler closes the database connection after each request, which would end
    the test's transaction; Django's test client keeps it open the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# The document the API serves at /api/v1/openapi.json (read here without a request: building
# it needs no database), run against the WSGI application.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = application


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_match_the_schema_and_never_fail(case, fuzz_headers, wsgi_keeps_the_connection):
    case.call_and_validate(headers=fuzz_headers, checks=CHECKS)
