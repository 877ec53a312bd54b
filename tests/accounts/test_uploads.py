"""Office files that are zip archives: refused when damaged, made of too many parts or too
large once unpacked (zip bombs dressed as documents)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.errors import ApplicationError
from accounts.uploads import checked_upload

CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="urn:content-types"/>'
MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def office_file(kind: str, *, extra_parts: int = 0, huge_mb: int = 0) -> bytes:
    """A minimal docx/xlsx (detected as such from its first bytes), with ``extra_parts``
    small parts and a part of ``huge_mb`` MB of zeros (a few hundred KB compressed)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", b"<Relationships/>")
        archive.writestr(MAIN_PART[kind], b"<document/>")
        for number in range(extra_parts):
            archive.writestr(f"customXml/item{number}.xml", b"<x/>")
        if huge_mb:
            with archive.open("word/media/zeros.bin", "w", force_zip64=True) as part:
                chunk = bytes(1024 * 1024)
                for _ in range(huge_mb):
                    part.write(chunk)
    return output.getvalue()


def upload(kind: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"ho-so.{kind}", content)


@pytest.mark.parametrize(("kind", "mime"), [("docx", DOCX), ("xlsx", XLSX)])
def test_a_small_office_file_is_accepted(kind, mime):
    assert checked_upload(upload(kind, office_file(kind, extra_parts=10))) == (
        mime,
        f"ho-so.{kind}",
    )


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_an_office_file_of_too_many_parts_is_refused(kind, settings):
    assert settings.UPLOAD_ARCHIVE_MAX_ENTRIES == 2000
    bomb = office_file(kind, extra_parts=2000)
    with pytest.raises(ApplicationError) as refused:
        checked_upload(upload(kind, bomb))
    assert str(refused.value) == (
        f"“ho-so.{kind}” gồm 2003 thành phần; một tài liệu văn phòng chỉ được có tối đa 2000."
    )
    assert refused.value.field == "upload"


def test_an_office_file_too_large_once_unpacked_is_refused(settings):
    assert settings.UPLOAD_ARCHIVE_MAX_BYTES == 100 * 1024 * 1024
    bomb = office_file("docx", huge_mb=101)
    assert len(bomb) < 1024 * 1024  # well under the upload limit as sent
    with pytest.raises(ApplicationError) as refused:
        checked_upload(upload("docx", bomb))
    assert str(refused.value) == "“ho-so.docx” khi giải nén sẽ chiếm hơn 100 MB."


def test_the_limits_come_from_the_settings(settings):
    settings.UPLOAD_ARCHIVE_MAX_ENTRIES = 5
    with pytest.raises(ApplicationError, match="tối đa 5"):
        checked_upload(upload("docx", office_file("docx", extra_parts=3)))
    settings.UPLOAD_ARCHIVE_MAX_ENTRIES = 2000
    settings.UPLOAD_ARCHIVE_MAX_BYTES = 1024 * 1024
    with pytest.raises(ApplicationError, match="hơn 1 MB"):
        checked_upload(upload("docx", office_file("docx", huge_mb=2)))


def test_a_damaged_office_file_is_refused():
    whole = office_file("docx", extra_parts=50)
    damaged = whole[: len(whole) // 2]  # its first bytes still say docx
    with pytest.raises(ApplicationError) as refused:
        checked_upload(upload("docx", damaged))
    assert str(refused.value) == "“ho-so.docx” bị hỏng: không mở được như một tài liệu văn phòng."
