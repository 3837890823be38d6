"""Missed exercise sessions: after 2 in a row the patient gets one kind push that links to an
exercise of their program; after 4, or under half of the last 2 weeks done, the coordinators of
her care team get an alert through the usual life cycle. Each is sent once however often the
sweep or the tasks run; days are the patient's local days; pauses and quiet hours are respected."""

import uuid
from datetime import date, datetime, time
from typing import ClassVar
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from notifications import outbox
from notifications.evidence_text import evidence_sentences
from notifications.models import (
    Alert,
    AlertStatus,
    DetectorState,
    ExerciseNudge,
    NotificationPreference,
)
from notifications.outbox import outbox_relay
from notifications.services import alert_resolve
from notifications.tasks import deliver_alert, nightly_sweep, send_nudge
from programs.models import HomeSession, ProgramTemplate
from programs.services import (
    exercise_program_create,
    program_pause_create,
    program_templates_seed,
    supervised_session_create,
)
from tests.support.factories import PatientProfileFactory
from tests.support.push import LocmemPushBackend

PARIS = ZoneInfo("Europe/Paris")
MONDAY = date(2026, 3, 2)  # the program's first day; sessions Monday, Wednesday, Friday
KIND = "exercise_adherence_low"


@pytest.fixture(autouse=True)
def push_outbox(settings):
    settings.PUSH_BACKEND = "tests.support.push.LocmemPushBackend"
    LocmemPushBackend.outbox.clear()
    yield LocmemPushBackend.outbox
    LocmemPushBackend.outbox.clear()


def enrol(patient, by, template_name="Vascular SET", **changes):
    program_templates_seed(clinic=patient.clinic)
    template = ProgramTemplate.objects.get(clinic=patient.clinic, name=template_name)
    return exercise_program_create(patient=patient, entered_by=by, template=template,
                                   data={"started_on": MONDAY, **changes})


@pytest.fixture
def program(alice, cora):
    return enrol(alice, cora)


def session(program, day, by):
    supervised_session_create(program=program, entered_by=by,
                              data={"performed_on": day, "minutes": 35})


def sweep_at(when, times=1):
    """The nightly sweep at ``when`` (run ``times`` over, as a retried task would), then the
    outbox relay that hands the claimed pushes and e-mails to their tasks."""
    with time_machine.travel(when, tick=False):
        for _ in range(times):
            nightly_sweep.apply().get()
            outbox_relay()


def test_two_missed_sessions_send_one_kind_push_linking_the_walking_exercise(
        alice, cora, program, push_outbox, client_for):
    session(program, MONDAY, cora)
    # Wednesday and Friday missed; on Saturday the sweep runs twice, and again on Sunday.
    sweep_at(datetime(2026, 3, 7, 12, 0, tzinfo=PARIS), times=2)
    sweep_at(datetime(2026, 3, 8, 3, 0, tzinfo=PARIS))

    (push,) = push_outbox
    assert push["user_id"] == str(alice.pk)
    assert push["title"] == "Your exercise program"
    assert push["message"] == (
        "Your last 2 planned exercise sessions did not take place. That happens, and it is fine "
        "to start again with a short, easy session when you feel ready. You could try Treadmill "
        "interval walking: /api/v1/exercises/treadmill-interval-walking/ Go at your own pace. "
        "If you feel unwell, or have chest pain, breathlessness or dizziness, stop and tell "
        "your care team.")
    for blame in ("failed", "should", "must", "forgot", "lazy"):
        assert blame not in push["message"].lower()
    # The link opens the library entry for the patient.
    assert client_for(alice).get("/api/v1/exercises/treadmill-interval-walking/").status_code \
        == 200
    nudge = ExerciseNudge.objects.get()
    assert (nudge.run_started_on, nudge.status, nudge.attempts) == (date(2026, 3, 4), "sent", 1)
    # Two misses are the patient's business: no alert for the care team yet.
    assert not Alert.objects.filter(kind=KIND).exists() and not mail.outbox


def test_the_nudge_task_run_again_sends_nothing_more(alice, cora, program, push_outbox):
    session(program, MONDAY, cora)
    sweep_at(datetime(2026, 3, 7, 12, 0, tzinfo=PARIS))
    nudge = ExerciseNudge.objects.get()
    for _ in range(2):  # a redelivered or retried task
        assert send_nudge.apply(kwargs={"nudge_id": nudge.pk}).get() is False
    assert len(push_outbox) == 1


