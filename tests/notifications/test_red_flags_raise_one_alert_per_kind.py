"""A red flag reaches the care team's inbox the moment it is stored, once per kind, and stays
there until a carer resolves it."""

from datetime import timedelta

from django.utils import timezone

from harness.payloads import symptom_payload
from notifications.models import Alert


def sync(client, reports):
    return client.post(
        "/api/v1/symptoms/sync/", {"symptoms": reports}, format="json"
    ).json()["results"]


def inbox(client, **filters):
    return client.get("/api/v1/alerts/", filters).json()["results"]


def test_an_emergency_flag_is_in_the_clinicians_inbox_at_once(client_for, alice, bob):
    report = symptom_payload(kind="back_pain", red_flags=["bladder_bowel_loss"])
    sync(client_for(alice), [report])
    (alert,) = inbox(client_for(bob))
    assert alert["severity"] == "emergency" and alert["kind"] == "red_flag_cauda_equina"
    assert alert["status"] == "open" and alert["patient"] == str(alice.pk)
    assert alert["evidence"]["symptom_report_ids"] == [report["id"]]
    assert alert["evidence"]["red_flags"] == ["bladder_bowel_loss"]
    parse = timezone.datetime.fromisoformat
    assert parse(alert["as_of"]) == parse(report["occurred_at"])


def test_more_reports_of_the_same_kind_update_the_open_alert(client_for, alice, bob):
    patient = client_for(alice)
    first, second = (symptom_payload(red_flags=["cold_limb"]) for _ in range(2))
    sync(patient, [first])
    sync(patient, [second, first])  # a resend of the first changes nothing more
    (alert,) = inbox(client_for(bob))
    assert alert["evidence"]["symptom_report_ids"] == [first["id"], second["id"]]
    assert Alert.objects.count() == 1


def test_different_kinds_make_different_alerts_ordered_by_severity(client_for, alice, bob):
    sync(client_for(alice), [
        symptom_payload(kind="back_pain", red_flags=["weight_loss"]),
        symptom_payload(red_flags=["cold_limb", "saddle_numbness"]),
    ])
    alerts = inbox(client_for(bob))
    assert [(a["kind"], a["severity"]) for a in alerts] == [
        ("red_flag_cauda_equina", "emergency"),
        ("red_flag_limb_threat", "urgent"),
        ("red_flag_systemic", "warning"),
    ]
    assert [a["kind"] for a in inbox(client_for(bob), severity="urgent")] == [
        "red_flag_limb_threat"
    ]


def test_a_worse_sign_escalates_and_reopens_an_acknowledged_alert(client_for, alice, bob):
    patient, doctor = client_for(alice), client_for(bob)
    sync(patient, [symptom_payload(kind="rest_pain")])
    (alert,) = inbox(doctor)
    acknowledged = doctor.post(f"/api/v1/alerts/{alert['id']}/acknowledge/").json()
    assert acknowledged["status"] == "acknowledged"
    sync(patient, [symptom_payload(red_flags=["non_healing_sore"])])
    (same,) = inbox(doctor)
    # Same severity: stays seen.
    assert same["id"] == alert["id"] and same["status"] == "acknowledged"


def test_resolving_closes_it_and_a_new_flag_opens_a_new_alert(client_for, alice, bob):
    patient, doctor = client_for(alice), client_for(bob)
    sync(patient, [symptom_payload(red_flags=["foot_drop"])])
    (alert,) = inbox(doctor)
    assert doctor.post(
        f"/api/v1/alerts/{alert['id']}/resolve/", {}, format="json"
    ).status_code == 400
    resolved = doctor.post(f"/api/v1/alerts/{alert['id']}/resolve/", {"note": "MRI booked today"},
                           format="json").json()
    assert resolved["status"] == "resolved" and resolved["resolution_note"] == "MRI booked today"
    assert resolved["resolved_by"] == str(bob.pk)
    assert inbox(doctor, status="open") == []

    sync(patient, [symptom_payload(
        red_flags=["foot_drop"], occurred_at=(timezone.now() - timedelta(minutes=1)).isoformat()
    )])
    reopened = inbox(doctor, status="open")
    assert len(reopened) == 1 and reopened[0]["id"] != alert["id"]


def test_the_patient_sees_the_message_meant_for_them(client_for, alice):
    patient = client_for(alice)
    sync(patient, [symptom_payload(red_flags=["saddle_numbness"])])
    (alert,) = inbox(patient)
    assert set(alert) == {"id", "kind", "severity", "title", "patient_message", "as_of", "status"}
    assert "emergency" in alert["patient_message"].lower()


def test_a_red_flag_in_a_refused_report_still_reaches_the_care_team(client_for, alice, bob):
    bad = symptom_payload(nrs=99, red_flags=["bladder_bowel_loss"])
    (result,) = sync(client_for(alice), [bad])
    assert result["status"] == "invalid" and result["severity"] == "emergency"
    (alert,) = inbox(client_for(bob))
    assert alert["severity"] == "emergency"
    assert alert["evidence"]["rejected_report_ids"] == [bad["id"]]
    assert alert["evidence"]["symptom_report_ids"] == []
