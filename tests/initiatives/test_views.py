"""Dossier pages: the member's form and list, the dossier page with its actions, files and
confidential section, and the officer's inbox."""

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from initiatives.enums import InitiativeField, InitiativeKind, InitiativeStatus
from initiatives.models import Attachment, Initiative, InitiativeAuthor, InitiativeTransition
from initiatives.services import AuthorData, attachment_add
from tests.factories import (
    MembershipFactory,
    RoleGrantFactory,
    UserFactory,
    advance,
    author_row,
    make_initiative,
    unit_officer,
)
from unions.enums import Role

S = InitiativeStatus
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
FAKE_PDF = b"This is only text pretending to be a PDF file.\n"
CONFIDENTIAL = "Sơ đồ mạch điều khiển chi tiết."


@pytest.fixture
def client(client):
    # Messages are asserted in the source language, whatever the catalogue holds.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def member(tree):
    user = UserFactory(first_name="Bình", last_name="Trần Thị", email="binh@example.vn")
    MembershipFactory(
        user=user, unit=tree.grassroots_a1x, position="Tổ trưởng", qualification="Kỹ sư cơ khí"
    )
    return user


@pytest.fixture
def officer(tree):
    """An officer granted on the grassroots union itself: the unit that decides."""
    return unit_officer(tree.grassroots_a1x)


def grant(unit, role=Role.OFFICER):
    person = UserFactory()
    RoleGrantFactory(user=person, unit=unit, role=role)
    return person


def login(client, user):
    client.force_login(user)
    return client


def url(name: str, *args) -> str:
    return reverse(f"initiatives:{name}", args=args)


def fresh(initiative: Initiative) -> Initiative:
    return Initiative.objects.get(pk=initiative.pk)


def form_data(unit, authors=None, **fields) -> dict:
    """POST data of the dossier form, complete enough to be submitted."""
    data = {
        "unit": unit.code,
        "owner_name": "",
        "owner_address": "",
        "title": "Cải tiến đồ gá hàn khung xe đạp điện",
        "field": InitiativeField.MECHANICAL,
        "kind": InitiativeKind.TECHNICAL,
        "first_applied_on": (timezone.localdate() - datetime.timedelta(days=30)).strftime(
            "%d/%m/%Y"
        ),
        "previous_state": "Hàn thủ công, sai lệch kích thước lớn.",
        "solution_purpose": "Giữ đúng kích thước khung khi hàn.",
        "solution_steps": "Thiết kế đồ gá; chế tạo thử; áp dụng tại tổ hàn.",
        "solution_novelty": "Đồ gá điều chỉnh nhanh cho ba cỡ khung.",
        "application_conditions": "Có máy phay và thép tấm.",
        "other_applicants": "Các tổ hàn khác của công ty.",
        "confidential_info": CONFIDENTIAL,
        "benefit_claimed": "50.000.000",
        "benefit_basis": "Giảm 10% phế phẩm trên 5.000 khung mỗi năm.",
        "social_benefits": "Giảm mệt mỏi cho thợ hàn.",
        "first_application_participants": "Tổ hàn số 3.",
        "files_description": "",
    }
    data.update(fields)
    rows = (
        authors if authors is not None else [{"member": "binh@example.vn", "contribution": "100"}]
    )
    data.update(
        {
            "authors-TOTAL_FORMS": str(len(rows)),
            "authors-INITIAL_FORMS": "0",
            "authors-MIN_NUM_FORMS": "0",
            "authors-MAX_NUM_FORMS": "1000",
        }
    )
    for index, row in enumerate(rows):
        for key in ("member", "full_name", "date_of_birth", "workplace", "job_title"):
            data[f"authors-{index}-{key}"] = row.get(key, "")
        data[f"authors-{index}-qualification"] = row.get("qualification", "")
        data[f"authors-{index}-contribution"] = row.get("contribution", "")
    return data


def pdf(name="so-do-do-ga.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def act(client, initiative, action, note=""):
    return client.post(url("transition", initiative.pk, action), {"note": note})


def text(response) -> str:
    return response.content.decode()


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Initiative, InitiativeAuthor, Attachment, InitiativeTransition)
    }


# --- the whole journey -------------------------------------------------------------------


