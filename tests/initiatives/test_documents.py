"""The printable application and receipt: real PDFs laid out like the legal form, the
confidential section only for those allowed, and the download pages scoped like the dossier."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from initiatives.documents import (
    application_html,
    format_vnd,
    receipt_html,
    render_application_pdf,
    render_receipt_pdf,
)
from initiatives.enums import InitiativeStatus
from initiatives.services import AuthorData
from tests.factories import (
    MembershipFactory,
    RoleGrantFactory,
    UserFactory,
    author_row,
    make_initiative,
    unit_officer,
)
from tests.pdf import assert_real_pdf, pdf_text
from unions.enums import Role

S = InitiativeStatus
CONFIDENTIAL = "Sơ đồ mạch điều khiển chi tiết."


@pytest.fixture
def member(tree):
    user = UserFactory(first_name="Hồng", last_name="Trần Thị", email="hong@example.vn")
    MembershipFactory(user=user, unit=tree.grassroots_a1x)
    return user


@pytest.fixture
def officer(tree):
    return unit_officer(tree.grassroots_a1x)


@pytest.fixture
def dossier(tree, member, officer):
    """An accepted dossier with a member and an outside co-author."""
    return make_initiative(
        tree.grassroots_a1x,
        member,
        S.ACCEPTED,
        officer=officer,
        authors=[
            author_row(
                member,
                60,
                date_of_birth=datetime.date(1985, 3, 4),
                workplace="Phân xưởng may số 2",
                job_title="Tổ trưởng",
                qualification="Kỹ sư dệt may",
            ),
            AuthorData(
                full_name="Lê Văn Ngoài",
                contribution=Decimal("40"),
                workplace="Trường Cao đẳng Kỹ thuật Miền Trung",
            ),
        ],
        title="Cải tiến đồ gá hàn khung ghế",
        benefit_claimed=1_234_567,
        confidential_info=CONFIDENTIAL,
    )


def test_format_vnd_groups_thousands_with_dots():
    assert format_vnd(1_234_567) == "1.234.567 ₫"
    assert format_vnd(0) == "0 ₫"
    assert format_vnd(None) == ""


def test_application_html_follows_the_legal_form(dossier, tree):
    html = application_html(dossier, include_confidential=True)
    headings = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ĐƠN YÊU CẦU CÔNG NHẬN SÁNG KIẾN",
        "Kính gửi: <strong>Công đoàn cơ sở Công ty May Sông Hiếu</strong>",
        "Ngày tháng năm sinh",
        "Tỷ lệ (%) đóng góp",
        "Chủ đầu tư tạo ra sáng kiến",
        "Lĩnh vực áp dụng sáng kiến",
        "Ngày sáng kiến được áp dụng lần đầu hoặc áp dụng thử",
        "Mô tả bản chất của sáng kiến",
        "Những thông tin cần được bảo mật",
        "Những điều kiện cần thiết để áp dụng sáng kiến",
        "Đánh giá lợi ích thu được",
        "Danh sách những người đã tham gia áp dụng thử",
        "Người nộp đơn",
    ]
    positions = [html.index(heading) for heading in headings]
    assert positions == sorted(positions), "the sections follow the order of the form"
    for text in [
        "Trần Thị Hồng",
        "04/03/1985",
        "Phân xưởng may số 2",
        "Kỹ sư dệt may",
        "60%",
        "Lê Văn Ngoài",
        "40%",
        "Cải tiến đồ gá hàn khung ghế",
        "1.234.567 ₫",
        CONFIDENTIAL,
        dossier.receipt_number,
    ]:
        assert text in html


def test_application_html_leaves_out_the_confidential_section_when_asked(dossier):
    html = application_html(dossier, include_confidential=False)
    assert CONFIDENTIAL not in html
    assert "Những thông tin cần được bảo mật" in html  # the heading stays, the content goes


def test_application_pdf_is_a_real_a4_pdf_with_vietnamese_text(dossier):
    content = render_application_pdf(dossier, include_confidential=True)
    assert_real_pdf(content)
    text = pdf_text(content)
    assert "ĐƠN YÊU CẦU CÔNG NHẬN SÁNG KIẾN" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Trần Thị Hồng" in text
    assert "1.234.567 ₫" in text
    assert CONFIDENTIAL in text


def test_application_pdf_without_confidential_section_omits_it(dossier):
    content = render_application_pdf(dossier, include_confidential=False)
    assert_real_pdf(content)
    text = pdf_text(content)
    assert CONFIDENTIAL not in text
    assert "Cải tiến đồ gá hàn khung ghế" in text


def test_draft_application_is_marked_as_a_preview(tree, member):
    draft = make_initiative(tree.grassroots_a1x, member)
    html = application_html(draft, include_confidential=True)
    assert "Bản xem trước – hồ sơ chưa nộp" in html
    assert "Số biên nhận" not in html


def test_receipt_names_number_unit_title_authors_and_dates(dossier, officer):
    html = receipt_html(dossier)
    for text in [
        "GIẤY BIÊN NHẬN",
        "Hồ sơ yêu cầu công nhận sáng kiến",
        dossier.receipt_number,
        "Công đoàn cơ sở Công ty May Sông Hiếu".upper(),
        "Cải tiến đồ gá hàn khung ghế",
        "Trần Thị Hồng (60%)",
        "Lê Văn Ngoài (40%)",
        dossier.decision_due.strftime("%d/%m/%Y"),
        officer.get_full_name(),
    ]:
        assert text in html
    content = render_receipt_pdf(dossier)
    assert_real_pdf(content)
    text = pdf_text(content)
    assert "GIẤY BIÊN NHẬN" in text
    assert dossier.receipt_number in text
    assert "Hạn xét công nhận" in text
    assert "Ngày chấp nhận đơn" in text


def test_receipt_of_a_dossier_never_submitted_is_refused(tree, member):
    draft = make_initiative(tree.grassroots_a1x, member, S.DRAFT)
    with pytest.raises(ValueError):
        render_receipt_pdf(draft)


def test_receipt_is_given_on_arrival_before_acceptance(tree, member):
    submitted = make_initiative(tree.grassroots_a1x, member, S.SUBMITTED)
    text = pdf_text(render_receipt_pdf(submitted))
    assert submitted.receipt_number in text
    assert "Ngày chấp nhận đơn" not in text


# --- the download pages ------------------------------------------------------------------


def url(name, pk):
    return reverse(f"initiatives:{name}", args=[pk])


def test_author_downloads_the_application_inline(client, dossier, member):
    client.force_login(member)
    response = client.get(url("application_pdf", dossier.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="')
    assert response["Content-Disposition"].endswith('.pdf"')
    assert_real_pdf(response.content)
    text = pdf_text(response.content)
    assert CONFIDENTIAL in text  # the authors see their confidential section


def test_officer_of_an_ancestor_gets_the_application_without_the_confidential_section(
    client, dossier, tree
):
    provincial = UserFactory()
    RoleGrantFactory(user=provincial, unit=tree.province_a, role=Role.OFFICER)
    client.force_login(provincial)
    response = client.get(url("application_pdf", dossier.pk))
    assert response.status_code == 200
    assert_real_pdf(response.content)
    text = pdf_text(response.content)
    assert "Cải tiến đồ gá hàn khung ghế" in text
    assert CONFIDENTIAL not in text


def test_receipt_downloads_once_accepted(client, dossier, member):
    client.force_login(member)
    response = client.get(url("receipt_pdf", dossier.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert dossier.receipt_number in response["Content-Disposition"]
    assert_real_pdf(response.content)


def test_receipt_is_not_found_before_submission(client, tree, member):
    draft = make_initiative(tree.grassroots_a1x, member, S.DRAFT)
    submitted = make_initiative(tree.grassroots_a1x, member, S.SUBMITTED)
    client.force_login(member)
    assert client.get(url("receipt_pdf", draft.pk)).status_code == 404
    assert client.get(url("receipt_pdf", submitted.pk)).status_code == 200
    assert client.get(url("application_pdf", submitted.pk)).status_code == 200


@pytest.mark.parametrize("name", ["application_pdf", "receipt_pdf"])
def test_documents_outside_the_scope_are_not_found(client, dossier, tree, name):
    other_branch = UserFactory()
    RoleGrantFactory(user=other_branch, unit=tree.province_b, role=Role.OFFICER)
    client.force_login(other_branch)
    assert client.get(url(name, dossier.pk)).status_code == 404
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(url(name, dossier.pk)).status_code == 404


def test_documents_ask_anonymous_visitors_to_sign_in(client, dossier):
    response = client.get(url("application_pdf", dossier.pk))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
