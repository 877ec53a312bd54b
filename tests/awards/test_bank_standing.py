"""What the public bank sorts and filters on (issue 14 §4) is written on the dossier by the
services: when the workflow recognises it, when a round that recognised it closes (in the
round's transaction) and when the employer's own decision is confirmed; dossiers that are not
recognised carry nothing."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awards.enums import Outcome
from awards.services.recognitions import (
    external_recognition_confirm,
    external_recognition_record,
)
from awards.services.standing import bank_standing_refresh
from initiatives.enums import InitiativeStatus as S
from initiatives.models import Initiative
from tests.awards.test_recognitions import decision_data, scan
from tests.factories import UserFactory, make_initiative
from tests.factories.awards import accepted_dossier, make_round_in, member_of
from tests.factories.employers import make_employer
from tests.factories.initiatives import unit_officer
from unions.levels import Level


def standing(initiative) -> tuple:
    row = Initiative.objects.get(pk=initiative.pk)
    return row.recognised_year, row.highest_level, row.province_id


def test_recognised_through_the_workflow_gets_this_year_grassroots_and_its_province(tree):
    initiative = make_initiative(tree.grassroots_a1x, UserFactory(), S.RECOGNISED)
    submitted = make_initiative(tree.grassroots_b1x, UserFactory(), S.SUBMITTED)

    assert standing(initiative) == (
        timezone.localdate().year,
        Level.GRASSROOTS,
        tree.province_a.pk,
    )
    assert standing(submitted) == (None, None, None)


def test_round_close_writes_the_decisions_year_and_level(tree):
    setup = make_round_in("closed", tree.grassroots_b1x, dossiers=2)

    for initiative in setup.initiatives:
        assert standing(initiative) == (
            setup.decision.year,
            Level.GRASSROOTS,
            tree.province_b.pk,
        )


def test_round_close_leaves_dossiers_not_recognised_out(tree):
    setup = make_round_in("closed", tree.grassroots_a1x, outcome=Outcome.NOT_RECOGNISED)

    assert setup.initiatives[0].status == S.NOT_RECOGNISED
    assert standing(setup.initiatives[0]) == (None, None, None)


def test_confirmed_employers_decision_dates_the_recognition(tree):
    employer = make_employer(tree.grassroots_a1x, name="Công ty May Sông Hiếu")
    dossier = accepted_dossier(tree.grassroots_a1x, author=member_of(tree.grassroots_a1x))
    decided = datetime.date(timezone.localdate().year - 1, 12, 20)
    record = external_recognition_record(
        initiative=dossier,
        actor=unit_officer(tree.grassroots_a1x),
        data=decision_data(employer, decided_on=decided),
        upload=scan(),
    )

    external_recognition_confirm(record=record, actor=unit_officer(tree.district_a1))

    assert standing(dossier) == (decided.year, Level.GRASSROOTS, tree.province_a.pk)


def test_refresh_costs_the_same_queries_for_one_and_many_dossiers(tree):
    few = [make_initiative(tree.grassroots_a1x, UserFactory(), S.RECOGNISED)]
    many = few + [
        make_initiative(tree.grassroots_b1x, UserFactory(), S.RECOGNISED) for _ in range(3)
    ]
    Initiative.objects.update(recognised_year=None, highest_level=None, province=None)

    with CaptureQueriesContext(connection) as one:
        bank_standing_refresh(initiative_ids=[i.pk for i in few])
    Initiative.objects.update(recognised_year=None, highest_level=None, province=None)
    with CaptureQueriesContext(connection) as several:
        assert bank_standing_refresh(initiative_ids=[i.pk for i in many]) == 4

    assert len(one) == len(several)
