"""The link between a pledge and the draft award decision its flag proposal made moves to the
pledge (emulation sits above awards; awards no longer knows pledges): the new column. The next
migration copies every existing link before awards.0007 drops ``AwardDecision.source_pledge``."""

import django.db.models.deletion
from django.db import migrations, models


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
    ]
