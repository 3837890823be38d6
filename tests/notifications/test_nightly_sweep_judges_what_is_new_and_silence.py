"""The nightly sweep: patients already judged after their uploads are only checked for silence;
data the realtime worker never judged is judged then. Either way the alerts are the same as a
full evaluation of every patient would give."""

from datetime import timedelta

from django.utils import timezone

from notifications.evaluation import patient_evaluate, patients_sweep
from notifications.models import Alert, DetectorState
from tests.support.factories import SymptomReportFactory, WalkFactory


def habit_ending(patient, days_ago: int) -> None:
    """Three walks a week for four weeks, the last ``days_ago`` days before now."""
    last = timezone.now() - timedelta(days=days_ago)
    for n in range(12):
        WalkFactory(patient=patient, started_at=last - timedelta(days=n * 28 / 12))


def test_a_patient_judged_live_gets_the_silence_alert_at_night(alice):
    habit_ending(alice, days_ago=10)
    patient_evaluate(patient_id=alice.pk)  # the realtime worker after the last upload
    assert not Alert.objects.exists()

    assert patients_sweep() == 1
    silence = Alert.objects.get()
    assert silence.kind == "silence"
    last_walk = timezone.now() - timedelta(days=10)
    assert silence.title == f"No walks logged since {last_walk:%Y-%m-%d}"
    assert silence.evidence["walks_in_4_weeks_before"] == 12


def test_a_silence_that_goes_on_is_not_revised_and_resent_every_night(alice):
    habit_ending(alice, days_ago=10)
    patients_sweep()
    first = Alert.objects.get()
    for night in (1, 2, 3):
        assert patients_sweep(now=timezone.now() + timedelta(days=night)) == 0
    assert Alert.objects.get().revision == first.revision


def test_silence_counts_the_habit_before_the_last_walk_however_long_ago(alice, olga):
    habit_ending(alice, days_ago=60)
    habit_ending(olga, days_ago=60)
    patient_evaluate(patient_id=alice.pk)  # judged live; olga never was
    patients_sweep()
    found = {a.patient_id: a.evidence for a in Alert.objects.filter(kind="silence")}
    assert {k: v for k, v in found[alice.pk].items() if k != "last_walk_at"} == {
        k: v for k, v in found[olga.pk].items() if k != "last_walk_at"}
    assert found[alice.pk]["walks_in_4_weeks_before"] == 12


def test_data_never_judged_live_is_judged_by_the_sweep(alice, olga):
    habit_ending(olga, days_ago=1)
    patient_evaluate(patient_id=olga.pk)
    for day in range(3):  # stored, but the realtime evaluation never ran
        SymptomReportFactory(patient=alice, kind="rest_pain",
                             occurred_at=timezone.now() - timedelta(days=day, hours=1))

    assert patients_sweep() == 1
    assert Alert.objects.get().patient_id == alice.pk and Alert.objects.get().kind == "limb_threat"
    assert DetectorState.objects.filter(patient=alice, evaluated_through__isnull=False).exists()


def test_new_data_after_the_last_judgement_is_judged_by_the_sweep(alice):
    SymptomReportFactory(patient=alice, kind="rest_pain",
                         occurred_at=timezone.now() - timedelta(days=5))
    patient_evaluate(patient_id=alice.pk)
    for day in (1, 0):
        SymptomReportFactory(patient=alice, kind="rest_pain",
                             occurred_at=timezone.now() - timedelta(days=day, hours=1))
    patients_sweep()
    assert Alert.objects.get().kind == "limb_threat"


def test_a_second_sweep_changes_nothing(alice, olga):
    habit_ending(alice, days_ago=9)
    for day in range(3):
        SymptomReportFactory(patient=olga, kind="rest_pain",
                             occurred_at=timezone.now() - timedelta(days=day, hours=1))
    now = timezone.now()
    assert patients_sweep(now=now) == 2
    assert patients_sweep(now=now) == 0
    assert Alert.objects.count() == 2
