"""The OpenAPI schema and its Swagger UI, served from this origin (drf-spectacular-sidecar) under
the site's strict Content-Security-Policy.

The docs page loads Swagger UI's files and its start-up script from our own static files and
URLs (the split view sends the script as a file of its own), so no inline script or style is
needed. Outside ``SCHEMA_PUBLIC`` both need a sign-in: a session (the dashboard's) or a token.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny, IsAuthenticated


def _schema_permissions():
    # Read per request, so a deployment (or a test) can change the setting without a reload.
    return [AllowAny()] if settings.SCHEMA_PUBLIC else [IsAuthenticated()]


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema; public only where ``SCHEMA_PUBLIC`` is on."""

    def get_permissions(self):
        return _schema_permissions()


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the sidecar package; outside ``SCHEMA_PUBLIC`` a visitor who is not
    signed in is sent to the login page, and comes back here after it."""

    template_name = "api_docs/swagger_ui.html"
    permission_classes = [AllowAny]  # the page itself holds nothing; the check is below

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if not settings.SCHEMA_PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().get(request, *args, **kwargs)
