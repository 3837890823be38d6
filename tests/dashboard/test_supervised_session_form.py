"""The coordinator's supervised-session form on the dashboard: it stores what the API would,
refuses what the API refuses with the field named, and keeps to the care teams (404 outside)."""

from datetime import timedelta

import pytest
from django.test import Client

from audit.models import AuditEvent
from programs.models import SupervisedSession
from programs.services import exercise_program_create

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


@pytest.fixture
def program(alice, cora):
    return exercise_program_create(patient=alice, entered_by=cora, data={
        "started_on": alice.patient_profile.local_today() - timedelta(days=14),
        "sessions_per_week": 3, "minutes_per_session": 30})


def _body(program, **extra):
    return {"performed_on": program.started_on.isoformat(), "minutes": "36", "max_pain": "3",
            "bout_speed_kmh": ["3.2", "3,2", ""], "bout_grade_pct": ["2", "4", ""],
            "bout_onset_s": ["150", "170", ""], "bout_chosen_pain_s": ["240", "260", ""],
            "bout_rest_s": ["120", "", ""], **extra}


def test_a_coordinator_records_a_session_with_two_bouts(program, cora):
    response = signed_in(cora).post(f"/programs/{program.pk}/sessions/new/", _body(program),
                                    follow=True)

    assert response.redirect_chain == [("/programs/", 302)]
    assert "36 minutes, 2 bouts" in response.content.decode()
    session = SupervisedSession.objects.get(program=program)
    assert session.entered_by == cora and session.max_pain == 3
    assert session.bouts == [
        {"speed_kmh": 3.2, "grade_pct": 2.0, "onset_s": 150, "chosen_pain_s": 240, "rest_s": 120},
        {"speed_kmh": 3.2, "grade_pct": 4.0, "onset_s": 170, "chosen_pain_s": 260}]
    assert AuditEvent.objects.filter(actor=cora, action="dashboard.supervised_session_create",
                                     patient=program.patient).count() == 1


@pytest.mark.parametrize(("change", "named"), [
    ({"minutes": "half an hour"}, "minutes: Must be a whole number."),
    ({"bout_chosen_pain_s": ["100", "260", ""]}, "Bout 1, chosen_pain_s: Must not be before"),
    ({"stopped_early": "on"}, "stop_reason: Required when stopped_early is true."),
    ({"performed_on": "2001-01-01"}, "performed_on"),
])
def test_bad_input_is_refused_with_the_field_named_and_nothing_stored(program, cora, change,
                                                                       named):
    response = signed_in(cora).post(f"/programs/{program.pk}/sessions/new/",
                                    _body(program, **change))

    assert response.status_code == 400
    assert named in response.content.decode()
    assert not SupervisedSession.objects.exists()


def test_the_form_is_404_outside_the_care_teams(program, eve, olga, bob, cora):
    other = exercise_program_create(patient=olga, entered_by=bob, data={
        "started_on": program.started_on, "sessions_per_week": 3, "minutes_per_session": 30})
    assert signed_in(cora).get(f"/programs/{other.pk}/sessions/new/").status_code == 404
    assert signed_in(eve).post(f"/programs/{program.pk}/sessions/new/",
                               _body(program)).status_code == 404
    assert signed_in(cora).get(f"/programs/{program.pk}/sessions/new/").status_code == 200
    assert not SupervisedSession.objects.exists()


def test_without_the_script_add_bout_gives_another_row_and_saves_nothing(program, cora):
    body = _body(program, add_bout="1")
    html = signed_in(cora).post(f"/programs/{program.pk}/sessions/new/", body).content.decode()
    # The two typed bouts are kept (the third, empty, row too) and one more row is added.
    assert html.count('name="bout_onset_s"') == 4 + 1  # + the script's template row
    assert not SupervisedSession.objects.exists()
