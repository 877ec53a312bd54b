"""Reading the PDFs the product prints, with PyPI packages only (no poppler on the machine):
pypdfium2 (Google's PDFium) extracts the text and renders a page to an image that zxing-cpp
scans for QR codes; pypdf reads the structure (pages, boxes, fonts)."""

import re
import zlib
from io import BytesIO

import pypdfium2
import zxingcpp
from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """The text of every page as PDFium extracts it (through the fonts' ToUnicode maps, so a
    glyph drawn without one comes out wrong and fails the test), with every run of white space
    made one space (lines wrap anywhere)."""
    document = pypdfium2.PdfDocument(content)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
    finally:
        document.close()
    return " ".join(" ".join(pages).split())


def qr_codes(content: bytes, *, page: int = 0, dpi: int = 150) -> list[str]:
    """The QR codes zxing-cpp reads on one page rendered at ``dpi``."""
    document = pypdfium2.PdfDocument(content)
    try:
        image = document[page].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    return [
        code.text
        for code in zxingcpp.read_barcodes(image)
        if code.format == zxingcpp.BarcodeFormat.QRCode
    ]


def pdf_reader(content: bytes) -> PdfReader:
    return PdfReader(BytesIO(content))


def pdf_objects(content: bytes) -> bytes:
    """The PDF with every compressed stream inflated (fonts and page sizes sit in them)."""
    parts = [content]
    for match in re.finditer(rb"stream\r?\n", content):
        try:
            parts.append(zlib.decompressobj().decompress(content[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def assert_real_pdf(content: bytes) -> None:
    """A complete PDF on A4 portrait whose Vietnamese is set in an embedded DejaVu font."""
    assert content.startswith(b"%PDF-")
    assert len(content) > 1024
    assert content.rstrip().endswith(b"%%EOF")
    objects = pdf_objects(content)
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+DejaVu", objects)
    assert re.search(rb"/MediaBox\s*\[\s*0 0 595\.\d* 841\.\d*", objects)
