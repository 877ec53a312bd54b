from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.SignInView.as_view(), name="login"),
    path("dang-xuat/", views.SignOutView.as_view(), name="logout"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/", views.PasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("tai-khoan/sua/", views.profile_edit, name="profile_edit"),
    path("tai-khoan/doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("thong-bao/", views.notification_list, name="notifications"),
    path("tai-khoan/xac-thuc-hai-buoc/", views.two_factor_overview, name="two_factor"),
    path("tai-khoan/xac-thuc-hai-buoc/cai-dat/", views.two_factor_setup, name="two_factor_setup"),
    path("dang-nhap/ma-xac-thuc/", views.two_factor_verify, name="two_factor_verify"),
    path(
        "tai-khoan/xac-thuc-hai-buoc/ma-du-phong/",
        views.two_factor_codes_regenerate,
        name="two_factor_codes",
    ),
    path("tai-khoan/xac-thuc-hai-buoc/tat/", views.two_factor_disable, name="two_factor_disable"),
]
