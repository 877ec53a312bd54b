"""Personal access tokens: made on the profile page and shown once, stored hashed, listed and
revoked there; unknown, expired and revoked tokens refused (401), read-only tokens refused
writing (403), each use logged, the rate limits per token and per client."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.models import AccessToken, AccessTokenUse
from api.services import token_create, token_hash, token_revoke
from tests.api.helpers import bearer, make_token
from tests.factories import UserFactory


def test_profile_page_makes_a_token_shown_once(client, user):
    client.force_login(user)
    page = client.get("/tai-khoan/").content.decode()
    assert "Khóa truy cập API" in page
    expires = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(
        "/tai-khoan/khoa-api/",
        {"name": "Phần mềm đoàn viên", "expires_on": expires, "access": "write"},
    )
    assert response.status_code == 200
    token = AccessToken.objects.get(owner=user)
    html = response.content.decode()
    assert "Hãy sao chép ngay" in html
    secret = html.split('id="new-token"')[1].split('value="')[1].split('"')[0]
    assert secret.startswith(f"dkt_{token.prefix}_")
    assert token.secret_hash == token_hash(secret)
    assert secret not in str(AccessToken.objects.values_list().get())
    assert not token.read_only
    listed = client.get("/tai-khoan/").content.decode()
    assert "Phần mềm đoàn viên" in listed
    assert secret not in listed
    assert client.get("/api/v1/me", **bearer(secret)).json()["id"] == user.pk


def test_profile_page_refuses_a_bad_token_form_and_saves_nothing(client, user):
    client.force_login(user)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        "/tai-khoan/khoa-api/", {"name": "Cũ", "expires_on": yesterday, "access": "read"}
    )
    assert response.status_code == 400
    assert "Ngày hết hạn phải sau hôm nay." in response.content.decode()
    assert not AccessToken.objects.exists()


def test_revoking_on_the_profile_page_refuses_the_token(client, user):
    secret = make_token(user)
    token = AccessToken.objects.get(owner=user)
    other = UserFactory()
    client.force_login(other)
    assert client.post(f"/tai-khoan/khoa-api/{token.pk}/thu-hoi/").status_code == 404
    client.force_login(user)
    response = client.post(f"/tai-khoan/khoa-api/{token.pk}/thu-hoi/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = client.get("/api/v1/me", **bearer(secret))
    assert response.status_code == 401
    assert response.json()["detail"] == "Khóa truy cập này đã bị thu hồi."
    assert response["WWW-Authenticate"] == "Bearer"


def test_missing_and_unknown_tokens_answer_401(client, db):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["title"] == "Cần một khóa truy cập hợp lệ"
    response = client.get("/api/v1/me", **bearer("dkt_abcdef_khong-dung"))
    assert response.status_code == 401
    assert response.json()["detail"] == "Khóa truy cập này không tồn tại."


def test_expired_token_answers_401(client, user):
    secret = make_token(user)
    AccessToken.objects.update(
        created_at=timezone.now() - timedelta(days=2),
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    response = client.get("/api/v1/me", **bearer(secret, HTTP_ACCEPT_LANGUAGE="en"))
    assert response.status_code == 401
    assert response.json()["detail"] == "This access token has expired."


def test_read_only_token_reads_but_may_not_write(client, tree, user):
    secret = make_token(user, read_only=True)
    assert client.get("/api/v1/dossiers/mine", **bearer(secret)).status_code == 200
    response = client.post(
        "/api/v1/dossiers",
        {"unit_id": tree.grassroots_a1x.pk, "title": "X", "authors": []},
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Khóa truy cập này chỉ được phép đọc."


def test_each_use_is_logged(client, user):
    secret = make_token(user)
    client.get("/api/v1/me", **bearer(secret))
    client.get("/api/v1/dossiers/mine", **bearer(secret))
    uses = list(AccessTokenUse.objects.order_by("at", "pk").values_list("method", "path"))
    assert uses == [("GET", "/api/v1/me"), ("GET", "/api/v1/dossiers/mine")]
    assert AccessToken.objects.get().last_used_at is not None


def test_rate_limit_per_token_answers_429_with_retry_after(client, user, settings):
    settings.API_RATE_PER_MINUTE_TOKEN = 2
    secret = make_token(user)
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 200
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 200
    response = client.get("/api/v1/me", **bearer(secret))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["title"] == "Quá nhiều yêu cầu"
    # Another token of the same person has its own budget.
    assert client.get("/api/v1/me", **bearer(make_token(user))).status_code == 200


def test_rate_limit_per_client_covers_public_endpoints(client, db, settings):
    settings.API_RATE_PER_MINUTE_CLIENT = 2
    assert client.get("/api/v1/news").status_code == 200
    assert client.get("/api/v1/news").status_code == 200
    response = client.get("/api/v1/news")
    assert response.status_code == 429
    assert "Retry-After" in response


@pytest.mark.parametrize(
    ("days", "message"),
    [(0, "Ngày hết hạn phải sau hôm nay."), (400, "Một khóa chỉ có hiệu lực tối đa một năm.")],
)
def test_token_create_checks_the_expiry(user, days, message):
    from django.utils import translation

    from accounts.errors import ApplicationError

    with translation.override("vi"), pytest.raises(ApplicationError) as error:
        token_create(
            owner=user,
            name="X",
            expires_on=timezone.localdate() + timedelta(days=days),
            read_only=True,
        )
    assert str(error.value) == message


def test_only_the_owner_revokes(user):
    from accounts.errors import ApplicationError

    created = token_create(
        owner=user, name="X", expires_on=timezone.localdate() + timedelta(days=5), read_only=True
    )
    with pytest.raises(ApplicationError):
        token_revoke(token=created.token, actor=UserFactory())
    assert token_revoke(token=created.token, actor=user).revoked_at is not None
