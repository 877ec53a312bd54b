"""Recognition at the base is the employer's act (issue 13 §2; Decree 13/2012/NĐ-CP Art. 7,
Circular 18/2013/TT-BKHCN Art. 8): a council run in the registry for the employer, numbered
and signed as the employer's, or the employer's own decision recorded from outside and
confirmed; and who recognised it, read in one place."""

import datetime
import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from accounts.errors import ApplicationError
from accounts.models import Notification
from awards.certificates import render_certificate_pdf
from awards.documents import render_decision_pdf
from awards.enums import (
    DecisionNumbering,
    ExternalRecognitionStatus,
    RecognitionKind,
    RoundPurpose,
    RoundStatus,
)
from awards.models import Certificate, ExternalRecognition, ReviewRound
from awards.selectors.recognitions import recognitions_for
from awards.services import entry_add, round_close, round_create
from awards.services.recognitions import (
    DecisionData,
    external_recognition_confirm,
    external_recognition_record,
    external_recognition_reject,
)
from awards.statistics import recognised_by_figures
from emulation.rollup import figures_rebuild
from initiatives.enums import InitiativeStatus as S
from initiatives.models import Initiative, InitiativeTransition
from tests.awards.test_honours_services import initiative_certificate_type
from tests.factories.awards import (
    accepted_dossier,
    make_round,
    make_round_in,
    member_of,
    record_vote,
    round_values,
)
from tests.factories.employers import make_employer
from tests.factories.initiatives import make_initiative, unit_officer
from tests.pdf import pdf_text
from unions.statistics import FigureScope

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def scan(name: str = "quyet-dinh.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def decision_data(the_employer, **changes) -> DecisionData:
    values = {
        "employer": the_employer,
        "decision_number": "15/QĐ-CT",
        "decided_on": TODAY - datetime.timedelta(days=5),
        "signer_name": "Lê Thị Thu Hiền",
        "signer_title": "Tổng Giám đốc",
        "scope": "unit",
        **changes,
    }
    return DecisionData(**values)


@pytest.fixture
def employer(tree):
    return make_employer(
        tree.grassroots_a1x,
        name="Công ty Cổ phần May Sông Hiếu",
        head_name="Lê Thị Thu Hiền",
        head_title="Tổng Giám đốc",
    )


# --- a council run in the registry for the employer --------------------------------------


def test_recognition_round_needs_an_employer_and_saves_nothing_without(tree, employer):
    officer = unit_officer(tree.grassroots_a1x)

    with pytest.raises(ApplicationError) as raised:
        round_create(unit=tree.grassroots_a1x, actor=officer, **round_values())

    assert raised.value.field == "employer"
    assert not ReviewRound.objects.exists()


def test_recognition_round_refuses_an_employer_outside_the_unit(tree, employer):
    elsewhere = make_employer(tree.grassroots_b1x)
    officer = unit_officer(tree.grassroots_a1x)

    with pytest.raises(ApplicationError) as raised:
        round_create(unit=tree.grassroots_a1x, actor=officer, employer=elsewhere, **round_values())

    assert raised.value.field == "employer"
    assert not ReviewRound.objects.exists()


def test_other_rounds_have_no_employer(tree, employer):
    review_round = make_round(tree.district_a1, purpose=RoundPurpose.NOMINATION, employer=employer)

    assert review_round.employer is None


def test_round_takes_only_dossiers_addressed_to_its_employer(tree, employer):
    other = make_employer(name="Công ty khác")
    review_round = make_round(tree.grassroots_a1x, employer=employer)
    addressed = accepted_dossier(tree.grassroots_a1x)
    Initiative.objects.filter(pk=addressed.pk).update(employer=employer)
    old = accepted_dossier(tree.grassroots_a1x)  # names no employer: the union's employer's
    elsewhere = accepted_dossier(tree.grassroots_a1x)
    Initiative.objects.filter(pk=elsewhere.pk).update(employer=other)
    officer = review_round.created_by

    entry_add(review_round=review_round, initiative=addressed, actor=officer)
    entry_add(review_round=review_round, initiative=old, actor=officer)
    with pytest.raises(ApplicationError, match="gửi cơ sở khác"):
        entry_add(review_round=review_round, initiative=elsewhere, actor=officer)

    assert set(review_round.entries.values_list("initiative_id", flat=True)) == {
        addressed.pk,
        old.pk,
    }
    assert Initiative.objects.get(pk=elsewhere.pk).status == S.ACCEPTED


def _closed_for(unit, employer, *, signer=("", "")):
    setup = make_round_in(RoundStatus.DELIBERATION, unit, employer=employer)
    record_vote(setup.entry)
    decision = round_close(
        review_round=setup.round,
        actor=setup.officer,
        decided_on=TODAY,
        signer_name=signer[0],
        signer_title=signer[1],
    )
    return setup, decision


def test_employer_decision_numbered_per_employer_and_signed_by_its_head(tree, employer):
    # Two grassroots unions at one employer share its sequence; another employer starts at 1.
    Employer = type(employer)
    from unions.models import EmployerUnion

    EmployerUnion.objects.create(
        employer=employer, unit=tree.grassroots_a1y, valid_from=datetime.date(2000, 1, 1)
    )
    other = make_employer(tree.grassroots_b1x, name="Bệnh viện Việt Trì")

    _setup, first = _closed_for(tree.grassroots_a1x, employer)
    _setup, second = _closed_for(tree.grassroots_a1y, employer)
    _setup, elsewhere = _closed_for(tree.grassroots_b1x, other)

    assert first.numbering == DecisionNumbering.EMPLOYER and first.employer == employer
    assert [first.number, second.number] == [
        f"01/QĐ-{employer.code}/{TODAY.year}",
        f"02/QĐ-{employer.code}/{TODAY.year}",
    ]
    assert elsewhere.number == f"01/QĐ-{other.code}/{TODAY.year}"
    assert (first.signer_name, first.signer_title) == ("Lê Thị Thu Hiền", "Tổng Giám đốc")
    assert Employer.objects.count() == 2


def test_signer_of_an_employer_decision_can_be_changed(tree, employer):
    _setup, decision = _closed_for(
        tree.grassroots_a1x, employer, signer=("Phạm Văn Đức", "Phó Tổng Giám đốc")
    )

    assert (decision.signer_name, decision.signer_title) == ("Phạm Văn Đức", "Phó Tổng Giám đốc")


def test_decision_and_certificate_pdfs_name_the_employer_and_its_head(tree, employer):
    initiative_certificate_type()
    setup, decision = _closed_for(tree.grassroots_a1x, employer)

    text = pdf_text(render_decision_pdf(setup.round))
    assert "CÔNG TY CỔ PHẦN MAY SÔNG HIẾU" in text
    assert "CÔNG ĐOÀN CƠ SỞ CÔNG TY MAY SÔNG HIẾU" not in text
    assert decision.number in text and "Lê Thị Thu Hiền" in text
    certificate = Certificate.objects.get(recipient__decision__round_decision=decision)
    certificate_text = pdf_text(render_certificate_pdf(certificate))
    assert "CÔNG TY CỔ PHẦN MAY SÔNG HIẾU" in certificate_text
    assert "Lê Thị Thu Hiền" in certificate_text and decision.number in certificate_text


def test_certificates_of_an_employer_decision_do_not_take_the_units_numbers(tree, employer):
    from tests.awards.test_honours_services import issued

    initiative_certificate_type()
    setup, decision = _closed_for(tree.grassroots_a1x, employer)

    award = issued(tree.grassroots_a1x, setup.officer)

    assert decision.sequence == 1 and award.sequence == 1
    assert award.number == f"01/QĐ-CSX/{TODAY.year}"


# --- a recognition recorded from outside ---------------------------------------------------


def test_officer_records_and_confirms_the_employers_decision(tree, employer):
    author = member_of(tree.grassroots_a1x)
    dossier = accepted_dossier(tree.grassroots_a1x, author=author)
    officer = unit_officer(tree.grassroots_a1x)
    checker = unit_officer(tree.district_a1)

    record = external_recognition_record(
        initiative=dossier, actor=officer, data=decision_data(employer), upload=scan()
    )
    assert record.status == ExternalRecognitionStatus.RECORDED and not record.by_member
    assert record.scan_type == "application/pdf" and record.scan.read() == PDF
    assert Initiative.objects.get(pk=dossier.pk).status == S.ACCEPTED

    with django_capture_on_commit():
        external_recognition_confirm(record=record, actor=checker)

    record.refresh_from_db()
    assert record.status == ExternalRecognitionStatus.CONFIRMED
    assert record.checked_by == checker and record.checked_at is not None
    assert Initiative.objects.get(pk=dossier.pk).status == S.RECOGNISED
    step = InitiativeTransition.objects.filter(initiative=dossier).latest("pk")
    assert (step.action, step.actor, step.to_status) == (
        "confirm_external_recognition",
        checker,
        S.RECOGNISED,
    )
    assert "15/QĐ-CT" in step.note and employer.name in step.note
    assert Notification.objects.filter(user=author).exists()


def django_capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_member_registers_a_draft_recognised_by_the_employer(tree, employer):
    author = member_of(tree.grassroots_a1x)
    draft = make_initiative(tree.grassroots_a1x, author)

    record = external_recognition_record(
        initiative=draft,
        actor=author,
        data=decision_data(employer),
        upload=scan(),
        by_member=True,
    )

    assert record.by_member and record.status == ExternalRecognitionStatus.RECORDED
    assert Initiative.objects.get(pk=draft.pk).status == S.SUBMITTED
    external_recognition_confirm(record=record, actor=unit_officer(tree.grassroots_a1x))
    assert Initiative.objects.get(pk=draft.pk).status == S.RECOGNISED


def test_rejection_returns_a_members_dossier_with_the_reason(tree, employer):
    author = member_of(tree.grassroots_a1x)
    draft = make_initiative(tree.grassroots_a1x, author)
    record = external_recognition_record(
        initiative=draft, actor=author, data=decision_data(employer), upload=scan(), by_member=True
    )
    officer = unit_officer(tree.grassroots_a1x)

    with pytest.raises(ApplicationError) as raised:
        external_recognition_reject(record=record, actor=officer, reason="  ")
    assert raised.value.field == "reason"

    external_recognition_reject(
        record=record, actor=officer, reason="Bản quét không đọc được số quyết định."
    )

    record.refresh_from_db()
    assert record.status == ExternalRecognitionStatus.REJECTED
    assert record.rejection_reason == "Bản quét không đọc được số quyết định."
    assert Initiative.objects.get(pk=draft.pk).status == S.RETURNED
    step = InitiativeTransition.objects.filter(initiative=draft).latest("pk")
    assert step.action == "return" and "Bản quét" in step.note
    # Rejected, it can be recorded again (once resubmitted).
    with pytest.raises(ApplicationError):
        external_recognition_confirm(record=record, actor=officer)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"decision_number": "  "}, "decision_number"),
        ({"decided_on": None}, "decided_on"),
        ({"decided_on": TODAY + datetime.timedelta(days=1)}, "decided_on"),
        ({"signer_name": ""}, "signer_name"),
        ({"signer_title": ""}, "signer_title"),
        ({"scope": "planet"}, "scope"),
        ({"employer": None}, "employer"),
    ],
)
def test_recording_refuses_missing_fields_and_saves_nothing(tree, employer, changes, field):
    dossier = accepted_dossier(tree.grassroots_a1x)

    with pytest.raises(ApplicationError) as raised:
        external_recognition_record(
            initiative=dossier,
            actor=unit_officer(tree.grassroots_a1x),
            data=decision_data(employer, **changes),
            upload=scan(),
        )

    assert raised.value.field == field
    assert not ExternalRecognition.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        None,
        SimpleUploadedFile(
            "quyet-dinh.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
        ),
    ],
)
def test_recording_refuses_a_missing_or_wrong_file(tree, employer, upload):
    dossier = accepted_dossier(tree.grassroots_a1x)

    with pytest.raises(ApplicationError) as raised:
        external_recognition_record(
            initiative=dossier,
            actor=unit_officer(tree.grassroots_a1x),
            data=decision_data(employer),
            upload=upload,
        )

    assert raised.value.field == "scan"
    assert not ExternalRecognition.objects.exists()


