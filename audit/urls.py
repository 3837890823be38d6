from django.urls import path

from . import views

urlpatterns = [
    path("patients/<uuid:pk>/access-log/", views.PatientAccessLogView.as_view(),
         name="patient-access-log"),
    path("me/access-log/", views.MyAccessLogView.as_view(), name="me-access-log"),
]
