"""The public verification of certificates at /xac-minh/: without sign-in, by the QR token or
the typed short code; exactly the holder, award, issuer, decision, initiative, status and code;
404 without a hint for unknown codes and drafts; revocations shown with their date; every
check logged; a limited number of checks a minute per client."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.codes import new_short_code, new_token
from awards.enums import RecipientKind
from awards.models import Certificate, VerificationCheck, VerificationRate
from awards.services.honours import (
    award_decision_create,
    certificate_revoke,
    recipient_add_person,
    recipient_add_unit,
)
from awards.services.verification import TooManyChecks, client_hash, verification_record
from tests.awards.test_certificates import (
    CO_AUTHOR,
    HOLDER,
    SIGNER,
    TITLE,
    build_issued,
    issue,
    make_award_type,
)
from tests.factories import UserFactory, unit_officer
from unions.enums import UnitKind

LOOKUP = "/xac-minh/"
REASON = "Tác giả khai không trung thực số liệu giá trị làm lợi."
REFERENCE = "07/QĐ-CĐCS"


@pytest.fixture
def issued(tree):
    """The decision of test_certificates, issued without rendering the PDFs (not needed)."""
    return build_issued(tree)


def page(certificate: Certificate, by: str = "token") -> str:
    code = certificate.token if by == "token" else certificate.short_code
    return reverse("verification:certificate", args=[code])


def text(response) -> str:
    return response.content.decode()


def assert_valid_page(response, issued) -> None:
    assert response.status_code == 200
    body = text(response)
    decision = issued.decision
    assert HOLDER in body
    assert "Giấy chứng nhận sáng kiến" in body
    assert issued.unit.name in body
    assert decision.number in body
    assert decision.decided_on.strftime("%d/%m/%Y") in body
    assert TITLE in body
    assert issued.certificate.short_code in body
    assert 'id="certificate-status"' in body and "badge-ok" in body
    assert "badge-ended" not in body
    assert reverse("verification:lookup") in body  # check another code


def assert_nothing_else(response, issued) -> None:
    """No personal data beyond the list, nothing of the other recipient, of the signer, of
    the grounds or of the revocation's reasons."""
    body = text(response)
    holder = issued.holder
    for absent in (
        holder.email,
        holder.phone,
        "0912345678",
        "19/04/1987",
        "1987-04-19",
        "19 tháng 4",
        CO_AUTHOR,
        "02/11/1979",
        "Xưởng cơ khí số 2",
        SIGNER,
        "Đã có sáng kiến được Hội đồng",
        REASON,
        REFERENCE,
        issued.officer.email,
    ):
        assert absent not in body, absent


# --- the form -------------------------------------------------------------------------------


def test_lookup_form_shows_signed_out(client, db):
    response = client.get(LOOKUP)
    assert response.status_code == 200
    body = text(response)
    assert 'id="verification-form"' in body
    assert 'method="get"' in body
    assert 'name="code"' in body
    assert "errorlist" not in body
    assert not VerificationCheck.objects.exists()


