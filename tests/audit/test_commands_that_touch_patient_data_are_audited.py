"""Management commands that read or write patient data leave audit rows: the command and the OS
user who ran it, the patients it touched, and a request id of the run."""

import io

from django.core.management import call_command

from audit.models import AuditEvent


def test_running_the_detectors_for_one_patient_is_recorded(alice, olga):
    call_command("run_detectors", "--patient", str(alice.pk), stdout=io.StringIO())
    (row,) = AuditEvent.objects.filter(action="detectors.run")
    assert row.patient == alice and row.actor is None and row.actor_role == ""
    assert row.actor_label.startswith("manage.py run_detectors (OS user ")
    assert row.route == "manage.py run_detectors" and len(row.request_id) == 32


def test_the_sweep_records_every_patient_it_judged_under_one_request_id(alice, olga, pete):
    call_command("run_detectors", stdout=io.StringIO())
    rows = AuditEvent.objects.filter(action="detectors.run")
    assert {r.patient for r in rows} == {alice, olga, pete}
    assert len({r.request_id for r in rows}) == 1
