"""A toe pressure under 30 mmHg (WIfI ischaemia grade 3) is a limb threat even when calcified
ankle arteries give a high ABI."""

from datetime import UTC, datetime, timedelta

from notifications.detectors.limb_threat import AbiReading, limb_threat_progression
from notifications.models import Alert, AlertKind

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def test_a_high_abi_with_a_toe_pressure_under_30_is_a_limb_threat():
    reading = AbiReading("m1", T0, "left", 1.5, 210, toe_pressure_mmhg=20)
    finding = limb_threat_progression([], [reading], as_of=T0 + timedelta(hours=1))
    assert finding.met and finding.reasons == ("left leg: toe pressure 20 mmHg < 30",)


def test_a_toe_pressure_of_30_is_not():
    reading = AbiReading("m1", T0, "left", 1.5, 210, toe_pressure_mmhg=30)
    assert not limb_threat_progression([], [reading], as_of=T0 + timedelta(hours=1)).met


def test_abi_15_with_toe_pressure_20_raises_a_limb_threat_alert(
        client_for, bob, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(bob).post(f"/api/v1/patients/{alice.pk}/abi/", {
            "measured_at": "2026-03-02T09:00:00+01:00", "leg": "left",
            "brachial_left_mmhg": 140, "dorsalis_pedis_mmhg": 205, "posterior_tibial_mmhg": 210,
            "toe_pressure_mmhg": 20,
        }, format="json")
    assert response.status_code == 201, response.content
    alert = Alert.objects.get(patient=alice, kind=AlertKind.LIMB_THREAT)
    assert alert.severity == "urgent"
    assert "toe pressure 20 mmHg < 30" in alert.title
    assert alert.evidence["abi_measurement_ids"] == [response.json()["id"]]
