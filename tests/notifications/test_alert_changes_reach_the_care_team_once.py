"""Each alert change reaches the patient's care team by e-mail and the patient by push once,
however often its task runs; carers' preferences and quiet hours are respected, except that an
emergency is never held."""

import uuid
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import CareTeam, Role
from harness.payloads import symptom_payload
from notifications.models import Delivery, DeliveryStatus, NotificationPreference
from notifications.outbox import outbox_relay
from notifications.preferences import quiet_hours_end_at
from notifications.red_flag_alerts import red_flag_alerts_raise
from notifications.services import Finding, alert_acknowledge, alert_raise
from notifications.tasks import deliver_alert
from tests.support.factories import UserFactory
from tests.support.push import LocmemPushBackend

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def push_outbox(settings):
    settings.PUSH_BACKEND = "tests.support.push.LocmemPushBackend"
    LocmemPushBackend.outbox.clear()
    yield LocmemPushBackend.outbox
    LocmemPushBackend.outbox.clear()


def red_flag_alert(patient, flag):
    report = {"id": uuid.uuid4(), "kind": "back_pain", "red_flags": [flag],
              "occurred_at": timezone.now()}
    (alert,) = red_flag_alerts_raise(patient_id=patient.pk, reports=[report])
    return alert


def deliver(alert):
    deliver_alert.apply(kwargs={"alert_id": str(alert.pk), "revision": alert.revision}).get()


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_red_flag_synced_by_the_patient_reaches_her_care_team_by_email(
        client_for, alice, bob, cora, olga, eve, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).post("/api/v1/symptoms/sync/", {"symptoms": [
            symptom_payload(kind="back_pain", red_flags=["saddle_numbness"])]}, format="json")
    assert response.status_code == 200

    # Bob and Cora are alice's team; Dan (olga's clinician) and Eve (another clinic) are not.
    assert recipients() == ["bob@north.example", "cora@north.example"]
    message = mail.outbox[0]
    assert message.subject.startswith("Stride: emergency alert for patient")
    assert "possible cauda equina" in message.body
    assert f"/patients/{alice.pk}/" in message.body  # the dashboard's page listing her alerts
    assert "saddle_numbness" not in message.body and "evidence" not in message.body
    assert alice.email not in message.body + message.subject


def test_running_the_task_twice_sends_once_and_a_new_change_sends_again(alice, bob, cora,
                                                                        push_outbox):
    alert = red_flag_alert(alice, "weight_loss")  # a warning
    deliver(alert)
    deliver(alert)
    assert recipients() == ["bob@north.example", "cora@north.example"]
    assert len(push_outbox) == 1

    # More evidence of the same severity is a new change, but nothing new for e-mail or push.
    (updated,) = red_flag_alerts_raise(patient_id=alice.pk, reports=[{
        "id": uuid.uuid4(), "kind": "back_pain", "red_flags": ["weight_loss"],
        "occurred_at": timezone.now()}])
    assert updated.revision == 2
    deliver(updated)
    assert len(mail.outbox) == 2 and len(push_outbox) == 1

    # An escalation is: each carer hears of it once more.
    escalated, changed = alert_raise(patient_id=alice.pk, finding=Finding(
        kind=alert.kind, severity="urgent", title="Worse", as_of=timezone.now(),
        patient_message="Contact your clinic today."))
    assert changed and escalated.revision == 3
    deliver(escalated)
    deliver(escalated)
    assert recipients() == ["bob@north.example"] * 2 + ["cora@north.example"] * 2
    assert "urgent alert" in mail.outbox[-1].subject
    assert [p["message"] for p in push_outbox][-1] == "Contact your clinic today."
    assert Delivery.objects.filter(alert=alert, channel="email").count() == 4


def test_a_stale_revision_sends_nothing_the_latest_one_does(alice, bob, cora):
    alert = red_flag_alert(alice, "cold_limb")
    later, _ = alert_raise(patient_id=alice.pk, finding=Finding(
        kind=alert.kind, severity="urgent", title="More", as_of=timezone.now(),
        evidence={"symptom_report_ids": [str(uuid.uuid4())]}))
    deliver_alert.apply(kwargs={"alert_id": str(alert.pk), "revision": 1}).get()
    assert mail.outbox == []
    deliver(later)
    assert recipients() == ["bob@north.example", "cora@north.example"]


