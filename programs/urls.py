from django.urls import path

from . import views

urlpatterns = [
    path("patients/<uuid:patient_pk>/programs/", views.ExerciseProgramListView.as_view(),
         name="programs-list"),
    path("patients/<uuid:patient_pk>/programs/<uuid:pk>/",
         views.ExerciseProgramDetailView.as_view(), name="programs-detail"),
]
