"""Where files live: the filesystem by default, an S3-compatible object store as an option.

Two storages matter: ``default`` holds the public media (images of the public site and their
renditions), ``private`` every file that only a permission-checked view may hand out (dossier
attachments, decision scans, certificates, benefit and pledge evidence, import files). With
``AWS_STORAGE_BUCKET_NAME`` set both go to the object store: public media under ``media/``,
private files under ``private/`` of ``AWS_PRIVATE_STORAGE_BUCKET_NAME`` (default: the same
bucket) with a private ACL, no custom domain and only short signed URLs, which the application
never shows anyway: ``accounts.access.private_file_response`` streams the file after the view's
permission check.

Wagtail documents are the exception inside ``default``: a document's collection may be private,
and Wagtail hands each one out through its own view after checking
(``WAGTAILDOCS_SERVE_METHOD = "serve_view"``). On the disk nginx refuses ``/media/documents/``;
in the store ``PublicMediaStorage`` keeps them under ``private/documents/`` of the media bucket,
outside the public ``media/`` prefix, with a private ACL and only short signed URLs.
"""

from typing import Any

from storages.backends.s3 import S3Storage
from storages.utils import clean_name, safe_join

S3_BACKEND = "storages.backends.s3.S3Storage"
PUBLIC_MEDIA_BACKEND = "config.storage.PublicMediaStorage"
FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
# Seconds a signed address of a private object stays valid, should one ever be made.
PRIVATE_URL_SECONDS = 60


def file_storages(
    *,
    private_media_root: str,
    bucket: str | None = None,
    private_bucket: str | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
    endpoint_url: str | None = None,
    region_name: str | None = None,
    addressing_style: str | None = None,
    custom_domain: str | None = None,
) -> dict[str, dict[str, Any]]:
    """The ``default`` and ``private`` entries of Django's ``STORAGES``."""
    if not bucket:
        return {
            # MEDIA_ROOT, read when the storage is made (so tests may override it).
            "default": {"BACKEND": FILESYSTEM_BACKEND},
            "private": {
                "BACKEND": FILESYSTEM_BACKEND,
                "OPTIONS": {"location": private_media_root, "base_url": None},
            },
        }
    common: dict[str, Any] = {
        "access_key": access_key,
        "secret_key": secret_key,
        "endpoint_url": endpoint_url,
        "region_name": region_name,
        "signature_version": "s3v4",
        # Like the filesystem: a second file of the same name gets a new name.
        "file_overwrite": False,
    }
    if addressing_style:
        common["addressing_style"] = addressing_style
    return {
        "default": {
            "BACKEND": PUBLIC_MEDIA_BACKEND,
            "OPTIONS": {
                **common,
                "bucket_name": bucket,
                "location": "media",
                # Public read comes from the bucket's policy on media/, not from object ACLs.
                "default_acl": None,
                "querystring_auth": False,
                "custom_domain": custom_domain,
            },
        },
        "private": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **common,
                "bucket_name": private_bucket or bucket,
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": PRIVATE_URL_SECONDS,
                "custom_domain": None,
            },
        },
    }


# Where Wagtail puts its documents in ``default`` (``AbstractDocument.file``'s ``upload_to``),
# and the prefix of the media bucket that the public may never read.
DOCUMENTS_PREFIX = "documents/"
PRIVATE_LOCATION = "private"


class PublicMediaStorage(S3Storage):
    """The public media of the store (``media/``), except Wagtail's documents, which are kept
    under ``private/documents/``, uploaded with a private ACL and given only signed URLs that
    expire in ``PRIVATE_URL_SECONDS``: the bucket's public read covers ``media/`` alone, so a
    document of a private collection can only be had through Wagtail's checking view."""

    @staticmethod
    def is_document(name: str) -> bool:
        return clean_name(name).startswith(DOCUMENTS_PREFIX)

    def _normalize_name(self, name):
        if self.is_document(name):
            return safe_join(PRIVATE_LOCATION, clean_name(name))
        return super()._normalize_name(name)

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        if name.startswith(f"{PRIVATE_LOCATION}/"):  # the stored key, already normalised
            parameters["ACL"] = "private"
        return parameters

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not self.is_document(name):
            return super().url(name, parameters, expire, http_method)
        return self.bucket.meta.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket.name, "Key": self._normalize_name(name)},
            ExpiresIn=PRIVATE_URL_SECONDS,
        )
