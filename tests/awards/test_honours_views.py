"""The award-decision pages: who sees and does what (a matrix written out by hand), the draft's
forms with bad input, issuing, certificates (progress, re-queueing, download by officers and
by the holder), revocation, and the number of queries of the list and of the decision page.

The decisions are issued by district_a1 (under province_a; grassroots_a1x beneath it;
district_a2 beside it; province_b in another branch).
"""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.enums import AwardDecisionStatus, RecipientKind, RoundStatus, RuleKind
from awards.models import (
    AwardDecision,
    AwardType,
    Certificate,
    EligibilityRule,
    Recipient,
    Revocation,
)
from awards.services.honours import (
    award_decision_create,
    award_decision_issue,
    recipient_add_person,
    recipient_add_unit,
)
from tests.factories import RoleGrantFactory, UserFactory
from tests.factories.awards import make_round_in, member_of
from tests.factories.initiatives import unit_officer
from unions.enums import Role, UnitKind

D = AwardDecisionStatus
TODAY = timezone.localdate()
PDF = "application/pdf"


def make_award_type(code: str, kind: str = UnitKind.DISTRICT_FEDERATION, **fields) -> AwardType:
    return AwardType.objects.create(
        code=code,
        name=fields.pop("name", "Giấy khen của Liên đoàn Lao động thành phố"),
        issuer_kinds=[kind],
        recipient_kind=fields.pop("recipient_kind", RecipientKind.BOTH),
        **fields,
    )


def make_draft(issuer, officer, award_type, *, people=(), names=(), units=()) -> AwardDecision:
    decision = award_decision_create(
        issuer=issuer,
        award_type=award_type,
        decided_on=TODAY - datetime.timedelta(days=5),
        signer_name="Hoàng Văn Sơn",
        signer_title="Chủ tịch Liên đoàn Lao động thành phố",
        grounds="Thành tích xuất sắc trong phong trào thi đua năm nay.",
        actor=officer,
    )
    for person in people:
        recipient_add_person(decision=decision, actor=officer, name="", user=person)
    for name in names:
        recipient_add_person(decision=decision, actor=officer, name=name)
    for unit in units:
        recipient_add_unit(decision=decision, actor=officer, unit=unit)
    return decision