def test_dossier_journey_from_draft_to_receipt(client, tree, member, officer):
    login(client, member)
    response = client.get(url("create"))
    assert response.status_code == 200
    assert 'value="CSX"' in text(response)  # the member's own union is filled in

    # Save a draft.
    response = client.post(url("create"), form_data(tree.grassroots_a1x))
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    # Back at the top of the form, where the message shows.
    assert response["Location"] == url("edit", initiative.pk) + "#messages"
    assert initiative.status == S.DRAFT
    assert initiative.benefit_claimed == 50_000_000
    author = initiative.authors.get()
    assert author.user == member
    assert author.full_name == "Trần Thị Bình"
    assert author.workplace == tree.grassroots_a1x.name
    assert author.job_title == "Tổ trưởng"

    # A real PDF is attached; a text file named .pdf is refused and nothing changes.
    response = client.post(
        url("edit", initiative.pk), {**form_data(tree.grassroots_a1x), "files": [pdf()]}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "so-do-do-ga.pdf"
    before = counts()
    response = client.post(
        url("edit", initiative.pk),
        {
            **form_data(tree.grassroots_a1x, title="Tên đã đổi"),
            "files": [pdf("gia-mao.pdf", FAKE_PDF)],
        },
    )
    assert response.status_code == 200
    assert escape("“gia-mao.pdf” is not a PDF, Word, Excel") in text(response)
    assert counts() == before
    assert fresh(initiative).title == "Cải tiến đồ gá hàn khung xe đạp điện"

    # The preview shows the application and the button to submit it.
    response = client.get(url("preview", initiative.pk))
    assert response.status_code == 200
    assert 'id="action-submit"' in text(response)
    assert 'id="similar"' in text(response)
    assert url("application_pdf", initiative.pk) in text(response)

    response = act(client, initiative, "submit")
    assert response.status_code == 302
    assert fresh(initiative).status == S.SUBMITTED

    # The officer returns it: the reasons are required.
    login(client, officer)
    response = client.get(url("detail", initiative.pk))
    assert [a["transition"].action for a in response.context["actions"]] == [
        "return",
        "accept",
        "refuse",
    ]
    response = act(client, initiative, "return", "")
    assert response.status_code == 200
    assert "Give the reasons." in text(response)
    assert fresh(initiative).status == S.SUBMITTED
    response = act(client, initiative, "return", "Bổ sung bảng tính giá trị làm lợi.")
    assert response.status_code == 302
    assert fresh(initiative).status == S.RETURNED

    # The member reads the reasons, completes the dossier and resubmits it.
    login(client, member)
    response = client.get(url("mine"))
    assert "Answer the return" in text(response)
    response = client.get(url("edit", initiative.pk))
    assert "Bổ sung bảng tính giá trị làm lợi." in text(response)
    response = client.post(
        url("edit", initiative.pk),
        form_data(tree.grassroots_a1x, benefit_basis="Bảng tính chi tiết: 5.000 khung × 10.000 đ."),
    )
    assert response.status_code == 302
    assert fresh(initiative).benefit_basis.startswith("Bảng tính chi tiết")
    response = act(client, initiative, "resubmit")
    assert response.status_code == 302
    assert fresh(initiative).status == S.RESUBMITTED

    # The officer accepts: the receipt number and the due date appear.
    login(client, officer)
    response = act(client, initiative, "accept")
    assert response.status_code == 302
    initiative = fresh(initiative)
    assert initiative.status == S.ACCEPTED
    assert re.fullmatch(r"SK-\d{4}-00001", initiative.receipt_number)
    response = client.get(url("detail", initiative.pk))
    content = text(response)
    assert initiative.receipt_number in content
    assert url("receipt_pdf", initiative.pk) in content
    assert initiative.decision_due.strftime("%d/%m/%Y") in content
    assert response.context["actions"] == []  # only the author may still withdraw

    login(client, member)
    content = text(client.get(url("mine")))
    assert initiative.receipt_number in content
    assert "Waiting for the decision by " + initiative.decision_due.strftime("%d/%m/%Y") in content
    history = [(r.action, r.from_status, r.to_status) for r in initiative.transitions.all()]
    assert history == [
        ("create", "", S.DRAFT),
        ("submit", S.DRAFT, S.SUBMITTED),
        ("return", S.SUBMITTED, S.RETURNED),
        ("resubmit", S.RETURNED, S.RESUBMITTED),
        ("accept", S.RESUBMITTED, S.ACCEPTED),
    ]
    content = text(client.get(url("detail", initiative.pk)))
    assert "Bổ sung bảng tính giá trị làm lợi." in content  # in the history timeline


# --- the form ----------------------------------------------------------------------------


def test_create_form_starts_with_the_member_as_sole_author(client, tree, member):
    response = login(client, member).get(url("create"))
    formset = response.context["formset"]
    assert formset.initial[0]["member"] == "binh@example.vn"
    assert formset.initial[0]["contribution"] == 100
    assert formset.initial[0]["workplace"] == tree.grassroots_a1x.name
    content = text(response)
    fieldsets = re.findall(r'<fieldset class="card form-section" id="section-([a-z]+)"', content)
    assert fieldsets == [
        "unit",
        "owner",
        "initiative",
        "previous",
        "solution",
        "conditions",
        "applicants",
        "confidential",
        "benefit",
        "social",
        "participants",
        "authors",
        "files",
    ]


def _section_entry(content: str, section: str) -> str:
    match = re.search(rf'<li class="[^"]*" data-progress-for="{section}">(.*?)</li>', content, re.S)
    assert match, section
    return match.group(0)


def test_form_sections_show_counts_and_errors_of_the_posted_form(client, tree, member):
    # A failed save: no title (required), a date in the future, the solution half written,
    # and an author row naming nobody.
    future = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    data = form_data(
        tree.grassroots_a1x,
        authors=[{"contribution": "100"}],
        title="",
        first_applied_on=future,
        solution_steps="",
        solution_novelty="",
    )
    response = login(client, member).post(url("create"), data)
    assert response.status_code == 200 and not Initiative.objects.exists()
    sections = {section.id: section for section in response.context["sections"]}
    progress = {key: (s.filled, s.total, s.complete, s.has_errors) for key, s in sections.items()}
    assert progress["unit"] == (1, 1, True, False)
    assert progress["owner"] == (0, 0, False, False)
    # Field and kind are posted, the title is empty and the date is there (though refused).
    assert progress["initiative"] == (3, 4, False, True)
    assert progress["solution"] == (1, 3, False, False)
    assert progress["authors"] == (0, 1, False, True)
    assert progress["benefit"] == (1, 1, True, False)
    assert (response.context["sections"].filled, response.context["sections"].total) == (8, 12)
    # The first section with an error is the step to go to.
    assert response.context["current_section"].id == "initiative"

    content = text(response)
    initiative = _section_entry(content, "initiative")
    assert 'href="#section-initiative"' in initiative and 'aria-current="step"' in initiative
    assert "data-progress-count>3/4</span>" in initiative
    assert (
        "data-progress-error" in initiative
        and '<span class="form-sections-done" data-progress-done hidden>' in initiative
    )
    unit = _section_entry(content, "unit")
    assert "data-progress-count>1/1</span>" in unit and "data-progress-done hidden" not in unit
    assert "aria-current" not in unit and "data-progress-error" not in unit
    assert "data-progress-count" not in _section_entry(content, "owner")
    assert "data-progress-error" in _section_entry(content, "authors")
    # The list is open after a failed save (it is folded on a phone otherwise), each link
    # described by the explanation of the counts; the fieldsets are flagged too.
    assert '<details class="form-sections-toggle" id="form-sections" open>' in content
    assert content.count('aria-describedby="form-sections-help"') == len(sections)
    assert 'class="card form-section section-error" id="section-initiative"' in content
    assert 'class="card form-section" id="section-unit"' in content
    # The counted inputs carry their item for the script.
    assert 'data-progress-item="title"' in content
    assert content.count('data-progress-item="authors"') == 4  # a row and the empty template
    assert 'data-progress-item="owner_name"' not in content


def test_form_sections_of_a_new_dossier_count_its_initial_values(client, tree, member):
    response = login(client, member).get(url("create"))
    sections = {section.id: section for section in response.context["sections"]}
    assert (sections["unit"].filled, sections["authors"].filled) == (1, 1)
    assert sections["initiative"].filled == 0 and not any(s.has_errors for s in sections.values())
    assert response.context["current_section"].id == "initiative"
    assert " open>" not in _section_entry(text(response), "unit")
    assert '<details class="form-sections-toggle" id="form-sections">' in text(response)


def test_anonymous_visitors_are_sent_to_sign_in(client, tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member)
    for name, args in [("mine", ()), ("create", ()), ("inbox", ()), ("detail", (initiative.pk,))]:
        response = client.get(url(name, *args))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_benefit_accepts_dots_and_is_shown_in_dong(client, tree, member):
    login(client, member)
    client.post(url("create"), form_data(tree.grassroots_a1x, benefit_claimed="1.234.567"))
    initiative = Initiative.objects.get()
    assert initiative.benefit_claimed == 1_234_567
    assert "1.234.567 ₫" in text(client.get(url("detail", initiative.pk)))
    assert 'value="1.234.567"' in text(client.get(url("edit", initiative.pk)))


def test_outside_co_author_with_shares(client, tree, member):
    rows = [
        {"member": "binh@example.vn", "contribution": "60"},
        {
            "full_name": "Lê Văn Cường",
            "date_of_birth": "02/09/1980",
            "workplace": "Trường Cao đẳng Kỹ thuật",
            "job_title": "Giảng viên",
            "qualification": "Thạc sĩ",
            "contribution": "40",
        },
    ]
    response = login(client, member).post(url("create"), form_data(tree.grassroots_a1x, rows))
    assert response.status_code == 302
    outside = InitiativeAuthor.objects.get(user=None)
    assert outside.full_name == "Lê Văn Cường"
    assert outside.date_of_birth == datetime.date(1980, 9, 2)
    assert outside.contribution == Decimal(40)
    content = text(client.get(url("detail", outside.initiative_id)))
    assert "Lê Văn Cường" in content and "Trường Cao đẳng Kỹ thuật" in content


def _future() -> str:
    return (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")


BAD_INPUTS = [
    pytest.param(
        {
            "authors": [
                {"member": "binh@example.vn", "contribution": "70"},
                {"full_name": "Lê Văn Cường", "contribution": "50"},
            ]
        },  # noqa: E501
        "they must add up to 100%",
        id="contributions-over-100",
    ),
    pytest.param({"first_applied_on": "future"}, "cannot be in the future", id="future-date"),
    pytest.param({"benefit_claimed": "-5.000"}, "cannot be negative", id="negative-benefit"),
    pytest.param({"benefit_claimed": "12,5"}, "Enter a whole number of đồng", id="decimal-benefit"),
    pytest.param({"benefit_claimed": "năm triệu"}, "Enter a whole number", id="words-benefit"),
    pytest.param({"title": ""}, "This field is required.", id="missing-title"),
    pytest.param({"unit": "KHONGCO"}, "No active grassroots union has this code.", id="bad-unit"),
    pytest.param({"unit": "DHA"}, "No active grassroots union has this code.", id="district"),
    pytest.param(
        {"authors": [{"member": "khong-co@example.vn", "contribution": "100"}]},
        "No account has this e-mail address or phone number.",
        id="unknown-member",
    ),
    pytest.param(
        {"authors": [{"member": "binh@example.vn", "contribution": "120"}]},
        "less than or equal to 100",
        id="share-over-100",
    ),
    pytest.param(
        {"authors": [{"workplace": "Không tên", "contribution": "100"}]},
        "Give the author",
        id="author-without-name",
    ),
    pytest.param(
        {"authors": [{"full_name": "Lê Văn Cường", "contribution": "100"}]},
        "Add yourself as one of the authors",
        id="member-not-an-author",
    ),
    pytest.param(
        {
            "authors": [
                {"full_name": "Lê Văn Cường", "contribution": "100", "date_of_birth": "future"}
            ]
        },  # noqa: E501
        "A date of birth cannot be in the future.",
        id="future-birth",
    ),
]


def _bad_data(unit, change: dict) -> dict:
    change = dict(change)
    authors = [dict(row) for row in change.pop("authors", None) or []] or None
    for row in authors or []:
        if row.get("date_of_birth") == "future":
            row["date_of_birth"] = _future()
    if change.get("first_applied_on") == "future":
        change["first_applied_on"] = _future()
    data = form_data(unit, authors)
    data.update(change)
    return data


@pytest.mark.parametrize(("change", "message"), BAD_INPUTS)
def test_bad_input_on_a_new_dossier_saves_nothing(client, tree, member, change, message):
    response = login(client, member).post(url("create"), _bad_data(tree.grassroots_a1x, change))
    assert response.status_code == 200
    assert escape(message) in text(response)
    assert counts() == {
        "Initiative": 0,
        "InitiativeAuthor": 0,
        "Attachment": 0,
        "InitiativeTransition": 0,
    }


@pytest.mark.parametrize(("change", "message"), BAD_INPUTS)
def test_bad_input_on_an_existing_draft_changes_nothing(client, tree, member, change, message):
    initiative = make_initiative(tree.grassroots_a1x, member, title="Tên ban đầu")
    before = counts()
    response = login(client, member).post(
        url("edit", initiative.pk), _bad_data(tree.grassroots_a1x, change)
    )
    assert response.status_code == 200
    assert escape(message) in text(response)
    assert counts() == before
    assert fresh(initiative).title == "Tên ban đầu"
    assert initiative.authors.get().contribution == Decimal(100)


def test_too_large_file_is_refused_and_nothing_is_saved(client, tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member, title="Tên ban đầu")
    login(client, member)
    with override_settings(INITIATIVE_ATTACHMENT_MAX_BYTES=len(PDF_BYTES) - 1):
        response = client.post(
            url("edit", initiative.pk),
            {**form_data(tree.grassroots_a1x, title="Tên mới"), "files": [pdf()]},
        )
        assert response.status_code == 200
        assert "is larger than" in text(response)
        response = client.post(url("create"), {**form_data(tree.grassroots_a1x), "files": [pdf()]})
        assert response.status_code == 200
    assert Attachment.objects.count() == 0
    assert Initiative.objects.count() == 1
    assert fresh(initiative).title == "Tên ban đầu"


def test_several_files_at_once_and_one_removed(client, tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member)
    login(client, member)
    png = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32, "image/png")
    response = client.post(
        url("edit", initiative.pk),
        {**form_data(tree.grassroots_a1x), "files": [pdf(), png], "files_description": "Bản vẽ"},
    )
    assert response.status_code == 302
    assert sorted(Attachment.objects.values_list("original_name", flat=True)) == [
        "anh.png",
        "so-do-do-ga.pdf",
    ]
    page = text(client.get(url("edit", initiative.pk)))
    removed = Attachment.objects.get(original_name="anh.png")
    assert url("attachment_remove", initiative.pk, removed.pk) in page
    response = client.post(url("attachment_remove", initiative.pk, removed.pk))
    assert response.status_code == 302
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["so-do-do-ga.pdf"]


def test_file_cannot_be_removed_by_others_or_after_submission(client, tree, member, officer):
    initiative = make_initiative(tree.grassroots_a1x, member)
    attachment = attachment_add(initiative=initiative, upload=pdf(), actor=member)
    response = login(client, officer).post(url("attachment_remove", initiative.pk, attachment.pk))
    assert response.status_code == 403
    advance(initiative, S.SUBMITTED)
    response = login(client, member).post(url("attachment_remove", initiative.pk, attachment.pk))
    assert response.status_code == 403
    assert Attachment.objects.count() == 1


def test_draft_shows_checklist_and_warns_past_the_one_year_limit(client, tree, member):
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    initiative = make_initiative(
        tree.grassroots_a1x, member, first_applied_on=long_ago, solution_steps=""
    )
    response = login(client, member).get(url("edit", initiative.pk))
    content = text(response)
    assert 'id="past-limit-warning"' in content
    assert escape("Fill in “Steps of the solution”.") in content
    # The warning does not stop saving the draft.
    data = form_data(tree.grassroots_a1x, first_applied_on=long_ago.strftime("%d/%m/%Y"))
    assert client.post(url("edit", initiative.pk), data).status_code == 302


def test_submitting_an_incomplete_dossier_shows_what_is_missing(client, tree, member):
    rows = [{"member": "binh@example.vn", "contribution": "60"}]
    login(client, member).post(url("create"), form_data(tree.grassroots_a1x, rows, kind=""))
    initiative = Initiative.objects.get()
    assert initiative.status == S.DRAFT
    response = client.get(url("detail", initiative.pk))
    assert "they must add up to 100%" in text(response)
    response = act(client, initiative, "submit")
    assert response.status_code == 200
    content = text(response)
    assert escape("Fill in “Kind”.") in content
    assert "add up to 60%" in content
    assert fresh(initiative).status == S.DRAFT
    assert initiative.transitions.count() == 1


def test_officer_enters_a_dossier_on_members_behalf(client, tree, member, officer):
    login(client, officer)
    assert "list them as authors" in text(client.get(url("create")))
    response = client.post(url("create"), form_data(tree.grassroots_a1x))
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.entered_on_behalf
    assert initiative.created_by == officer
    assert initiative.authors.get().user == member
    # The member finds it among their initiatives.
    content = text(login(client, member).get(url("mine")))
    assert url("detail", initiative.pk) in content


def test_officer_of_another_branch_cannot_enter_there(client, tree, member):
    outsider = grant(tree.province_b)
    response = login(client, outsider).post(url("create"), form_data(tree.grassroots_a1x))
    assert response.status_code == 200
    assert "Add yourself as one of the authors" in text(response)
    assert Initiative.objects.count() == 0


def test_submitted_dossier_is_no_longer_editable(client, tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member, S.SUBMITTED)
    login(client, member)
    response = client.get(url("edit", initiative.pk))
    assert response.status_code == 302
    assert response["Location"] == url("detail", initiative.pk)
    before = counts()
    response = client.post(url("edit", initiative.pk), form_data(tree.grassroots_a1x))
    assert response.status_code == 302
    assert counts() == before


def test_draft_deleted_by_its_author(client, tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member)
    login(client, member)
    assert client.get(url("delete", initiative.pk)).status_code == 200
    response = client.post(url("delete", initiative.pk))
    assert response.status_code == 302
    assert Initiative.objects.count() == 0


# --- scope and permissions ---------------------------------------------------------------


def test_out_of_scope_people_get_404(client, tree, member):
    initiative = make_initiative(tree.grassroots_a1x, member, S.SUBMITTED)
    attachment = Attachment.objects.create(
        initiative=initiative,
        file="initiatives/x/y",
        original_name="a.pdf",
        content_type="application/pdf",
        size=1,
        uploaded_by=member,
    )
    other_branch = grant(tree.province_b)
    sibling = grant(tree.grassroots_a1y)
    stranger = UserFactory()
    pages = [
        ("get", url("detail", initiative.pk)),
        ("get", url("edit", initiative.pk)),
        ("get", url("preview", initiative.pk)),
        ("get", url("attachment_download", initiative.pk, attachment.pk)),
        ("post", url("transition", initiative.pk, "accept")),
        ("post", url("transition", initiative.pk, "return")),
        ("post", url("attachment_remove", initiative.pk, attachment.pk)),
    ]
    for person in (other_branch, sibling, stranger):
        login(client, person)
        for method, address in pages:
            response = getattr(client, method)(address)
            assert response.status_code == 404, (person, address)
    assert fresh(initiative).status == S.SUBMITTED


def test_actions_the_user_lacks_answer_403(client, tree, member, officer):
    initiative = make_initiative(tree.grassroots_a1x, member, S.SUBMITTED)
    viewer = grant(tree.province_a, Role.VIEWER)
    cases = [(member, "accept"), (member, "return"), (officer, "withdraw"), (viewer, "return")]
    for person, action in cases:
        response = act(login(client, person), initiative, action, "Lý do")
        assert response.status_code == 403, (person, action)
    assert fresh(initiative).status == S.SUBMITTED
    # Actions that are not on the dossier page do not exist here.
    response = act(login(client, officer), initiative, "start_review")
    assert response.status_code == 404


def test_action_not_allowed_from_the_status_changes_nothing(client, tree, member, officer):
    initiative = make_initiative(tree.grassroots_a1x, member)
    response = act(login(client, officer), initiative, "accept")
    assert response.status_code == 200
    assert "This is not possible while the dossier is" in text(response)
    assert fresh(initiative).status == S.DRAFT


def test_detail_offers_exactly_the_allowed_actions(client, tree, member, officer):
    initiative = make_initiative(tree.grassroots_a1x, member, S.SUBMITTED)
    ancestor = grant(tree.province_a)
    viewer = grant(tree.province_a, Role.VIEWER)
    expected = {
        member: ["withdraw"],
        officer: ["return", "accept", "refuse"],
        ancestor: ["return", "accept", "refuse"],
        viewer: [],
    }
    for person, actions in expected.items():
        response = login(client, person).get(url("detail", initiative.pk))
        assert response.status_code == 200
        assert [a["transition"].action for a in response.context["actions"]] == actions
        content = text(response)
        for action in ("submit", "return", "accept", "refuse", "withdraw"):
            assert (f'id="action-{action}"' in content) == (action in actions)


def test_confidential_section_only_for_authors_and_the_deciding_unit(client, tree, member, officer):
    co_author = UserFactory()
    initiative = make_initiative(
        tree.grassroots_a1x,
        member,
        S.SUBMITTED,
        authors=[author_row(member, 60), author_row(co_author, 40)],
    )
    readers = {
        member: True,
        co_author: True,
        officer: True,
        grant(tree.district_a1): False,
        grant(tree.national): False,
        grant(tree.grassroots_a1x, Role.VIEWER): False,
        grant(tree.province_a, Role.VIEWER): False,
    }
    for person, sees in readers.items():
        response = login(client, person).get(url("detail", initiative.pk))
        assert response.status_code == 200
        content = text(response)
        assert (CONFIDENTIAL in content) == sees, person
        assert ('id="confidential-hidden"' in content) == (not sees)
        preview = text(client.get(url("preview", initiative.pk)))
        assert (CONFIDENTIAL in preview) == sees


def test_attachment_download_follows_the_reading_rules(client, tree, member, officer):
    initiative = make_initiative(tree.grassroots_a1x, member)
    attachment = attachment_add(initiative=initiative, upload=pdf("Sơ đồ.pdf"), actor=member)
    advance(initiative, S.SUBMITTED)
    address = url("attachment_download", initiative.pk, attachment.pk)
    allowed = [member, officer, grant(tree.district_a1), grant(tree.province_a, Role.VIEWER)]
    for person in allowed:
        response = login(client, person).get(address)
        assert response.status_code == 200, person
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
    for person in [grant(tree.province_b), grant(tree.grassroots_a1y), UserFactory()]:
        assert login(client, person).get(address).status_code == 404
    # A file of another dossier is not reachable through this one.
    other = make_initiative(tree.grassroots_a1x, member)
    response = login(client, member).get(url("attachment_download", other.pk, attachment.pk))
    assert response.status_code == 404


def test_similar_panel_shows_only_what_the_user_may_read(client, tree, member, officer):
    """Issue 14: the titles and units of other provinces' dossiers are not for everyone."""
    title = "Cải tiến đồ gá hàn khung xe đạp điện"
    other_author = UserFactory()
    MembershipFactory(user=other_author, unit=tree.grassroots_b1x)
    elsewhere = make_initiative(
        tree.grassroots_b1x,
        other_author,
        S.SUBMITTED,
        title=title + " loại mới",
        confidential_info="Bí mật của đơn vị khác",
    )
    own = make_initiative(tree.grassroots_a1x, member, title=title)
    response = login(client, member).get(url("preview", own.pk))
    content = text(response)
    assert response.context["similar"] == []
    assert title + " loại mới" not in content
    assert url("detail", elsewhere.pk) not in content
    # An officer whose scope covers both sees it, with a link and its similarity.
    national = grant(tree.national)
    response = login(client, national).get(url("detail", own.pk))
    content = text(response)
    assert [item["initiative"] for item in response.context["similar"]] == [elsewhere]
    assert url("detail", elsewhere.pk) in content
    assert "Bí mật của đơn vị khác" not in content
    assert re.search(r"\d+% similar", content)


# --- lists -------------------------------------------------------------------------------


def test_my_initiatives_lists_own_and_co_authored_dossiers_only(client, tree, member):
    someone = UserFactory()
    co_written = make_initiative(
        tree.grassroots_a1x, someone, authors=[author_row(someone, 50), author_row(member, 50)]
    )
    own = make_initiative(tree.grassroots_a1x, member, S.ACCEPTED)
    foreign = make_initiative(tree.grassroots_a1x, UserFactory())
    response = login(client, member).get(url("mine"))
    listed = [initiative.pk for initiative in response.context["page"].object_list]
    assert set(listed) == {co_written.pk, own.pk}
    assert foreign.pk not in listed
    content = text(response)
    assert own.receipt_number in content
    assert "Complete and submit" in content


def test_navigation_links(client, tree, member, officer):
    content = text(login(client, member).get(url("mine")))
    assert f'href="{url("mine")}"' in content
    assert f'href="{url("inbox")}"' not in content
    content = text(login(client, officer).get(url("mine")))
    assert f'href="{url("inbox")}"' in content
    viewer = grant(tree.province_a, Role.VIEWER)
    assert f'href="{url("inbox")}"' in text(login(client, viewer).get(url("mine")))


def test_inbox_is_for_people_who_may_read_dossiers(client, tree, member):
    assert login(client, member).get(url("inbox")).status_code == 403
    viewer = grant(tree.province_a, Role.VIEWER)
    assert login(client, viewer).get(url("inbox")).status_code == 200


def _inbox(client, **params):
    response = client.get(url("inbox"), params)
    assert response.status_code == 200
    return [initiative.pk for initiative in response.context["page"].object_list]


def test_inbox_lists_the_subtree_without_drafts(client, tree, member):
    in_a1x = make_initiative(tree.grassroots_a1x, member, S.SUBMITTED)
    in_a1y = make_initiative(tree.grassroots_a1y, UserFactory(), S.ACCEPTED)
    make_initiative(tree.grassroots_a1x, member)  # draft
    make_initiative(tree.grassroots_b1x, UserFactory(), S.SUBMITTED)  # other branch
    login(client, grant(tree.province_a))
    assert set(_inbox(client)) == {in_a1x.pk, in_a1y.pk}
    login(client, grant(tree.grassroots_a1y, Role.VIEWER))
    assert _inbox(client) == [in_a1y.pk]


def test_inbox_filters(client, tree, member):
    today = timezone.localdate()
    welding = make_initiative(
        tree.grassroots_a1x,
        member,
        S.SUBMITTED,
        title="Đồ gá hàn khung xe",
        field=InitiativeField.MECHANICAL,
        kind=InitiativeKind.TECHNICAL,
    )
    hospital_author = UserFactory(first_name="Dũng", last_name="Phạm Quốc")
    records = make_initiative(
        tree.grassroots_a1y,
        hospital_author,
        S.ACCEPTED,
        title="Số hóa hồ sơ bệnh án",
        solution_purpose="Tra cứu hồ sơ nhanh hơn.",
        field=InitiativeField.HEALTH,
        kind=InitiativeKind.MANAGEMENT,
    )
    Initiative.objects.filter(pk=records.pk).update(decision_due=today - datetime.timedelta(days=1))
    Initiative.objects.filter(pk=welding.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=800)
    )
    login(client, grant(tree.province_a))
    assert _inbox(client, status="submitted") == [welding.pk]
    assert _inbox(client, status="accepted") == [records.pk]
    assert set(_inbox(client, unit="dha")) == {welding.pk, records.pk}
    assert _inbox(client, unit="CSY") == [records.pk]
    assert _inbox(client, unit="GLI") == []
    assert _inbox(client, unit="KHONGCO") == []
    assert _inbox(client, field="health") == [records.pk]
    assert _inbox(client, kind="technical") == [welding.pk]
    assert _inbox(client, year=today.year) == [records.pk]
    assert _inbox(client, year=99999) == []
    assert _inbox(client, overdue="true") == [records.pk]
    assert _inbox(client, overdue="false") == [welding.pk]
    assert _inbox(client, q="do ga han") == [welding.pk]
    assert _inbox(client, q="HO SO benh an") == [records.pk]
    assert _inbox(client, q="tra cuu") == [records.pk]  # in the description
    assert _inbox(client, q="pham quoc dung") == [records.pk]  # an author's name
    assert _inbox(client, status="nonsense") == [records.pk, welding.pk]  # ignored, no error
    assert _inbox(client, sort="title") == [welding.pk, records.pk]
    assert _inbox(client, sort="-title") == [records.pk, welding.pk]
    assert _inbox(client, sort="submitted") == [welding.pk, records.pk]
    assert _inbox(client, sort="-submitted") == [records.pk, welding.pk]
    assert _inbox(client, sort="due") == [records.pk, welding.pk]  # no due date comes last
    assert _inbox(client, sort="status") == [records.pk, welding.pk]
    content = text(client.get(url("inbox"), {"overdue": "true"}))
    assert 'class="row-overdue"' in content


