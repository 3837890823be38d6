from django.urls import path

from . import views

urlpatterns = [
    path("questionnaires/", views.QuestionnaireListView.as_view(), name="questionnaire-list"),
    path("questionnaires/sync/", views.QuestionnaireSyncView.as_view(), name="questionnaire-sync"),
]
