"""Decline alerts as the clinician receives them: raised by the data-time evaluation with their
evidence, on calibrated distances, once per episode, the same live, late or replayed, and with
the clinic's or the patient's threshold."""

import uuid
from datetime import UTC, datetime, timedelta

import time_machine

from harness.payloads import walk_payload
from notifications.evaluation import patient_evaluate
from notifications.models import Alert, DetectorState
from tracker.serializers.walks import WalkInputSerializer
from tracker.services.walks import walks_sync

DAY0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 09:00 in Paris, the personas' zone
NOW = DAY0 + timedelta(days=120)
SPREAD = (0.8, 1.1, 0.95, 1.2, 0.85, 1.05, 0.9, 1.15, 1.0, 0.75, 1.25)
PAIN_FREE_KIND, MAX_WALKING_KIND = "pain_free_distance_decline", "max_walking_distance_decline"


def walk(patient, day, onset_m, *, hour=0, pain=True, distance_m=None):
    """One walk on ``day`` as the phone sends it: pain at ``onset_m`` and a stop for pain, or
    (``pain=False``) a walk of ``distance_m`` that ended before pain came."""
    started_at = DAY0 + timedelta(days=day, hours=hour)
    walk_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{patient.email}/{day}/{hour}")
    if pain:
        return walk_payload(id=str(walk_id), started_at=started_at.isoformat(),
                            distance_m=round(onset_m * 1.4, 1), pain_onset_m=round(onset_m, 1))
    return walk_payload(
        id=str(walk_id), started_at=started_at.isoformat(), distance_m=distance_m,
        pain_onset_m=None, stopped_because="goal_reached", pain_locations=[], pain_side=None,
        pain_qualities=[], pain_nrs=None, relief_posture=None, relief_s=None)


def course(patient, levels):
    """A walk with pain each day, at ``levels[day]`` times the day-to-day spread."""
    return [walk(patient, day, level * SPREAD[day % len(SPREAD)]) for day, level in levels.items()]


def store(patient, payloads):
    validated = [WalkInputSerializer().run_validation(p) for p in payloads]
    assert set(walks_sync(patient=patient, walks=validated)) == {"created"}


def live(patient, payloads, *, online_from_day=49):
    """Sync and evaluate one day at a time, as a phone that is always online, from
    ``online_from_day``; the weeks before (quiet ones in these tests) arrive in one batch."""
    online_from = (DAY0 + timedelta(days=online_from_day)).date().isoformat()
    by_day = {}
    for payload in payloads:
        by_day.setdefault(max(payload["started_at"][:10], online_from), []).append(payload)
    for day in sorted(by_day):
        store(patient, by_day[day])
        patient_evaluate(patient_id=patient.pk)


def levels(**spans):
    """{day: level} from spans like d0_56=400."""
    result = {}
    for name, level in spans.items():
        start, end = (int(x) for x in name[1:].split("_"))
        result.update(dict.fromkeys(range(start, end), level))
    return result


DECLINE = levels(d0_56=400, d56_70=250)


def alerts(patient, kind=PAIN_FREE_KIND):
    return list(Alert.objects.filter(patient=patient, kind=kind))


def test_a_decline_raises_one_alert_with_its_evidence_in_calibrated_metres(alice):
    profile = alice.patient_profile
    profile.distance_calibration_factor = 0.8  # the phone overestimates by a quarter
    profile.save()
    with time_machine.travel(NOW):
        live(alice, course(alice, DECLINE))
    (alert,) = alerts(alice)
    evidence = alert.evidence
    assert evidence["baseline"]["median_m"] == 320.0  # 400 m on the phone
    assert evidence["recent"]["median_m"] < 0.85 * 320 and evidence["recent"]["median_reached"]
    assert evidence["threshold_pct"] == 15 and evidence["threshold_source"] == "default"
    assert evidence["shift_p_one_sided"] < 0.001
    assert set(evidence["windows"]) == {"baseline", "recent"}
    assert alert.title.startswith("Pain-free walking distance down ")
    assert alert.patient_message == ""  # for the care team: the clinician explains
    assert alert.as_of.date() > (DAY0 + timedelta(days=56)).date()
    # The maximal walking distance fell with it.
    assert len(alerts(alice, MAX_WALKING_KIND)) == 1


