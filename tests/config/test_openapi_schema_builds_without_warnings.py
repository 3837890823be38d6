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


@pytest.fixture(scope="module")
def schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method.upper(), operation


def test_who_acknowledged_and_resolved_an_alert_may_be_null(schema):
    alert = schema["components"]["schemas"]["Alert"]["properties"]
    assert alert["acknowledged_by"].get("nullable") is True
    assert alert["resolved_by"].get("nullable") is True


def test_the_risk_ordered_patient_rows_are_described(schema):
    listed = schema["paths"]["/api/v1/patients/"]["get"]["responses"]["200"]
    page = listed["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    rows = schema["components"]["schemas"][page]["properties"]["results"]["items"]
    assert rows == {"$ref": "#/components/schemas/PatientOrRiskRow"}
    row = schema["components"]["schemas"]["PatientRiskRow"]["properties"]
    assert {"risk", "sparkline", "sparkline_censored", "decline_threshold_pct"} <= set(row)
    assert row["risk"] == {"$ref": "#/components/schemas/PatientRisk"}


# Readable by anyone, with no parameters and no body: it answers 200 or 304, never an error.
NO_ERROR_OPERATIONS = {("GET", "/api/v1/triage/")}


def test_every_operation_documents_its_errors_with_their_shape(schema):
    shapes = {"#/components/schemas/Error", "#/components/schemas/ValidationError"}
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        errors = {code for code in responses if code >= "400"}
        assert errors or (method, path) in NO_ERROR_OPERATIONS, (method, path)
        for code in errors:
            ref = responses[code]["content"]["application/json"]["schema"]["$ref"]
            assert ref in shapes, (method, path, code)
        if "{" in path:
            assert "404" in errors, (method, path)
        if method in ("POST", "PUT", "PATCH"):
            assert {"400", "401", "403", "413", "415"} <= errors, (method, path)
        if operation.get("security") and {} not in operation["security"]:
            assert "401" in errors, (method, path)
    assert "429" in schema["paths"]["/api/v1/auth/login/"]["post"]["responses"]


def test_an_api_path_no_route_matches_answers_json(client_for, alice):
    response = client_for(alice).get("/api/v1/walks/not-a-uuid/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
