"""Backup and restore: a round trip through `manage.py backup` and `manage.py restore` gives
back every table's rows and every file, on SQLite and on PostgreSQL (the suite runs on both)."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.backups import BACKED_UP_STORAGES, current_table_counts, file_digests
from initiatives.enums import InitiativeStatus
from initiatives.services import attachment_add
from tests.factories import MembershipFactory, UserFactory, advance, make_initiative

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def empty_storages():
    """The in-memory storages of the tests, emptied before and after."""

    def empty():
        for alias in BACKED_UP_STORAGES:
            storage = storages[alias]
            for name in list(file_digests()[alias]):
                storage.delete(name)

    empty()
    yield
    empty()


def seed(tree) -> None:
    author = UserFactory(first_name="Bình", last_name="Trần Thị")
    MembershipFactory(user=author, unit=tree.grassroots_a1x)
    for number in range(3):
        initiative = make_initiative(tree.grassroots_a1x, author, title=f"Sáng kiến số {number}")
        upload = SimpleUploadedFile(
            f"Sơ đồ {number}.pdf", PDF_BYTES + bytes([number]), content_type="application/pdf"
        )
        attachment_add(initiative=initiative, upload=upload, actor=author)
        advance(initiative, InitiativeStatus.SUBMITTED)
    storages["default"].save("images/anh-hoi-thi.jpg", ContentFile(b"\xff\xd8\xff" + b"x" * 5000))


def test_backup_round_trip_restores_every_row_and_file(tree, tmp_path, empty_storages):
    seed(tree)
    counts, files = current_table_counts(), file_digests()
    assert counts["initiatives_attachment"] == 3
    assert len(files["private"]) == 3 and len(files["default"]) == 1

    call_command("backup", tmp_path / "backup")

    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["tables"] == counts
    assert manifest["files"] == files
    # Wiped: no rows, no files, and something that was not there before.
    call_command("flush", interactive=False)
    for alias in BACKED_UP_STORAGES:
        for name in files[alias]:
            storages[alias].delete(name)
    storages["private"].save("stray.pdf", ContentFile(b"not in the backup"))
    UserFactory()
    assert current_table_counts() != counts

    call_command("restore", tmp_path / "backup", interactive=False)

    assert current_table_counts() == counts
    assert file_digests() == files


def test_restore_fails_when_the_backup_does_not_match(tree, tmp_path, empty_storages):
    seed(tree)
    call_command("backup", tmp_path / "backup")
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["database"]["tables"]["initiatives_attachment"] = 99
    manifest_path.write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="initiatives_attachment: 3 rows, the backup has 99"):
        call_command("restore", tmp_path / "backup", interactive=False)


def test_backup_refuses_a_folder_that_holds_one(tree, tmp_path, empty_storages):
    call_command("backup", tmp_path / "backup")

    with pytest.raises(CommandError, match="already holds a backup"):
        call_command("backup", tmp_path / "backup")
