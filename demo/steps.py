"""The demo's steps, in the order ``seed_demo`` runs them, and the lines it prints after the
logins.

Each step is idempotent: it adds what is missing and returns whether it changed anything. A step
may count what the steps before it made (pledges count recognised initiatives; the public site
shows the movements, awards and titles), so the order matters.
"""

from collections.abc import Callable

from django.db import transaction

from demo.dossiers.intake import seed_initiatives
from demo.employers import seed_employers
from demo.federation import seed_federation
from demo.honours import demo_verification_note, seed_honours
from demo.movements import seed_movements
from demo.pledges import seed_pledges
from demo.reviews.recognitions import seed_recognitions
from demo.reviews.rounds import seed_reviews
from demo.site import seed_site
from demo.titles import seed_titles
from emulation.rollup import figures_rebuild, figures_refresh

STEPS: list[Callable[[], bool]] = [
    seed_federation,  # units before and after the 2025 restructuring, members, demo accounts
    seed_employers,  # the employer (cơ sở) of every grassroots union, with some history
    seed_initiatives,  # about two hundred dossiers in every state
    seed_reviews,  # review rounds from grassroots unions up to the national federation
    seed_recognitions,  # recognitions the employers decided outside the registry
    seed_honours,  # verified benefits, award decisions and their certificates
    seed_movements,  # movements and registrations
    seed_pledges,  # emulation blocks and pledges, counting the dossiers and awards above
    seed_titles,  # individual titles of 2025, for members recognised in the review rounds
    seed_site,  # the public site, showing all of the above
]

# Lines printed after the demo logins; each takes the site's address (None: SITE_URL) and
# returns its line, or None.
NOTES: list[Callable[[str | None], str | None]] = [demo_verification_note]


@transaction.atomic
def seed_demo() -> bool:
    """Run every step in order. Returns False (and changes nothing) when everything is already
    there."""
    changed = [step() for step in STEPS]
    # Some steps date records in the past with plain updates, past the services' change log:
    # the figures are recounted from the records (an unchanged demo only takes the log in).
    if any(changed):
        figures_rebuild()
    else:
        figures_refresh()
    return any(changed)


def demo_notes(site_url: str | None = None) -> list[str]:
    return [line for note in NOTES if (line := note(site_url))]