def test_pain_free_walks_count_in_the_estimate(alice, olga):
    # Recent fortnight: pain came sooner on twelve walks, but fourteen long walks brought no pain.
    painful = course(alice, levels(d0_56=400, d56_68=270))
    long_pain_free = [walk(alice, day, None, hour=6, pain=False, distance_m=700.0)
                      for day in range(56, 70)]
    with time_machine.travel(NOW):
        live(alice, painful + long_pain_free)
        # Olga logged the same painful walks, and not the pain-free ones.
        live(olga, course(olga, levels(d0_56=400, d56_68=270)))
    # Counted as 'at least 700 m', they keep the recent median out of reach: no decline.
    assert alerts(alice) == []
    state = DetectorState.objects.get(patient=alice, kind=PAIN_FREE_KIND)
    assert state.last_conclusion["met"] is False
    assert len(alerts(olga)) == 1


def test_too_little_data_raises_nothing(alice):
    # Three weeks of walks, the last one much shorter: no baseline to judge against yet.
    with time_machine.travel(NOW):
        live(alice, course(alice, levels(d0_14=400, d14_21=200)))
    assert alerts(alice) == [] and alerts(alice, MAX_WALKING_KIND) == []
    assert DetectorState.objects.get(patient=alice, kind=PAIN_FREE_KIND).condition_met is False


def test_a_fortnight_synced_late_gives_the_alert_it_would_have_given_live(alice, olga, client_for):
    with time_machine.travel(NOW):
        live(alice, course(alice, DECLINE))
        live(olga, course(olga, levels(d0_56=400)))
        # Olga's phone was offline for the last two weeks; it syncs them in one batch.
        late = course(olga, levels(d56_70=250))
        response = client_for(olga).post("/api/v1/walks/sync/", {"walks": late}, format="json")
        assert response.status_code == 200
        patient_evaluate(patient_id=olga.pk)  # the task the outbox hands to Celery
    (on_time,), (synced_late,) = alerts(alice), alerts(olga)
    assert (synced_late.as_of, synced_late.severity) == (on_time.as_of, on_time.severity)
    assert synced_late.title == on_time.title


def test_replaying_the_history_gives_the_same_alert(alice):
    with time_machine.travel(NOW):
        live(alice, course(alice, DECLINE))
        (first,) = alerts(alice)
        Alert.objects.all().delete()
        DetectorState.objects.all().delete()
        patient_evaluate(patient_id=alice.pk)  # judges the whole history, day by day
    (replayed,) = alerts(alice)
    assert (replayed.as_of, replayed.severity, replayed.title) == (first.as_of, first.severity,
                                                                   first.title)


def test_the_clinic_and_the_patient_set_the_threshold(alice, olga, clinic):
    # Both fall by about a quarter.
    clinic.decline_threshold_pct = 30
    clinic.save()
    profile = olga.patient_profile
    profile.decline_threshold_pct = 20
    profile.save()
    with time_machine.travel(NOW):
        live(alice, course(alice, levels(d0_56=400, d56_70=300)))
        live(olga, course(olga, levels(d0_56=400, d56_70=300)))
    assert alerts(alice) == []  # under the clinic's 30 %
    (alert,) = alerts(olga)
    assert alert.evidence["threshold_pct"] == 20 and alert.evidence["threshold_source"] == "patient"
    assert "(threshold 20 %)" in alert.title


def test_a_patient_who_keeps_worsening_has_one_alert_that_escalates(alice):
    # A fall of about a fifth, then, two weeks on, to half the baseline.
    with time_machine.travel(NOW):
        live(alice, course(alice, levels(d0_56=400, d56_77=320)))
        (first,) = alerts(alice)
        assert first.severity == "warning"
        live(alice, course(alice, levels(d77_91=200)))
    (alert,) = alerts(alice)
    assert alert.pk == first.pk and alert.severity == "urgent" and alert.revision > 1
    assert alert.as_of == first.as_of
