"""An operator brings a clinic in from the command line, once."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import CareTeam, Clinic, User


def onboard(*args, stdin=None, monkeypatch=None):
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command("onboard_clinic", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_generated_password_is_printed_once_and_works(api):
    output = onboard("--name", "Lakeside Vascular", "--clinician-email", "Head@Lakeside.example")
    password = next(line.split(": ", 1)[1] for line in output.splitlines() if "Password" in line)
    clinician = User.objects.get(email="head@lakeside.example")
    assert clinician.role == "clinician" and clinician.clinic.name == "Lakeside Vascular"
    assert CareTeam.objects.get(clinic=clinician.clinic).members.get() == clinician
    response = api.post("/api/v1/auth/login/",
                        {"email": "head@lakeside.example", "password": password}, format="json")
    assert response.status_code == 200


@pytest.mark.django_db
def test_password_from_stdin_is_used_and_not_printed(monkeypatch):
    output = onboard("--name", "Hill Clinic", "--clinician-email", "a@hill.example",
                     "--password-stdin", stdin="a-very-secret-phrase-7\n", monkeypatch=monkeypatch)
    assert "a-very-secret-phrase-7" not in output
    assert User.objects.get(email="a@hill.example").check_password("a-very-secret-phrase-7")


@pytest.mark.django_db
def test_running_again_says_so_and_changes_nothing():
    onboard("--name", "Lakeside Vascular", "--clinician-email", "head@lakeside.example")
    before = (Clinic.objects.count(), User.objects.count(), CareTeam.objects.count())
    output = onboard("--name", "lakeside vascular", "--clinician-email", "someone.else@example.org")
    assert "already exists" in output and "nothing changed" in output
    assert (Clinic.objects.count(), User.objects.count(), CareTeam.objects.count()) == before


@pytest.mark.django_db
def test_weak_password_is_refused_with_the_rule(monkeypatch):
    with pytest.raises(CommandError, match="password"):
        onboard("--name", "Weak", "--clinician-email", "w@example.org", "--password-stdin",
                stdin="123\n", monkeypatch=monkeypatch)
    assert not Clinic.objects.filter(name="Weak").exists()
