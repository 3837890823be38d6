"""Seed the local demo: a clinic, its carers and admin, and patients with 90 days of walks."""

import json
import shlex
import time

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from accounts.models import Role, User
from audit.commands import AuditedCommand
from demo.cohort import (
    ADMIN_EMAIL,
    CLINICIAN_EMAIL,
    COORDINATOR_EMAIL,
    DEMO_CLINIC_NAME,
    DEMO_COHORT,
    DEMO_DAYS,
    DEMO_PASSWORD,
    NEUROGENIC,
    VASCULAR,
    WORSENING,
)
from demo.seed import demo_seed
from notifications.evaluation import patients_sweep

BASE_URL = "http://127.0.0.1:8000"


class Command(AuditedCommand):
    help = (f"Create '{DEMO_CLINIC_NAME}' with demo logins and {DEMO_DAYS} days of synthetic "
            "walks. Running it again changes nothing.")

    def handle(self, *args, **options):
        started_s = time.monotonic()
        try:
            created = demo_seed()
        except ValidationError as exc:
            # Most likely a demo e-mail already taken by an account outside the demo clinic.
            raise CommandError(f"Could not seed the demo: {exc}") from exc
        if created:
            # Judge the demo history now, so the alerts a clinician would have had are there.
            alerts_changed = patients_sweep()
            self.audit(action="demo.seed", patient_ids=User.objects.filter(
                clinic__name=DEMO_CLINIC_NAME, role=Role.PATIENT).values_list("pk", flat=True))
            self.stdout.write(
                f"Detectors ran over the demo history: {alerts_changed} alert changes."
            )
            self.stdout.write(self.style.SUCCESS(
                f"Seeded '{DEMO_CLINIC_NAME}': {len(DEMO_COHORT)} patients, {DEMO_DAYS} days of "
                f"walks each ({time.monotonic() - started_s:.1f} s)."
            ))
        else:
            self.stdout.write(
                f"The demo data is already there ('{DEMO_CLINIC_NAME}' exists); nothing changed."
            )
        self._print_logins()

    def _print_logins(self) -> None:
        worsening = next(p for p in DEMO_COHORT if p.pattern == VASCULAR and p.course == WORSENING)
        neurogenic = next(
            p for p in DEMO_COHORT if p.pattern == NEUROGENIC and p.suspected_cause == NEUROGENIC
        )
        body = json.dumps({"email": CLINICIAN_EMAIL, "password": DEMO_PASSWORD})
        curl = (f"curl -s -X POST {BASE_URL}/api/v1/auth/login/ "
                f"-H 'Content-Type: application/json' -d {shlex.quote(body)}")
        logins = [
            ("Clinician", CLINICIAN_EMAIL, "dashboard and API, sees every demo patient"),
            ("Coordinator", COORDINATOR_EMAIL, "exercise programs: the Programs page (cohort)"),
            ("Admin", ADMIN_EMAIL, "Django admin, staff superuser"),
            ("Patient", worsening.email, f"{worsening.full_name}, vascular, getting worse"),
            ("Patient", neurogenic.email, f"{neurogenic.full_name}, neurogenic (spinal stenosis)"),
        ]
        lines = [
            "",
            "Stride local demo",
            f"  Dashboard: {BASE_URL}/  (sign in as the clinician or the coordinator)",
            f"  API docs:  {BASE_URL}/api/docs/",
            f"  Admin:     {BASE_URL}/admin/",
            "",
            f"  Password of every demo account: {DEMO_PASSWORD}",
            "  (a local demo only: never use these accounts or this password on a real server)",
            *(f"  {role + ':':<13}{email:<26}{what}" for role, email, what in logins),
            f"  Other patients: {DEMO_COHORT[0].email} ... {DEMO_COHORT[-1].email}",
            "",
            "  Sign in from the command line:",
            f"  {curl}",
            "",
        ]
        self.stdout.write("\n".join(lines))