def test_recording_refuses_another_employers_decision(tree, employer):
    dossier = accepted_dossier(tree.grassroots_a1x)

    with pytest.raises(ApplicationError) as raised:
        external_recognition_record(
            initiative=dossier,
            actor=unit_officer(tree.grassroots_a1x),
            data=decision_data(make_employer(name="Công ty khác")),
            upload=scan(),
        )

    assert raised.value.field == "employer"


@pytest.mark.parametrize("grant", ["grassroots_a1y", "province_b"])
def test_officers_outside_the_dossiers_unit_may_not_record_or_confirm(tree, employer, grant):
    dossier = accepted_dossier(tree.grassroots_a1x)
    outsider = unit_officer(getattr(tree, grant))

    with pytest.raises(ApplicationError, match="không được"):
        external_recognition_record(
            initiative=dossier, actor=outsider, data=decision_data(employer), upload=scan()
        )
    record = external_recognition_record(
        initiative=dossier,
        actor=unit_officer(tree.grassroots_a1x),
        data=decision_data(employer),
        upload=scan(),
    )
    with pytest.raises(ApplicationError, match="không được"):
        external_recognition_confirm(record=record, actor=outsider)
    assert Initiative.objects.get(pk=dossier.pk).status == S.ACCEPTED


def test_a_member_may_not_record_for_someone_elses_dossier(tree, employer):
    dossier = make_initiative(tree.grassroots_a1x, member_of(tree.grassroots_a1x))

    with pytest.raises(ApplicationError, match="không được"):
        external_recognition_record(
            initiative=dossier,
            actor=member_of(tree.grassroots_a1x),
            data=decision_data(employer),
            upload=scan(),
            by_member=True,
        )