def test_inbox_paginates_by_25(client, tree, member):
    for _ in range(26):
        make_initiative(tree.grassroots_a1x, member, S.SUBMITTED)
    login(client, grant(tree.province_a))
    assert len(_inbox(client)) == 25
    assert len(_inbox(client, page=2)) == 1


def _queries(client, address) -> int:
    client.get(address)  # warm-up: sessions, content types, caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


def _dossiers(tree, member, count):
    co_author = UserFactory()
    for number in range(count):
        initiative = make_initiative(
            tree.grassroots_a1x if number % 2 else tree.grassroots_a1y,
            member,
            authors=[
                author_row(member, 50),
                AuthorData(full_name="Lê Văn Cường", contribution=Decimal(25)),
                author_row(co_author, 25),
            ],
        )
        advance(initiative, S.ACCEPTED if number % 3 else S.SUBMITTED, author=member)


def test_query_counts_do_not_grow_with_the_number_of_dossiers(client, tree, member):
    officer = grant(tree.province_a)
    _dossiers(tree, member, 1)
    one = (
        _queries(login(client, officer), url("inbox")),
        _queries(login(client, member), url("mine")),
    )
    _dossiers(tree, member, 49)
    fifty = (
        _queries(login(client, officer), url("inbox")),
        _queries(login(client, member), url("mine")),
    )
    assert one == fifty
