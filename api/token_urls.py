"""The profile page's token actions (``/tai-khoan/khoa-api/``)."""

from django.urls import path

from api import views

app_name = "api_tokens"

urlpatterns = [
    path("", views.token_new, name="create"),
    path("<int:pk>/thu-hoi/", views.token_revoke_view, name="revoke"),
]
