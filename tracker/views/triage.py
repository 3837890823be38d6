"""The triage table, served so that the phone can tell a patient what to do while offline."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..red_flags import triage_table, triage_table_etag


class TriageTableView(APIView):
    """Every red flag's and symptom kind's triage (severity, same day, the instruction to show),
    the combinations that are more serious than their parts, and the rule to choose among them.
    Versioned, with an ETag: send it back in If-None-Match to get 304 when nothing changed.

    Readable without signing in: it holds no patient data, and a phone whose sign-in is refused
    (a wrong password, a back-off) must still show a patient what to do about a red flag.
    """

    # Any token sent is ignored, so an expired one cannot turn this into a 401.
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(responses={
        200: OpenApiResponse(OpenApiTypes.OBJECT, description="The triage table."),
        304: OpenApiResponse(description="The table is the one the phone already has."),
    })
    def get(self, request):
        table = triage_table()
        etag = triage_table_etag(table)
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            response = Response(status=304)
        else:
            response = Response(table)
        response["ETag"] = etag
        # The app may keep it, but must check back: rules change with the evidence.
        response["Cache-Control"] = "private, no-cache"
        return response
