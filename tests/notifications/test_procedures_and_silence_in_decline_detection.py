"""After a procedure, decline detection starts again from the walks that follow it, once it has
settled; a fall soon after a revascularisation is urgent; and a patient who stops walking after a
decline is not left with an information-level silence."""

from datetime import timedelta

import time_machine

from notifications.evaluation import patient_evaluate, patients_sweep
from notifications.models import Alert
from records.models import Procedure
from tests.notifications.test_decline_alerts_through_evaluation import (
    DAY0,
    NOW,
    PAIN_FREE_KIND,
    course,
    levels,
    live,
)


def procedure(patient, clinician, day, kind="endovascular_revascularisation"):
    where = ({"side": "left", "arterial_level": "femoropopliteal"}
             if kind == "endovascular_revascularisation" else {"spinal_levels": "L4-L5"})
    return Procedure.objects.create(
        patient=patient, entered_by=clinician, performed_at=DAY0 + timedelta(days=day, hours=2),
        kind=kind, **where)


def test_walks_before_a_procedure_are_not_the_baseline_it_is_judged_against(alice, bob):
    # 400 m before an epidural injection on day 40, a steady 300 m once it had settled: the new
    # level is judged against itself, not against the walks before (a 25 % "drop" otherwise).
    procedure(alice, bob, 40, kind="epidural_injection")
    walking = course(alice, levels(d0_40=400, d40_54=150, d54_110=300))
    with time_machine.travel(NOW):
        live(alice, walking, online_from_day=0)
    assert not Alert.objects.filter(patient=alice, kind=PAIN_FREE_KIND).exists()


def test_a_fall_within_90_days_of_a_revascularisation_is_urgent(alice, bob):
    # Revascularised on day 0: settled on day 14, 400 m until day 70, then 300 m (a 25 % drop,
    # a warning anywhere else) while the stent is 10-12 weeks old.
    procedure(alice, bob, -1)
    walking = course(alice, levels(d14_70=400, d70_84=300))
    with time_machine.travel(NOW):
        live(alice, walking, online_from_day=14)
    (alert,) = Alert.objects.filter(patient=alice, kind=PAIN_FREE_KIND)
    assert alert.severity == "urgent"
    assert alert.title.startswith("Within 90 days of a revascularisation")
    assert alert.evidence["after_procedure"]["procedure"] == (
        "Endovascular revascularisation, left femoro-popliteal")


def test_the_same_fall_without_a_procedure_is_a_warning(alice):
    walking = course(alice, levels(d14_70=400, d70_84=300))
    with time_machine.travel(NOW):
        live(alice, walking, online_from_day=14)
    (alert,) = Alert.objects.filter(patient=alice, kind=PAIN_FREE_KIND)
    assert alert.severity == "warning"


def test_stopping_walking_after_a_decline_is_a_warning_not_information(alice, olga):
    # alice declined and then stopped; olga simply stopped. Both were regular walkers.
    with time_machine.travel(NOW):
        live(alice, course(alice, levels(d0_56=400, d56_70=250)))
        live(olga, course(olga, levels(d0_70=400)))
    assert Alert.objects.filter(patient=alice, kind=PAIN_FREE_KIND).exists()
    with time_machine.travel(DAY0 + timedelta(days=80)):
        patients_sweep()
    alice_silence = Alert.objects.get(patient=alice, kind="silence")
    olga_silence = Alert.objects.get(patient=olga, kind="silence")
    assert alice_silence.severity == "warning" and "after a falling walking distance" in (
        alice_silence.title)
    assert olga_silence.severity == "info"
    assert patient_evaluate(patient_id=alice.pk, now=DAY0 + timedelta(days=80)) == []


def test_without_the_procedure_the_same_walks_would_alert(alice):
    walking = course(alice, levels(d0_40=400, d40_54=150, d54_110=300))
    with time_machine.travel(NOW):
        live(alice, walking, online_from_day=0)
    assert Alert.objects.filter(patient=alice, kind=PAIN_FREE_KIND).exists()
