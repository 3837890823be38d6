"""The access report (HIPAA accounting of disclosures): a patient sees who looked at or changed
their record and when, in plain words; their care team sees the same per patient, refused
attempts included, and reading it is itself recorded. The dashboard's patient page shows it."""

import io
from datetime import UTC, datetime, timedelta

import time_machine
from django.core.management import call_command
from django.test import Client

from audit.services import audit_event_record
from tests.support.audit import patient_events

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _three_reads(alice, bob, cora):
    for minutes, actor, action in ((0, bob, "patient.read"), (5, cora, "walk.list"),
                                   (10, bob, "patient.trends")):
        with time_machine.travel(T0 + timedelta(minutes=minutes)):
            audit_event_record(actor=actor, action=action, patient_ids=[alice.pk])


def test_a_patient_sees_who_looked_at_her_record_newest_first(alice, bob, cora, client_for):
    bob.full_name = "Dr Bob Baker"
    bob.save()
    _three_reads(alice, bob, cora)
    body = client_for(alice).get("/api/v1/me/access-log/").json()
    rows = [(r["actor"]["name"], r["actor"]["role"], r["actor"]["clinic"],
             r["action_description"], r["occurred_at"]) for r in body["results"]]
    assert rows == [
        ("Dr Bob Baker", "Clinician", "North Vascular Clinic", "looked at your walking trends",
         "2026-11-30T09:10:00Z"),
        ("cora@north.example", "Exercise program coordinator", "North Vascular Clinic",
         "looked at your walks", "2026-11-30T09:05:00Z"),
        ("Dr Bob Baker", "Clinician", "North Vascular Clinic", "opened your record",
         "2026-11-30T09:00:00Z"),
    ]


def test_the_report_is_paginated(alice, bob, cora, client_for):
    _three_reads(alice, bob, cora)
    api = client_for(alice)
    first = api.get("/api/v1/me/access-log/", {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["next"]
    second = api.get(first["next"]).json()
    assert [r["action"] for r in second["results"]] == ["patient.read"]
    # A crafted cursor ("p=not-a-time") is refused, not a server error.
    assert api.get("/api/v1/me/access-log/", {"cursor": "cD1ub3QtYS10aW1l"}).status_code == 404


def test_a_patient_does_not_see_other_patients_rows_refusals_or_maintenance_jobs(
        alice, olga, bob, eve, client_for):
    audit_event_record(actor=bob, action="patient.read", patient_ids=[olga.pk])
    client_for(eve).get(f"/api/v1/patients/{alice.pk}/")  # refused, recorded as denied
    call_command("run_detectors", "--patient", str(alice.pk), stdout=io.StringIO())
    assert client_for(alice).get("/api/v1/me/access-log/").json()["results"] == []
    # Her care team sees both.
    rows = client_for(bob).get(f"/api/v1/patients/{alice.pk}/access-log/").json()["results"]
    assert {(r["actor"]["role"], r["outcome"]) for r in rows} >= {
        ("System", "success"), ("Clinician", "denied")}


def test_the_care_team_reads_a_patients_report_with_refusals_and_it_is_recorded(
        alice, bob, eve, client_for):
    client_for(eve).get(f"/api/v1/patients/{alice.pk}/")
    response = client_for(bob).get(f"/api/v1/patients/{alice.pk}/access-log/")
    assert response.status_code == 200
    rows = [(r["actor"]["name"], r["outcome"], r["action_description"])
            for r in response.json()["results"]]
    assert ("eve@south.example", "denied", "was refused: opened your record") in rows
    assert (bob.email, alice.email, "access_log.read", "success") in patient_events()


def test_outside_the_care_team_the_report_answers_404_or_403(alice, olga, eve, staff, client_for):
    assert client_for(eve).get(f"/api/v1/patients/{alice.pk}/access-log/").status_code == 404
    assert client_for(alice).get(f"/api/v1/patients/{olga.pk}/access-log/").status_code == 403
    assert client_for(staff).get(f"/api/v1/patients/{alice.pk}/access-log/").status_code == 403
    assert client_for(eve).get("/api/v1/me/access-log/").status_code == 403
    assert not [e for e in patient_events() if e[3] == "success"]


def test_the_report_is_in_the_api_schema(api, db):
    schema = api.get("/api/v1/schema/?format=json").json()
    assert "/api/v1/patients/{id}/access-log/" in schema["paths"]
    assert "/api/v1/me/access-log/" in schema["paths"]
    row = schema["components"]["schemas"]["AccessEvent"]["properties"]
    assert {"occurred_at", "actor", "action_description", "outcome"} <= set(row)


def test_the_dashboard_patient_page_shows_who_has_seen_the_record(alice, bob, cora):
    audit_event_record(actor=cora, action="walk.list", patient_ids=[alice.pk])
    browser = Client()
    browser.force_login(bob)
    response = browser.get(f"/patients/{alice.pk}/")
    page = response.content.decode()
    assert "Who has seen this record" in page
    assert "cora@north.example" in page and "Looked at your walks" in page
    assert "<script>" not in page  # the strict CSP allows no inline script
    assert "script-src 'self'" in response["Content-Security-Policy"]
