"""Certificates: one A4 landscape PDF per recipient, rendered by the background task when a
decision is issued, with the recipient's name in intact Vietnamese, the award, the decision,
and a QR code that decodes to the public verification address."""

import subprocess
import tempfile
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from awards.certificates import (
    certificate_filename,
    certificate_progress,
    generate_certificates,
    render_certificate_pdf,
    verification_url,
)
from awards.enums import RecipientKind
from awards.models import AwardType, Certificate
from awards.services.honours import (
    award_decision_create,
    award_decision_issue,
    recipient_add_person,
    recipient_add_unit,
    recipients_add_authors,
)
from initiatives.enums import InitiativeStatus
from initiatives.services import AuthorData
from tests.factories import UserFactory, author_row, make_initiative, unit_officer
from unions.enums import UnitKind

HOLDER = "Nguyễn Thị Hường"
CO_AUTHOR = "Trần Văn Bình"
TITLE = "Cải tiến đồ gá hàn khung ghế giúp giảm 30% thời gian gia công"
SIGNER = "Lê Quang Thắng"


# --- building issued decisions through the services (shared with test_verification) ---------


def make_award_type(
    code: str = "thu-chung-nhan-sang-kien",
    name: str = "Giấy chứng nhận sáng kiến",
    *,
    kinds: tuple[str, ...] = (UnitKind.GRASSROOTS_UNION,),
    recipient_kind: str = RecipientKind.INDIVIDUAL,
    initiative_certificate: bool = True,
) -> AwardType:
    """An award of the test's own (the catalogue's seed is not relied upon)."""
    return AwardType.objects.create(
        code=code,
        name=name,
        issuer_kinds=list(kinds),
        recipient_kind=recipient_kind,
        is_initiative_certificate=initiative_certificate,
    )


def issue(decision, officer, capture=None) -> None:
    """Issue through the service; with ``capture`` (django_capture_on_commit_callbacks), run
    what waits for the commit too: the task rendering the PDFs."""
    if capture is None:
        award_decision_issue(decision=decision, actor=officer)
        return
    with capture(execute=True):
        award_decision_issue(decision=decision, actor=officer)


def build_issued(tree, capture=None) -> SimpleNamespace:
    """An issued initiative-certificate decision of a grassroots union: both authors of a
    recognised initiative (one a member with an e-mail, a phone and a date of birth, one from
    outside with a date of birth and a workplace) receive a certificate. With ``capture`` the
    PDFs are rendered at commit."""
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    holder = UserFactory(
        last_name="Nguyễn Thị",
        first_name="Hường",
        email="huong.nguyen@example.vn",
        phone="0912345678",
        date_of_birth=date(1987, 4, 19),
    )
    initiative = make_initiative(
        unit,
        holder,
        InitiativeStatus.RECOGNISED,
        authors=[
            author_row(holder, 60, full_name=HOLDER, date_of_birth=date(1987, 4, 19)),
            AuthorData(
                full_name=CO_AUTHOR,
                contribution=40,
                date_of_birth=date(1979, 11, 2),
                workplace="Xưởng cơ khí số 2",
            ),
        ],
        officer=officer,
        title=TITLE,
    )
    award_type = make_award_type()
    decided_on = timezone.localdate() - timedelta(days=3)
    decision = award_decision_create(
        issuer=unit,
        award_type=award_type,
        decided_on=decided_on,
        signer_name=SIGNER,
        signer_title="Chủ tịch",
        actor=officer,
        grounds=f"Đã có sáng kiến được Hội đồng xét duyệt công nhận năm {decided_on.year}.",
    )
    recipients_add_authors(decision=decision, actor=officer, initiative=initiative)
    issue(decision, officer, capture)
    decision.refresh_from_db()
    certificate = Certificate.objects.get(recipient__decision=decision, recipient__name=HOLDER)
    return SimpleNamespace(
        unit=unit,
        officer=officer,
        holder=holder,
        initiative=initiative,
        award_type=award_type,
        decision=decision,
        certificate=certificate,
    )


@pytest.fixture
def issued(tree, django_capture_on_commit_callbacks):
    return build_issued(tree, django_capture_on_commit_callbacks)


# --- reading the PDF ------------------------------------------------------------------------


