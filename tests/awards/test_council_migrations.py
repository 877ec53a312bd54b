"""Councils seated from the workplace (issue 13 §3): a database made before migrates forward
with the automatic "same grassroots union" conflicts of rounds still to be scored freed (the
member gets the sheet the conflict kept away), declared conflicts kept, the conflicts of
rounds already deliberating or closed kept as their record, the rounds made before counting
votes as they did (on the members without a conflict), and the review rules seeded with the
values the settings had."""

from datetime import date
from decimal import Decimal

import pytest

from tests.migrations import head, migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("awards", "0007_flag_decision_on_pledge"), ("initiatives", "0004_initiative_employer")]


def _round(apps, unit, version, officer, status: str, mode: str = "everyone"):
    return apps.get_model("awards", "ReviewRound").objects.create(
        unit=unit,
        title=f"Đợt {status}",
        purpose="recognition",
        year=2026,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        intake_closes=date(2026, 3, 1),
        scoring_closes=date(2026, 4, 1),
        rubric_version=version,
        assignment_mode=mode,
        status=status,
        created_by=officer,
    )


def _made_before(apps) -> dict:
    user_model = apps.get_model("accounts", "User")
    people = [
        user_model.objects.create(email=f"nguoi{i}@example.vn", last_name="Trần", password="!")
        for i in range(4)
    ]
    officer = people[0]
    unit = apps.get_model("unions", "Unit").objects.create(
        path="0001",
        depth=1,
        code="CDCS-THU",
        name="Công đoàn cơ sở thử",
        kind="grassroots",
        valid_from=date(2024, 1, 1),
    )
    rubric = apps.get_model("awards", "Rubric").objects.create(name="Thang điểm thử")
    version = apps.get_model("awards", "RubricVersion").objects.create(
        rubric=rubric, number=1, pass_threshold=Decimal(50), created_by=officer
    )
    initiative = apps.get_model("initiatives", "Initiative").objects.create(
        unit=unit, title="Cải tiến khuôn ép", status="under_review", created_by=people[3]
    )
    member_model = apps.get_model("awards", "CouncilMember")
    conflict_model = apps.get_model("awards", "Conflict")
    entry_model = apps.get_model("awards", "RoundEntry")
    rows = {}
    for status in ("scoring", "open", "deliberation", "closed"):
        review_round = _round(apps, unit, version, officer, status)
        colleague, declarer, author = (
            member_model.objects.create(round=review_round, user=person, role=role)
            for person, role in zip(people[1:], ("chair", "secretary", "member"), strict=True)
        )
        entry = entry_model.objects.create(
            round=review_round, initiative=initiative, entered_by=officer
        )
        conflict_model.objects.create(entry=entry, member=colleague, kind="same_unit")
        conflict_model.objects.create(
            entry=entry,
            member=declarer,
            kind="declared",
            reason="Anh ruột của tác giả.",
            declared_by=declarer.user,
        )
        conflict_model.objects.create(entry=entry, member=author, kind="author")
        rows[status] = (review_round.pk, entry.pk, colleague.pk)
    return rows


def test_same_unit_conflicts_stop_blocking_rounds_still_to_be_scored():
    latest = head()
    executor = migrate(BEFORE)
    try:
        rows = _made_before(executor.loader.project_state(BEFORE).apps)

        executor = migrate(latest)
        apps = executor.loader.project_state(latest).apps
        conflicts = apps.get_model("awards", "Conflict").objects
        sheets = apps.get_model("awards", "ScoreSheet").objects
        rounds = apps.get_model("awards", "ReviewRound").objects

        def kinds(status):
            return sorted(conflicts.filter(entry_id=rows[status][1]).values_list("kind", flat=True))

        assert kinds("scoring") == kinds("open") == ["author", "declared"]
        assert kinds("deliberation") == kinds("closed") == ["author", "declared", "same_unit"]
        # The freed member of the round already scoring gets the sheet the conflict kept away.
        round_pk, entry_pk, colleague_pk = rows["scoring"]
        assert list(sheets.values_list("entry_id", "member_id")) == [(entry_pk, colleague_pk)]
        assert sheets.get().rubric_version_id == rounds.get(pk=round_pk).rubric_version_id
        # Rounds made before keep counting votes as they did.
        assert set(rounds.values_list("vote_basis", flat=True)) == {"unconflicted"}
        rules = apps.get_model("initiatives", "ReviewRules").objects.get()
        assert (
            rules.decision_months,
            rules.vote_share_numerator,
            rules.vote_share_denominator,
            rules.spread_margin_percent,
        ) == (3, 2, 3, 20)
        assert "Điều 7" in rules.decision_months_source
        assert "Điều 8" in rules.vote_share_source
    finally:
        migrate(latest)
