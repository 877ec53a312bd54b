from django.urls import path

from unions import views as officer
from unions.views import employers, members

app_name = "unions"

urlpatterns = [
    path("", officer.unit_browse, name="unit_browse"),
    path("<int:pk>/", officer.unit_detail, name="unit_detail"),
    path("<int:pk>/them-don-vi/", officer.unit_create, name="unit_create"),
    path("<int:pk>/doi-ten/", officer.unit_rename, name="unit_rename"),
    path("<int:pk>/chuyen/", officer.unit_move, name="unit_move"),
    path("<int:pk>/sap-nhap/", officer.unit_merge, name="unit_merge"),
    path("<int:pk>/chia-tach/", officer.unit_split, name="unit_split"),
    path("<int:pk>/giai-the/", officer.unit_dissolve, name="unit_dissolve"),
    path("<int:pk>/phan-quyen/", officer.grant_add, name="grant_add"),
    path("<int:pk>/phan-quyen/lich-su/", officer.grant_history, name="grant_history"),
    path("<int:pk>/phan-quyen/<int:grant_pk>/ket-thuc/", officer.grant_end, name="grant_end"),
    path("<int:pk>/co-so/", employers.unit_employer_link, name="unit_employer_link"),
    # The members' register.
    path("doan-vien/", members.member_list, name="member_list"),
    path("doan-vien/them/", members.member_create, name="member_create"),
    path("doan-vien/<int:pk>/", members.member_detail, name="member_detail"),
    path("doan-vien/<int:pk>/sua/", members.member_update, name="member_update"),
    path("doan-vien/<int:pk>/chuyen/", members.member_move, name="member_move"),
    path("doan-vien/<int:pk>/ket-thuc/", members.member_end, name="member_end"),
    path("doan-vien/<int:pk>/moi/", members.member_invite, name="member_invite"),
    path(
        "doan-vien/<int:pk>/mo-khoa-dang-nhap/",
        members.member_sign_in_unlock,
        name="member_sign_in_unlock",
    ),
    # Employers (the "cơ sở" of Decree 13/2012/NĐ-CP) and their grassroots unions.
    path("co-so/", employers.employer_browse, name="employer_list"),
    path("co-so/them/", employers.employer_create, name="employer_create"),
    path("co-so/<int:pk>/", employers.employer_detail, name="employer_detail"),
    path("co-so/<int:pk>/thay-doi/", employers.employer_update, name="employer_update"),
    path("co-so/<int:pk>/gan-cong-doan/", employers.employer_link, name="employer_link"),
    path(
        "co-so/<int:pk>/go-cong-doan/<int:link_pk>/",
        employers.employer_unlink,
        name="employer_unlink",
    ),
    path("co-so/<int:pk>/sap-nhap/", employers.employer_merge, name="employer_merge"),
    path("co-so/<int:pk>/chia-tach/", employers.employer_split, name="employer_split"),
    path("co-so/<int:pk>/giai-the/", employers.employer_dissolve, name="employer_dissolve"),
]
