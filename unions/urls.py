from django.urls import path

from emulation.views import officer

app_name = "emulation"

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
    path("<int:pk>/phan-quyen/<int:grant_pk>/ket-thuc/", officer.grant_end, name="grant_end"),
]
