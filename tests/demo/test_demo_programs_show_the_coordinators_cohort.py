"""The demo's exercise programs, as the coordinator's cohort table shows them: the one who
stopped coming first, the vascular SET patient in week 8 who keeps up and improves, and the
neurogenic patient on the home program."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from demo.cohort import COORDINATOR_EMAIL, DEMO_COHORT
from demo.programs import HOME_NEUROGENIC, SET_KEEPS_UP, SET_STOPPED
from insights.program_cohort import program_cohort_rows
from programs.mcid import MODERATE
from programs.models import HomeSession, ProgramTemplate, SupervisedSession
from programs.outcome_selectors import program_progress

EMAIL = {entry.number: entry.email for entry in DEMO_COHORT}


@pytest.mark.django_db
def test_the_demo_cohort_shows_who_stopped_who_keeps_up_and_the_home_program():
    output = StringIO()
    call_command("seed_demo", stdout=output)
    assert COORDINATOR_EMAIL in output.getvalue()
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    assert set(ProgramTemplate.objects.filter(clinic=coordinator.clinic).values_list(
        "name", flat=True)) == {"Vascular SET", "Neurogenic home program"}

    rows = program_cohort_rows(user=coordinator)
    by_email = {row["patient"]["email"]: row for row in rows}

    stopped = by_email[EMAIL[SET_STOPPED]]
    assert rows[0] is stopped
    assert stopped["missed_in_a_row"] >= 8 and stopped["adherence_recent_pct"] == 0.0
    assert 20 <= stopped["days_since_last_session"] <= 24

    keeps_up = by_email[EMAIL[SET_KEEPS_UP]]
    assert keeps_up["week"] == 8 and keeps_up["program"]["mode"] == "supervised"
    assert keeps_up["missed_in_a_row"] <= 1
    assert keeps_up["adherence_pct"] >= 90 and keeps_up["adherence_recent_pct"] >= 80
    assert keeps_up["pain_free_distance_m"]["change"]["value_m"] > 50
    minutes = list(SupervisedSession.objects.filter(
        patient__email=EMAIL[SET_KEEPS_UP]).order_by("performed_on").values_list(
        "minutes", flat=True))
    assert len(minutes) >= 20 and min(minutes[-3:]) > max(minutes[:3])
    program = SupervisedSession.objects.filter(patient__email=EMAIL[SET_KEEPS_UP]).first().program
    verdicts = {measure.measure: measure.verdict
                for measure in program_progress(program=program).measures}
    assert verdicts["claudication_onset_s"] == verdicts["peak_walking_s"] == MODERATE

    home = by_email[EMAIL[HOME_NEUROGENIC]]
    assert home["program"]["mode"] == "home"
    assert 70 <= home["adherence_pct"] < 100
    assert HomeSession.objects.filter(patient__email=EMAIL[HOME_NEUROGENIC],
                                      status="skipped").exists()
