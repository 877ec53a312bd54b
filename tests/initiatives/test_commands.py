"""The two commands run from cron or by hand: check_deadlines and registry_stats."""

import datetime
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Notification
from emulation.live_figures import live_registry_figures
from emulation.rollup import figures_rebuild
from emulation.statistics import FIGURE_SECTIONS, registry_figures
from initiatives.enums import InitiativeField, InitiativeStatus
from initiatives.models import Initiative
from tests.factories import UserFactory, make_initiative, unit_officer

S = InitiativeStatus


def due_in(initiative: Initiative, days: int) -> Initiative:
    Initiative.objects.filter(pk=initiative.pk).update(
        decision_due=timezone.localdate() + datetime.timedelta(days=days)
    )
    initiative.refresh_from_db()
    return initiative


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# --- check_deadlines ---------------------------------------------------------------------


@pytest.fixture
def officers(tree):
    """An officer on grassroots_a1x itself, one on district_a1 (nearest for grassroots_a1y,
    which has none of its own) and one on the national federation."""
    return {
        "a1x": unit_officer(tree.grassroots_a1x),
        "district": unit_officer(tree.district_a1),
        "national": unit_officer(tree.national),
    }


@pytest.fixture
def deadlines(tree, officers):
    author = UserFactory()

    def dossier(unit, status, days, title):
        officer = officers["a1x"] if unit == tree.grassroots_a1x else officers["district"]
        initiative = make_initiative(unit, author, status, officer=officer, title=title)
        return due_in(initiative, days)

    return {
        "near": dossier(tree.grassroots_a1x, S.ACCEPTED, 3, "Sắp đến hạn"),
        "late": dossier(tree.grassroots_a1x, S.UNDER_REVIEW, -2, "Đã quá hạn"),
        "far": dossier(tree.grassroots_a1x, S.ACCEPTED, 60, "Còn lâu mới đến hạn"),
        "decided": dossier(tree.grassroots_a1x, S.RECOGNISED, -30, "Đã công nhận"),
        "other_unit": dossier(tree.grassroots_a1y, S.ACCEPTED, 1, "Ở đơn vị không có cán bộ"),
    }


