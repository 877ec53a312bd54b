"""Colleagues of the authors are no longer conflicted automatically (Circular 18/2013/TT-BKHCN
Art. 8.1 seats a base council from the workplace; issue 13 §3). The automatic "same grassroots
union" conflicts of rounds still to be scored stop blocking: they are deleted, and in a round
already scoring where every member scores every dossier, the member gets the score sheet the
conflict kept away. Declared conflicts stay. Rounds in deliberation or closed keep their rows:
they record who was kept away when the council scored and voted.
"""

from django.db import migrations

STILL_TO_SCORE = ("draft", "open", "scoring")


def free_same_unit_members(apps, schema_editor):
    Conflict = apps.get_model("awards", "Conflict")
    ScoreSheet = apps.get_model("awards", "ScoreSheet")
    automatic = Conflict.objects.filter(
        kind="same_unit",
        declared_by__isnull=True,
        reason="",
        entry__round__status__in=STILL_TO_SCORE,
    ).select_related("entry__round")
    sheets = []
    for conflict in automatic:
        review_round = conflict.entry.round
        if (
            review_round.status == "scoring"
            and review_round.assignment_mode == "everyone"
            and conflict.entry.outcome != "withdrawn"
        ):
            sheets.append(
                ScoreSheet(
                    entry_id=conflict.entry_id,
                    member_id=conflict.member_id,
                    rubric_version_id=review_round.rubric_version_id,
                )
            )
    Conflict.objects.filter(pk__in=[c.pk for c in automatic]).delete()
    ScoreSheet.objects.bulk_create(sheets, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("awards", "0010_round_vote_basis_conflict_kinds")]

    operations = [migrations.RunPython(free_same_unit_members, migrations.RunPython.noop)]
