"""The API's frame: the OpenAPI document, the docs page without scripts, problem details in
Vietnamese or English, unknown paths."""

import re

import pytest


def test_openapi_document_lists_the_operations(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["version"] == "1"
    assert "/api/v1/initiatives" in document["paths"]
    assert "Problem" in document["components"]["schemas"]
    responses = document["paths"]["/api/v1/initiatives"]["get"]["responses"]
    assert "application/problem+json" in responses["422"]["content"]


def test_docs_page_is_readable_without_scripts(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "GET /api/v1/initiatives" in html
    assert 'id="problem-not-found"' in html
    # Nothing a strict Content-Security-Policy would block: no inline script, no handler.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_docs_page_in_vietnamese_by_default(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "Tài liệu API" in html


@pytest.mark.parametrize(
    ("language", "title"),
    [("", "Không tìm thấy"), ("en-GB,en;q=0.9", "Not found"), ("fr", "Không tìm thấy")],
)
def test_unknown_path_answers_a_problem_in_the_client_language(client, db, language, title):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = client.get("/api/v1/khong-co", **headers)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["title"] == title
    assert body["status"] == 404
    assert body["type"] == "/api/v1/docs#problem-not-found"
    assert response["Content-Language"] == ("en" if "en" in language else "vi")


def test_api_root_leads_to_the_docs(client, db):
    response = client.get("/api/v1/")
    assert response.status_code == 302
    assert response["Location"] == "/api/v1/docs"
