"""Staff keep a clinic's program templates and correct program records in the admin: every page
opens, staff see only their own clinic, and a new clinic starts with the standard templates."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from accounts.models import Clinic, User
from programs.models import ProgramTemplate
from programs.services import (
    exercise_program_create,
    home_sessions_sync,
    program_pause_create,
    supervised_session_create,
)
from tests.support.factories import PASSWORD


@pytest.fixture
def superuser(clinic):
    return User.objects.create_superuser("root@stride.example", PASSWORD, clinic=clinic)


@pytest.fixture
def program(alice, cora):
    return exercise_program_create(patient=alice, entered_by=cora, data={
        "started_on": date(2026, 3, 2), "sessions_per_week": 3, "minutes_per_session": 30})


def test_a_new_clinic_starts_with_the_standard_templates(db):
    clinic = Clinic.objects.create(name="Riverside vascular clinic")
    assert set(ProgramTemplate.objects.filter(clinic=clinic).values_list("name", flat=True)) == {
        "Vascular SET", "Neurogenic home program"}


def test_superuser_opens_every_program_admin_page(client, superuser, alice, cora, program):
    session = supervised_session_create(program=program, entered_by=cora,
                                        data={"performed_on": date(2026, 3, 2), "minutes": 35})
    pause = program_pause_create(program=program, entered_by=cora, data={
        "starts_on": date(2026, 3, 9), "ends_on": date(2026, 3, 15), "reason": "holiday"})
    home_sessions_sync(patient=alice, sessions=[{
        "id": "6f1c1b1e-8d33-4a59-9d7e-4b1b1c9b2a10", "program_id": program.pk,
        "performed_on": date(2026, 3, 4), "status": "done", "activities": ["walking"],
        "minutes": 30}])
    template = ProgramTemplate.objects.filter(clinic=alice.clinic).first()
    client.force_login(superuser)
    pages = ["/admin/programs/programtemplate/",
             f"/admin/programs/programtemplate/{template.pk}/change/",
             "/admin/programs/exerciseprogram/",
             f"/admin/programs/exerciseprogram/{program.pk}/change/",
             "/admin/programs/supervisedsession/",
             f"/admin/programs/supervisedsession/{session.pk}/change/",
             "/admin/programs/homesession/", "/admin/programs/programpause/",
             f"/admin/programs/programpause/{pause.pk}/change/", "/admin/programs/progresstest/",
             "/admin/programs/exercise/"]
    for page in pages:
        assert client.get(page).status_code == 200, page
    assert "alice@patients.example" in client.get("/admin/programs/homesession/").content.decode()


def test_clinic_staff_see_only_their_clinics_templates(client, staff, clinic, other_clinic):
    staff.user_permissions.add(*Permission.objects.filter(codename="view_programtemplate"))
    theirs = ProgramTemplate.objects.get(clinic=other_clinic, name="Vascular SET")
    client.force_login(staff)
    listing = client.get("/admin/programs/programtemplate/").content.decode()
    assert "Neurogenic home program" in listing
    assert str(theirs.pk) not in listing
    assert client.get(f"/admin/programs/programtemplate/{theirs.pk}/change/").status_code in (
        302, 404)