def test_check_deadlines_lists_near_and_overdue_dossiers_by_unit(
    deadlines, tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = run("check_deadlines", "--days", "14")
    assert "CSX – Công đoàn cơ sở Công ty May Sông Hiếu: 2 due, 1 overdue" in output
    assert "CSY – Công đoàn cơ sở Bệnh viện Đông Hà: 1 due, 0 overdue" in output
    for key in ("near", "late", "other_unit"):
        assert deadlines[key].receipt_number in output
        assert deadlines[key].title in output
    late_line = next(line for line in output.splitlines() if "Đã quá hạn" in line)
    assert "OVERDUE" in late_line
    assert "Còn lâu mới đến hạn" not in output
    assert "Đã công nhận" not in output
    assert "3 dossiers in 2 units (1 overdue)" in output


def test_check_deadlines_reminds_the_nearest_officers_once_with_an_email_each(
    deadlines, officers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run("check_deadlines", "--days", "14")
    a1x, district = officers["a1x"], officers["district"]
    notes = {n.user_id: n for n in Notification.objects.all()}
    assert set(notes) == {a1x.pk, district.pk}  # the national officer is not the nearest
    message = notes[a1x.pk].message
    assert "2 hồ sơ" in message and "1 hồ sơ đã quá hạn" in message
    assert "1 hồ sơ " in notes[district.pk].message
    assert "quá hạn" not in notes[district.pk].message
    assert "overdue=true" in notes[a1x.pk].url
    assert sorted(message.to[0] for message in mail.outbox) == sorted([a1x.email, district.email])
    to_a1x = next(message for message in mail.outbox if message.to == [a1x.email])
    assert "Sắp đến hạn" in to_a1x.body and "Đã quá hạn" in to_a1x.body
    assert "ĐÃ QUÁ HẠN" in to_a1x.body
    assert f"/sang-kien/{deadlines['near'].pk}/" in to_a1x.body
    assert "Ở đơn vị không có cán bộ" not in to_a1x.body

    with django_capture_on_commit_callbacks(execute=True):
        again = run("check_deadlines", "--days", "14")
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2
    assert "Reminded 0 officers; 2 already reminded today." in again


def test_check_deadlines_defaults_to_the_configured_warning_days(
    deadlines, settings, django_capture_on_commit_callbacks
):
    settings.INITIATIVE_DEADLINE_WARNING_DAYS = 2
    with django_capture_on_commit_callbacks(execute=True):
        output = run("check_deadlines")
    assert deadlines["late"].title in output
    assert deadlines["other_unit"].title in output
    assert deadlines["near"].title not in output  # due in 3 days, beyond 2


def test_check_deadlines_with_nothing_due_says_so(tree):
    assert "No dossier is due" in run("check_deadlines", "--days", "7")
    assert not Notification.objects.exists()
    assert not mail.outbox


def test_check_deadlines_refuses_negative_days(db):
    with pytest.raises(CommandError):
        run("check_deadlines", "--days", "-1")


# --- registry_stats ----------------------------------------------------------------------


@pytest.fixture
def registry(tree):
    author = UserFactory()
    health, digital = InitiativeField.HEALTH, InitiativeField.DIGITAL
    rows = {
        "draft": make_initiative(tree.grassroots_a1x, author, benefit_claimed=999, field=health),
        "accepted": make_initiative(
            tree.grassroots_a1x, author, S.ACCEPTED, benefit_claimed=1_000_000
        ),
        "submitted": make_initiative(
            tree.grassroots_a1y, author, S.SUBMITTED, benefit_claimed=250_000, field=digital
        ),
        "recognised": make_initiative(tree.grassroots_b1x, author, S.RECOGNISED, benefit_claimed=7),
    }
    # One dossier came in the year before.
    last_year = timezone.make_aware(datetime.datetime(timezone.localdate().year - 1, 6, 15, 9))
    Initiative.objects.filter(pk=rows["submitted"].pk).update(submitted_at=last_year)
    figures_rebuild()
    return rows


def stats(*args) -> dict:
    return json.loads(run("registry_stats", "--format", "json", *args))


def test_registry_stats_for_a_subtree(registry):
    figures = stats("--unit", "QTR")
    this_year, last_year = timezone.localdate().year, timezone.localdate().year - 1
    assert figures["unit"] == "QTR" and figures["year"] is None
    initiatives = figures["initiatives"]
    assert initiatives["total"] == 3
    assert initiatives["by_status"]["draft"] == 1
    assert initiatives["by_status"]["accepted"] == 1
    assert initiatives["by_status"]["submitted"] == 1
    assert initiatives["by_status"]["recognised"] == 0  # that one is in province B
    assert set(initiatives["by_status"]) == set(S.values)
    assert initiatives["by_year"] == {str(last_year): 1, str(this_year): 1}
    assert initiatives["by_field"]["mechanical"] == 1
    assert initiatives["by_field"]["health"] == 1
    assert initiatives["by_field"]["digital"] == 1
    assert set(initiatives["by_work_type"]) == {"initiative", "experience", "research"}
    assert initiatives["benefit_claimed_vnd"] == 1_250_000  # drafts do not count


def test_registry_stats_for_the_whole_registry(registry):
    figures = stats()
    assert figures["unit"] is None
    assert figures["initiatives"]["total"] == 4
    assert figures["initiatives"]["by_status"]["recognised"] == 1
    assert figures["initiatives"]["benefit_claimed_vnd"] == 1_250_007


def test_registry_stats_for_one_year_counts_what_was_submitted_then(registry):
    last_year = timezone.localdate().year - 1
    figures = stats("--year", str(last_year))
    assert figures["year"] == last_year
    assert figures["initiatives"]["total"] == 1
    assert figures["initiatives"]["by_status"]["submitted"] == 1
    assert figures["initiatives"]["by_year"] == {str(last_year): 1}
    assert figures["initiatives"]["benefit_claimed_vnd"] == 250_000
    assert stats("--unit", "PTO", "--year", str(last_year))["initiatives"]["total"] == 0


def test_registry_stats_unknown_unit_is_a_clear_error(tree):
    with pytest.raises(CommandError, match="No unit has the code 'NOPE'"):
        run("registry_stats", "--unit", "NOPE")


def test_registry_stats_as_a_table(registry):
    output = run("registry_stats", "--unit", "DHA")
    assert "DHA – Liên đoàn Lao động thành phố Đông Hà" in output
    assert "by_status.accepted" in output
    assert "1.250.000" in output


def test_registry_figures_take_one_query_per_group_whatever_the_number_of_rows(registry, tree):
    with CaptureQueriesContext(connection) as few:
        registry_figures(unit=tree.province_a)
    author = UserFactory()
    for _ in range(5):
        make_initiative(tree.grassroots_a1x, author, S.SUBMITTED)
    with CaptureQueriesContext(connection) as many:
        registry_figures(unit=tree.province_a)
    # The dossiers' figures take four queries; the review rounds add four, the awards three,
    # emulation five, the employers one, who recognised the dossiers one.
    assert len(many) == len(few) <= 18


def test_each_section_gets_the_scope_asked_for(tree, monkeypatch):
    monkeypatch.setitem(
        FIGURE_SECTIONS,
        "awards",
        lambda scope: {"unit_seen": scope.unit.code if scope.unit else None},
    )
    figures = live_registry_figures(unit=tree.province_b, year=2025)
    assert figures["awards"] == {"unit_seen": "PTO"}
    assert figures["initiatives"]["total"] == 0
