"""Existing recognition rounds were the employer's council all along (Decree 13/2012/NĐ-CP
Art. 7): set the round's and its decision's employer from the employer its grassroots unit sat
at when the round began, where one is known. Their decisions keep the unit's numbering; rounds
of a unit without an employer keep none and read as the unit's."""

from django.db import migrations
from django.db.models import Q


def employer_of(EmployerUnion, unit_id, on):
    link = (
        EmployerUnion.objects.filter(unit_id=unit_id, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .order_by("-valid_from")
        .first()
    )
    if link is None:  # the link may start after the round: take the unit's current one
        link = (
            EmployerUnion.objects.filter(unit_id=unit_id, valid_to__isnull=True)
            .order_by("-valid_from")
            .first()
        )
    return link.employer_id if link else None


def forward(apps, schema_editor):
    ReviewRound = apps.get_model("awards", "ReviewRound")
    Decision = apps.get_model("awards", "Decision")
    EmployerUnion = apps.get_model("unions", "EmployerUnion")
    for review_round in ReviewRound.objects.filter(purpose="recognition", employer__isnull=True):
        employer_id = employer_of(EmployerUnion, review_round.unit_id, review_round.period_start)
        if employer_id is None:
            continue
        ReviewRound.objects.filter(pk=review_round.pk).update(employer_id=employer_id)
        Decision.objects.filter(round_id=review_round.pk).update(employer_id=employer_id)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0012_employer_recognitions"),
        ("unions", "0002_employers"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
