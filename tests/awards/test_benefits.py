"""Benefit of recognised initiatives: the services (claims per year of application, the verifier's
finding, evidence checked like a dossier's files), what counts as verified, the panel on the
dossier page, the claim and verification pages and the evidence download."""

import datetime

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from accounts.errors import ApplicationError
from awards.enums import BenefitStatus, QualificationTier, Scope
from awards.models import AwardType, BenefitEvidence, BenefitRecord
from awards.selectors.decisions import recipients_eligibility
from awards.services.benefits import benefit_claim, benefit_evidence_add, benefit_verify
from awards.services.honours import award_decision_create, recipient_add_person
from awards.statistics import award_figures
from initiatives.enums import InitiativeStatus
from initiatives.models import Initiative
from tests.factories import RoleGrantFactory, UserFactory, make_initiative, unit_officer
from tests.factories.awards import member_of
from unions.enums import Role
from unions.statistics import FigureScope

S = InitiativeStatus
TODAY = timezone.localdate()
THIS_YEAR = TODAY.year
FIRST = THIS_YEAR - 2

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def upload(name: str = "bang-tinh-loi-ich.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def dossier(unit, status=S.RECOGNISED, first_year: int = FIRST) -> Initiative:
    """A dossier of ``unit`` by a new member, first applied in June of ``first_year``."""
    initiative = make_initiative(unit, member_of(unit), status)
    Initiative.objects.filter(pk=initiative.pk).update(
        first_applied_on=datetime.date(first_year, 6, 1)
    )
    return Initiative.objects.select_related("unit").get(pk=initiative.pk)


@pytest.fixture
def recognised(tree) -> Initiative:
    return dossier(tree.grassroots_a1x)


@pytest.fixture
def verifier(tree):
    """An officer of the district above the dossier's grassroots union (award.issue there)."""
    return unit_officer(tree.district_a1)


def claim(initiative: Initiative, year: int, amount: int, actor=None) -> BenefitRecord:
    return benefit_claim(
        initiative=initiative, year=year, claimed_vnd=amount, actor=actor or initiative.created_by
    )


def verify(record: BenefitRecord, actor, status=BenefitStatus.VERIFIED, **values) -> BenefitRecord:
    values.setdefault("method", "Đối chiếu sổ sách kế toán và biên bản nghiệm thu.")
    values.setdefault("verified_on", TODAY)
    return benefit_verify(record=record, actor=actor, status=status, **values)


# --- claims --------------------------------------------------------------------------------


def test_author_claims_a_year_of_a_recognised_initiative(recognised):
    record = claim(recognised, FIRST, 50_000_000)

    assert (record.year, record.claimed_vnd, record.status) == (
        FIRST,
        50_000_000,
        BenefitStatus.CLAIMED,
    )
    assert record.verified_vnd is None
    assert record.recorded_by == recognised.created_by


def test_officer_receiving_dossiers_may_claim_too(tree, recognised):
    officer = unit_officer(tree.grassroots_a1x)

    assert claim(recognised, FIRST + 1, 10_000_000, actor=officer).recorded_by == officer


@pytest.mark.parametrize("status", [S.ACCEPTED, S.UNDER_REVIEW, S.NOT_RECOGNISED])
def test_claim_is_refused_before_recognition(tree, status):
    initiative = dossier(tree.grassroots_a1x, status)

    with translation.override("en"), pytest.raises(ApplicationError, match="recognised"):
        claim(initiative, FIRST, 50_000_000)
    assert not BenefitRecord.objects.exists()


def test_claim_is_refused_to_someone_else(tree, recognised):
    stranger = member_of(tree.grassroots_a1x)

    with pytest.raises(ApplicationError):
        claim(recognised, FIRST, 50_000_000, actor=stranger)
    with pytest.raises(ApplicationError):
        claim(recognised, FIRST, 50_000_000, actor=unit_officer(tree.grassroots_a1y))
    assert not BenefitRecord.objects.exists()


def test_claims_cover_the_first_three_years_of_application_only(recognised):
    for year in (FIRST, FIRST + 1, FIRST + 2):
        claim(recognised, year, 10_000_000)

    with pytest.raises(ApplicationError, match=f"{FIRST}–{FIRST + 2}") as before:
        claim(recognised, FIRST - 1, 10_000_000)
    assert before.value.field == "year"
    assert recognised.benefit_records.count() == 3


def test_claim_for_a_year_that_has_not_begun_is_refused(tree):
    initiative = dossier(tree.grassroots_a1x, first_year=THIS_YEAR)

    with pytest.raises(ApplicationError) as error:
        claim(initiative, THIS_YEAR + 1, 10_000_000)
    assert error.value.field == "year"


def test_negative_claim_is_refused(recognised):
    with pytest.raises(ApplicationError) as error:
        claim(recognised, FIRST, -1)
    assert error.value.field == "claimed_vnd"


def test_claim_is_corrected_while_unverified_and_frozen_once_verified(recognised, verifier):
    record = claim(recognised, FIRST, 50_000_000)
    claim(recognised, FIRST, 60_000_000)
    record.refresh_from_db()
    assert record.claimed_vnd == 60_000_000
    assert recognised.benefit_records.count() == 1

    verify(record, verifier)

    with pytest.raises(ApplicationError, match=str(FIRST)):
        claim(recognised, FIRST, 90_000_000)
    record.refresh_from_db()
    assert record.claimed_vnd == 60_000_000


# --- verification --------------------------------------------------------------------------


def test_verified_takes_the_claimed_value(recognised, verifier):
    record = verify(claim(recognised, FIRST, 85_000_000), verifier, scope=Scope.PROVINCE)

    assert record.status == BenefitStatus.VERIFIED
    assert record.verified_vnd == 85_000_000
    assert record.verified_by == verifier
    assert record.verified_on == TODAY
    assert record.scope == Scope.PROVINCE
    assert record.method.startswith("Đối chiếu")


def test_adjusted_keeps_the_verifier_value_apart_from_the_claim(recognised, verifier):
    record = verify(
        claim(recognised, FIRST, 85_000_000),
        verifier,
        BenefitStatus.ADJUSTED,
        verified_vnd=70_000_000,
    )

    assert (record.status, record.claimed_vnd, record.verified_vnd) == (
        BenefitStatus.ADJUSTED,
        85_000_000,
        70_000_000,
    )


def test_adjusted_to_the_claimed_value_is_simply_verified(recognised, verifier):
    record = verify(
        claim(recognised, FIRST, 85_000_000),
        verifier,
        BenefitStatus.ADJUSTED,
        verified_vnd=85_000_000,
    )

    assert record.status == BenefitStatus.VERIFIED


def test_adjusted_needs_a_value(recognised, verifier):
    record = claim(recognised, FIRST, 85_000_000)

    with pytest.raises(ApplicationError) as error:
        verify(record, verifier, BenefitStatus.ADJUSTED)
    assert error.value.field == "verified_vnd"


def test_rejected_has_no_verified_value(recognised, verifier):
    record = verify(claim(recognised, FIRST, 85_000_000), verifier, BenefitStatus.REJECTED)

    assert record.status == BenefitStatus.REJECTED
    assert record.verified_vnd is None


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"method": "  "}, "method"),
        ({"verified_on": TODAY + datetime.timedelta(days=1)}, "verified_on"),
        ({"scope": "galaxy"}, "scope"),
        ({"status": "maybe"}, "status"),
    ],
)
def test_verification_refuses_bad_input(recognised, verifier, values, field):
    record = claim(recognised, FIRST, 85_000_000)
    status = values.pop("status", BenefitStatus.VERIFIED)

    with pytest.raises(ApplicationError) as error:
        verify(record, verifier, status, **values)
    assert error.value.field == field
    record.refresh_from_db()
    assert record.status == BenefitStatus.CLAIMED


