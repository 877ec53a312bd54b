"""Fill the search text of the dossiers that existed before it (issue 14): the same folded text
``initiatives.search.build_document`` writes, frozen here so that later changes to the builder do
not change what this migration did. Data only; the schema changed in 0009."""

import unicodedata
import re

from django.db import migrations

FIELDS = [
    "title",
    "receipt_number",
    "unit_name_snapshot",
    "employer_name_snapshot",
    "previous_state",
    "solution_purpose",
    "solution_steps",
    "solution_novelty",
]
CHUNK = 2000
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
    Initiative = apps.get_model("initiatives", "Initiative")
    InitiativeAuthor = apps.get_model("initiatives", "InitiativeAuthor")
    last = 0
    while True:
        rows = list(
            Initiative.objects.filter(pk__gt=last).order_by("pk").values("pk", *FIELDS)[:CHUNK]
        )
        if not rows:
            return
        last = rows[-1]["pk"]
        names: dict[int, list[str]] = {}
        for initiative_id, name in (
            InitiativeAuthor.objects.filter(initiative_id__in=[r["pk"] for r in rows])
            .order_by("initiative_id", "order", "pk")
            .values_list("initiative_id", "full_name")
        ):
            names.setdefault(initiative_id, []).append(name)
        Initiative.objects.bulk_update(
            [
                Initiative(
                    pk=row["pk"],
                    search_document=document(
                        [row[name] for name in FIELDS] + names.get(row["pk"], [])
                    ),
                )
                for row in rows
            ],
            ["search_document"],
        )


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0009_search_document_and_similar")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
