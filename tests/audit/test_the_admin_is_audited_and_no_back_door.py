"""The Django admin leaves audit rows for every read and change of patient data, edits versioned
records through the versioned-record services (a revision kept, a soft delete, the id taken),
shows revisions and the audit trail read-only, and gives clinic staff no way to widen rights or
reach another clinic."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from accounts.models import Role, User
from audit.models import AuditEvent
from core.models import RecordRevision
from tests.support.admin_forms import admin_form_data, admin_options
from tests.support.audit import patient_events
from tests.support.factories import PASSWORD, UserFactory, WalkFactory
from tracker.models import Walk

WALK_PERMS = ["view_walk", "change_walk", "delete_walk"]


@pytest.fixture
def sam_admin(staff):
    """Sam, staff of alice's clinic, who may view, change and delete walks and users."""
    staff.user_permissions.add(*Permission.objects.filter(
        codename__in=[*WALK_PERMS, "view_user", "change_user", "add_user", "view_recordrevision",
                      "change_recordrevision", "view_auditevent", "delete_auditevent",
                      "change_auditevent"]))
    browser = Client()
    browser.force_login(staff)
    return browser


def _admin_actions():
    return {action for _, _, action, _ in patient_events()}


def test_admin_reads_of_a_patients_data_leave_rows(sam_admin, staff, alice):
    walk = WalkFactory(patient=alice)
    assert sam_admin.get("/admin/tracker/walk/").status_code == 200
    assert sam_admin.get(f"/admin/tracker/walk/{walk.pk}/change/").status_code == 200
    assert sam_admin.get(f"/admin/accounts/user/{alice.pk}/change/").status_code == 200
    assert sam_admin.get(f"/admin/tracker/walk/{walk.pk}/history/").status_code == 200
    assert patient_events() == {
        (staff.email, alice.email, action, "success")
        for action in ("admin.walk.list", "admin.walk.read", "admin.user.read",
                       "admin.walk.history")}
    read = AuditEvent.objects.get(action="admin.walk.read")
    assert read.route == f"GET /admin/tracker/walk/{walk.pk}/change/"
    assert (read.object_type, read.object_id) == ("tracker.walk", str(walk.pk))


def test_an_admin_edit_keeps_the_previous_version(sam_admin, staff, alice):
    walk = WalkFactory(patient=alice, note="as sent")
    url = f"/admin/tracker/walk/{walk.pk}/change/"
    data = admin_form_data(sam_admin.get(url).content.decode(), note="corrected by the clinic")
    response = sam_admin.post(url, data)
    assert response.status_code == 302
    walk.refresh_from_db()
    assert (walk.note, walk.version) == ("corrected by the clinic", 2)
    (kept,) = RecordRevision.objects.filter(record_id=walk.pk)
    assert kept.snapshot["note"] == "as sent" and kept.changed_by == staff
    assert "admin.walk.update" in _admin_actions()


def test_derived_values_cannot_be_typed_in(sam_admin, alice):
    walk = WalkFactory(patient=alice)
    html = sam_admin.get(f"/admin/tracker/walk/{walk.pk}/change/").content.decode()
    fields = admin_form_data(html)
    assert "note" in fields and "version" not in fields and "deleted_at" not in fields
    assert "patient" not in fields


