"""Checking an uploaded document before it is kept: its real type, read from its first bytes
(never from its name), and its size. Office files that are zip archives (docx, xlsx, pptx,
odt, ods) are opened and refused when damaged, made of too many parts or too large once
unpacked (``UPLOAD_ARCHIVE_MAX_ENTRIES``, ``UPLOAD_ARCHIVE_MAX_BYTES``): a zip bomb dressed as
a document never reaches a reader.

Every app that keeps uploaded documents (dossier attachments, evidence of benefit, evidence of a
pledge report) checks them here, so the accepted types and the messages are the same
everywhere.
"""

import zipfile
from typing import IO

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError

# Detected content type → extensions a file of that type may carry.
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": ("pdf",),
    "application/msword": ("doc",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.ms-excel": ("xls",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.oasis.opendocument.text": ("odt",),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
}


# Content types that are zip archives underneath.
ARCHIVE_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
    }
)


def check_archive(handle: IO[bytes], name: str) -> None:
    """Refuse (ApplicationError) an office file whose zip archive cannot be read, holds more
    than ``UPLOAD_ARCHIVE_MAX_ENTRIES`` parts or more than ``UPLOAD_ARCHIVE_MAX_BYTES`` once
    unpacked. Only the archive's directory is read: nothing is unpacked. The readers we use
    (openpyxl, zipfile) stop at the sizes the directory declares."""
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise ApplicationError(
            _("“%(name)s” is damaged: it cannot be opened as an office document.") % {"name": name},
            field="upload",
        ) from None
    finally:
        handle.seek(0)
    if len(parts) > settings.UPLOAD_ARCHIVE_MAX_ENTRIES:
        raise ApplicationError(
            _("“%(name)s” is made of %(count)s parts; an office document has at most %(limit)s.")
            % {"name": name, "count": len(parts), "limit": settings.UPLOAD_ARCHIVE_MAX_ENTRIES},
            field="upload",
        )
    unpacked = sum(part.file_size for part in parts)
    if unpacked > settings.UPLOAD_ARCHIVE_MAX_BYTES:
        raise ApplicationError(
            _("“%(name)s” would take more than %(limit)s MB once unpacked.")
            % {"name": name, "limit": settings.UPLOAD_ARCHIVE_MAX_BYTES // (1024 * 1024)},
            field="upload",
        )


def detect_type(upload: UploadedFile) -> str | None:
    """The content type read from the file's first bytes, if it is one we accept."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    mime = kind.mime
    if mime == "application/zip":  # some office files are only recognised as zip archives
        return None
    return mime if mime in ALLOWED_TYPES else None


def checked_upload(upload: UploadedFile, *, max_bytes: int | None = None) -> tuple[str, str]:
    """The content type read from the file and a safe name for it, or ApplicationError when the
    file is too large (``max_bytes``, by default ``INITIATIVE_ATTACHMENT_MAX_BYTES``) or not of
    an accepted type. Used for every uploaded document."""
    max_file = max_bytes if max_bytes is not None else settings.INITIATIVE_ATTACHMENT_MAX_BYTES
    if upload.size > max_file:
        raise ApplicationError(
            _("“%(name)s” is larger than %(limit)s MB.")
            % {"name": upload.name, "limit": max_file // (1024 * 1024)},
            field="upload",
        )
    mime = detect_type(upload)
    if mime is None:
        raise ApplicationError(
            _("“%(name)s” is not a PDF, Word, Excel, OpenDocument, JPG or PNG file.")
            % {"name": upload.name},
            field="upload",
        )
    if mime in ARCHIVE_TYPES:
        check_archive(upload, upload.name)
    name = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    if not name.lower().endswith(ALLOWED_TYPES[mime]):
        name = f"{name}.{ALLOWED_TYPES[mime][0]}"
    return mime, name
