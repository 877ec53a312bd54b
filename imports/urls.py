from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.import_start, name="start"),
    path("mau/<slug:kind>/", views.template_download, name="template"),
    path("xuat/<slug:kind>/", views.export_download, name="export"),
    path("<int:pk>/", views.batch_detail, name="batch_detail"),
    path("<int:pk>/dong-bi-tu-choi/", views.batch_rejected, name="batch_rejected"),
    path("<int:pk>/hoan-tac/", views.batch_undo_view, name="batch_undo"),
]