def pdf_bytes(certificate: Certificate) -> bytes:
    certificate.refresh_from_db()
    with certificate.file.open("rb") as handle:
        return handle.read()


def pdf_text(content: bytes) -> str:
    """The text pypdf extracts, every run of white space made one space."""
    reader = PdfReader(BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def qr_codes(content: bytes) -> list[str]:
    """The QR codes zxing-cpp reads on the first page rasterised at 150 dpi by pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, "certificate.pdf")
        source.write_bytes(content)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", source, Path(folder, "page")],
            check=True,
            capture_output=True,
        )
        (image_path,) = Path(folder).glob("page*.png")
        with Image.open(image_path) as image:
            return [
                code.text
                for code in zxingcpp.read_barcodes(image)
                if code.format == zxingcpp.BarcodeFormat.QRCode
            ]


# --- the PDF ----------------------------------------------------------------------------------


def test_issuing_renders_one_pdf_per_recipient(issued):
    certificates = Certificate.objects.filter(recipient__decision=issued.decision)
    assert sorted(c.recipient.name for c in certificates) == sorted([HOLDER, CO_AUTHOR])
    for certificate in certificates:
        assert certificate.file.name.endswith(".pdf")
        assert certificate.generated_at is not None
        assert certificate.short_code in certificate.file.name
        assert certificate_filename(certificate) == f"chung-nhan-{certificate.short_code}.pdf"


def test_pdf_text_has_the_name_with_its_diacritics_the_award_and_the_decision(issued):
    content = pdf_bytes(issued.certificate)
    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    assert HOLDER in text
    assert CO_AUTHOR not in text  # each author has a certificate of their own
    assert "GIẤY CHỨNG NHẬN SÁNG KIẾN" in text
    assert issued.decision.number and issued.decision.number in text
    assert issued.decision.decided_on.strftime("%d/%m/%Y") in text
    assert TITLE in text
    assert issued.unit.name.upper() in text
    assert "LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ ĐÔNG HÀ" in text  # the issuer's parent above it
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    d = issued.decision.decided_on
    assert f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}" in text
    assert SIGNER in text
    assert issued.certificate.short_code in text
    assert "http://testserver/xac-minh/" in text


def test_pdf_is_one_a4_landscape_page_with_embedded_dejavu(issued):
    reader = PdfReader(BytesIO(pdf_bytes(issued.certificate)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595
    fonts = {
        str(font["/BaseFont"])
        for font in (
            reader.pages[0]["/Resources"]["/Font"][name].get_object()
            for name in reader.pages[0]["/Resources"]["/Font"]
        )
    }
    assert any("DejaVu" in name for name in fonts)


def test_qr_code_decodes_to_the_verification_address(issued):
    codes = qr_codes(pdf_bytes(issued.certificate))
    assert codes == [verification_url(issued.certificate)]
    assert codes[0] == f"http://testserver/xac-minh/{issued.certificate.token}/"


def test_award_to_a_unit_without_initiative(tree, django_capture_on_commit_callbacks):
    """A Bằng khen of a provincial federation to a unit: "presented to", no initiative line,
    the national federation above the issuer."""
    issuer = tree.province_a
    officer = unit_officer(issuer)
    award_type = make_award_type(
        "thu-bang-khen-tinh",
        "Bằng khen",
        kinds=(UnitKind.PROVINCIAL_FEDERATION,),
        recipient_kind=RecipientKind.COLLECTIVE,
        initiative_certificate=False,
    )
    decision = award_decision_create(
        issuer=issuer,
        award_type=award_type,
        decided_on=timezone.localdate(),
        signer_name="Phạm Thị Thu Hà",
        signer_title="Chủ tịch",
        actor=officer,
        grounds=(
            "Đã có thành tích xuất sắc trong phong trào thi đua “Lao động giỏi, lao động sáng tạo”."
        ),
    )
    recipient_add_unit(decision=decision, actor=officer, unit=tree.grassroots_a1y)
    issue(decision, officer, django_capture_on_commit_callbacks)
    decision.refresh_from_db()
    certificate = Certificate.objects.get(recipient__decision=decision)
    content = pdf_bytes(certificate)
    text = pdf_text(content)
    assert "BẰNG KHEN" in text
    assert "Công đoàn cơ sở Bệnh viện Đông Hà" in text
    assert "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM" in text
    assert "LIÊN ĐOÀN LAO ĐỘNG TỈNH QUẢNG TRỊ" in text
    assert "Lao động giỏi, lao động sáng tạo" in text
    assert decision.number in text
    assert len(PdfReader(BytesIO(content)).pages) == 1
    assert qr_codes(content) == [verification_url(certificate)]


def test_long_names_and_titles_stay_on_one_page(tree, django_capture_on_commit_callbacks):
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    award_type = make_award_type(
        "thu-giay-khen-dai",
        "Giấy khen của Ban Chấp hành Công đoàn cơ sở thành viên",
        initiative_certificate=False,
    )
    author = UserFactory()
    initiative = make_initiative(
        unit,
        author,
        InitiativeStatus.RECOGNISED,
        officer=officer,
        title="Giải pháp " + "nâng cao hiệu quả sử dụng năng lượng tại phân xưởng " * 5,
    )
    decision = award_decision_create(
        issuer=unit,
        award_type=award_type,
        decided_on=timezone.localdate(),
        signer_name="Đặng Văn Đức",
        signer_title="Phó Chủ tịch phụ trách công tác thi đua, khen thưởng",
        actor=officer,
        grounds="Đã có thành tích xuất sắc " * 12,
    )
    recipient_add_person(
        decision=decision,
        actor=officer,
        name="Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc Khánh Linh",
        initiative=initiative,
    )
    issue(decision, officer, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get(recipient__decision=decision)
    content = pdf_bytes(certificate)
    assert len(PdfReader(BytesIO(content)).pages) == 1
    assert "Tôn Nữ Thị Phương Thảo" in pdf_text(content)
    assert qr_codes(content) == [verification_url(certificate)]


def test_rendering_uses_the_site_language_whatever_the_reader(issued, settings):
    from django.utils import translation

    with translation.override("en"):
        content = render_certificate_pdf(issued.certificate)
    assert HOLDER in pdf_text(content)


# --- progress and the task ----------------------------------------------------------------


def test_progress_counts_ready_certificates(issued):
    assert certificate_progress(issued.decision) == {
        "total": 2,
        "ready": 2,
        "percent": 100,
        "done": True,
    }
    Certificate.objects.filter(pk=issued.certificate.pk).update(file="", generated_at=None)
    assert certificate_progress(issued.decision) == {
        "total": 2,
        "ready": 1,
        "percent": 50,
        "done": False,
    }


def test_progress_of_a_draft_without_certificates(tree):
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    decision = award_decision_create(
        issuer=unit,
        award_type=make_award_type(),
        decided_on=timezone.localdate(),
        signer_name=SIGNER,
        signer_title="Chủ tịch",
        actor=officer,
    )
    assert certificate_progress(decision) == {
        "total": 0,
        "ready": 0,
        "percent": 0,
        "done": False,
    }


def test_generating_again_renders_nothing(issued):
    before = {c.pk: (c.file.name, c.generated_at) for c in Certificate.objects.all()}
    assert generate_certificates.call(issued.decision.pk) == 0
    assert {c.pk: (c.file.name, c.generated_at) for c in Certificate.objects.all()} == before


def test_generating_renders_only_the_missing(issued):
    Certificate.objects.filter(pk=issued.certificate.pk).update(file="", generated_at=None)
    assert generate_certificates.call(issued.decision.pk) == 1
    issued.certificate.refresh_from_db()
    assert issued.certificate.file and issued.certificate.generated_at
    assert HOLDER in pdf_text(pdf_bytes(issued.certificate))
    assert generate_certificates.call(issued.decision.pk) == 0
    assert certificate_progress(issued.decision)["done"] is True


def test_nothing_is_rendered_before_the_commit(tree, django_capture_on_commit_callbacks):
    unit = tree.grassroots_a1x
    officer = unit_officer(unit)
    decision = award_decision_create(
        issuer=unit,
        award_type=make_award_type(),
        decided_on=timezone.localdate(),
        signer_name=SIGNER,
        signer_title="Chủ tịch",
        actor=officer,
    )
    recipient_add_person(decision=decision, actor=officer, name=HOLDER)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        award_decision_issue(decision=decision, actor=officer)
    assert callbacks
    assert certificate_progress(decision) == {
        "total": 1,
        "ready": 0,
        "percent": 0,
        "done": False,
    }
