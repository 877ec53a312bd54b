"""The helpers the document tests read PDFs with (tests/pdf.py) give back Vietnamese exactly as
written and find a QR code on the page it is drawn on, with no system tool installed."""

import unicodedata

from weasyprint import HTML

from awards.certificates import qr_svg
from tests.pdf import assert_real_pdf, pdf_reader, pdf_text, qr_codes

# The five tone marks, stacked marks (ệ, ữ, ộ), the horned vowels (ư, ơ) and đ/Đ.
VIETNAMESE = "Độc lập - Tự do - Hạnh phúc: Nguyễn Thị Thuỷ, Trần Hữu Lộc, Phạm Quỳnh Ưng, Bờ Hồ"
ADDRESS = "http://testserver/xac-minh/3f0c8a1e9b7d4c2aa5e6f7081920abcd/"


def two_page_pdf() -> bytes:
    html = f"""<html><head><meta charset="utf-8"><style>
      @page {{ size: A4; margin: 20mm; }}
      body {{ font-family: "DejaVu Serif", serif; font-size: 12pt; }}
      .qr {{ width: 40mm; }}
    </style></head><body>
      <h1>GIẤY CHỨNG NHẬN SÁNG KIẾN</h1>
      <p>{VIETNAMESE}</p>
      <div class="qr">{qr_svg(ADDRESS)}</div>
      <p style="break-before: page">Trang hai: ước tính lợi ích 1.234.567 ₫/năm.</p>
    </body></html>"""
    return HTML(string=html).write_pdf()


def test_text_keeps_the_diacritics_of_every_page_in_composed_form():
    content = two_page_pdf()
    text = pdf_text(content)
    assert "GIẤY CHỨNG NHẬN SÁNG KIẾN" in text
    assert VIETNAMESE in text
    assert "Trang hai: ước tính lợi ích 1.234.567 ₫/năm." in text
    assert unicodedata.is_normalized("NFC", text)
    assert "  " not in text and "\n" not in text


def test_qr_code_is_read_on_its_own_page_only():
    content = two_page_pdf()
    assert qr_codes(content) == [ADDRESS]
    assert qr_codes(content, page=1) == []


def test_structure_is_read_with_pypdf():
    content = two_page_pdf()
    assert_real_pdf(content)
    reader = pdf_reader(content)
    assert len(reader.pages) == 2
    assert round(float(reader.pages[0].mediabox.width)) == 595
