from django.urls import path

from awards.views import council, officer

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
]