def test_an_admin_delete_is_soft_and_the_id_stays_taken(sam_admin, alice, client_for):
    walk = WalkFactory(patient=alice)
    response = sam_admin.post(f"/admin/tracker/walk/{walk.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    walk.refresh_from_db()
    assert walk.deleted_at is not None  # still there, out of view
    assert RecordRevision.objects.filter(record_id=walk.pk, action="delete").exists()
    assert client_for(alice).get(f"/api/v1/walks/{walk.pk}/").status_code == 404
    assert "admin.walk.delete" in _admin_actions()


def test_a_bulk_delete_in_the_admin_is_soft_too(sam_admin, alice):
    walks = [WalkFactory(patient=alice) for _ in range(2)]
    response = sam_admin.post("/admin/tracker/walk/", {
        "action": "delete_selected", "_selected_action": [str(w.pk) for w in walks],
        "post": "yes"})
    assert response.status_code == 302
    assert Walk.objects.filter(pk__in=[w.pk for w in walks], deleted_at__isnull=False).count() == 2


def test_records_cannot_be_added_in_the_admin(client, alice):
    root = User.objects.create_superuser("root@stride.example", PASSWORD, clinic=alice.clinic)
    client.force_login(root)
    assert client.get("/admin/tracker/walk/add/").status_code == 403


def test_another_clinics_patient_is_refused_and_recorded(sam_admin, staff, pete):
    walk = WalkFactory(patient=pete)
    response = sam_admin.get(f"/admin/tracker/walk/{walk.pk}/change/")
    assert response.status_code == 302  # the admin says it does not exist
    row = AuditEvent.objects.get(outcome="denied")
    assert (row.actor, row.action, row.object_id) == (staff, "admin.walk.read", str(walk.pk))
    assert not Walk.objects.filter(pk=walk.pk, version__gt=1).exists()


def test_revisions_and_audit_rows_are_read_only(sam_admin, alice, bob):
    walk = WalkFactory(patient=alice)
    sam_admin.post(f"/admin/tracker/walk/{walk.pk}/delete/", {"post": "yes"})
    revision = RecordRevision.objects.get(record_id=walk.pk)
    event = AuditEvent.objects.filter(patient=alice).first()
    page = sam_admin.get(f"/admin/core/recordrevision/{revision.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert sam_admin.post(f"/admin/core/recordrevision/{revision.pk}/change/",
                          {"version": "9"}).status_code == 403
    assert sam_admin.post(f"/admin/core/recordrevision/{revision.pk}/delete/",
                          {"post": "yes"}).status_code == 403
    assert sam_admin.post(f"/admin/audit/auditevent/{event.pk}/delete/",
                          {"post": "yes"}).status_code == 403
    assert sam_admin.post(f"/admin/audit/auditevent/{event.pk}/change/",
                          {"action": "x"}).status_code == 403
    assert sam_admin.get("/admin/audit/auditevent/add/").status_code == 403
    assert RecordRevision.objects.filter(pk=revision.pk, version=revision.version).exists()
    assert AuditEvent.objects.filter(pk=event.pk, action=event.action).exists()


def test_staff_cannot_make_themselves_superuser_or_widen_their_rights(sam_admin, staff):
    url = f"/admin/accounts/user/{staff.pk}/change/"
    html = sam_admin.get(url).content.decode()
    lacking = str(Permission.objects.get(codename="delete_questionnaireresponse").pk)
    data = admin_form_data(html, is_superuser="on", user_permissions=[lacking], role="clinician")
    sam_admin.post(url, data)
    staff.refresh_from_db()
    assert not staff.is_superuser and staff.role == Role.STAFF
    assert not staff.has_perm("questionnaires.delete_questionnaireresponse")


def test_staff_grant_others_only_the_rights_they_hold(sam_admin, staff, bob):
    url = f"/admin/accounts/user/{bob.pk}/change/"
    html = sam_admin.get(url).content.decode()
    offered = set(admin_options(html, "user_permissions"))
    own = {str(p.pk) for p in Permission.objects.filter(user=staff)}
    assert offered == own
    lacking = str(Permission.objects.get(codename="delete_questionnaireresponse").pk)
    sam_admin.post(url, admin_form_data(html, is_superuser="on", user_permissions=[lacking]))
    bob.refresh_from_db()
    assert not bob.is_superuser and not bob.user_permissions.exists()


def test_the_user_form_offers_only_their_own_clinic(sam_admin, staff, other_clinic):
    offered = admin_options(sam_admin.get("/admin/accounts/user/add/").content.decode(), "clinic")
    assert offered == [str(staff.clinic_id)]


def test_staff_do_not_see_superuser_accounts(sam_admin, staff):
    root = UserFactory(email="root@north.example", clinic=staff.clinic, role=Role.STAFF,
                       is_staff=True, is_superuser=True)
    assert root.email not in sam_admin.get("/admin/accounts/user/").content.decode()
    assert sam_admin.get(f"/admin/accounts/user/{root.pk}/change/").status_code == 302


def test_staff_see_only_their_clinics_audit_rows(sam_admin, alice, pete, eve, bob, client_for):
    client_for(eve).get(f"/api/v1/patients/{alice.pk}/")  # eve's refusal names alice
    client_for(eve).get(f"/api/v1/patients/{pete.pk}/")   # eve reads her own patient
    client_for(bob).get(f"/api/v1/patients/{alice.pk}/")
    page = sam_admin.get("/admin/audit/auditevent/").content.decode()
    assert "patient-detail.get" in page and "patient.read" in page
    assert str(pete.pk) not in page and "pete@patients.example" not in page
    assert "eve@south.example" in page  # the refusal of alice's record, by another clinic
    south_staff = UserFactory(email="sue@south.example", clinic=eve.clinic, role=Role.STAFF,
                              is_staff=True)
    south_staff.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    browser = Client()
    browser.force_login(south_staff)
    south_page = browser.get("/admin/audit/auditevent/").content.decode()
    assert "alice@patients.example" not in south_page and str(alice.pk) not in south_page
