from django.urls import path

from .views import CLINIC_RECORD_KINDS, clinic_record_views

urlpatterns = []
for _segment in CLINIC_RECORD_KINDS:
    _list, _detail = clinic_record_views(_segment)
    urlpatterns += [
        path(f"patients/<uuid:patient_pk>/{_segment}/", _list, name=f"{_segment}-list"),
        path(f"patients/<uuid:patient_pk>/{_segment}/<uuid:pk>/", _detail,
             name=f"{_segment}-detail"),
    ]
