from django.urls import path

from emulation.views import blocks, pledges

app_name = "pledges"

urlpatterns = [
    path("", blocks.block_list_page, name="block_list"),
    path("moi/", blocks.block_create_page, name="block_create"),
    path("<int:pk>/", blocks.block_detail_page, name="block_detail"),
    path("<int:pk>/sua/", blocks.block_edit_page, name="block_edit"),
    path("<int:pk>/thanh-vien/moi/", blocks.member_add_page, name="member_add"),
    path(
        "<int:pk>/thanh-vien/<int:member_pk>/roi-khoi/",
        blocks.member_leave_page,
        name="member_leave",
    ),
    path("<int:pk>/khoi-truong/", blocks.leadership_page, name="leadership"),
    path("<int:pk>/giao-uoc/moi/", pledges.pledge_create_page, name="pledge_create"),
    path("giao-uoc/<int:pk>/", pledges.pledge_detail_page, name="pledge_detail"),
    path("giao-uoc/<int:pk>/sua/", pledges.pledge_edit_page, name="pledge_edit"),
    path("giao-uoc/<int:pk>/chi-tieu/moi/", pledges.indicator_form_page, name="indicator_add"),
    path(
        "giao-uoc/<int:pk>/chi-tieu/<int:indicator_pk>/sua/",
        pledges.indicator_form_page,
        name="indicator_edit",
    ),
    path(
        "giao-uoc/<int:pk>/chi-tieu/<int:indicator_pk>/xoa/",
        pledges.indicator_remove,
        name="indicator_remove",
    ),
    path("giao-uoc/<int:pk>/don-vi-ky/moi/", pledges.signatory_page, name="signatory_add"),
    path(
        "giao-uoc/<int:pk>/don-vi-ky/<int:signatory_pk>/xoa/",
        pledges.signatory_remove,
        name="signatory_remove",
    ),
    path("giao-uoc/<int:pk>/ky-ket/", pledges.pledge_sign_page, name="pledge_sign"),
    path("giao-uoc/<int:pk>/ket-thuc/", pledges.pledge_close, name="pledge_close"),
    path("giao-uoc/<int:pk>/xep-hang/", pledges.pledge_ranking_page, name="pledge_ranking"),
    path("giao-uoc/<int:pk>/co-thi-dua/", pledges.flag_propose, name="flag_propose"),
    path("giao-uoc/<int:pk>/bao-cao/", pledges.report_open, name="report_open"),
    path("bao-cao/<int:pk>/", pledges.report_detail_page, name="report_detail"),
    path("bao-cao/<int:pk>/nop/", pledges.report_submit, name="report_submit"),
    path("bao-cao/<int:pk>/cham-diem/", pledges.report_score_page, name="report_score"),
    path("bao-cao/<int:pk>/tra-lai/", pledges.report_return, name="report_return"),
    path("bao-cao/<int:pk>/minh-chung/", pledges.evidence_add, name="evidence_add"),
    path(
        "bao-cao/<int:pk>/minh-chung/<int:evidence_pk>/",
        pledges.evidence_download,
        name="evidence_download",
    ),
    path(
        "bao-cao/<int:pk>/minh-chung/<int:evidence_pk>/xoa/",
        pledges.evidence_remove,
        name="evidence_remove",
    ),
]
