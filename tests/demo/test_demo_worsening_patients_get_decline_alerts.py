"""The demo's worsening patients, and only they, get walking-distance decline alerts."""

from datetime import UTC, datetime

import time_machine

from demo.cohort import DEMO_COHORT, WORSENING
from demo.walks import demo_walks_validated
from notifications.evaluation import patient_evaluate
from notifications.models import Alert
from tests.support.factories import PatientFactory
from tracker.services.walks import walks_sync

NOW = datetime(2026, 6, 1, 18, 0, tzinfo=UTC)
DECLINE_KINDS = ("pain_free_distance_decline", "max_walking_distance_decline")


def test_worsening_demo_patients_are_alerted_and_the_others_are_not(clinic):
    with time_machine.travel(NOW):
        for entry in DEMO_COHORT:
            patient = PatientFactory(email=entry.email, clinic=clinic,
                                     profile__time_zone=entry.time_zone)
            walks_sync(patient=patient, walks=demo_walks_validated(entry, end=NOW))
            patient_evaluate(patient_id=patient.pk)
    alerted = {}
    for alert in Alert.objects.filter(kind__in=DECLINE_KINDS).select_related("patient"):
        alerted.setdefault(alert.patient.email, set()).add(alert.kind)
    worsening = {entry.email for entry in DEMO_COHORT if entry.course == WORSENING}
    assert set(alerted) == worsening  # the vascular ones and the stenosis one
    # Every one of them for the pain-free distance; the stenosis patient's maximal walking
    # distance, judged a day at a time (decline.py), has not fallen clearly enough yet.
    assert all("pain_free_distance_decline" in kinds for kinds in alerted.values())
    vascular = {entry.email for entry in DEMO_COHORT
                if entry.course == WORSENING and entry.pattern == "vascular"}
    assert all(alerted[email] == set(DECLINE_KINDS) for email in vascular)
