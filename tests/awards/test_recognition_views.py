"""The pages of the recognitions decided by the employer (issue 13 §2): recording and
registering the employer's decision, confirming or rejecting it, and who recognised a dossier
on the dossier page, the ladder and the public bank."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from awards.enums import ExternalRecognitionStatus, RoundStatus
from awards.models import ExternalRecognition
from awards.services import round_close
from awards.services.recognitions import external_recognition_record
from initiatives.enums import InitiativeStatus as S
from initiatives.models import Initiative
from tests.awards.test_recognitions import PDF, decision_data, scan
from tests.awards.test_services import person_with
from tests.factories.awards import accepted_dossier, make_round_in, member_of, record_vote
from tests.factories.employers import make_employer
from tests.factories.initiatives import make_initiative, unit_officer
from tests.factories.pages import make_initiative_bank
from unions.enums import Role

TODAY = timezone.localdate()


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def employer(tree):
    return make_employer(
        tree.grassroots_a1x,
        name="Công ty Cổ phần May Sông Hiếu",
        head_name="Lê Thị Thu Hiền",
        head_title="Tổng Giám đốc",
    )


def form_data(employer, **changes) -> dict:
    return {
        "employer": employer.pk,
        "decision_number": "15/QĐ-CT",
        "decided_on": (TODAY - datetime.timedelta(days=3)).strftime("%d/%m/%Y"),
        "signer_name": "Lê Thị Thu Hiền",
        "signer_title": "Tổng Giám đốc",
        "scope": "unit",
        "scan": SimpleUploadedFile("quyet-dinh.pdf", PDF, content_type="application/pdf"),
        **changes,
    }


# --- recording and registering --------------------------------------------------------------


def test_officer_records_the_decision_from_the_form(client, tree, employer):
    dossier = accepted_dossier(tree.grassroots_a1x)
    officer = unit_officer(tree.grassroots_a1x)
    url = reverse("recognitions:record", args=[dossier.pk])

    page = login(client, officer).get(url)
    assert page.status_code == 200
    assert 'value="Lê Thị Thu Hiền"' in page.content.decode()  # the head signs by default
    response = client.post(url, form_data(employer))

    assert response.status_code == 302
    record = ExternalRecognition.objects.get(initiative=dossier)
    assert record.status == ExternalRecognitionStatus.RECORDED and record.recorded_by == officer


def test_member_registers_a_draft_from_the_dossier_page(client, tree, employer):
    author = member_of(tree.grassroots_a1x)
    draft = make_initiative(tree.grassroots_a1x, author)
    detail = login(client, author).get(reverse("initiatives:detail", args=[draft.pk]))
    register = reverse("recognitions:register", args=[draft.pk])
    assert register in detail.content.decode()

    response = client.post(register, form_data(employer))

    assert response.status_code == 302
    assert Initiative.objects.get(pk=draft.pk).status == S.SUBMITTED
    assert ExternalRecognition.objects.get(initiative=draft).by_member


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"scan": SimpleUploadedFile("quyet-dinh.pdf", b"MZ\x90 not a pdf")},
            "scan",
            "không phải",
        ),
        ({"decision_number": ""}, "decision_number", "bắt buộc"),
        ({"decided_on": "31/02/2026"}, "decided_on", ""),
        ({"scan": ""}, "scan", ""),
    ],
)
def test_bad_input_shows_a_vietnamese_error_and_saves_nothing(
    client, tree, employer, changes, field, message
):
    author = member_of(tree.grassroots_a1x)
    draft = make_initiative(tree.grassroots_a1x, author)
    data = form_data(employer, **changes)
    if data["scan"] == "":
        del data["scan"]

    response = login(client, author).post(
        reverse("recognitions:register", args=[draft.pk]), data, HTTP_ACCEPT_LANGUAGE="vi"
    )

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    if message:
        assert message in " ".join(response.context["form"].errors[field]).lower()
    assert not ExternalRecognition.objects.exists()
    assert Initiative.objects.get(pk=draft.pk).status == S.DRAFT


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("officer_same_unit", 200),
        ("officer_above", 200),
        ("officer_sibling", 404),
        ("officer_other_branch", 404),
        ("viewer_same_unit", 404),
        ("author", 404),
    ],
)
def test_record_page_permission_matrix(client, tree, employer, who, expected):
    author = member_of(tree.grassroots_a1x)
    dossier = accepted_dossier(tree.grassroots_a1x, author=author)
    users = {
        "officer_same_unit": lambda: unit_officer(tree.grassroots_a1x),
        "officer_above": lambda: unit_officer(tree.province_a),
        "officer_sibling": lambda: unit_officer(tree.grassroots_a1y),
        "officer_other_branch": lambda: unit_officer(tree.province_b),
        "viewer_same_unit": lambda: person_with(Role.VIEWER, tree.grassroots_a1x),
        "author": lambda: author,
    }

    response = login(client, users[who]()).get(reverse("recognitions:record", args=[dossier.pk]))

    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "status", "expected"),
    [
        ("author", S.DRAFT, 200),
        ("author", S.SUBMITTED, 200),
        ("author", S.ACCEPTED, 404),
        ("colleague", S.DRAFT, 404),
        ("officer_same_unit", S.DRAFT, 404),
    ],
)
def test_register_page_permission_matrix(client, tree, employer, who, status, expected):
    author = member_of(tree.grassroots_a1x)
    dossier = make_initiative(tree.grassroots_a1x, author, status)
    user = {
        "author": author,
        "colleague": member_of(tree.grassroots_a1x),
        "officer_same_unit": unit_officer(tree.grassroots_a1x),
    }[who]

    response = login(client, user).get(reverse("recognitions:register", args=[dossier.pk]))

    assert response.status_code == expected


@pytest.fixture
def waiting(tree, employer):
    author = member_of(tree.grassroots_a1x)
    dossier = accepted_dossier(tree.grassroots_a1x, author=author)
    record = external_recognition_record(
        initiative=dossier,
        actor=unit_officer(tree.grassroots_a1x),
        data=decision_data(employer),
        upload=scan(),
    )
    return record


@pytest.mark.parametrize(
    ("who", "expected_status"),
    [
        ("officer_same_unit", ExternalRecognitionStatus.CONFIRMED),
        ("officer_above", ExternalRecognitionStatus.CONFIRMED),
        ("officer_sibling", ExternalRecognitionStatus.RECORDED),
        ("viewer_same_unit", ExternalRecognitionStatus.RECORDED),
        ("author", ExternalRecognitionStatus.RECORDED),
    ],
)
def test_confirm_permission_matrix(client, tree, waiting, who, expected_status):
    user = {
        "officer_same_unit": lambda: unit_officer(tree.grassroots_a1x),
        "officer_above": lambda: unit_officer(tree.district_a1),
        "officer_sibling": lambda: unit_officer(tree.grassroots_a1y),
        "viewer_same_unit": lambda: person_with(Role.VIEWER, tree.grassroots_a1x),
        "author": lambda: waiting.initiative.created_by,
    }[who]()

    response = login(client, user).post(reverse("recognitions:confirm", args=[waiting.pk]))

    assert response.status_code == (302 if expected_status == "confirmed" else 404)
    waiting.refresh_from_db()
    assert waiting.status == expected_status


def test_reject_needs_reasons(client, tree, waiting):
    officer = unit_officer(tree.grassroots_a1x)
    url = reverse("recognitions:reject", args=[waiting.pk])

    login(client, officer).post(url, {"reason": ""})
    waiting.refresh_from_db()
    assert waiting.status == ExternalRecognitionStatus.RECORDED

    client.post(url, {"reason": "Quyết định không có chữ ký."})
    waiting.refresh_from_db()
    assert waiting.status == ExternalRecognitionStatus.REJECTED
    assert Initiative.objects.get(pk=waiting.initiative_id).status == S.ACCEPTED


def test_scan_downloads_for_readers_of_the_dossier_only(client, tree, waiting):
    url = reverse("recognitions:scan", args=[waiting.pk])

    response = login(client, waiting.initiative.created_by).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert login(client, unit_officer(tree.grassroots_b1x)).get(url).status_code == 404


# --- who recognised it, on every page -----------------------------------------------------


def test_dossier_page_and_ladder_say_the_employers_council_recognised_it(client, tree, employer):
    setup = make_round_in(RoundStatus.DELIBERATION, tree.grassroots_a1x, employer=employer)
    record_vote(setup.entry)
    decision = round_close(
        review_round=setup.round,
        actor=setup.officer,
        decided_on=TODAY,
        signer_name="",
        signer_title="",
    )
    dossier = setup.entry.initiative

    content = (
        login(client, dossier.created_by)
        .get(reverse("initiatives:detail", args=[dossier.pk]))
        .content.decode()
    )

    line = f"Được {employer.name} công nhận"
    assert "Công ty Cổ phần May Sông Hiếu" in content
    assert decision.number in content
    assert 'id="recognised-by"' in content and 'id="ladder-base"' in content
    assert line in content


def test_dossier_page_ladder_and_bank_say_the_employers_decision_was_recorded(
    client, tree, employer, waiting
):
    from awards.services.recognitions import external_recognition_confirm

    external_recognition_confirm(record=waiting, actor=unit_officer(tree.grassroots_a1x))
    dossier = waiting.initiative
    content = (
        login(client, dossier.created_by)
        .get(reverse("initiatives:detail", args=[dossier.pk]))
        .content.decode()
    )
    assert 'id="ladder-base"' in content and "15/QĐ-CT" in content
    assert (TODAY - datetime.timedelta(days=5)).strftime("%d/%m/%Y") in content

    bank = make_initiative_bank()
    client.logout()
    public = client.get(f"{bank.url}{dossier.pk}/").content.decode()
    assert 'id="recognised-by"' in public
    assert employer.name in public and "15/QĐ-CT" in public


def test_round_form_offers_the_employers_of_the_unit_and_the_close_form_its_head(
    client, tree, employer
):
    make_employer(tree.grassroots_b1x, name="Công ty ở tỉnh khác")
    officer = unit_officer(tree.grassroots_a1x)

    page = login(client, officer).get(
        reverse("awards:round_create") + f"?unit={tree.grassroots_a1x.code}"
    )

    form = page.context["form"]
    assert list(form.fields["employer"].queryset) == [employer]
    assert form.initial["employer"] == employer.pk
    setup = make_round_in(RoundStatus.DELIBERATION, tree.grassroots_a1x, employer=employer)
    record_vote(setup.entry)
    detail = login(client, setup.officer).get(reverse("awards:round_detail", args=[setup.round.pk]))
    close_form = detail.context["close_form"]
    assert close_form.initial["signer_name"] == "Lê Thị Thu Hiền"
    assert close_form.initial["signer_title"] == "Tổng Giám đốc"
    assert 'id="round-employer"' in detail.content.decode()


def test_public_check_of_an_employers_certificate_names_the_employer(client, tree, employer):
    from awards.models import Certificate
    from tests.awards.test_honours_services import initiative_certificate_type

    initiative_certificate_type()
    setup = make_round_in(RoundStatus.DELIBERATION, tree.grassroots_a1x, employer=employer)
    record_vote(setup.entry)
    round_close(
        review_round=setup.round,
        actor=setup.officer,
        decided_on=TODAY,
        signer_name="",
        signer_title="",
    )
    certificate = Certificate.objects.get(recipient__decision__round_decision__round=setup.round)

    response = client.get(reverse("verification:certificate", args=[certificate.token]))

    assert response.status_code == 200
    issuer = response.content.decode().split('id="issuer">')[1].split("<")[0]
    assert issuer == employer.name
