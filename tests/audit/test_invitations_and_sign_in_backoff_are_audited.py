"""Two events from the sign-in and enrolment rules leave audit rows too: an enrolment that only
sent an invitation (it names the invitation, never the other clinic's patient), and an account
whose sign-ins must now wait."""

from accounts.models import ClinicInvitation
from audit.models import AuditEvent
from tests.accounts.test_enrolment_reveals_no_other_clinics_patients import enrol


def test_an_enrolment_that_sent_an_invitation_is_recorded_without_naming_the_patient(
        client_for, bob, alice, pete):
    response = enrol(client_for(bob), pete.email)
    assert response.status_code == 201
    invitation = ClinicInvitation.objects.get(email=pete.email)
    row = AuditEvent.objects.get(action="patient.invite")
    assert (row.actor, row.patient, row.object_type, row.object_id) == (
        bob, None, "accounts.clinicinvitation", str(invitation.pk))
    assert not AuditEvent.objects.filter(patient=pete).exists()


def test_an_account_put_on_wait_is_recorded_once(api, alice):
    for _ in range(7):
        api.post("/api/v1/auth/login/", {"email": alice.email, "password": "wrong"},
                 format="json")
    rows = AuditEvent.objects.filter(action="auth.backoff")
    assert [(r.actor_label, r.object_id, r.outcome) for r in rows] == [
        (alice.email, str(alice.pk), "failure")]
