"""Staff manage clinics, users and care teams in the Django admin, scoped to their clinic."""

import pytest
from django.contrib.auth.models import Permission

from accounts.models import User
from tests.support.factories import PASSWORD, UserFactory, WalkFactory


@pytest.fixture
def superuser(clinic):
    return User.objects.create_superuser("root@stride.example", PASSWORD, clinic=clinic)


PAGES = ["/admin/", "/admin/accounts/user/", "/admin/accounts/careteam/", "/admin/accounts/clinic/",
         "/admin/audit/auditevent/", "/admin/tracker/walk/", "/admin/core/recordrevision/",
         "/admin/tracker/symptomreport/", "/admin/records/abimeasurement/",
         "/admin/records/rutherfordassessment/", "/admin/records/distancecalibration/",
         "/admin/records/posturetest/", "/admin/questionnaires/questionnaireresponse/",
         "/admin/notifications/alert/", "/admin/notifications/delivery/"]


def test_superuser_can_open_every_admin_page(client, superuser, alice):
    WalkFactory(patient=alice)
    client.force_login(superuser)
    for page in PAGES:
        assert client.get(page).status_code == 200, page
    assert client.get(f"/admin/accounts/user/{alice.pk}/change/").status_code == 200


def test_clinic_staff_see_only_their_clinic(client, staff, alice, pete):
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "view_walk"]))
    WalkFactory(patient=alice)
    WalkFactory(patient=pete)
    client.force_login(staff)
    users = client.get("/admin/accounts/user/").content.decode()
    assert "alice@patients.example" in users and "pete@patients.example" not in users
    assert client.get(f"/admin/accounts/user/{pete.pk}/change/").status_code in (302, 404)


def test_admin_login_is_locked_after_repeated_failures_too(client, clinic, settings):
    UserFactory(email="admin2@stride.example", clinic=clinic, is_staff=True, role="staff")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "admin2@stride.example", "password": "nope"})
    response = client.post(
        "/admin/login/", {"username": "admin2@stride.example", "password": PASSWORD}
    )
    assert response.status_code == 429
