from django.urls import path

from emulation.views import titles

app_name = "titles"

urlpatterns = [
    path("", titles.title_index, name="index"),
    path("<int:pk>/<int:year>/", titles.title_confer, name="confer"),
    path("<int:pk>/<int:year>/da-cong-nhan/", titles.title_list, name="conferred"),
]
