"""The demo's vascular SET patient in week 8, on the patient page: the program section with its
adherence and its moderate treadmill gains."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from demo.cohort import COORDINATOR_EMAIL, DEMO_COHORT
from demo.programs import SET_KEEPS_UP
from tests.dashboard.test_dashboard_pages import signed_in


@pytest.mark.django_db
def test_the_demo_set_patients_page_shows_the_program_adherence_and_progress():
    call_command("seed_demo", stdout=StringIO())
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    email = next(entry.email for entry in DEMO_COHORT if entry.number == SET_KEEPS_UP)
    patient = User.objects.get(email=email)
    response = signed_in(coordinator).get(f"/patients/{patient.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vascular SET" in html and "running, week 8" in html
    assert 'id="program-adherence"' in html and 'id="program-weeks"' in html
    assert html.count('class="verdict verdict-moderate"') >= 2  # onset and peak walking time
