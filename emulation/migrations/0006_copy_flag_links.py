"""Every flag proposal's link moves from ``AwardDecision.source_pledge`` to
``Pledge.flag_decision``, and back when unapplied. A migration of its own, so that on PostgreSQL
the deferred foreign-key checks of the copied rows are settled before a later migration alters
either table."""

from django.db import migrations


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
    dependencies = [("emulation", "0005_flag_decision_on_pledge")]

    operations = [migrations.RunPython(copy_links, copy_links_back, elidable=False)]