# --- who recognised it -------------------------------------------------------------------


def _confirmed(tree, employer):
    dossier = accepted_dossier(tree.grassroots_a1x)
    officer = unit_officer(tree.grassroots_a1x)
    record = external_recognition_record(
        initiative=dossier, actor=officer, data=decision_data(employer), upload=scan()
    )
    external_recognition_confirm(record=record, actor=officer)
    return dossier


def test_recognitions_for_answers_both_kinds_in_two_queries(
    tree, employer, django_assert_num_queries
):
    setup, decision = _closed_for(tree.grassroots_a1x, employer)
    council = setup.initiatives[0] if setup.initiatives else setup.entry.initiative
    recorded = _confirmed(tree, employer)
    waiting = accepted_dossier(tree.grassroots_a1x)

    with django_assert_num_queries(2):
        found = recognitions_for([council, recorded, waiting])

    assert set(found) == {council.pk, recorded.pk}
    assert found[council.pk].kind == RecognitionKind.EMPLOYER_COUNCIL
    assert (found[council.pk].body, found[council.pk].number) == (employer.name, decision.number)
    assert found[recorded.pk].kind == RecognitionKind.EMPLOYER_RECORDED
    assert (found[recorded.pk].number, found[recorded.pk].decided_on) == (
        "15/QĐ-CT",
        TODAY - datetime.timedelta(days=5),
    )


