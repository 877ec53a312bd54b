from django.urls import path

from emulation.views import dashboard, movements, registrations

app_name = "movements"

urlpatterns = [
    path("", movements.movement_list_page, name="movement_list"),
    path("phong-trao/moi/", movements.movement_create_page, name="movement_create"),
    path("phong-trao/<int:pk>/", movements.movement_detail_page, name="movement_detail"),
    path("phong-trao/<int:pk>/sua/", movements.movement_edit_page, name="movement_edit"),
    path(
        "phong-trao/<int:pk>/thao-tac/<slug:action>/",
        movements.movement_transition_page,
        name="movement_transition",
    ),
    path(
        "phong-trao/<int:pk>/dang-ky/",
        registrations.registration_create_page,
        name="registration_create",
    ),
    path(
        "phong-trao/<int:pk>/tong-hop/",
        registrations.registration_aggregate_page,
        name="registration_aggregate",
    ),
    path("phong-trao/<int:pk>/bang-dieu-khien/", dashboard.movement_dashboard, name="dashboard"),
    path(
        "phong-trao/<int:pk>/bang-dieu-khien.xlsx",
        dashboard.movement_dashboard_xlsx,
        name="dashboard_xlsx",
    ),
    path("dang-ky/", registrations.my_registrations_page, name="registration_list"),
    path("dang-ky/cho-duyet/", registrations.registration_inbox_page, name="registration_inbox"),
    path("dang-ky/<int:pk>/", registrations.registration_detail_page, name="registration_detail"),
    path("dang-ky/<int:pk>/sua/", registrations.registration_edit_page, name="registration_edit"),
    path(
        "dang-ky/<int:pk>/danh-hieu-cong-doan/",
        registrations.registration_union_title_page,
        name="registration_union_title",
    ),
    path(
        "dang-ky/<int:pk>/thao-tac/<slug:action>/",
        registrations.registration_transition_page,
        name="registration_transition",
    ),
]
