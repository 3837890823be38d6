"""Run the detectors now: for every patient (the nightly sweep), or for one."""

from django.core.management.base import CommandError
from django.utils import timezone

from accounts.models import Role, User
from audit.commands import AuditedCommand
from notifications.evaluation import patient_evaluate, patients_sweep


class Command(AuditedCommand):
    help = "Run the detectors for all patients, or for one with --patient ID."

    def add_arguments(self, parser):
        parser.add_argument("--patient", help="A patient's id: run for this patient only.")

    def handle(self, *args, patient=None, **options):
        now = timezone.now()
        if patient:
            if not User.objects.filter(pk=patient, role=Role.PATIENT).exists():
                raise CommandError(f"No patient with id {patient}.")
            changed = patient_evaluate(patient_id=patient, now=now)
            self.audit(action="detectors.run", patient_ids=[patient])
            for alert in changed:
                self.stdout.write(f"  {alert.severity}: {alert.title}")
            self.stdout.write(f"1 patient evaluated, {len(changed)} alerts raised or updated.")
            return

        def progress(done: int, total: int) -> None:
            if done == total or done % max(1, total // 20) == 0:
                self.stdout.write(f"  {done}/{total} patients ({100 * done // total} %)")

        changed = patients_sweep(now=now, progress=progress)
        self.audit(action="detectors.run", patient_ids=User.objects.filter(
            role=Role.PATIENT, is_active=True).values_list("pk", flat=True))
        self.stdout.write(f"Sweep done: {changed} alerts raised or updated.")
