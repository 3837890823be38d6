"""The coordinator's "Programs" page: the cohort table of their care teams, linked from the
navigation, scoped and recorded in the access log like every other page."""

from datetime import timedelta

from django.test import Client

from audit.models import AuditEvent
from programs.services import exercise_program_create, supervised_session_create

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def test_a_coordinator_sees_the_cohort_of_her_teams_with_who_to_call_first(alice, cora, olga):
    today = alice.patient_profile.local_today()
    program = exercise_program_create(patient=alice, entered_by=cora, data={
        "started_on": today - timedelta(days=35), "sessions_per_week": 3,
        "minutes_per_session": 30, "weeks": 12})
    supervised_session_create(program=program, entered_by=cora, data={
        "performed_on": today - timedelta(days=35), "minutes": 30})
    exercise_program_create(patient=olga, entered_by=cora, data={
        "started_on": today - timedelta(days=10), "sessions_per_week": 3,
        "minutes_per_session": 30})
    browser = Client()
    browser.force_login(cora, backend=MODEL_BACKEND)

    home = browser.get("/").content.decode()
    page = browser.get("/programs/")

    assert 'href="/programs/"' in home
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 running program of your care teams" in html
    assert f'data-patient-id="{alice.pk}" class="needs-call"' in html
    assert str(olga.pk) not in html
    assert AuditEvent.objects.filter(actor=cora, patient=alice,
                                     action="dashboard.program_cohort").count() == 1
