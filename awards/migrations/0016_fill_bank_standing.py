"""Fill what the public bank sorts and filters on (issue 14 §4) for the dossiers recognised
before the services wrote it: the year of recognition, the highest level reached and the
province, by the same rules the bank computed on every request until now:

- year: of the first decision (by date) of a closed round that recognised the dossier; else of
  the employer's own decision, recorded and confirmed; else of the latest step to "recognised";
- level: the highest (smallest number: 1 national … 4 grassroots) of the units whose closed
  rounds recognised it, grassroots at least;
- province: the level-2 unit (provincial federation, central sector union) above its unit.

Only these three columns of recognised dossiers change; every row is kept. A few statements,
whatever the number of dossiers: two UPDATEs with correlated subqueries and one per province.
The level of each unit kind is frozen here as ``unions.enums.UNIT_LEVELS`` had it.
"""

from django.db import migrations
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractYear

RECOGNISED = "recognised"
PROVINCE_DEPTH = 2
KIND_LEVELS = {
    1: ["national_federation"],
    2: ["provincial_federation", "central_sector_union", "corporation_union"],
    3: [
        "district_federation",
        "local_sector_union",
        "industrial_zone_union",
        "commune_union",
        "special_zone_union",
        "provincial_corporation_union",
        "upper_direct_union",
    ],
}
GRASSROOTS = 4


def fill(apps, schema_editor):
    Initiative = apps.get_model("initiatives", "Initiative")
    InitiativeTransition = apps.get_model("initiatives", "InitiativeTransition")
    RoundEntry = apps.get_model("awards", "RoundEntry")
    ExternalRecognition = apps.get_model("awards", "ExternalRecognition")
    Unit = apps.get_model("unions", "Unit")

    entries = RoundEntry.objects.filter(
        initiative=OuterRef("pk"), outcome="recognised", round__status="closed"
    )
    decision_year = Subquery(
        entries.filter(round__decision__isnull=False)
        .order_by("round__decision__decided_on", "pk")
        .values("round__decision__year")[:1],
        output_field=IntegerField(),
    )
    recorded_year = Subquery(
        ExternalRecognition.objects.filter(initiative=OuterRef("pk"), status="confirmed")
        .annotate(year=ExtractYear("decided_on"))
        .values("year")[:1],
        output_field=IntegerField(),
    )
    step_year = Subquery(
        InitiativeTransition.objects.filter(initiative=OuterRef("pk"), to_status=RECOGNISED)
        .order_by("-at", "-pk")
        .annotate(year=ExtractYear("at"))
        .values("year")[:1],
        output_field=IntegerField(),
    )
    level = Case(
        *[
            When(round__unit__kind__in=kinds, then=Value(number))
            for number, kinds in KIND_LEVELS.items()
        ],
        default=Value(GRASSROOTS),
        output_field=IntegerField(),
    )
    top_level = Subquery(
        entries.annotate(level=level).order_by("level").values("level")[:1],
        output_field=IntegerField(),
    )
    recognised = Initiative.objects.filter(status=RECOGNISED)
    recognised.update(
        recognised_year=Coalesce(decision_year, recorded_year, step_year),
        highest_level=Coalesce(top_level, Value(GRASSROOTS)),
    )
    for province in Unit.objects.filter(depth=PROVINCE_DEPTH).only("pk", "path"):
        recognised.filter(unit__path__startswith=province.path).update(province_id=province.pk)


def empty(apps, schema_editor):
    apps.get_model("initiatives", "Initiative").objects.update(
        recognised_year=None, highest_level=None, province=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0015_verification_rate"),
        ("initiatives", "0013_bank_standing"),
    ]

    operations = [migrations.RunPython(fill, empty)]
