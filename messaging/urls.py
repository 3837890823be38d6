from django.urls import path

from . import views

urlpatterns = [
    path("messages/sync/", views.MessageSyncView.as_view(), name="message-sync"),
    path("messages/read/", views.MessageReadView.as_view(), name="message-read"),
    path("messages/<uuid:pk>/photo/", views.MessagePhotoView.as_view(), name="message-photo"),
    path("message-photos/<str:token>/", views.MessagePhotoDownloadView.as_view(),
         name="message-photo-download"),
    path("patients/<uuid:patient_pk>/messages/", views.PatientMessageListView.as_view(),
         name="patient-message-list"),
]
