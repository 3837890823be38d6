"""The OpenAPI description builds cleanly and covers every API route."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    # --fail-on-warn turns every drf-spectacular warning or error into a failure.
    call_command("spectacular", "--file", str(target), "--validate", "--fail-on-warn")
    text = target.read_text()
    for path in ("/api/v1/walks/sync/", "/api/v1/patients/{id}/", "/api/v1/auth/login/"):
        assert path in text


@pytest.mark.django_db
def test_schema_and_docs_are_served(api):
    assert api.get("/api/v1/schema/").status_code == 200
    docs = api.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()