@pytest.fixture
def district(tree, django_capture_on_commit_callbacks):
    """An issued decision of district_a1 (a member holding one certificate, an outside person
    the other; the PDFs rendered at commit) and a draft with one recipient."""
    officer = unit_officer(tree.district_a1)
    award_type = make_award_type("thu-giay-khen-huyen")
    holder = member_of(tree.grassroots_a1x, last_name="Nguyễn Thị", first_name="Hường")
    decision = make_draft(
        tree.district_a1, officer, award_type, people=[holder], names=["Trần Văn Bình"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        award_decision_issue(decision=decision, actor=officer)
    draft = make_draft(tree.district_a1, officer, award_type, names=["Lê Thị Mai"])
    return SimpleNamespace(
        officer=officer,
        award_type=award_type,
        holder=holder,
        decision=AwardDecision.objects.get(pk=decision.pk),
        certificate=Certificate.objects.get(recipient__user=holder),
        draft=draft,
    )


def login(client, user):
    client.force_login(user)
    return client


# --- the permission matrix -----------------------------------------------------------------

POSITIONS = {
    "same_unit": "district_a1",
    "ancestor": "province_a",
    "descendant": "grassroots_a1x",
    "sibling": "district_a2",
    "other_branch": "province_b",
}
IN_SCOPE = {"same_unit", "ancestor"}
KINDS = [f"{role}@{position}" for role in (Role.OFFICER, Role.VIEWER) for position in POSITIONS]
KINDS.append("no_grant")

# What each kind of user gets: the list (and whether the decision is on it), the decision
# page, issuing the draft, revoking a certificate, downloading one.
EXPECTED = {
    **{
        f"officer@{p}": (200, p in IN_SCOPE, 200, 302, 302, 200)
        if p in IN_SCOPE
        else (200, False, 404, 404, 404, 404)
        for p in POSITIONS
    },
    **{
        f"viewer@{p}": (200, True, 200, 403, 403, 200)
        if p in IN_SCOPE
        else (200, False, 404, 404, 404, 404)
        for p in POSITIONS
    },
    "no_grant": (403, False, 404, 404, 404, 404),
}


def user_of(kind: str, tree):
    user = UserFactory()
    if kind != "no_grant":
        role, position = kind.split("@")
        RoleGrantFactory(user=user, unit=getattr(tree, POSITIONS[position]), role=role)
    return user


@pytest.mark.parametrize("kind", KINDS)
def test_permission_matrix(client, tree, district, kind):
    listed, on_list, detail, issue, revoke, download = EXPECTED[kind]
    client = login(client, user_of(kind, tree))
    decision, draft = district.decision, district.draft

    response = client.get(reverse("honours:decision_list"))
    assert response.status_code == listed
    if listed == 200:
        assert (f'data-pk="{decision.pk}"' in response.content.decode()) is on_list

    assert client.get(reverse("honours:decision_detail", args=[decision.pk])).status_code == detail
    assert client.get(reverse("honours:decision_detail", args=[draft.pk])).status_code == detail

    response = client.post(reverse("honours:decision_issue", args=[draft.pk]), {"confirm": "on"})
    assert response.status_code == issue
    assert AwardDecision.objects.get(pk=draft.pk).status == (D.ISSUED if issue == 302 else D.DRAFT)

    response = client.post(
        reverse("honours:decision_revoke", args=[decision.pk]),
        {
            "certificate": district.certificate.pk,
            "revoked_on": TODAY.strftime("%d/%m/%Y"),
            "reason": "Hồ sơ khai không đúng thành tích.",
        },
    )
    assert response.status_code == revoke
    assert Revocation.objects.filter(decision=decision).exists() is (revoke == 302)

    url = reverse("honours:certificate_download", args=[district.certificate.pk])
    response = client.get(url)
    assert response.status_code == download
    if download == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_holder_downloads_their_own_certificate_and_nobody_elses(client, tree, district):
    url = reverse("honours:certificate_download", args=[district.certificate.pk])
    response = login(client, district.holder).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f"chung-nhan-{district.certificate.short_code}.pdf" in disposition
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    other = Certificate.objects.get(recipient__decision=district.decision, recipient__user=None)
    other_url = reverse("honours:certificate_download", args=[other.pk])
    assert client.get(other_url).status_code == 404
    # The holder is no reader of decisions.
    assert (
        client.get(reverse("honours:decision_detail", args=[district.decision.pk])).status_code
        == 404
    )
    assert client.get(reverse("honours:decision_list")).status_code == 403

    colleague = member_of(tree.grassroots_a1x)
    assert login(client, colleague).get(url).status_code == 404
    assert client.get(reverse("honours:certificate_download", args=[999999])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, district):
    for url in (
        reverse("honours:decision_list"),
        reverse("honours:decision_detail", args=[district.decision.pk]),
        reverse("honours:certificate_download", args=[district.certificate.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_navigation_shows_awards_to_officers_and_viewers_only(client, tree):
    url = reverse("honours:decision_list")
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.province_b, role=Role.VIEWER)
    for user, shown in (
        (unit_officer(tree.district_a1), True),
        (viewer, True),
        (UserFactory(), False),
    ):
        page = login(client, user).get(reverse("profile")).content.decode()
        assert (f'href="{url}"' in page) is shown


# --- the list ------------------------------------------------------------------------------


def test_list_filters_by_status_year_and_award(client, tree, district):
    other_type = make_award_type("thu-bang-khen-huyen", name="Bằng khen thử")
    other = make_draft(tree.district_a1, district.officer, other_type, names=["Phan Văn Đức"])
    client = login(client, district.officer)
    url = reverse("honours:decision_list")

    def shown(**query):
        content = client.get(url, query).content.decode()
        return {
            pk
            for pk in (district.decision.pk, district.draft.pk, other.pk)
            if f'data-pk="{pk}"' in content
        }

    assert shown() == {district.decision.pk, district.draft.pk, other.pk}
    assert shown(status="issued") == {district.decision.pk}
    assert shown(status="draft") == {district.draft.pk, other.pk}
    assert shown(award_type=other_type.pk) == {other.pk}
    assert shown(year=2001) == set()
    assert district.decision.number in client.get(url).content.decode()
    # Nonsense in the query string is ignored, never an error.
    assert shown(status="zzz", year="năm", award_type="'; drop") == shown()
    assert client.get(url, {"page": "9999"}).status_code == 200


# --- a new draft ---------------------------------------------------------------------------


def create_data(**values) -> dict:
    data = {
        "issuer": "DHA",
        "award_type": "",
        "decided_on": TODAY.strftime("%d/%m/%Y"),
        "signer_name": "Hoàng Văn Sơn",
        "signer_title": "Chủ tịch",
        "grounds": "Tổng kết phong trào thi đua năm.",
        "source_round": "",
    }
    data.update(values)
    return data


def test_officer_creates_a_draft(client, tree, district):
    client = login(client, district.officer)
    page = client.get(reverse("honours:decision_create"))
    assert page.status_code == 200 and 'name="issuer"' in page.content.decode()
    response = client.post(
        reverse("honours:decision_create"), create_data(award_type=district.award_type.pk)
    )
    created = AwardDecision.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("honours:decision_detail", args=[created.pk])
    assert (created.issuer, created.award_type, created.status) == (
        tree.district_a1,
        district.award_type,
        D.DRAFT,
    )
    assert created.created_by == district.officer


def test_create_refuses_units_outside_the_scope_and_awards_of_another_kind(client, tree):
    officer = unit_officer(tree.province_a)
    district_type = make_award_type("thu-giay-khen-huyen-2")
    grassroots_type = make_award_type(
        "thu-giay-khen-co-so", kind=UnitKind.GRASSROOTS_UNION, name="Giấy khen thử của cơ sở"
    )
    client = login(client, officer)
    before = AwardDecision.objects.count()
    cases = [
        (create_data(issuer="CSB", award_type=district_type.pk), "issuer"),
        (create_data(issuer="DHA", award_type=grassroots_type.pk), "award_type"),
        (create_data(issuer="", award_type=grassroots_type.pk), "issuer"),
        (create_data(award_type=district_type.pk, decided_on="31/02/2025"), "decided_on"),
        (create_data(award_type=district_type.pk, signer_name=""), "signer_name"),
        (create_data(award_type="999999"), "award_type"),
    ]
    for data, field in cases:
        response = client.post(reverse("honours:decision_create"), data)
        assert response.status_code == 400, data
        assert field in response.context["form"].errors, (data, response.context["form"].errors)
    assert AwardDecision.objects.count() == before
    # With the issuer known, only its awards are offered.
    page = client.get(reverse("honours:decision_create"), {"issuer": "DHA"}).content.decode()
    assert district_type.name in page and grassroots_type.name not in page


def test_create_takes_a_closed_round_of_the_issuers_subtree_only(client, tree):
    officer = unit_officer(tree.province_a)
    award_type = make_award_type("thu-giay-khen-huyen-3")
    below = make_round_in(RoundStatus.CLOSED, tree.grassroots_a1x)
    client = login(client, officer)
    response = client.post(
        reverse("honours:decision_create"),
        create_data(issuer="GLI", award_type=award_type.pk, source_round=below.round.pk),
    )
    assert response.status_code == 400
    assert "source_round" in response.context["form"].errors
    response = client.post(
        reverse("honours:decision_create"),
        create_data(issuer="DHA", award_type=award_type.pk, source_round=below.round.pk),
    )
    assert response.status_code == 302
    assert AwardDecision.objects.latest("pk").source_round == below.round


def test_a_viewer_cannot_open_the_create_page(client, tree):
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.district_a1, role=Role.VIEWER)
    assert login(client, viewer).get(reverse("honours:decision_create")).status_code == 403


# --- the draft's page and forms ------------------------------------------------------------


def test_draft_page_offers_the_forms_and_the_issue_confirmation(client, district):
    content = (
        login(client, district.officer)
        .get(reverse("honours:decision_detail", args=[district.draft.pk]))
        .content.decode()
    )
    for marker in ('id="add-person"', 'id="add-unit"', 'id="issue-form"', 'id="issue-warning"'):
        assert marker in content
    assert 'id="edit-decision"' in content and 'id="delete-decision"' in content
    assert "Lê Thị Mai" in content
    assert 'http-equiv="refresh"' not in content


def test_adding_people_and_units_to_a_draft(client, tree, district):
    client = login(client, district.officer)
    draft = district.draft
    person_url = reverse("honours:recipient_add_person", args=[draft.pk])
    unit_url = reverse("honours:recipient_add_unit", args=[draft.pk])
    member = member_of(tree.grassroots_a1x)
    dossier = make_round_in(RoundStatus.CLOSED, tree.grassroots_a1x).initiatives[0]
    outside = make_round_in(RoundStatus.CLOSED, tree.grassroots_b1x).initiatives[0]

    assert client.post(person_url, {"person": member.email}).status_code == 302
    assert client.post(person_url, {"name": "  Đinh Thị Lan "}).status_code == 302
    response = client.post(person_url, {"name": "Vũ Văn Hải", "initiative": dossier.pk})
    assert response.status_code == 302
    assert client.post(unit_url, {"unit": " CSX "}).status_code == 302
    rows = list(
        draft.recipients.order_by("order").values_list("name", "user", "unit", "initiative")
    )
    assert rows[1:] == [
        (member.get_full_name(), member.pk, None, None),
        ("Đinh Thị Lan", None, None, None),
        ("Vũ Văn Hải", None, None, dossier.pk),
        (tree.grassroots_a1x.name, None, tree.grassroots_a1x.pk, None),
    ]

    count = draft.recipients.count()
    bad = [
        (person_url, {"person": "khong-co-ai@example.vn"}, "person"),
        (person_url, {}, "name"),
        (person_url, {"name": "Ai đó", "initiative": "KHÔNG-CÓ-SỐ"}, "initiative"),
        (person_url, {"name": "Ai đó", "initiative": outside.pk}, "initiative"),
        (person_url, {"name": " vũ  văn hải "}, "name"),  # already a recipient, by name
        (person_url, {"person": member.email}, "user_or_form"),  # already a recipient
        (unit_url, {"unit": "CSB"}, "unit"),  # outside the issuer's subtree
        (unit_url, {"unit": "CSX"}, "unit"),  # already a recipient
        (unit_url, {"unit": ""}, "unit"),
    ]
    for url, data, field in bad:
        response = client.post(url, data)
        assert response.status_code == 400, (data, response.status_code)
        form = response.context["person_form" if url == person_url else "unit_form"]
        assert form.errors, data
        if field != "user_or_form":
            assert field in form.errors, (data, form.errors)
    assert draft.recipients.count() == count


def test_recipients_from_the_grounds_round_and_removing_one(client, tree):
    setup = make_round_in(RoundStatus.CLOSED, tree.grassroots_a1x, dossiers=2)
    officer = unit_officer(tree.district_a1)
    award_type = make_award_type("thu-giay-khen-huyen-4")
    decision = award_decision_create(
        issuer=tree.district_a1,
        award_type=award_type,
        decided_on=TODAY,
        signer_name="Hoàng Văn Sơn",
        signer_title="Chủ tịch",
        source_round=setup.round,
        actor=officer,
    )
    client = login(client, officer)
    page = client.get(reverse("honours:decision_detail", args=[decision.pk])).content.decode()
    assert 'id="recipients-from-round"' in page
    response = client.post(reverse("honours:recipients_from_round", args=[decision.pk]))
    assert response.status_code == 302
    names = {i.created_by.get_full_name() for i in setup.initiatives}
    assert set(decision.recipients.values_list("name", flat=True)) == names
    assert set(decision.recipients.values_list("initiative", flat=True)) == {
        i.pk for i in setup.initiatives
    }
    client.post(reverse("honours:recipients_from_round", args=[decision.pk]))
    assert decision.recipients.count() == 2

    recipient = decision.recipients.first()
    url = reverse("honours:recipient_remove", args=[decision.pk, recipient.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert decision.recipients.count() == 1
    # A recipient of another decision is not found through this one.
    other = make_draft(tree.district_a1, officer, award_type, names=["Lý Văn Phúc"])
    foreign = other.recipients.get()
    url = reverse("honours:recipient_remove", args=[decision.pk, foreign.pk])
    assert client.post(url).status_code == 404
    assert Recipient.objects.filter(pk=foreign.pk).exists()


def test_editing_and_deleting_a_draft(client, district):
    client = login(client, district.officer)
    edit = reverse("honours:decision_edit", args=[district.draft.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "decided_on": "01/02/2024",
            "signer_name": "Lương Thị Hạnh",
            "signer_title": "Phó Chủ tịch",
            "grounds": "",
        },
    )
    assert response.status_code == 302
    draft = AwardDecision.objects.get(pk=district.draft.pk)
    assert (draft.decided_on, draft.year, draft.signer_name) == (
        datetime.date(2024, 2, 1),
        2024,
        "Lương Thị Hạnh",
    )
    response = client.post(edit, {"decided_on": "hôm qua", "signer_name": "", "signer_title": ""})
    assert response.status_code == 400
    assert AwardDecision.objects.get(pk=draft.pk).signer_name == "Lương Thị Hạnh"

    assert client.post(reverse("honours:decision_delete", args=[draft.pk])).status_code == 302
    assert not AwardDecision.objects.filter(pk=draft.pk).exists()


def test_an_issued_decision_offers_no_change(client, district):
    client = login(client, district.officer)
    decision = district.decision
    content = client.get(reverse("honours:decision_detail", args=[decision.pk])).content.decode()
    for marker in ('id="add-person"', 'id="issue-form"', 'id="edit-decision"', "recipient_remove"):
        assert marker not in content
    response = client.get(reverse("honours:decision_edit", args=[decision.pk]))
    assert response.status_code == 302
    before = AwardDecision.objects.filter(pk=decision.pk).values().get()
    recipient = decision.recipients.first()
    posts = [
        (reverse("honours:decision_edit", args=[decision.pk]), {"signer_name": "Khác"}),
        (reverse("honours:decision_delete", args=[decision.pk]), {}),
        (reverse("honours:decision_issue", args=[decision.pk]), {"confirm": "on"}),
        (reverse("honours:recipient_add_person", args=[decision.pk]), {"name": "Mới"}),
        (reverse("honours:recipient_add_unit", args=[decision.pk]), {"unit": "CSX"}),
        (reverse("honours:recipients_from_round", args=[decision.pk]), {}),
        (reverse("honours:recipient_remove", args=[decision.pk, recipient.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (302, 400), url
    assert AwardDecision.objects.filter(pk=decision.pk).values().get() == before
    assert decision.recipients.count() == 2


# --- issuing -------------------------------------------------------------------------------


def test_issuing_needs_the_confirmation_and_a_recipient(client, tree, district):
    client = login(client, district.officer)
    url = reverse("honours:decision_issue", args=[district.draft.pk])
    response = client.post(url, {})
    assert response.status_code == 400
    assert "confirm" in response.context["issue_form"].errors
    empty = make_draft(tree.district_a1, district.officer, district.award_type)
    response = client.post(reverse("honours:decision_issue", args=[empty.pk]), {"confirm": "on"})
    assert response.status_code == 400
    assert response.context["issue_form"].non_field_errors()
    assert AwardDecision.objects.get(pk=empty.pk).status == D.DRAFT
    assert client.get(url).status_code == 405


def test_issuing_numbers_the_decision_and_shows_the_certificates_being_made(client, tree, district):
    client = login(client, district.officer)
    response = client.post(
        reverse("honours:decision_issue", args=[district.draft.pk]), {"confirm": "on"}
    )
    assert response.status_code == 302
    draft = AwardDecision.objects.get(pk=district.draft.pk)
    expected = district.decision.sequence + 1 if draft.year == district.decision.year else 1
    assert draft.status == D.ISSUED and draft.number == f"{expected:02d}/QĐ-DHA/{draft.year}"
    # The test client does not commit, so the PDFs are still to be made: the page says so and
    # refreshes itself, and offers to queue them again.
    page = client.get(response["Location"]).content.decode()
    assert draft.number in page
    # (a static script reloads it: a meta refresh cannot be stopped by screen-reader users)
    assert 'data-refresh-after="5"' in page
    assert "js/refresh.js" in page
    assert 'http-equiv="refresh"' not in page
    assert 'data-done="false"' in page
    assert 'id="generate-certificates"' in page
    assert "certificate-download" not in page


def test_queueing_the_missing_certificates_again(
    client, tree, district, django_capture_on_commit_callbacks
):
    officer = district.officer
    award_decision_issue(decision=district.draft, actor=officer)  # no commit: no PDF
    client = login(client, officer)
    url = reverse("honours:certificates_generate", args=[district.draft.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    certificate = Certificate.objects.get(recipient__decision=district.draft)
    assert certificate.file and certificate.generated_at
    page = client.get(reverse("honours:decision_detail", args=[district.draft.pk]))
    content = page.content.decode()
    assert 'data-done="true"' in content and "http-equiv" not in content
    assert 'id="generate-certificates"' not in content
    assert reverse("honours:certificate_download", args=[certificate.pk]) in content
    # Nothing to make for a draft; a viewer may not queue anything.
    other = make_draft(tree.district_a1, officer, district.award_type, names=["Lò Văn Pả"])
    assert client.post(reverse("honours:certificates_generate", args=[other.pk])).status_code == 404
    viewer = UserFactory()
    RoleGrantFactory(user=viewer, unit=tree.district_a1, role=Role.VIEWER)
    assert login(client, viewer).post(url).status_code == 403


# --- revocation ----------------------------------------------------------------------------


def revoke_data(**values) -> dict:
    data = {
        "certificate": "",
        "revoked_on": TODAY.strftime("%d/%m/%Y"),
        "reason": "Thành tích kê khai không trung thực.",
        "reference": "07/QĐ-DHA",
    }
    data.update(values)
    return data


def test_revoking_one_certificate_then_the_whole_decision(client, district):
    client = login(client, district.officer)
    decision = district.decision
    url = reverse("honours:decision_revoke", args=[decision.pk])
    assert client.post(url, revoke_data(certificate=district.certificate.pk)).status_code == 302
    page = client.get(reverse("honours:decision_detail", args=[decision.pk])).content.decode()
    assert "certificate-revoked" in page and "07/QĐ-DHA" in page
    # The revoked certificate is no longer offered.
    form = client.get(reverse("honours:decision_detail", args=[decision.pk])).context["revoke_form"]
    assert district.certificate not in form.fields["certificate"].queryset

    assert client.post(url, revoke_data()).status_code == 302
    page = client.get(reverse("honours:decision_detail", args=[decision.pk]))
    assert 'id="decision-revoked"' in page.content.decode()
    assert "revoke_form" not in page.context
    assert Revocation.objects.filter(decision=decision).count() == 2


def test_revocation_with_bad_input_is_a_form_error(client, district):
    client = login(client, district.officer)
    url = reverse("honours:decision_revoke", args=[district.decision.pk])
    before_decision = district.decision.decided_on - datetime.timedelta(days=1)
    cases = [
        (revoke_data(reason=""), "reason"),
        (revoke_data(reason="   "), "reason"),
        (revoke_data(revoked_on="30/02/2025"), "revoked_on"),
        (revoke_data(revoked_on=before_decision.strftime("%d/%m/%Y")), "revoked_on"),
        (revoke_data(certificate="999999"), "certificate"),
    ]
    for data, field in cases:
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert field in response.context["revoke_form"].errors, (data, field)
    assert not Revocation.objects.exists()
    draft_url = reverse("honours:decision_revoke", args=[district.draft.pk])
    response = client.post(draft_url, revoke_data())
    assert response.status_code == 400
    assert not Revocation.objects.exists()


# --- eligibility on the page ---------------------------------------------------------------


def test_each_recipient_shows_the_rules_with_the_figure_found(client, tree):
    officer = unit_officer(tree.district_a1)
    award_type = make_award_type("thu-bang-ldst")
    EligibilityRule.objects.create(
        award_type=award_type, kind=RuleKind.MIN_BENEFIT, amount_vnd=80_000_000
    )
    decision = make_draft(tree.district_a1, officer, award_type, names=["Tạ Văn Minh"])
    page = login(client, officer).get(reverse("honours:decision_detail", args=[decision.pk]))
    content = page.content.decode()
    assert '<details class="eligibility">' in content and "eligibility-fail" in content
    assert "80.000.000 ₫" in content
    plain = make_draft(tree.district_a1, officer, make_award_type("thu-khong-dieu-kien"))
    recipient_add_person(decision=plain, actor=officer, name="Bùi Văn Tú")
    content = client.get(reverse("honours:decision_detail", args=[plain.pk])).content.decode()
    assert '<details class="eligibility">' not in content


# --- query counts --------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_decision_list_queries_do_not_grow_with_decisions(client, tree):
    officer = unit_officer(tree.province_a)
    award_type = make_award_type("thu-giay-khen-huyen-5")
    make_draft(tree.district_a1, officer, award_type, names=["Một"])
    client = login(client, officer)
    url = reverse("honours:decision_list")
    few = count_queries(client, url)
    for number in range(12):
        decision = make_draft(
            tree.district_a2 if number % 2 else tree.district_a1,
            officer,
            award_type,
            names=["Hai", "Ba"],
        )
        if number % 3 == 0:
            award_decision_issue(decision=decision, actor=officer)
    many = count_queries(client, url)
    assert many == few


@pytest.mark.parametrize("issued", [False, True], ids=["draft", "issued"])
@pytest.mark.parametrize("with_rules", [False, True], ids=["no_rules", "rules"])
def test_decision_page_queries_do_not_grow_with_recipients(client, tree, issued, with_rules):
    officer = unit_officer(tree.district_a1)
    award_type = make_award_type(f"thu-dem-truy-van-{issued}-{with_rules}")
    if with_rules:
        EligibilityRule.objects.create(
            award_type=award_type, kind=RuleKind.MIN_BENEFIT, amount_vnd=80_000_000
        )
        EligibilityRule.objects.create(
            award_type=award_type, alternative=2, kind=RuleKind.PRIOR_AWARD, prior_award=award_type
        )

    def decision_with(count: int) -> AwardDecision:
        people = [member_of(tree.grassroots_a1x) for _ in range(count - count // 3)]
        units = [tree.grassroots_a1x, tree.grassroots_a1y][: count // 3]
        names = [f"Người thứ {n}" for n in range(count // 3 - len(units))]
        decision = make_draft(
            tree.district_a1, officer, award_type, people=people, names=names, units=units
        )
        if issued:
            award_decision_issue(decision=decision, actor=officer)
        return decision

    small, large = decision_with(1), decision_with(30)
    assert large.recipients.count() == 30
    client = login(client, officer)
    few = count_queries(client, reverse("honours:decision_detail", args=[small.pk]))
    many = count_queries(client, reverse("honours:decision_detail", args=[large.pk]))
    assert many == few