def test_a_new_run_of_misses_after_a_session_done_nudges_again(alice, cora, program,
                                                               push_outbox):
    session(program, MONDAY, cora)
    sweep_at(datetime(2026, 3, 7, 12, 0, tzinfo=PARIS))  # Wed, Fri missed
    session(program, date(2026, 3, 9), cora)  # back on Monday
    sweep_at(datetime(2026, 3, 12, 12, 0, tzinfo=PARIS))  # only Wednesday missed since
    assert len(push_outbox) == 1
    sweep_at(datetime(2026, 3, 14, 12, 0, tzinfo=PARIS))  # Wednesday and Friday: a new run
    assert len(push_outbox) == 2
    assert sorted(ExerciseNudge.objects.values_list("run_started_on", flat=True)) == [
        date(2026, 3, 4), date(2026, 3, 11)]


def test_a_skipped_session_synced_from_the_phone_counts_and_nudges_at_once(
        alice, cora, client_for, django_capture_on_commit_callbacks, push_outbox):
    with time_machine.travel(datetime(2026, 3, 5, 18, 0, tzinfo=PARIS), tick=False):
        program = enrol(alice, cora, template_name="Neurogenic home program",
                        days_of_week=[1, 3, 5], sessions_per_week=3)
        session(program, MONDAY, cora)
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(alice).post("/api/v1/home-sessions/sync/", {"home_sessions": [
                {"id": str(uuid.uuid4()), "program": str(program.pk), "performed_on": "2026-03-04",
                 "status": "skipped", "skip_reason": "pain"}]}, format="json")
        assert response.status_code == 200, response.content
        # Wednesday skipped is one: Thursday plans nothing. No push yet.
        assert not push_outbox
    with time_machine.travel(datetime(2026, 3, 7, 9, 0, tzinfo=PARIS), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            client_for(alice).post("/api/v1/home-sessions/sync/", {"home_sessions": [
                {"id": str(uuid.uuid4()), "program": str(program.pk), "performed_on": "2026-03-06",
                 "status": "skipped", "skip_reason": "weather"}]}, format="json")
        outbox_relay()
    (push,) = push_outbox
    # Spinal stenosis: a flexion exercise, which eases it.
    assert "You could try Knee-to-chest stretch: /api/v1/exercises/knee-to-chest/" in \
        push["message"]
    assert "Your last 2 planned exercise sessions" in push["message"]
    assert HomeSession.objects.count() == 2


def test_a_missed_day_is_missed_only_once_it_is_over_where_the_patient_lives(
        alice, cora, program, push_outbox):
    alice.patient_profile.delete()
    PatientProfileFactory(user=alice, time_zone="America/Los_Angeles")
    alice.refresh_from_db()
    session(program, MONDAY, cora)
    # Saturday 03:00 UTC is still Friday 19:00 in Los Angeles: Friday's session may yet happen.
    sweep_at(datetime(2026, 3, 7, 3, 0, tzinfo=ZoneInfo("UTC")))
    assert not push_outbox and not ExerciseNudge.objects.exists()
    # Saturday 01:00 there: Friday is over, the second miss.
    sweep_at(datetime(2026, 3, 7, 9, 0, tzinfo=ZoneInfo("UTC")))
    assert len(push_outbox) == 1


def test_no_nudge_for_sessions_in_a_planned_pause_or_during_one(alice, cora, program,
                                                                push_outbox):
    session(program, MONDAY, cora)
    program_pause_create(program=program, entered_by=cora, data={
        "starts_on": date(2026, 3, 4), "ends_on": date(2026, 3, 6), "reason": "holiday"})
    sweep_at(datetime(2026, 3, 7, 12, 0, tzinfo=PARIS))
    assert not push_outbox

    # Missed Monday and Wednesday the week after, then on holiday again from Thursday.
    program_pause_create(program=program, entered_by=cora, data={
        "starts_on": date(2026, 3, 12), "ends_on": date(2026, 3, 20), "reason": "illness"})
    sweep_at(datetime(2026, 3, 13, 12, 0, tzinfo=PARIS))
    assert not push_outbox and not ExerciseNudge.objects.exists()


def test_a_nudge_in_the_patients_quiet_hours_waits_until_they_end(alice, cora, program,
                                                                  push_outbox):
    NotificationPreference.objects.create(user=alice, quiet_hours_start=time(21, 0),
                                          quiet_hours_end=time(8, 0))  # read in her time zone
    session(program, MONDAY, cora)
    sweep_at(datetime(2026, 3, 7, 2, 0, tzinfo=PARIS))  # the nightly sweep, 02:00 in Paris
    nudge = ExerciseNudge.objects.get()
    assert nudge.status == "held" and nudge.not_before == datetime(2026, 3, 7, 8, 0, tzinfo=PARIS)
    with time_machine.travel(datetime(2026, 3, 7, 7, 59, tzinfo=PARIS), tick=False):
        assert send_nudge.apply(kwargs={"nudge_id": nudge.pk}).get() is False  # too early
        outbox_relay()
    assert not push_outbox
    with time_machine.travel(datetime(2026, 3, 7, 8, 0, 30, tzinfo=PARIS), tick=False):
        outbox_relay()
        outbox_relay()
    assert len(push_outbox) == 1


def test_a_patient_sets_her_quiet_hours_and_the_nudge_waits_for_them(alice, cora, program,
                                                                    client_for, push_outbox):
    api = client_for(alice)
    response = api.put("/api/v1/me/quiet-hours/", {"quiet_hours_start": "21:00",
                                                   "quiet_hours_end": "09:30"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["time_zone"] == "Europe/Paris"
    assert api.get("/api/v1/me/quiet-hours/").json()["quiet_hours_end"].startswith("09:30")
    session(program, MONDAY, cora)
    sweep_at(datetime(2026, 3, 7, 2, 0, tzinfo=PARIS))
    nudge = ExerciseNudge.objects.get()
    # Read in her own time zone, as her days are.
    assert nudge.status == "held" and nudge.not_before == datetime(2026, 3, 7, 9, 30,
                                                                   tzinfo=PARIS)


def test_quiet_hours_need_both_ends(alice, client_for):
    response = client_for(alice).patch("/api/v1/me/quiet-hours/",
                                       {"quiet_hours_start": "22:00"}, format="json")
    assert response.status_code == 400
    assert "quiet_hours_end" in response.json()


def test_four_missed_sessions_alert_the_coordinator_once(alice, bob, cora, program,
                                                         push_outbox):
    session(program, MONDAY, cora)
    # Wed 4, Fri 6, Mon 9 and Wed 11 missed: on Thursday the 12th, 4 in a row.
    sweep_at(datetime(2026, 3, 11, 12, 0, tzinfo=PARIS))
    assert not Alert.objects.filter(kind=KIND).exists()  # 3 in a row, adherence not judged yet
    sweep_at(datetime(2026, 3, 12, 12, 0, tzinfo=PARIS), times=2)
    sweep_at(datetime(2026, 3, 12, 18, 0, tzinfo=PARIS))

    alert = Alert.objects.get(kind=KIND)
    assert (alert.severity, alert.status) == ("warning", "open")
    assert alert.title == "Exercise program: 4 sessions missed in a row"
    assert alert.evidence["missed_in_a_row"] == 4 and alert.evidence["missed_since"] == \
        "2026-03-04"
    assert alert.patient_message == ""  # the patient had her kind push; this is for the team
    # The coordinator who runs the program, not the clinician, is e-mailed, once.
    assert [m.to for m in mail.outbox] == [["cora@north.example"]]
    assert evidence_sentences(KIND, alert.evidence)[0] == (
        "4 planned sessions missed or skipped in a row, since 4 Mar 2026.")
    assert len(push_outbox) == 1  # the nudge of the run, not one more
    for _ in range(2):  # the delivery task redelivered or retried
        deliver_alert.apply(kwargs={"alert_id": str(alert.pk), "revision": alert.revision}).get()
    assert len(mail.outbox) == 1

    # The 5th miss adds to the open alert; the coordinator is not e-mailed again.
    sweep_at(datetime(2026, 3, 14, 12, 0, tzinfo=PARIS))
    alert.refresh_from_db()
    assert alert.evidence["missed_in_a_row"] == 5 and len(mail.outbox) == 1


def test_under_half_done_in_two_weeks_alerts_and_recovery_clears_it(alice, bob, cora, program):
    # One session a week out of three: never 4 in a row, but 2 of 6 in the last 2 weeks.
    for day in (MONDAY, date(2026, 3, 9), date(2026, 3, 16)):
        session(program, day, cora)
    sweep_at(datetime(2026, 3, 17, 12, 0, tzinfo=PARIS))
    alert = Alert.objects.get(kind=KIND)
    assert alert.title == "Exercise program: 33.3 % of sessions done in the last 2 weeks"
    assert evidence_sentences(KIND, alert.evidence)[-1] == (
        "2 of 6 planned sessions done in the last 2 weeks (33.3 %), 3 Mar 2026 to 16 Mar 2026.")
    state = DetectorState.objects.get(patient=alice, kind=KIND)
    assert state.condition_met is True

    # Back on track: every session for two weeks. The condition clears, as detectors' do; the
    # coordinator resolves the alert, and nothing opens it again while adherence holds.
    for day in (date(2026, 3, 18), date(2026, 3, 20), date(2026, 3, 23), date(2026, 3, 25),
                date(2026, 3, 27), date(2026, 3, 30)):
        session(program, day, cora)
    sweep_at(datetime(2026, 3, 31, 12, 0, tzinfo=PARIS))
    state.refresh_from_db()
    assert state.condition_met is False and state.cleared_at is not None
    alert_resolve(alert=alert, user=cora, note="Spoke to her: back on track.")
    sweep_at(datetime(2026, 4, 1, 12, 0, tzinfo=PARIS))
    assert Alert.objects.filter(kind=KIND).exclude(status=AlertStatus.RESOLVED).count() == 0

    # A new lapse is a new episode: a new alert.
    sweep_at(datetime(2026, 4, 9, 12, 0, tzinfo=PARIS))  # Apr 1, 3, 6, 8 missed
    assert Alert.objects.filter(kind=KIND, status=AlertStatus.OPEN).count() == 1



class FlakyPushBackend(LocmemPushBackend):
    """Fails the first push it is given, then works."""

    failures: ClassVar[list[str]] = []

    def send(self, *, user_id: str, title: str, message: str) -> None:
        if not self.failures:
            self.failures.append(user_id)
            raise ConnectionError("push service unavailable")
        super().send(user_id=user_id, title=title, message=message)


def test_a_failed_push_is_retried_and_sent_once(alice, cora, program, push_outbox, settings,
                                                monkeypatch):
    settings.PUSH_BACKEND = f"{__name__}.FlakyPushBackend"
    # In process, Celery's retry raises out of the publish, which the outbox takes for a broker
    # outage and pauses its commit hook for a while: put the pause back after this test.
    monkeypatch.setattr(outbox, "_broker_down_until", outbox._broker_down_until)
    FlakyPushBackend.failures.clear()
    session(program, MONDAY, cora)
    sweep_at(datetime(2026, 3, 7, 12, 0, tzinfo=PARIS))  # the task retries (eagerly here)
    sweep_at(datetime(2026, 3, 7, 13, 0, tzinfo=PARIS))
    assert len(push_outbox) == 1 and FlakyPushBackend.failures == [str(alice.pk)]
    nudge = ExerciseNudge.objects.get()
    assert (nudge.status, nudge.attempts) == ("sent", 2)
    assert "ConnectionError" in nudge.last_error


def test_an_ended_program_sends_nothing(alice, cora, program, push_outbox):
    program.ended_on = MONDAY
    program.save()
    sweep_at(datetime(2026, 3, 12, 12, 0, tzinfo=PARIS))
    assert not push_outbox and not Alert.objects.filter(kind=KIND).exists()


def test_a_held_nudge_is_withdrawn_when_a_session_is_done_before_it_is_due(
        alice, cora, program, push_outbox):
    # Held overnight by quiet hours; at 07:30 her coordinator records Saturday's early session.
    NotificationPreference.objects.create(user=alice, quiet_hours_start=time(21, 0),
                                          quiet_hours_end=time(8, 0))
    session(program, MONDAY, cora)
    sweep_at(datetime(2026, 3, 7, 2, 0, tzinfo=PARIS))
    assert ExerciseNudge.objects.get().status == "held"
    with time_machine.travel(datetime(2026, 3, 7, 7, 30, tzinfo=PARIS), tick=False):
        session(program, date(2026, 3, 6), cora)  # Friday's session, entered late
    with time_machine.travel(datetime(2026, 3, 7, 8, 0, 30, tzinfo=PARIS), tick=False):
        outbox_relay()
        outbox_relay()
    assert not push_outbox  # no "you missed your sessions" after she came
    assert ExerciseNudge.objects.get().status == "withdrawn"