def test_only_officers_issuing_awards_above_the_dossier_verify(tree, recognised):
    record = claim(recognised, FIRST, 85_000_000)
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.province_a, role=Role.VIEWER)
    for outsider in (recognised.created_by, unit_officer(tree.district_b1), viewer):
        with pytest.raises(ApplicationError):
            verify(record, outsider)
    for officer in (unit_officer(tree.grassroots_a1x), unit_officer(tree.national)):
        assert verify(record, officer).verified_by == officer


def test_only_verified_and_adjusted_values_count(tree, verifier):
    counted = dossier(tree.grassroots_a1x)
    verify(claim(counted, FIRST, 30_000_000), verifier)
    verify(
        claim(counted, FIRST + 1, 50_000_000),
        verifier,
        BenefitStatus.ADJUSTED,
        verified_vnd=45_000_000,
    )
    verify(claim(counted, FIRST + 2, 70_000_000), verifier, BenefitStatus.REJECTED)
    unverified = dossier(tree.grassroots_a1x)
    claim(unverified, FIRST, 900_000_000)

    # What an award decision's table finds for each dossier: its best counted year.
    officer = unit_officer(tree.national)
    decision = award_decision_create(
        issuer=tree.national,
        award_type=AwardType.objects.get(code="bang-ldst"),
        decided_on=timezone.localdate(),
        signer_name="Nguyễn Đình Khang",
        signer_title="Chủ tịch Tổng Liên đoàn",
        actor=officer,
    )
    # Two people: one person receives one certificate of a decision.
    found = {
        initiative: recipient_add_person(
            decision=decision,
            actor=officer,
            name=f"Tác giả {number}",
            initiative=initiative,
            tier=QualificationTier.COLLEGE_OR_LOWER,
        )
        for number, initiative in enumerate((counted, unverified), start=1)
    }
    eligibility = recipients_eligibility(decision, list(found.values()))
    assert eligibility[found[counted].pk].checks[0].found.startswith("45.000.000 ₫")
    assert eligibility[found[unverified].pk].checks[0].found == "—"
    assert award_figures(FigureScope())["verified_benefit_vnd"] == 75_000_000


