"""What the site's answers tell browsers and caches: one strict Content-Security-Policy for every
page (django-csp), no stored copy of patient data, the API docs served from this origin, and
the schema closed to strangers in production."""

import re

import pytest
from django.test import Client

from tests.config.test_settings_modes import PRODUCTION_SECRET, settings_value
from tests.support.factories import WalkFactory

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

# The policy the hand-written dashboard decorator sent before django-csp took over (issue 11):
# the new one must be exactly as strict.
POLICY_BEFORE = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'",
    "form-action 'self'", "frame-ancestors 'none'",
])


def directives(policy: str) -> dict[str, set[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: set(sources) for name, *sources in parts}


def session_for(user) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def test_dashboard_api_docs_and_admin_send_the_same_strict_policy_as_before(alice, bob, staff):
    carer, admin = session_for(bob), session_for(staff)
    staff.is_superuser = True
    staff.save()
    pages = [(carer, "/"), (carer, "/alerts/"), (carer, f"/patients/{alice.pk}/"),
             (carer, f"/patients/{alice.pk}/summary/"), (Client(), "/login/"),
             (carer, "/api/docs/"), (carer, "/api/docs/?script="),
             (carer, "/api/v1/patients/"), (admin, "/admin/"), (admin, "/admin/tracker/walk/")]
    for client, path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert directives(response["Content-Security-Policy"]) == directives(POLICY_BEFORE), path


def test_the_api_docs_load_swagger_ui_from_this_origin_with_no_inline_code(bob):
    html = session_for(bob).get("/api/docs/").content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in sources
    assert all(source.startswith("/") for source in sources), sources
    assert "cdn" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script"
    script = session_for(bob).get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in script.content


def test_answers_that_carry_patient_data_are_never_stored_by_a_cache(alice, bob, client_for):
    walk = WalkFactory(patient=alice)
    api = client_for(bob)
    for path in (f"/api/v1/patients/{alice.pk}/", f"/api/v1/walks/?patient={alice.pk}",
                 f"/api/v1/walks/{walk.pk}/", f"/api/v1/patients/{alice.pk}/trends/",
                 "/api/v1/alerts/", "/api/v1/auth/me/"):
        response = api.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
    login = Client().post("/api/v1/auth/login/", {"email": bob.email, "password": "nope"},
                          content_type="application/json")
    assert "no-store" in login["Cache-Control"]
    for path in ("/", f"/patients/{alice.pk}/", f"/patients/{alice.pk}/summary/"):
        assert "no-store" in session_for(bob).get(path)["Cache-Control"], path


def test_the_offline_triage_table_keeps_its_etag_revalidation(alice, client_for):
    # Rules, not patient data: the phone revalidates it by ETag (tracker/views/triage.py).
    response = client_for(alice).get("/api/v1/triage/")
    assert response["Cache-Control"] == "private, no-cache" and response["ETag"]


@pytest.mark.parametrize("path", ["/api/v1/schema/", "/api/docs/"])
def test_without_schema_public_the_schema_and_docs_need_a_sign_in(settings, path, bob,
                                                                   client_for):
    settings.SCHEMA_PUBLIC = False
    anonymous = Client().get(path)
    if path == "/api/docs/":
        assert anonymous.status_code == 302
        assert anonymous["Location"] == "/login/?next=/api/docs/"
    else:
        assert anonymous.status_code == 401
        assert b"openapi" not in anonymous.content
    assert session_for(bob).get(path).status_code == 200
    assert client_for(bob).get(path).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/schema/", "/api/docs/"])
def test_with_schema_public_anyone_reads_the_schema_and_docs(settings, db, path):
    settings.SCHEMA_PUBLIC = True
    assert Client().get(path).status_code == 200


def test_schema_public_is_off_in_production_and_on_in_development():
    production = {"STRIDE_ENV": "production", "SECRET_KEY": PRODUCTION_SECRET,
                  "ALLOWED_HOSTS": "stride.example", "REDIS_URL": "redis://127.0.0.1:6379/0"}
    for env, expected in (({}, "True"), (production, "False"),
                          ({**production, "SCHEMA_PUBLIC": "true"}, "True")):
        result = settings_value("settings.SCHEMA_PUBLIC", **env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == expected, env
