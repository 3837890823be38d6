"""The site's URLs plus a stand-in end-of-program report, for the test that the patient page links
to the report once the dashboard has one (the report itself is built elsewhere)."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import api_v1
from dashboard import urls as dashboard_urls


def _report_stand_in(request, program_id):
    return HttpResponse(f"report of {program_id}")


urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("", include(([*dashboard_urls.urlpatterns,
                       path("programs/<uuid:program_id>/report/", _report_stand_in,
                            name="program_report")], "dashboard"))),
]