@pytest.mark.parametrize(
    "typed",
    [
        "7K30-Q9TA-2XWD",
        "7k30q9ta2xwd",
        "7K3O Q9TA 2XWD",
        " 7k3o-q9ta-2xwd ",
        "7K30.Q9TA.2XWD",
    ],
)
def test_lookup_form_redirects_a_typed_code_to_its_page(client, issued, typed):
    Certificate.objects.filter(pk=issued.certificate.pk).update(short_code="7K30-Q9TA-2XWD")
    response = client.get(LOOKUP, {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == "/xac-minh/7K30-Q9TA-2XWD/"
    followed = client.get(response["Location"])
    assert HOLDER in text(followed)
    assert "7K30-Q9TA-2XWD" in text(followed)


def test_look_alike_letters_are_read_as_digits(client, issued):
    Certificate.objects.filter(pk=issued.certificate.pk).update(short_code="1D0V-ABCD-EF10")
    response = client.get(LOOKUP, {"code": "idou-abcd-efio"})
    assert response["Location"] == "/xac-minh/1D0V-ABCD-EF10/"
    assert HOLDER in text(client.get("/xac-minh/ldoU-abcd-eflo/"))


@pytest.mark.parametrize("typed", ["", "7K30-Q9TA", "7K30-Q9TA-2XWD-1234", "!!!"])
def test_lookup_form_rejects_a_malformed_code(client, db, typed):
    response = client.get(LOOKUP, {"code": typed})
    assert response.status_code == 200
    assert "errorlist" in text(response)
    assert not VerificationCheck.objects.exists()


def test_lookup_answers_only_get(client, db):
    assert client.post(LOOKUP, {"code": "7K30-Q9TA-2XWD"}).status_code == 405


# --- the certificate's page -----------------------------------------------------------------


@pytest.mark.parametrize("by", ["token", "short code"])
def test_page_shows_the_listed_data_signed_out(client, issued, by):
    response = client.get(page(issued.certificate, by))
    assert_valid_page(response, issued)
    assert_nothing_else(response, issued)
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-cache" in response["Cache-Control"]


def test_page_by_short_code_does_not_reveal_the_token(client, issued):
    body = text(client.get(page(issued.certificate, "short code")))
    assert issued.certificate.token not in body


def test_page_works_signed_in_too(client, issued):
    client.force_login(UserFactory())
    assert_valid_page(client.get(page(issued.certificate)), issued)


def test_page_of_a_unit_award_without_initiative(client, tree):
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
    )
    recipient_add_unit(decision=decision, actor=officer, unit=tree.grassroots_a1y)
    issue(decision, officer)
    certificate = Certificate.objects.get(recipient__decision=decision)
    body = text(client.get(page(certificate)))
    assert "Công đoàn cơ sở Bệnh viện Đông Hà" in body
    assert "Bằng khen" in body
    assert "Liên đoàn Lao động tỉnh Quảng Trị" in body
    assert 'id="initiative"' not in body


# --- unknown codes and drafts ---------------------------------------------------------------


def _neighbour(code: str) -> str:
    """The short code with its last character changed."""
    last = "2" if code[-1] != "2" else "3"
    return code[:-1] + last


@pytest.mark.parametrize(
    "code",
    ["0123456789abcdef0123456789abcdef", "ZZZZ-ZZZZ-ZZZZ", "x" * 200, "%E2%9C%93", "a%00b"],
)
def test_unknown_code_is_404_without_a_hint(client, issued, code):
    response = client.get(f"{LOOKUP}{code}/")
    assert response.status_code == 404
    body = text(response)
    assert HOLDER not in body
    assert issued.certificate.short_code not in body
    assert issued.certificate.token not in body
    assert body == text(client.get(f"{LOOKUP}{_neighbour(issued.certificate.short_code)}/"))


def test_a_code_one_character_away_is_404(client, issued):
    response = client.get(f"{LOOKUP}{_neighbour(issued.certificate.short_code)}/")
    assert response.status_code == 404
    assert issued.certificate.short_code not in text(response)


def test_a_token_one_character_away_is_404(client, issued):
    token = issued.certificate.token
    other = token[:-1] + ("0" if token[-1] != "0" else "1")
    assert client.get(f"{LOOKUP}{other}/").status_code == 404


def test_draft_decisions_certificate_is_404(client, tree):
    """Certificates are made when a decision is issued; one on a draft (which no service
    makes) still does not show."""
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
    recipient = recipient_add_person(decision=decision, actor=officer, name=HOLDER)
    certificate = Certificate.objects.create(
        recipient=recipient, token=new_token(), short_code=new_short_code()
    )
    for by in ("token", "short code"):
        response = client.get(page(certificate, by))
        assert response.status_code == 404
        assert HOLDER not in text(response)
    assert list(VerificationCheck.objects.values_list("found", "certificate")) == [
        (False, None),
        (False, None),
    ]


# --- revocations ------------------------------------------------------------------------------


def test_revoked_certificate_shows_revoked_with_its_date(client, issued):
    revoked_on = timezone.localdate() - timedelta(days=1)
    certificate_revoke(
        decision=issued.decision,
        actor=issued.officer,
        revoked_on=revoked_on,
        reason=REASON,
        certificate=issued.certificate,
        reference=REFERENCE,
    )
    response = client.get(page(issued.certificate))
    assert response.status_code == 200
    body = text(response)
    assert "badge-ended" in body and "badge-ok" not in body
    assert revoked_on.strftime("%d/%m/%Y") in body
    assert HOLDER in body and issued.decision.number in body
    assert_nothing_else(response, issued)
    # The co-author's certificate of the same decision stays valid.
    other = Certificate.objects.get(recipient__decision=issued.decision, recipient__name=CO_AUTHOR)
    other_body = text(client.get(page(other, "short code")))
    assert "badge-ok" in other_body and "badge-ended" not in other_body


def test_revoking_the_whole_decision_shows_on_every_certificate(client, issued):
    revoked_on = issued.decision.decided_on
    certificate_revoke(
        decision=issued.decision,
        actor=issued.officer,
        revoked_on=revoked_on,
        reason=REASON,
        reference=REFERENCE,
    )
    certificates = Certificate.objects.filter(recipient__decision=issued.decision)
    assert certificates.count() == 2
    for certificate in certificates:
        response = client.get(page(certificate, "short code"))
        body = text(response)
        assert response.status_code == 200
        assert "badge-ended" in body and "badge-ok" not in body
        assert revoked_on.strftime("%d/%m/%Y") in body
        assert REASON not in body and REFERENCE not in body


# --- the log and the rate limit ------------------------------------------------------------


def test_every_check_is_logged(client, issued):
    client.get(page(issued.certificate))
    client.get(page(issued.certificate, "short code"))
    client.get(f"{LOOKUP}ZZZZ-ZZZZ-ZZZZ/")
    checks = list(VerificationCheck.objects.order_by("pk"))
    assert [(c.certificate_id, c.found) for c in checks] == [
        (issued.certificate.pk, True),
        (issued.certificate.pk, True),
        (None, False),
    ]
    hashes = {c.client_hash for c in checks}
    assert len(hashes) == 1
    (client_hash,) = hashes
    assert len(client_hash) == 64 and "127.0.0.1" not in client_hash


def test_rate_limit_answers_429_after_the_allowed_checks(client, issued, settings):
    settings.VERIFICATION_RATE_PER_MINUTE = 3
    assert client.get(page(issued.certificate)).status_code == 200
    assert client.get(f"{LOOKUP}ZZZZ-ZZZZ-ZZZZ/").status_code == 404
    assert client.get(page(issued.certificate, "short code")).status_code == 200
    response = client.get(page(issued.certificate))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    body = text(response)
    assert 'id="rate-limited"' in body
    assert HOLDER not in body
    assert VerificationCheck.objects.count() == 3  # the refused request checked nothing
    # Another client is not slowed down.
    assert client.get(page(issued.certificate), REMOTE_ADDR="203.0.113.9").status_code == 200
    # The next minute the first client may check again, and past minutes are forgotten.
    VerificationRate.objects.update(minute=F("minute") - timedelta(minutes=2))
    assert client.get(page(issued.certificate)).status_code == 200
    assert VerificationRate.objects.count() == 1


def test_rate_limit_behind_a_trusted_proxy_keys_on_the_forwarded_client(client, issued, settings):
    settings.VERIFICATION_RATE_PER_MINUTE = 2
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    def check(forwarded: str) -> int:
        return client.get(
            page(issued.certificate), HTTP_X_FORWARDED_FOR=forwarded, **proxy
        ).status_code

    assert [check("198.51.100.7") for _ in range(2)] == [200, 200]
    assert check("198.51.100.7") == 429
    # Another visitor behind the same proxy has a bucket of their own ...
    assert check("198.51.100.8") == 200
    # ... and the first one cannot get a new bucket by writing their own header in front.
    assert check("203.0.113.1, 198.51.100.7") == 429
    assert {c.client_hash for c in VerificationCheck.objects.all()} == {
        client_hash("198.51.100.7"),
        client_hash("198.51.100.8"),
    }


def test_rate_limit_without_a_trusted_proxy_ignores_the_forwarded_header(client, issued, settings):
    settings.VERIFICATION_RATE_PER_MINUTE = 1
    assert settings.TRUSTED_PROXY_COUNT == 0
    assert client.get(page(issued.certificate), HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
    assert client.get(page(issued.certificate), HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429


def test_rate_limit_counts_unknown_codes(client, db, settings):
    settings.VERIFICATION_RATE_PER_MINUTE = 2
    assert client.get(f"{LOOKUP}AAAA-AAAA-AAAA/").status_code == 404
    assert client.get(f"{LOOKUP}AAAA-AAAA-AAAB/").status_code == 404
    assert client.get(f"{LOOKUP}AAAA-AAAA-AAAC/").status_code == 429


# --- the service behind the page ------------------------------------------------------------


def test_verification_record_logs_a_salted_hash_of_the_client(issued, settings):
    found = verification_record(code=issued.certificate.short_code, client_address="198.51.100.7")
    missing = verification_record(code="ZZZZ-ZZZZ-ZZZZ", client_address="198.51.100.7")

    assert found == issued.certificate and missing is None
    checks = list(VerificationCheck.objects.order_by("pk"))
    assert [(c.certificate_id, c.found) for c in checks] == [
        (issued.certificate.pk, True),
        (None, False),
    ]
    assert {c.client_hash for c in checks} == {client_hash("198.51.100.7")}
    assert client_hash("198.51.100.7") != client_hash("198.51.100.8")
    settings.SECRET_KEY = "another secret of another site " * 2
    assert client_hash("198.51.100.7") != checks[0].client_hash  # salted with the secret


def test_verification_record_refuses_past_the_limit_and_logs_nothing(issued, settings):
    settings.VERIFICATION_RATE_PER_MINUTE = 2
    for _ in range(2):
        verification_record(code=issued.certificate.token, client_address="198.51.100.7")

    with pytest.raises(TooManyChecks):
        verification_record(code=issued.certificate.token, client_address="198.51.100.7")

    assert VerificationCheck.objects.count() == 2
    assert verification_record(code=issued.certificate.token, client_address="198.51.100.8")


# --- queries --------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_count_is_constant(client, issued, tree):
    base = _queries(client, page(issued.certificate))
    assert base <= 7  # the page's five, and the header's public menu (the site, its sections)
    assert _queries(client, page(issued.certificate, "short code")) == base
    # Another decision with more recipients, and a revoked certificate.
    officer = unit_officer(tree.grassroots_a1y)
    decision = award_decision_create(
        issuer=tree.grassroots_a1y,
        award_type=make_award_type("thu-khac", "Giấy khen", initiative_certificate=False),
        decided_on=timezone.localdate() - timedelta(days=1),
        signer_name=SIGNER,
        signer_title="Chủ tịch",
        actor=officer,
    )
    for number in range(5):
        recipient_add_person(decision=decision, actor=officer, name=f"Người nhận {number}")
    issue(decision, officer)
    certificate = Certificate.objects.filter(recipient__decision=decision).last()
    assert _queries(client, page(certificate)) == base
    certificate_revoke(
        decision=decision,
        actor=officer,
        revoked_on=timezone.localdate(),
        reason=REASON,
        certificate=certificate,
    )
    assert _queries(client, page(certificate, "short code")) == base