# --- evidence ------------------------------------------------------------------------------


def _stored(record: BenefitRecord) -> list[str]:
    try:
        return storages["private"].listdir(f"benefits/{record.pk}")[1]
    except FileNotFoundError:
        return []


def test_evidence_is_kept_in_private_storage_under_an_unguessable_name(recognised, verifier):
    record = claim(recognised, FIRST, 85_000_000)

    evidence = benefit_evidence_add(record=record, upload=upload(), actor=verifier)

    assert evidence.original_name == "bang-tinh-loi-ich.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.size == len(PDF)
    assert "bang-tinh" not in evidence.file.name
    assert evidence.file.storage is storages["private"]
    assert evidence.file.open("rb").read() == PDF


def test_author_may_add_evidence_to_their_claim(recognised):
    record = claim(recognised, FIRST, 85_000_000)

    evidence = benefit_evidence_add(record=record, upload=upload(), actor=recognised.created_by)

    assert evidence.uploaded_by == recognised.created_by


def test_evidence_of_another_type_is_refused_and_nothing_is_saved(recognised, verifier):
    record = claim(recognised, FIRST, 85_000_000)
    stored = _stored(record)  # the in-memory storage outlives a test's transaction

    with pytest.raises(ApplicationError, match="ghi-chu.pdf") as error:
        benefit_evidence_add(
            record=record, upload=upload("ghi-chu.pdf", b"just some text"), actor=verifier
        )
    assert error.value.field == "upload"
    assert not BenefitEvidence.objects.exists()
    assert _stored(record) == stored


def test_evidence_over_the_size_limit_is_refused_and_nothing_is_saved(
    recognised, verifier, settings
):
    settings.INITIATIVE_ATTACHMENT_MAX_BYTES = 1024 * 1024
    record = claim(recognised, FIRST, 85_000_000)
    stored = _stored(record)
    big = PDF + b"%" * (1024 * 1024)

    with pytest.raises(ApplicationError, match="1 MB") as error:
        benefit_evidence_add(record=record, upload=upload("so-lieu.pdf", big), actor=verifier)
    assert "so-lieu.pdf" in error.value.message
    assert not BenefitEvidence.objects.exists()
    assert _stored(record) == stored


def test_evidence_by_someone_else_is_refused(tree, recognised):
    record = claim(recognised, FIRST, 85_000_000)

    with pytest.raises(ApplicationError):
        benefit_evidence_add(record=record, upload=upload(), actor=member_of(tree.grassroots_a1x))
    assert not BenefitEvidence.objects.exists()


# --- the panel on the dossier page ---------------------------------------------------------


