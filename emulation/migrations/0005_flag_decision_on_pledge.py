"""The link between a pledge and the draft award decision its flag proposal made moves to the
pledge (emulation sits above awards; awards no longer knows pledges). Every existing link is
copied before awards.0007 drops ``AwardDecision.source_pledge``."""

import django.db.models.deletion
from django.db import migrations, models


def copy_links(apps, schema_editor):
    award_decision = apps.get_model("awards", "AwardDecision")
    pledge = apps.get_model("emulation", "Pledge")
    for decision_id, pledge_id in award_decision.objects.filter(
        source_pledge__isnull=False
    ).values_list("pk", "source_pledge_id"):
        pledge.objects.filter(pk=pledge_id).update(flag_decision_id=decision_id)


def copy_links_back(apps, schema_editor):
    award_decision = apps.get_model("awards", "AwardDecision")
    pledge = apps.get_model("emulation", "Pledge")
    for pledge_id, decision_id in pledge.objects.filter(
        flag_decision__isnull=False
    ).values_list("pk", "flag_decision_id"):
        award_decision.objects.filter(pk=decision_id).update(source_pledge_id=pledge_id)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0006_organisation_moved_to_unions"),
        ("emulation", "0004_organisation_moved_to_unions"),
    ]

    operations = [
        migrations.AddField(
            model_name="pledge",
            name="flag_decision",
            field=models.OneToOneField(
                blank=True,
                help_text="The award decision of the managing unit that the flag proposal drafted.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="flag_pledge",
                to="awards.awarddecision",
                verbose_name="draft decision proposing the flag",
            ),
        ),
        migrations.RunPython(copy_links, copy_links_back, elidable=False),
    ]
