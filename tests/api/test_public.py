"""Public endpoints without a token: the bank (filters, diacritic-free search, cursor pages,
public files only, nothing confidential), the statistics, certificate verification with its
rate limit, movements and news; query counts constant in rows."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import VerificationCheck
from emulation.enums import MovementStatus
from emulation.rollup import figures_rebuild
from initiatives.enums import InitiativeField, InitiativeStatus
from initiatives.models import Attachment
from initiatives.services import attachment_add
from tests.api.helpers import count_queries
from tests.awards.test_certificates import HOLDER, TITLE, build_issued
from tests.factories import UserFactory, make_initiative
from tests.factories.initiatives import advance
from tests.factories.movements import make_movement
from tests.factories.pages import make_news_index, make_news_page

S = InitiativeStatus
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SECRET = "Bí quyết pha chế dung dịch XJ-77 tuyệt mật"


def recognised(unit, **fields):
    return make_initiative(unit, UserFactory(), S.RECOGNISED, **fields)


def test_bank_lists_recognised_initiatives_only(client, tree):
    shown = recognised(tree.grassroots_a1x, title="Sáng kiến tiết kiệm điện ở phân xưởng")
    make_initiative(tree.grassroots_a1x, UserFactory(), S.ACCEPTED, title="Đang xét")
    body = client.get("/api/v1/initiatives").json()
    assert [item["id"] for item in body["items"]] == [shown.pk]
    item = body["items"][0]
    assert item["title"] == "Sáng kiến tiết kiệm điện ở phân xưởng"
    assert item["unit"]["code"] == "CSX"
    assert item["level"] == "grassroots"
    assert item["recognition_year"] == datetime.date.today().year
    assert body["next_cursor"] is None


def test_bank_search_ignores_diacritics_and_filters(client, tree):
    saving = recognised(tree.grassroots_a1x, title="Sáng kiến tiết kiệm điện năng")
    other = recognised(
        tree.grassroots_b1x, title="Đồ gá hàn khung ghế", field=InitiativeField.HEALTH
    )
    found = client.get("/api/v1/initiatives", {"q": "tiet kiem dien"}).json()["items"]
    assert [item["id"] for item in found] == [saving.pk]
    found = client.get("/api/v1/initiatives", {"q": "khung ghe"}).json()["items"]
    assert [item["id"] for item in found] == [other.pk]
    by_field = client.get("/api/v1/initiatives", {"field": "health"}).json()["items"]
    assert [item["id"] for item in by_field] == [other.pk]
    by_province = client.get("/api/v1/initiatives", {"province": "QTR"}).json()["items"]
    assert [item["id"] for item in by_province] == [saving.pk]
    unknown = client.get("/api/v1/initiatives", {"province": "NOPE"}).json()["items"]
    assert unknown == []
    by_level = client.get("/api/v1/initiatives", {"level": "national"}).json()["items"]
    assert by_level == []


def test_bank_pages_follow_the_cursor_without_overlap(client, tree):
    made = {recognised(tree.grassroots_a1x).pk for _ in range(5)}
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/v1/initiatives", params).json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert sorted(seen) == sorted(made)
    assert len(seen) == len(set(seen))


def test_bad_cursor_and_bad_input_answer_problems_in_vietnamese(client, db):
    response = client.get("/api/v1/initiatives", {"cursor": "không-phải-con-trỏ"})
    assert response.status_code == 400
    assert response.json()["errors"]["cursor"] == ["Con trỏ trang không hợp lệ."]
    response = client.get("/api/v1/initiatives", {"limit": "nhiều"})
    assert response.status_code == 422
    body = response.json()
    assert body["title"] == "Dữ liệu gửi lên không hợp lệ"
    assert body["errors"] == {"limit": ["Hãy nhập một số nguyên."]}
    english = client.get("/api/v1/initiatives", {"limit": "many"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["errors"] == {"limit": ["Enter a whole number."]}


def test_bank_detail_shows_public_files_and_nothing_confidential(client, tree):
    author = UserFactory()
    initiative = make_initiative(tree.grassroots_a1x, author, S.DRAFT, confidential_info=SECRET)
    attachment_add(
        initiative=initiative,
        upload=SimpleUploadedFile("ban-ve.pdf", PDF),
        actor=author,
        is_public=True,
    )
    attachment_add(
        initiative=initiative, upload=SimpleUploadedFile("bang-luong.pdf", PDF), actor=author
    )
    advance(initiative, S.RECOGNISED, author=author)
    response = client.get(f"/api/v1/initiatives/{initiative.pk}")
    assert response.status_code == 200
    body = response.json()
    assert SECRET not in response.content.decode()
    assert [f["name"] for f in body["files"]] == ["ban-ve.pdf"]
    download = client.get(body["files"][0]["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    private = Attachment.objects.get(original_name="bang-luong.pdf")
    assert client.get(f"/api/v1/initiatives/{initiative.pk}/files/{private.pk}").status_code == 404


def test_bank_detail_of_a_dossier_not_recognised_is_404(client, tree):
    draft = make_initiative(tree.grassroots_a1x, UserFactory(), S.ACCEPTED)
    response = client.get(f"/api/v1/initiatives/{draft.pk}")
    assert response.status_code == 404
    assert response.json()["detail"] == "Không có gì ở đây, hoặc bạn không được xem."


def test_bank_list_queries_do_not_grow_with_rows(client, tree):
    recognised(tree.grassroots_a1x)
    one = count_queries(lambda: client.get("/api/v1/initiatives"))
    for _ in range(6):
        recognised(tree.grassroots_b1x)
    many = count_queries(lambda: client.get("/api/v1/initiatives"))
    assert one == many


def test_statistics_figures_by_year_level_and_province(client, tree):
    recognised(tree.grassroots_a1x)
    figures_rebuild()  # the factories write rows the services' change log does not see
    body = client.get("/api/v1/statistics").json()
    year = datetime.date.today().year
    assert body["union"]["recognised"] == 1
    assert body["by_year"][0]["year"] == year
    assert [row["level"] for row in body["by_level"]] == [
        "national",
        "provincial",
        "upper_direct",
        "grassroots",
    ]
    assert body["by_level"][0]["level_label"] == "Toàn quốc"
    assert isinstance(body["union"]["verified_benefit_vnd"], int)
    assert client.get("/api/v1/statistics", {"year": year}).json()["year"] == year


def test_certificate_verification_gives_the_minimal_data(client, tree):
    issued = build_issued(tree)
    response = client.get(f"/api/v1/certificates/{issued.certificate.short_code}")
    assert response.status_code == 200
    body = response.json()
    assert body["holder"] == HOLDER
    assert body["initiative_title"] == TITLE
    assert body["status"] == "valid"
    assert set(body) == {
        "short_code",
        "holder",
        "award",
        "issuer",
        "decision_number",
        "decided_on",
        "initiative_title",
        "status",
        "revoked_on",
    }
    assert "huong.nguyen@example.vn" not in response.content.decode()
    assert VerificationCheck.objects.filter(found=True).count() == 1


def test_certificate_unknown_code_is_404_and_the_limit_is_the_pages(client, tree, settings):
    settings.VERIFICATION_RATE_PER_MINUTE = 2
    assert client.get("/api/v1/certificates/AAAA-AAAA-AAAA").status_code == 404
    assert client.get("/api/v1/certificates/AAAA-AAAA-AAAB").status_code == 404
    response = client.get("/api/v1/certificates/AAAA-AAAA-AAAC")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json()["title"] == "Quá nhiều yêu cầu"


def test_movements_lists_running_movements_with_figures(client, tree):
    running = make_movement(
        launching_unit=tree.province_a, status=MovementStatus.RUNNING, name="Lao động sáng tạo"
    )
    make_movement(
        launching_unit=tree.province_b, status=MovementStatus.PLANNED, name="Chưa bắt đầu"
    )
    body = client.get("/api/v1/movements").json()
    assert [item["name"] for item in body["items"]] == ["Lao động sáng tạo"]
    assert body["items"][0]["launching_unit"]["code"] == "QTR"
    assert client.get(f"/api/v1/movements/{running.pk}").json()["status"] == "running"


def test_news_lists_published_items(client, db):
    index = make_news_index()
    published = make_news_page(index, title="Tuyên dương 100 sáng kiến")
    make_news_page(index, title="Bản nháp", publish=False)
    body = client.get("/api/v1/news").json()
    assert [item["title"] for item in body["items"]] == ["Tuyên dương 100 sáng kiến"]
    detail = client.get(f"/api/v1/news/{published.pk}").json()
    assert detail["title"] == "Tuyên dương 100 sáng kiến"
    assert "body_html" in detail


@pytest.mark.parametrize("path", ["/api/v1/movements", "/api/v1/news"])
def test_public_lists_queries_do_not_grow_with_rows(client, tree, path):
    index = make_news_index()

    def add():
        make_movement(launching_unit=tree.province_a, status=MovementStatus.RUNNING)
        make_news_page(index)

    add()
    one = count_queries(lambda: client.get(path))
    for _ in range(4):
        add()
    assert count_queries(lambda: client.get(path)) == one
