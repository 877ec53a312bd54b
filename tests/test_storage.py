"""Files on the disk by default, in an S3-compatible store when a bucket is configured; private
files leave only through the permission-checked views, never as a store address."""

import json
import os
import subprocess
import sys
from urllib.parse import parse_qs, urlparse

from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.env import BASE_DIR
from config.storage import PublicMediaStorage, file_storages
from initiatives.enums import InitiativeStatus
from initiatives.models import Attachment
from initiatives.services import attachment_add
from tests.factories import MembershipFactory, UserFactory, advance, make_initiative, unit_officer

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# Run in a fresh interpreter: the settings are built once, from the environment, at start.
PROBE = """
import json, django
from django.conf import settings
django.setup()
from django.core.files.storage import storages
private, default = storages["private"], storages["default"]
print(json.dumps({
    "storages": {alias: settings.STORAGES[alias] for alias in ("default", "private")},
    "private_class": type(private).__name__,
    "default_class": type(default).__name__,
    "private_url": private.url("dossiers/1/so-do.pdf") if settings.STORAGES["private"]["BACKEND"]
        .endswith("S3Storage") else None,
    "default_url": default.url("images/anh.jpg"),
}))
"""


def production_settings(**variables) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "DJANGO_SETTINGS_MODULE"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="storage-test-" + "x" * 50,
        ALLOWED_HOSTS="thidua.example.vn",
        MEDIA_ROOT="/srv/registry/var/media",
        PRIVATE_MEDIA_ROOT="/srv/registry/var/private",
        **variables,
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_files_are_on_the_disk_without_a_bucket():
    probe = production_settings()

    assert probe["default_class"] == "FileSystemStorage"
    assert probe["private_class"] == "FileSystemStorage"
    assert probe["storages"]["private"]["OPTIONS"] == {
        "location": "/srv/registry/var/private",
        "base_url": None,
    }
    assert probe["default_url"] == "/media/images/anh.jpg"


def test_production_files_go_to_the_object_store_with_a_bucket():
    probe = production_settings(
        AWS_STORAGE_BUCKET_NAME="thidua-media",
        AWS_PRIVATE_STORAGE_BUCKET_NAME="thidua-private",
        AWS_ACCESS_KEY_ID="AKIAEXAMPLE",
        AWS_SECRET_ACCESS_KEY="secret-example",
        AWS_S3_ENDPOINT_URL="https://s3.example.vn",
        AWS_S3_REGION_NAME="hn-1",
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_S3_CUSTOM_DOMAIN="media.thidua.example.vn",
    )

    assert probe["default_class"] == "PublicMediaStorage"
    assert probe["private_class"] == "S3Storage"
    private = probe["storages"]["private"]["OPTIONS"]
    assert private["bucket_name"] == "thidua-private"
    assert private["location"] == "private"
    assert private["default_acl"] == "private"
    assert private["custom_domain"] is None
    assert private["endpoint_url"] == "https://s3.example.vn"
    # Public media: a plain address on the public host name.
    assert probe["default_url"] == "https://media.thidua.example.vn/media/images/anh.jpg"
    # A private object has no public address: only a signed one, valid one minute.
    url = urlparse(probe["private_url"])
    assert url.netloc == "s3.example.vn"
    assert url.path == "/thidua-private/private/dossiers/1/so-do.pdf"
    query = parse_qs(url.query)
    assert query["X-Amz-Expires"] == ["60"]
    assert "X-Amz-Signature" in query


def test_private_files_share_the_public_bucket_under_their_own_prefix_by_default():
    storages = file_storages(private_media_root="/var/private", bucket="thidua")

    assert storages["default"]["OPTIONS"]["bucket_name"] == "thidua"
    assert storages["default"]["OPTIONS"]["location"] == "media"
    assert storages["private"]["OPTIONS"]["bucket_name"] == "thidua"
    assert storages["private"]["OPTIONS"]["location"] == "private"
    assert storages["private"]["OPTIONS"]["querystring_auth"] is True


def media_store(**options) -> PublicMediaStorage:
    """The media storage as production makes it with a bucket (no request leaves: a signed
    address is computed, not fetched)."""
    settings = file_storages(
        private_media_root="/var/private",
        bucket="thidua-media",
        access_key="AKIAEXAMPLE",
        secret_key="secret-example",
        endpoint_url="https://s3.example.vn",
        region_name="hn-1",
        addressing_style="path",
        custom_domain="media.thidua.example.vn",
    )["default"]
    assert settings["BACKEND"] == "config.storage.PublicMediaStorage"
    return PublicMediaStorage(**{**settings["OPTIONS"], **options})


def test_wagtail_documents_are_kept_outside_the_public_media_prefix():
    store = media_store()

    # Images of the public site: under media/, public, on the public host name.
    assert store._normalize_name("images/anh.jpg") == "media/images/anh.jpg"
    assert "ACL" not in store._get_write_parameters("media/images/anh.jpg")
    assert store.url("images/anh.jpg") == "https://media.thidua.example.vn/media/images/anh.jpg"
    # A Wagtail document (its collection may be private): under private/, private ACL, and
    # only a signed address that expires in a minute, never on the public host name.
    key = store._normalize_name("documents/bien-ban.pdf")
    assert key == "private/documents/bien-ban.pdf"
    assert store._normalize_name("images/../documents/bien-ban.pdf") == key
    assert store._get_write_parameters(key)["ACL"] == "private"
    url = urlparse(store.url("documents/bien-ban.pdf"))
    assert url.netloc == "s3.example.vn"
    assert url.path == "/thidua-media/private/documents/bien-ban.pdf"
    query = parse_qs(url.query)
    assert query["X-Amz-Expires"] == ["60"]
    assert "X-Amz-Signature" in query


class AddresslessStorage(InMemoryStorage):
    """A store whose files have no address to hand out: any ``url()`` is a leak."""

    def url(self, name):
        raise AssertionError(f"a private file's address was asked for: {name}")


def test_private_file_view_streams_after_the_permission_check(client, tree, monkeypatch):
    field = Attachment._meta.get_field("file")
    monkeypatch.setattr(field, "storage", AddresslessStorage())
    author = UserFactory()
    MembershipFactory(user=author, unit=tree.grassroots_a1x)
    initiative = make_initiative(tree.grassroots_a1x, author)
    upload = SimpleUploadedFile("Sơ đồ.pdf", PDF_BYTES, content_type="application/pdf")
    attachment = attachment_add(initiative=initiative, upload=upload, actor=author)
    advance(initiative, InitiativeStatus.SUBMITTED)
    address = reverse("initiatives:attachment_download", args=[initiative.pk, attachment.pk])

    client.force_login(unit_officer(tree.grassroots_a1x))
    response = client.get(address)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "Location" not in response
    assert response["Cache-Control"] == "private, no-store"
    # Another branch's officer learns nothing, not even that the file exists.
    client.force_login(unit_officer(tree.grassroots_b1x))
    assert client.get(address).status_code == 404
    client.logout()
    response = client.get(address)
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]