def test_a_clinician_who_turned_email_off_gets_none(alice, bob, cora, client_for):
    response = client_for(bob).patch("/api/v1/notification-preferences/",
                                     {"email_enabled": False}, format="json")
    assert response.status_code == 200
    deliver(red_flag_alert(alice, "bladder_bowel_loss"))
    assert recipients() == ["cora@north.example"]


def test_alerts_below_a_carers_minimum_severity_stay_in_the_inbox(alice, bob, cora):
    NotificationPreference.objects.create(user=bob, email_min_severity="urgent")
    deliver(red_flag_alert(alice, "weight_loss"))  # warning
    assert recipients() == ["cora@north.example"]
    deliver(red_flag_alert(alice, "foot_drop"))  # urgent
    assert recipients() == ["bob@north.example", "cora@north.example", "cora@north.example"]


def test_only_active_carers_of_the_patients_team_in_her_clinic_receive(alice, bob, cora, olga,
                                                                      eve, pete):

    cora.is_active = False
    cora.save()
    # A team wrongly built across clinics still sends nothing to the other clinic.
    stray = CareTeam.objects.create(clinic=alice.clinic, name="Mixed up")
    stray.members.add(eve)
    stray.patients.add(alice)
    deliver(red_flag_alert(alice, "foot_drop"))
    assert recipients() == ["bob@north.example"]


def test_the_push_carries_only_the_patient_message(alice, bob, push_outbox):
    alert = red_flag_alert(alice, "bladder_bowel_loss")
    deliver(alert)
    (push,) = push_outbox
    assert push == {"user_id": str(alice.pk), "title": "A message from your care team",
                    "message": alert.patient_message}
    assert "emergency" in alert.patient_message.lower()

    internal, _ = alert_raise(patient_id=alice.pk, finding=Finding(
        kind="limb_threat", severity="urgent", title="Possible limb threat",
        as_of=timezone.now()))
    deliver(internal)
    assert len(push_outbox) == 1  # no message for the patient: nothing pushed
    assert recipients() == ["bob@north.example"] * 2 + ["cora@north.example"] * 2


@pytest.fixture
def bob_sleeps(bob):
    return NotificationPreference.objects.create(
        user=bob, quiet_hours_start=time(22, 0), quiet_hours_end=time(7, 0),
        time_zone="Europe/Paris")


def test_quiet_hours_hold_a_warning_until_they_end(alice, bob, bob_sleeps):
    with time_machine.travel(datetime(2026, 11, 20, 23, 30, tzinfo=PARIS), tick=False):
        red_flag_alert(alice, "weight_loss")
        assert outbox_relay() == 1  # the change's message: the task runs in process
        assert recipients() == ["cora@north.example"]  # she set no quiet hours
        held = Delivery.objects.get(channel="email", recipient=str(bob.pk))
        assert held.status == DeliveryStatus.HELD
        assert held.not_before == datetime(2026, 11, 21, 7, 0, tzinfo=PARIS)
    with time_machine.travel(datetime(2026, 11, 21, 6, 59, tzinfo=PARIS), tick=False):
        assert outbox_relay() == 0 and recipients() == ["cora@north.example"]
    with time_machine.travel(datetime(2026, 11, 21, 7, 0, 30, tzinfo=PARIS), tick=False):
        assert outbox_relay() == 1  # the wake-up left for the end of quiet hours
        assert recipients() == ["bob@north.example", "cora@north.example"]
        assert outbox_relay() == 0
    assert len(mail.outbox) == 2


def test_an_emergency_ignores_quiet_hours(alice, bob, bob_sleeps):
    with time_machine.travel(datetime(2026, 11, 20, 23, 30, tzinfo=PARIS), tick=False):
        deliver(red_flag_alert(alice, "saddle_numbness"))
        assert recipients() == ["bob@north.example", "cora@north.example"]
        assert not Delivery.objects.filter(status=DeliveryStatus.HELD).exists()


