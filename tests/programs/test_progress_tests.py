"""The care team records 6-minute walk and Gardner treadmill tests; bad tests are refused naming
the field, corrections keep the old version, and outsiders get 404."""

import pytest
from django.core.exceptions import ValidationError

from core.models import RecordRevision
from programs.models import ProgressTest
from tests.support.audit import patient_events

SIX_MINUTE = {"performed_at": "2026-03-02T09:00:00Z", "kind": "six_minute_walk",
              "distance_m": 352, "pain_onset_m": 140}
TREADMILL = {"performed_at": "2026-03-02T10:00:00Z", "kind": "graded_treadmill",
             "claudication_onset_s": 165, "peak_walking_s": 410}


def url(patient, test=None):
    base = f"/api/v1/patients/{patient.pk}/progress-tests/"
    return f"{base}{test}/" if test else base


def test_coordinator_records_both_tests_and_the_treadmill_is_gardner(client_for, cora, alice):
    coordinator = client_for(cora)
    walk = coordinator.post(url(alice), SIX_MINUTE, format="json")
    assert walk.status_code == 201, walk.content
    assert walk.json()["protocol"] == "" and walk.json()["entered_by"] == str(cora.pk)
    treadmill = coordinator.post(url(alice), TREADMILL, format="json")
    assert treadmill.status_code == 201, treadmill.content
    assert treadmill.json()["protocol"] == "gardner"
    assert treadmill.json()["distance_m"] is None

    listed = coordinator.get(url(alice)).json()
    assert [row["kind"] for row in listed] == ["graded_treadmill", "six_minute_walk"]
    assert ("cora@north.example", "alice@patients.example", "progresstest.create",
            "success") in patient_events()


def test_no_pain_during_the_walk_is_stored_as_an_empty_onset(client_for, bob, alice):
    body = {**SIX_MINUTE, "pain_onset_m": None}
    created = client_for(bob).post(url(alice), body, format="json")
    assert created.status_code == 201, created.content
    assert ProgressTest.objects.get().pain_onset_m is None


def test_a_correction_keeps_the_old_version(client_for, cora, bob, alice):
    test_id = client_for(cora).post(url(alice), TREADMILL, format="json").json()["id"]
    corrected = client_for(bob).patch(url(alice, test_id), {"peak_walking_s": 440},
                                      format="json")
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["peak_walking_s"] == 440 and corrected.json()["version"] == 2
    (kept,) = RecordRevision.objects.filter(record_id=test_id)
    assert kept.snapshot["peak_walking_s"] == 410
    bad = client_for(bob).patch(url(alice, test_id), {"claudication_onset_s": 500},
                                format="json")
    assert bad.status_code == 400 and "claudication_onset_s" in bad.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**SIX_MINUTE, "distance_m": None}, "distance_m"),
        ({**SIX_MINUTE, "distance_m": 5000}, "distance_m"),
        ({**SIX_MINUTE, "distance_m": "352"}, "distance_m"),
        ({**SIX_MINUTE, "pain_onset_m": 400}, "pain_onset_m"),
        ({**SIX_MINUTE, "peak_walking_s": 300}, "peak_walking_s"),
        ({**SIX_MINUTE, "protocol": "gardner"}, "protocol"),
        ({**TREADMILL, "peak_walking_s": None}, "peak_walking_s"),
        ({**TREADMILL, "peak_walking_s": 0}, "peak_walking_s"),
        ({**TREADMILL, "peak_walking_s": 7200}, "peak_walking_s"),
        ({**TREADMILL, "claudication_onset_s": 600}, "claudication_onset_s"),
        ({**TREADMILL, "claudication_onset_s": -5}, "claudication_onset_s"),
        ({**TREADMILL, "distance_m": 300}, "distance_m"),
        ({**TREADMILL, "protocol": "bruce"}, "protocol"),
        ({**TREADMILL, "kind": "shuttle_walk"}, "kind"),
        ({**TREADMILL, "performed_at": "2999-01-01T00:00:00Z"}, "performed_at"),
        ({**TREADMILL, "performed_at": "2026-03-02T10:00:00"}, "performed_at"),
    ],
)
def test_bad_tests_answer_400_naming_the_field(client_for, cora, alice, body, field):
    response = client_for(cora).post(url(alice), body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not ProgressTest.objects.exists()


def test_patients_read_but_do_not_record_and_outsiders_get_404(client_for, alice, olga, eve,
                                                               cora):
    assert client_for(alice).post(url(alice), TREADMILL, format="json").status_code == 403
    assert client_for(olga).post(url(alice), TREADMILL, format="json").status_code == 404
    assert client_for(eve).get(url(alice)).status_code == 404
    test_id = client_for(cora).post(url(alice), TREADMILL, format="json").json()["id"]
    assert client_for(alice).get(url(alice, test_id)).status_code == 200
    assert client_for(eve).delete(url(alice, test_id)).status_code == 404
    assert ProgressTest.objects.filter(deleted_at__isnull=True).count() == 1


@pytest.mark.parametrize("body", [
    [SIX_MINUTE], "a walk", {**SIX_MINUTE, "kind": None}, {**SIX_MINUTE, "distance_m": 352.5},
    {**SIX_MINUTE, "distance_m": True}, {**TREADMILL, "peak_walking_s": 10**30},
    {**TREADMILL, "note": "x" * 100_000}, {**TREADMILL, "performed_at": None}, {},
])
def test_odd_bodies_get_a_400_never_a_500(client_for, cora, alice, body):
    response = client_for(cora).post(url(alice), body, format="json")
    assert response.status_code == 400, response.content
    assert not ProgressTest.objects.exists()


def test_a_six_minute_walk_is_corrected_without_resending_it(client_for, cora, alice):
    test_id = client_for(cora).post(url(alice), SIX_MINUTE, format="json").json()["id"]
    corrected = client_for(cora).patch(url(alice, test_id), {"pain_onset_m": None},
                                       format="json")
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["pain_onset_m"] is None and corrected.json()["distance_m"] == 352
    # Turning it into a treadmill test would leave walk fields on a treadmill test.
    changed = client_for(cora).patch(url(alice, test_id), {"kind": "graded_treadmill"},
                                     format="json")
    assert changed.status_code == 400 and "peak_walking_s" in changed.json()


def test_the_admin_refuses_a_test_of_the_wrong_shape_instead_of_failing(cora, alice):
    test = ProgressTest(patient=alice, entered_by=cora, performed_at="2026-03-02T10:00:00Z",
                        kind="graded_treadmill", protocol="gardner", distance_m=300,
                        claudication_onset_s=500, peak_walking_s=400)
    with pytest.raises(ValidationError) as refused:
        test.full_clean()
    assert {"distance_m", "claudication_onset_s"} <= set(refused.value.message_dict)