def detail(client, user, initiative) -> str:
    client.force_login(user)
    response = client.get(reverse("initiatives:detail", args=[initiative.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_panel_shows_years_values_finding_and_evidence(client, recognised, verifier):
    record = verify(
        claim(recognised, FIRST, 85_000_000),
        verifier,
        BenefitStatus.ADJUSTED,
        verified_vnd=81_500_000,
    )
    evidence = benefit_evidence_add(record=record, upload=upload(), actor=verifier)
    claim(recognised, FIRST + 1, 12_345_678)

    page = detail(client, recognised.created_by, recognised)

    assert 'id="benefits"' in page
    assert f'data-year="{FIRST}"' in page and f'data-year="{FIRST + 1}"' in page
    assert "85.000.000 ₫" in page and "81.500.000 ₫" in page and "12.345.678 ₫" in page
    assert str(record.get_status_display()) in page
    assert verifier.get_full_name() in page
    assert TODAY.strftime("%d/%m/%Y") in page
    assert "Đối chiếu sổ sách" in page
    assert reverse("achievements:benefit_evidence", args=[record.pk, evidence.pk]) in page
    # The author records claims but does not verify; a verified year is no longer offered and
    # the year still without a record comes first.
    assert 'id="benefit-claim-form"' in page
    assert f'<option value="{FIRST}"' not in page
    assert f'<option value="{FIRST + 1}">' in page
    assert f'<option value="{FIRST + 2}" selected>' in page
    assert f'href="{reverse("achievements:benefit_verify", args=[record.pk])}"' not in page


def test_panel_offers_verification_to_the_verifier(client, recognised, verifier):
    record = claim(recognised, FIRST, 85_000_000)

    page = detail(client, verifier, recognised)

    assert f'href="{reverse("achievements:benefit_verify", args=[record.pk])}"' in page


def test_panel_is_read_only_for_a_viewer(client, tree, recognised):
    record = claim(recognised, FIRST, 85_000_000)
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.province_a, role=Role.VIEWER)

    page = detail(client, viewer, recognised)

    assert "85.000.000 ₫" in page
    assert 'id="benefit-claim-form"' not in page
    assert f'href="{reverse("achievements:benefit_verify", args=[record.pk])}"' not in page


def test_panel_has_no_claim_form_once_every_year_is_verified(client, recognised, verifier):
    for year in (FIRST, FIRST + 1, FIRST + 2):
        verify(claim(recognised, year, 1_000_000), verifier)

    page = detail(client, recognised.created_by, recognised)

    assert 'id="benefit-verified-total"' in page and "3.000.000 ₫" in page
    assert 'id="benefit-claim-form"' not in page


def test_panel_is_absent_before_recognition(client, tree):
    initiative = dossier(tree.grassroots_a1x, S.UNDER_REVIEW)

    assert 'id="benefits"' not in detail(client, initiative.created_by, initiative)


# --- the claim page ------------------------------------------------------------------------


def test_claim_page_records_a_year_with_evidence(client, recognised):
    client.force_login(recognised.created_by)

    response = client.post(
        reverse("achievements:benefit_claim", args=[recognised.pk]),
        {"year": FIRST + 1, "claimed_vnd": "50.000.000 ₫", "evidence": upload()},
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#benefits")
    record = recognised.benefit_records.get()
    assert (record.year, record.claimed_vnd) == (FIRST + 1, 50_000_000)
    assert record.evidence.get().original_name == "bang-tinh-loi-ich.pdf"


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"year": FIRST - 1, "claimed_vnd": "1.000"}, "year"),
        ({"year": FIRST, "claimed_vnd": "năm mươi triệu"}, "claimed_vnd"),
        ({"year": FIRST, "claimed_vnd": "-5"}, "claimed_vnd"),
        ({"year": "x", "claimed_vnd": ""}, "claimed_vnd"),
    ],
)
def test_claim_page_answers_bad_input_with_form_errors(client, recognised, data, field_error):
    client.force_login(recognised.created_by)

    response = client.post(reverse("achievements:benefit_claim", args=[recognised.pk]), data)

    assert response.status_code == 400
    assert response.context["form"].errors.get(field_error)
    assert not BenefitRecord.objects.exists()


def test_claim_with_bad_evidence_saves_nothing(client, recognised):
    client.force_login(recognised.created_by)

    response = client.post(
        reverse("achievements:benefit_claim", args=[recognised.pk]),
        {"year": FIRST, "claimed_vnd": "50.000.000", "evidence": upload("x.pdf", b"plain text")},
    )

    assert response.status_code == 400
    assert "x.pdf" in str(response.context["form"].errors["evidence"])
    assert not BenefitRecord.objects.exists()
    assert not BenefitEvidence.objects.exists()


def test_claim_page_is_404_for_others(client, tree, recognised):
    url = reverse("achievements:benefit_claim", args=[recognised.pk])
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.grassroots_a1x, role=Role.VIEWER)
    for user in (member_of(tree.grassroots_a1x), viewer, unit_officer(tree.grassroots_b1x)):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"year": FIRST, "claimed_vnd": "1"}).status_code == 404
    assert not BenefitRecord.objects.exists()


def test_claim_page_needs_sign_in(client, recognised):
    response = client.get(reverse("achievements:benefit_claim", args=[recognised.pk]))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# --- the verification page -----------------------------------------------------------------


def verify_url(record) -> str:
    return reverse("achievements:benefit_verify", args=[record.pk])