@pytest.mark.parametrize("flag", ["foot_drop", "fever", "foot_infection"])
def test_an_urgent_same_day_red_flag_ignores_quiet_hours(alice, bob, bob_sleeps, flag):
    # The patient was told to act today: held until 07:00, the care team would miss that day.
    with time_machine.travel(datetime(2026, 11, 20, 23, 30, tzinfo=PARIS), tick=False):
        deliver(red_flag_alert(alice, flag))
        assert recipients() == ["bob@north.example", "cora@north.example"]
        assert not Delivery.objects.filter(status=DeliveryStatus.HELD).exists()


def test_an_urgent_sign_for_the_next_24_hours_waits_for_the_morning(alice, bob, bob_sleeps):
    with time_machine.travel(datetime(2026, 11, 20, 23, 30, tzinfo=PARIS), tick=False):
        deliver(red_flag_alert(alice, "cold_limb"))
        assert recipients() == ["cora@north.example"]
        assert Delivery.objects.get(recipient=str(bob.pk)).status == DeliveryStatus.HELD


def test_quiet_hours_are_read_in_the_carers_time_zone(bob):
    overnight = NotificationPreference(user=bob, quiet_hours_start=time(22, 0),
                                       quiet_hours_end=time(7, 0), time_zone="America/New_York")
    at = datetime(2026, 11, 20, 23, 0, tzinfo=ZoneInfo("America/New_York"))
    assert quiet_hours_end_at(preference=overnight, now=at) == datetime(
        2026, 11, 21, 7, 0, tzinfo=ZoneInfo("America/New_York"))
    assert quiet_hours_end_at(preference=overnight, now=at.replace(hour=12)) is None
    # 23:00 in New York is 05:00 in Paris: inside Paris quiet hours too, ending at 07:00 Paris.
    overnight.time_zone = "Europe/Paris"
    assert quiet_hours_end_at(preference=overnight, now=at) == datetime(2026, 11, 21, 7, 0,
                                                                        tzinfo=PARIS)
    lunch = NotificationPreference(user=bob, quiet_hours_start=time(12, 0),
                                   quiet_hours_end=time(13, 0), time_zone="UTC")
    assert quiet_hours_end_at(preference=lunch, now=at) is None


def test_the_new_coordinator_without_preferences_gets_the_defaults(alice, clinic):
    coordinator = UserFactory(email="nina@north.example", clinic=clinic, role=Role.COORDINATOR)
    alice.patient_care_teams.first().members.add(coordinator)
    deliver(red_flag_alert(alice, "weight_loss"))  # warning: the default minimum
    assert "nina@north.example" in recipients()
    alert, _ = alert_raise(patient_id=alice.pk, finding=Finding(
        kind="silence", severity="info", title="No walks", as_of=timezone.now()))
    before = len(mail.outbox)
    deliver(alert)
    assert len(mail.outbox) == before  # information alerts stay in the inbox by default


def test_a_held_email_survives_later_changes_and_is_sent_when_quiet_hours_end(alice, bob, cora,
                                                                              bob_sleeps):

    with time_machine.travel(datetime(2026, 11, 20, 23, 30, tzinfo=PARIS), tick=False):
        alert = red_flag_alert(alice, "cold_limb")  # urgent, not an emergency: held for bob
        outbox_relay()
    with time_machine.travel(datetime(2026, 11, 21, 1, 0, tzinfo=PARIS), tick=False):
        more = red_flag_alert(alice, "cold_limb")  # a second report: revision 2
        acknowledged = alert_acknowledge(alert=more, user=cora)  # revision 3
        assert acknowledged.revision == 3
        outbox_relay()
        assert recipients() == ["cora@north.example"]
    with time_machine.travel(datetime(2026, 11, 21, 7, 5, tzinfo=PARIS), tick=False):
        outbox_relay()
    assert recipients() == ["bob@north.example", "cora@north.example"]
    assert "Status: Acknowledged" in mail.outbox[-1].body  # what it is now, not at 23:30
    assert Delivery.objects.get(alert=alert, recipient=str(bob.pk)).revision == 1
