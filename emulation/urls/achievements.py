from django.urls import path

from awards.urls import benefit_patterns
from emulation.views import achievements

app_name = "achievements"

urlpatterns = [
    path("cua-toi/", achievements.my_achievements, name="mine"),
    path("ca-nhan/<int:pk>/", achievements.person_achievements, name="person"),
    path("don-vi/<int:pk>/", achievements.unit_achievements, name="unit"),
    *benefit_patterns,
]
