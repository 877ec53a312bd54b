"""Before card numbers become unique nationally: a number held by the current memberships of
several people stays with the one who has held it longest (earliest row); the others keep it
with a "#2", "#3"… suffix, so no number is lost and officers can find and correct them (search
for "#")."""

from django.db import migrations
from django.db.models import Count


def suffix_duplicates(apps, schema_editor):
    Membership = apps.get_model("unions", "Membership")
    duplicated = (
        Membership.objects.filter(valid_to__isnull=True)
        .exclude(card_number="")
        .values("card_number")
        .annotate(holders=Count("pk"))
        .filter(holders__gt=1)
        .values_list("card_number", flat=True)
    )
    for card_number in list(duplicated):
        rows = Membership.objects.filter(valid_to__isnull=True, card_number=card_number)
        for number, row in enumerate(rows.order_by("valid_from", "pk")[1:], start=2):
            suffix = f"#{number}"
            row.card_number = card_number[: 32 - len(suffix)] + suffix
            row.save(update_fields=["card_number"])


class Migration(migrations.Migration):
    dependencies = [("unions", "0005_membership_register")]

    operations = [migrations.RunPython(suffix_duplicates, migrations.RunPython.noop)]
