""" "Việc của tôi" (my work): every list of things waiting for one person, composed from the
selectors of the apps that own the data (``*/worklist.py``). Lists that hold nothing are left
out; the others come in the order of their earliest deadline, each oldest deadline first.

Each list costs a fixed number of queries (one, plus the user's scope read once per request),
so the page's cost does not grow with the number of rows.
"""

from collections.abc import Callable

from accounts.models import User
from accounts.worklist import WorkList
from awards import worklist as award_work
from emulation.selectors import worklist as emulation_work
from initiatives import worklist as initiative_work

WORK_LISTS: tuple[Callable[[User], WorkList], ...] = (
    initiative_work.my_dossier_steps,
    initiative_work.dossiers_to_receive,
    initiative_work.decisions_due,
    award_work.rounds_to_run,
    award_work.sheets_to_score,
    award_work.votes_to_record,
    award_work.benefits_to_verify,
    award_work.certificates_ready,
    emulation_work.registrations_to_approve,
    emulation_work.pledge_reports_due,
    emulation_work.pledge_reports_to_score,
)


def work_lists(user: User) -> list[WorkList]:
    """The non-empty work lists of ``user``, the one with the earliest deadline first."""
    lists = [build(user) for build in WORK_LISTS]
    present = [work for work in lists if work]
    present.sort(key=lambda work: work.first_key)
    return present