def test_verification_page_shows_the_claim_and_the_form(client, recognised, verifier):
    record = claim(recognised, FIRST, 85_000_000)
    client.force_login(verifier)

    response = client.get(verify_url(record))

    page = response.content.decode()
    assert response.status_code == 200
    assert recognised.title in page
    assert "85.000.000 ₫" in page
    assert 'id="benefit-verify-form"' in page
    assert f'value="{TODAY.isoformat()}"' in page  # the date proposed, in the date picker


def test_verification_page_records_an_adjusted_value_with_evidence(client, recognised, verifier):
    record = claim(recognised, FIRST, 85_000_000)
    client.force_login(verifier)

    response = client.post(
        verify_url(record),
        {
            "status": BenefitStatus.ADJUSTED,
            "verified_vnd": "80.000.000",
            "method": "Kiểm tra chứng từ chi phí năm trước và năm áp dụng.",
            "scope": Scope.UNIT,
            "verified_on": TODAY.strftime("%d/%m/%Y"),
            "evidence": upload("bien-ban.pdf"),
        },
    )

    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.verified_vnd, record.scope) == (
        BenefitStatus.ADJUSTED,
        80_000_000,
        Scope.UNIT,
    )
    assert record.verified_by == verifier
    assert record.evidence.get().original_name == "bien-ban.pdf"


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"status": BenefitStatus.ADJUSTED, "verified_vnd": ""}, "verified_vnd"),
        ({"status": "claimed"}, "status"),
        ({"verified_on": "31/02/2025"}, "verified_on"),
        ({"verified_on": "01/01/2999"}, "verified_on"),
        ({"method": ""}, "method"),
        ({"verified_vnd": "abc", "status": BenefitStatus.ADJUSTED}, "verified_vnd"),
    ],
)
def test_verification_page_answers_bad_input_with_form_errors(
    client, recognised, verifier, data, field_error
):
    record = claim(recognised, FIRST, 85_000_000)
    client.force_login(verifier)
    values = {
        "status": BenefitStatus.VERIFIED,
        "method": "Kiểm tra sổ sách.",
        "verified_on": TODAY.strftime("%d/%m/%Y"),
        **data,
    }

    response = client.post(verify_url(record), values)

    assert response.status_code == 400
    assert response.context["form"].errors.get(field_error)
    record.refresh_from_db()
    assert record.status == BenefitStatus.CLAIMED


def test_verification_with_bad_evidence_saves_nothing(client, recognised, verifier):
    record = claim(recognised, FIRST, 85_000_000)
    client.force_login(verifier)

    response = client.post(
        verify_url(record),
        {
            "status": BenefitStatus.VERIFIED,
            "method": "Kiểm tra sổ sách.",
            "verified_on": TODAY.strftime("%d/%m/%Y"),
            "evidence": upload("anh.png", b"not an image"),
        },
    )

    assert response.status_code == 400
    record.refresh_from_db()
    assert record.status == BenefitStatus.CLAIMED
    assert not BenefitEvidence.objects.exists()


def test_verification_page_is_404_for_everyone_else(client, tree, recognised):
    record = claim(recognised, FIRST, 85_000_000)
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.national, role=Role.VIEWER)
    for user in (recognised.created_by, viewer, unit_officer(tree.province_b)):
        client.force_login(user)
        assert client.get(verify_url(record)).status_code == 404
    client.force_login(unit_officer(tree.national))
    assert client.get(reverse("achievements:benefit_verify", args=[999_999])).status_code == 404


# --- evidence download ---------------------------------------------------------------------


def test_evidence_download_for_readers_of_the_dossier_only(client, tree, recognised, verifier):
    record = claim(recognised, FIRST, 85_000_000)
    evidence = benefit_evidence_add(record=record, upload=upload(), actor=verifier)
    url = reverse("achievements:benefit_evidence", args=[record.pk, evidence.pk])
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.province_a, role=Role.VIEWER)

    for reader in (recognised.created_by, verifier, viewer):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"

    for outsider in (member_of(tree.grassroots_a1x), unit_officer(tree.province_b)):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_evidence_download_of_another_record_is_404(client, tree, recognised, verifier):
    record = claim(recognised, FIRST, 85_000_000)
    other = claim(recognised, FIRST + 1, 5_000_000)
    evidence = benefit_evidence_add(record=record, upload=upload(), actor=verifier)
    client.force_login(verifier)

    url = reverse("achievements:benefit_evidence", args=[other.pk, evidence.pk])
    assert client.get(url).status_code == 404