def test_figures_count_both_kinds_and_rounds_without_an_employer(tree, employer):
    _closed_for(tree.grassroots_a1x, employer)
    _confirmed(tree, employer)
    legacy = make_round_in(RoundStatus.CLOSED, tree.grassroots_a1y)
    ReviewRound.objects.filter(pk=legacy.round.pk).update(employer=None)
    type(legacy.decision).objects.filter(pk=legacy.decision.pk).update(
        employer=None, numbering=DecisionNumbering.UNIT
    )

    assert recognised_by_figures(FigureScope()) == {
        "employer_council": 2,
        "employer_recorded": 1,
    }
    assert recognised_by_figures(FigureScope(unit=tree.grassroots_a1y)) == {
        "employer_council": 1,
        "employer_recorded": 0,
    }

    figures_rebuild()  # registry_stats reads the rollup
    out = StringIO()
    call_command("registry_stats", "--format", "json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["initiatives"]["recognised_by"] == {
        "employer_council": 2,
        "employer_recorded": 1,
    }


def test_waiting_and_rejected_recognitions_are_not_counted(tree, employer):
    dossier = accepted_dossier(tree.grassroots_a1x)
    officer = unit_officer(tree.grassroots_a1x)
    external_recognition_record(
        initiative=dossier, actor=officer, data=decision_data(employer), upload=scan()
    )

    assert recognised_by_figures(FigureScope())["employer_recorded"] == 0
    assert not recognitions_for([dossier])
