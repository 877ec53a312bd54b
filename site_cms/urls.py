from django.urls import path

from site_cms import views

app_name = "site_cms"

urlpatterns = [
    path("tim-kiem/", views.search_page, name="search"),
]
