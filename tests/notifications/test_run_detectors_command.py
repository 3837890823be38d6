"""Operators run the detectors on demand, for everyone or for one patient."""

import io
import uuid
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from notifications.models import Alert
from tests.support.factories import SymptomReportFactory


def run(*args):
    out = io.StringIO()
    call_command("run_detectors", *args, stdout=out)
    return out.getvalue()


def test_one_patient(alice):
    for day in range(3):
        SymptomReportFactory(patient=alice, kind="rest_pain",
                             occurred_at=timezone.now() - timedelta(days=day, hours=1))
    output = run("--patient", str(alice.pk))
    assert "1 patient evaluated, 1 alerts" in output
    assert Alert.objects.get().kind == "limb_threat"


def test_sweep_shows_progress(alice, olga):
    output = run()
    assert "2/2 patients (100 %)" in output and "Sweep done" in output


def test_unknown_patient_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No patient"):
        run("--patient", str(uuid.uuid4()))
