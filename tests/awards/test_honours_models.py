"""The words awards are counted with (``awards.models.honours``): ``issued`` leaves out drafts,
``standing`` also leaves out revoked awards (a certificate revoked alone or with its whole
decision), ``without_round_certificates`` leaves out initiative certificates; and the figures
of the awards app read them."""

import datetime

import pytest
from django.utils import timezone

from awards.models import AwardDecision, Certificate, Recipient
from awards.selectors.honours import honour_board
from awards.statistics import award_figures
from emulation.indicators import compute_indicator
from initiatives.statistics import FigureScope
from tests.factories.awards import award_cases

TODAY = timezone.localdate()


@pytest.fixture
def cases(tree):
    return award_cases(tree)


def names(queryset, cases) -> set[str]:
    """The cases in ``queryset`` (of recipients, certificates or decisions)."""
    model = queryset.model
    found = set()
    for name, recipient in cases.items():
        if model is Recipient:
            match = queryset.filter(pk=recipient.pk)
        elif model is Certificate:
            match = queryset.filter(recipient=recipient)
        else:
            match = queryset.filter(recipients=recipient)
        if match.exists():
            found.add(name)
    return found


EVERY = {
    "kept",
    "revoked_alone",
    "revoked_whole",
    "round_certificate",
    "manual_certificate",
    "draft",
}
REVOKED = {"revoked_alone", "revoked_whole"}
CERTIFICATES = {"round_certificate", "manual_certificate"}


def test_issued_recipients_leave_out_drafts_only(cases):
    assert names(Recipient.objects.issued(), cases) == EVERY - {"draft"}


def test_revoked_and_standing_split_the_issued_recipients(cases):
    assert names(Recipient.objects.revoked(), cases) == REVOKED
    assert names(Recipient.objects.standing(), cases) == EVERY - REVOKED - {"draft"}


def test_without_round_certificates_leaves_out_every_initiative_certificate(cases):
    assert names(Recipient.objects.without_round_certificates(), cases) == EVERY - CERTIFICATES
    assert names(Recipient.objects.standing().without_round_certificates(), cases) == {"kept"}


def test_decisions_read_the_same_words(cases):
    assert names(AwardDecision.objects.issued(), cases) == EVERY - {"draft"}
    assert names(AwardDecision.objects.without_round_certificates(), cases) == (
        EVERY - CERTIFICATES
    )
    for name, recipient in cases.items():
        assert recipient.decision.is_round_certificate == (name in CERTIFICATES), name


def test_certificates_read_the_same_words(cases):
    assert Certificate.objects.filter(recipient=cases["draft"]).count() == 0
    assert names(Certificate.objects.issued(), cases) == EVERY - {"draft"}
    assert names(Certificate.objects.revoked(), cases) == REVOKED
    assert names(Certificate.objects.standing(), cases) == EVERY - REVOKED - {"draft"}


def test_the_awards_figures_count_with_the_words(cases, tree):
    issued = Recipient.objects.issued()
    honours = Recipient.objects.standing().without_round_certificates()

    figures = award_figures(FigureScope())
    assert (
        sum(
            cell["recipients"]
            for years in figures["awards_by_type_and_year"].values()
            for cell in years.values()
        )
        == issued.count()
    )
    assert figures["certificates_issued"] == Certificate.objects.issued().count()
    assert figures["certificates_revoked"] == Certificate.objects.revoked().count()

    assert set(honour_board()) == set(honours)
    assert set(honour_board(include_initiative_certificates=True)) == set(
        Recipient.objects.standing()
    )

    awards_received = compute_indicator(
        "awards_received",
        unit=tree.national,
        start=datetime.date(TODAY.year, 1, 1),
        end=datetime.date(TODAY.year, 12, 31),
    ).value
    assert awards_received == honours.count() == 1
