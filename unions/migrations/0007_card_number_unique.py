from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("unions", "0006_deduplicate_card_numbers")]

    operations = [
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.UniqueConstraint(condition=models.Q(('valid_to__isnull', True), models.Q(('card_number', ''), _negated=True)), fields=('card_number',), name='current_card_number_unique', violation_error_message='Another member already holds this card number.'),
        ),
    ]
