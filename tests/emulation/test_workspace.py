""" "Việc của tôi" (``/viec-cua-toi/``): what waits for each role, with direct links, the oldest
deadline first, in a number of queries that does not grow with the rows; and where sign-in
lands (the workspace, or the Wagtail admin for editors)."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.enums import RoundStatus
from emulation.enums import RegistrationStatus
from initiatives.enums import InitiativeStatus as S
from initiatives.models import Initiative
from tests.factories import RoleGrantFactory, make_initiative, unit_officer
from tests.factories.accounts import UserFactory
from tests.factories.awards import accepted_dossier, make_round, make_round_in, member_of
from tests.factories.movements import make_movement, make_registration, officer_of
from tests.factories.pledges import make_block, make_pledge
from unions.enums import Role

URL = "/viec-cua-toi/"


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_workspace_signed_out_goes_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_workspace_empty_says_nothing_waits(client, tree):
    assert "Không có việc nào đang chờ bạn." in page(client, member_of(tree.grassroots_a1x))


def test_workspace_member_sees_next_steps_of_own_dossiers(client, tree):
    member = member_of(tree.grassroots_a1x)
    draft = make_initiative(tree.grassroots_a1x, member, title="Máy cắt vải tự động")
    returned = make_initiative(
        tree.grassroots_a1x, member, S.RETURNED, title="Băng chuyền tiết kiệm điện"
    )
    accepted = make_initiative(
        tree.grassroots_a1x, member, S.ACCEPTED, title="Quy trình kiểm hàng mới"
    )
    recognised = make_initiative(tree.grassroots_a1x, member, S.RECOGNISED, title="Giá đỡ cuộn chỉ")
    html = page(client, member)
    assert "Hồ sơ của tôi: bước tiếp theo" in html
    assert reverse("initiatives:edit", args=[draft.pk]) in html
    assert reverse("initiatives:edit", args=[returned.pk]) in html
    assert "Bị trả lại để bổ sung: hoàn thiện và gửi lại" in html
    assert accepted.title in html
    assert "Đã tiếp nhận: đang chờ quyết định" in html
    assert accepted.decision_due.strftime("%d/%m/%Y") in html
    # A decided dossier waits for nothing.
    assert recognised.title not in html


def test_workspace_grassroots_officer_sees_dossiers_to_receive_and_due(client, tree):
    officer = unit_officer(tree.grassroots_a1x)
    submitted = make_initiative(
        tree.grassroots_a1x, member_of(tree.grassroots_a1x), S.SUBMITTED, title="Khuôn ép mới"
    )
    late = accepted_dossier(tree.grassroots_a1x, officer=officer, title="Hệ thống sấy khô")
    Initiative.objects.filter(pk=late.pk).update(
        decision_due=timezone.localdate() - timedelta(days=2)
    )
    far = accepted_dossier(tree.grassroots_a1x, officer=officer, title="Bàn nâng thủy lực")
    # Elsewhere in the tree: not this officer's.
    make_initiative(
        tree.grassroots_b1x, member_of(tree.grassroots_b1x), S.SUBMITTED, title="Lò hơi khác"
    )
    html = page(client, officer)
    assert "Hồ sơ cần tiếp nhận" in html
    assert reverse("initiatives:detail", args=[submitted.pk]) in html
    assert "Quyết định sắp đến hạn hoặc quá hạn" in html
    assert reverse("initiatives:detail", args=[late.pk]) in html
    assert "quá hạn quyết định" in html
    # Due in three months: not yet a worry.
    assert far.title not in html
    assert "Lò hơi khác" not in html
    # The late decision comes before the dossier to receive (oldest deadline first).
    assert html.index("Hệ thống sấy khô") < html.index("Khuôn ép mới")


def test_workspace_council_member_sees_sheets_to_score(client, tree):
    setup = make_round_in(RoundStatus.SCORING, tree.grassroots_a1x, dossiers=2, submitted=False)
    member = setup.members[0].user
    html = page(client, member)
    assert "Phiếu cần chấm" in html
    for entry in setup.entries:
        assert reverse("awards:score_sheet", args=[entry.pk]) in html
    assert setup.round.scoring_closes.strftime("%d/%m/%Y") in html


def test_workspace_officer_sees_rounds_to_run_and_votes(client, tree):
    officer = unit_officer(tree.grassroots_a1x)
    draft = make_round(tree.grassroots_a1x, officer=officer, title="Đợt xét năm 2026")
    deliberation = make_round_in(
        RoundStatus.DELIBERATION, tree.grassroots_a1x, officer=officer, title="Đợt xét quý I"
    )
    html = page(client, officer)
    assert "Đợt xét cần mở hoặc kết thúc" in html
    assert reverse("awards:round_detail", args=[draft.pk]) in html
    assert reverse("awards:round_detail", args=[deliberation.round.pk]) in html
    assert "Biểu quyết cần ghi nhận" in html
    assert reverse("awards:entry_detail", args=[deliberation.entry.pk]) in html


def test_workspace_secretary_sees_votes_to_record(client, tree):
    setup = make_round_in(RoundStatus.DELIBERATION, tree.grassroots_a1x)
    html = page(client, setup.secretary.user)
    assert reverse("awards:entry_detail", args=[setup.entry.pk]) in html
    # An ordinary member records no vote.
    assert reverse("awards:entry_detail", args=[setup.entry.pk]) not in page(
        client, setup.members[0].user
    )


def test_workspace_officer_sees_registrations_to_approve(client, tree):
    movement = make_movement(launching_unit=tree.national)
    registration = make_registration(
        movement=movement,
        year=2026,
        unit=tree.grassroots_a1x,
        status=RegistrationStatus.AWAITING_APPROVAL,
    )
    approver = officer_of(tree.district_a1)
    html = page(client, approver)
    assert "Đăng ký thi đua cần duyệt" in html
    assert reverse("movements:registration_detail", args=[registration.pk]) in html
    # The registering unit's own officer does not approve it.
    assert reverse("movements:registration_detail", args=[registration.pk]) not in page(
        client, officer_of(tree.grassroots_a1x)
    )


def test_workspace_officer_sees_pledge_reports_due(client, tree):
    block = make_block(tree.province_a, [tree.district_a1, tree.district_a2])
    pledge = make_pledge(block, signed=True, title="Giao ước thi đua khối huyện 2026")
    html = page(client, officer_of(tree.district_a1))
    assert "Báo cáo giao ước đến hạn" in html
    assert reverse("pledges:pledge_detail", args=[pledge.pk]) in html


def test_workspace_holder_sees_certificate_ready(client, tree, django_capture_on_commit_callbacks):
    from tests.awards.test_certificates import build_issued

    issued = build_issued(tree, django_capture_on_commit_callbacks)
    html = page(client, issued.holder)
    assert "Giấy chứng nhận sẵn sàng tải về" in html
    assert reverse("honours:certificate_download", args=[issued.certificate.pk]) in html


def _queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def _officer_work(tree, officer, rows: int) -> None:
    for index in range(rows):
        make_initiative(
            tree.grassroots_a1x,
            member_of(tree.grassroots_a1x),
            S.SUBMITTED,
            title=f"Sáng kiến số {index}",
        )
        accepted_dossier(tree.grassroots_a1x, officer=officer, title=f"Đã nhận {index}")
    Initiative.objects.filter(status=S.ACCEPTED).update(decision_due=timezone.localdate())


def test_workspace_officer_queries_do_not_grow_with_rows(client, tree):
    officer = unit_officer(tree.grassroots_a1x)
    _officer_work(tree, officer, 1)
    one = _queries(client, officer)
    _officer_work(tree, officer, 5)
    assert _queries(client, officer) == one


def test_workspace_council_queries_do_not_grow_with_rows(client, tree):
    setup = make_round_in(RoundStatus.SCORING, tree.grassroots_a1x, dossiers=1, submitted=False)
    one = _queries(client, setup.members[0].user)
    many = make_round_in(RoundStatus.SCORING, tree.grassroots_a1y, dossiers=3, submitted=False)
    assert _queries(client, many.members[0].user) == one


def test_sign_in_lands_on_workspace(client, tree):
    member = member_of(tree.grassroots_a1x, email="an@example.vn")
    member.set_password("Mat-khau-2026")
    member.save()
    response = client.post(
        "/dang-nhap/", {"username": "an@example.vn", "password": "Mat-khau-2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == URL


def test_sign_in_editor_lands_in_admin(client, tree):
    editor = UserFactory(email="bientap@example.vn")
    editor.set_password("Mat-khau-2026")
    editor.save()
    RoleGrantFactory(user=editor, unit=tree.province_a, role=Role.EDITOR)
    response = client.post(
        "/dang-nhap/", {"username": "bientap@example.vn", "password": "Mat-khau-2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_workspace_verifier_sees_benefits_to_verify(client, tree):
    import datetime

    from awards.services.benefits import benefit_claim

    initiative = make_initiative(
        tree.grassroots_a1x, member_of(tree.grassroots_a1x), S.RECOGNISED, title="Máy sấy mới"
    )
    year = timezone.localdate().year - 1
    Initiative.objects.filter(pk=initiative.pk).update(first_applied_on=datetime.date(year, 6, 1))
    initiative.refresh_from_db()
    record = benefit_claim(
        initiative=initiative, year=year, claimed_vnd=50_000_000, actor=initiative.created_by
    )
    html = page(client, unit_officer(tree.district_a1))
    assert "Giá trị làm lợi cần thẩm định" in html
    assert reverse("achievements:benefit_verify", args=[record.pk]) in html
