from django.urls import path

from awards.views import changes, council, officer, public

app_name = "awards"

urlpatterns = [
    path("", officer.round_list, name="round_list"),
    path("moi/", officer.round_create, name="round_create"),
    path("cua-toi/", council.my_reviews, name="my_reviews"),
    path("<int:pk>/", officer.round_detail, name="round_detail"),
    path("<int:pk>/sua/", officer.round_edit, name="round_edit"),
    path("<int:pk>/thao-tac/<slug:action>/", officer.round_transition, name="round_transition"),
    path("<int:pk>/ket-thuc/", officer.round_close, name="round_close"),
    path("<int:pk>/hoi-dong/", officer.council_add, name="council_add"),
    path("<int:pk>/hoi-dong/<int:member_pk>/xoa/", officer.council_remove, name="council_remove"),
    path("<int:pk>/ho-so/", officer.entries_add, name="entries_add"),
    path("<int:pk>/bien-ban.pdf", officer.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/bang-diem.xlsx", officer.scores_xlsx, name="scores_xlsx"),
    path("<int:pk>/quyet-dinh.pdf", officer.decision_pdf, name="decision_pdf"),
    path("ho-so/<int:pk>/", officer.entry_detail, name="entry_detail"),
    path("ho-so/<int:pk>/bieu-quyet/", officer.entry_vote, name="entry_vote"),
    path("ho-so/<int:pk>/xung-dot/", officer.entry_conflict, name="entry_conflict"),
    path("ho-so/<int:pk>/phan-cong/", officer.entry_assign, name="entry_assign"),
    path("ho-so/<int:pk>/vao-lai/", officer.entry_reenter, name="entry_reenter"),
    path("ho-so/<int:pk>/rut/", officer.entry_remove, name="entry_remove"),
    path("ho-so/<int:pk>/de-cu/", officer.entry_nominate, name="entry_nominate"),
    path("ho-so/<int:pk>/phieu/<int:sheet_pk>/mo-lai/", officer.sheet_reopen, name="sheet_reopen"),
    path("ho-so/<int:pk>/cham-diem/", council.score_sheet, name="score_sheet"),
    path("ho-so/<int:pk>/tu-khai/", council.declare_own_conflict, name="declare_own_conflict"),
    path(
        "sang-kien/<int:pk>/lich-su-thay-doi/",
        changes.dossier_changes_page,
        name="dossier_changes",
    ),
]

# The public verification of certificates, mounted at /xac-minh/ without sign-in.
verification_patterns = (
    [
        path("", public.lookup, name="lookup"),
        path("<str:code>/", public.certificate, name="certificate"),
    ],
    "verification",
)

# The benefit pages, mounted at /thanh-tich/ beside the achievement records
# (``emulation.urls.achievements``, namespace "achievements").
from awards.views import benefits  # noqa: E402

benefit_patterns = [
    path("sang-kien/<int:pk>/loi-ich/", benefits.benefit_claim_page, name="benefit_claim"),
    path("loi-ich/<int:pk>/", benefits.benefit_verify_page, name="benefit_verify"),
    path(
        "loi-ich/<int:pk>/minh-chung/<int:evidence_pk>/",
        benefits.benefit_evidence_download,
        name="benefit_evidence",
    ),
]

# Award decisions and their certificates for officers, mounted at /khen-thuong/.
from awards.views import honours  # noqa: E402

award_patterns = (
    [
        path("", honours.decision_list, name="decision_list"),
        path("moi/", honours.decision_create, name="decision_create"),
        path("<int:pk>/", honours.decision_detail, name="decision_detail"),
        path("<int:pk>/sua/", honours.decision_edit, name="decision_edit"),
        path("<int:pk>/xoa/", honours.decision_delete, name="decision_delete"),
        path("<int:pk>/ban-hanh/", honours.decision_issue, name="decision_issue"),
        path(
            "<int:pk>/nguoi-nhan/ca-nhan/",
            honours.recipient_add_person,
            name="recipient_add_person",
        ),
        path("<int:pk>/nguoi-nhan/don-vi/", honours.recipient_add_unit, name="recipient_add_unit"),
        path(
            "<int:pk>/nguoi-nhan/tu-dot-xet/",
            honours.recipients_from_round,
            name="recipients_from_round",
        ),
        path(
            "<int:pk>/nguoi-nhan/<int:recipient_pk>/xoa/",
            honours.recipient_remove,
            name="recipient_remove",
        ),
        path(
            "<int:pk>/tao-chung-nhan/",
            honours.certificates_generate,
            name="certificates_generate",
        ),
        path("<int:pk>/thu-hoi/", honours.decision_revoke, name="decision_revoke"),
        path(
            "chung-nhan/<int:pk>.pdf",
            honours.certificate_download,
            name="certificate_download",
        ),
    ],
    "honours",
)

# The employer's decisions recorded from outside, mounted at /cong-nhan/.
from awards.views import recognitions  # noqa: E402

recognition_patterns = (
    [
        path("sang-kien/<int:pk>/ghi-nhan/", recognitions.recognition_record, name="record"),
        path("sang-kien/<int:pk>/dang-ky/", recognitions.recognition_register, name="register"),
        path("<int:pk>/xac-nhan/", recognitions.recognition_confirm, name="confirm"),
        path("<int:pk>/tu-choi/", recognitions.recognition_reject, name="reject"),
        path("<int:pk>/ban-quet/", recognitions.recognition_scan, name="scan"),
    ],
    "recognitions",
)
