"""A folded search document on each person (issue 14), filled for the people who existed
before it with the same text ``User.refresh_search_document`` writes (the folding is frozen here
so later changes to it do not change what this migration did), and, on PostgreSQL, a GIN
trigram index that serves ``search_document LIKE '% word%'``."""

import re
import unicodedata

from django.db import migrations, models

FIELDS = ["last_name", "first_name", "phone", "email"]
CHUNK = 5000
_PUNCTUATION = re.compile(r"[^a-z0-9\s]")


def _fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _PUNCTUATION.sub(" ", unicodedata.normalize("NFC", stripped).lower())


def document(texts) -> str:
    words = _fold(" ".join(t for t in texts if t)).split()
    return f" {' '.join(words)} " if words else ""


def fill(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    last = 0
    while True:
        rows = list(User.objects.filter(pk__gt=last).order_by("pk").values("pk", *FIELDS)[:CHUNK])
        if not rows:
            return
        last = rows[-1]["pk"]
        User.objects.bulk_update(
            [
                User(pk=row["pk"], search_document=document(row[name] for name in FIELDS))
                for row in rows
            ],
            ["search_document"],
            batch_size=1000,
        )


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS user_search_trgm ON accounts_user "
            "USING gin (search_document gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS user_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_member_person_data")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="search_document",
            field=models.TextField(blank=True, default="", db_default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
