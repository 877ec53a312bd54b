from django.urls import path

from initiatives.views import documents, member, officer

app_name = "initiatives"

urlpatterns = [
    path("cua-toi/", member.mine, name="mine"),
    path("moi/", member.create, name="create"),
    path("hop-thu/", officer.inbox, name="inbox"),
    path("<int:pk>/", officer.detail, name="detail"),
    path("<int:pk>/sua/", member.edit, name="edit"),
    path("<int:pk>/xoa/", member.delete, name="delete"),
    path("<int:pk>/xem-truoc/", member.preview, name="preview"),
    path("<int:pk>/thao-tac/<slug:action>/", officer.transition, name="transition"),
    path(
        "<int:pk>/tep/<int:attachment_pk>/",
        officer.attachment_download,
        name="attachment_download",
    ),
    path(
        "<int:pk>/tep/<int:attachment_pk>/xoa/",
        member.attachment_remove,
        name="attachment_remove",
    ),
    path("<int:pk>/thu-lao/", officer.remuneration_add, name="remuneration_add"),
    path("<int:pk>/don.pdf", documents.application_pdf, name="application_pdf"),
    path("<int:pk>/bien-nhan.pdf", documents.receipt_pdf, name="receipt_pdf"),
]
