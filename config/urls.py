"""Top-level URLs: the versioned API, its description, the admin, and the clinician dashboard
at the root."""

from django.contrib import admin
from django.urls import include, path

from config.api_docs import DocsView, SchemaView

api_v1 = [
    # insights first: its patient list (with the risk ordering) serves patients/.
    path("", include("insights.urls")),
    path("", include("accounts.urls")),
    path("", include("tracker.urls")),
    path("", include("records.urls")),
    path("", include("questionnaires.urls")),
    path("", include("programs.urls")),
    path("", include("messaging.urls")),  # secure messages (issue 13)
    path("", include("notifications.urls")),
    path("", include("audit.urls")),  # the access report (issue 11)
    path("", include("referrals.urls")),  # referrals with their criteria (issue 13)
    path("schema/", SchemaView.as_view(), name="schema"),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("api/docs/", DocsView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    # The clinician dashboard: server-rendered pages with session sign-in (dashboard/urls.py).
    path("", include("dashboard.urls")),
]

# No URL matched (e.g. an id that is not a UUID), or an error outside DRF: JSON under /api/.
handler400 = "config.exceptions.bad_request"
handler404 = "config.exceptions.not_found"
handler500 = "config.exceptions.server_error"
