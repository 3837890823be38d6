"""Bring a clinic in from the command line: the clinic, its first clinician and their care team."""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.services import clinic_onboard, password_generate


class Command(BaseCommand):
    help = (
        "Create a clinic and its first clinician. Running it again for the same clinic changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The clinic's name.")
        parser.add_argument(
            "--clinician-email", required=True, help="The first clinician's e-mail."
        )
        parser.add_argument(
            "--password-stdin", action="store_true",
            help="Read the clinician's password from standard input instead of generating one.",
        )

    def handle(self, *args, name, clinician_email, password_stdin, **options):
        if not name.strip():
            raise CommandError("--name must not be empty.")
        generated = not password_stdin
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError(
                    "--password-stdin was given but standard input held no password."
                )
        else:
            password = password_generate()
        try:
            clinic, clinician, created = clinic_onboard(
                name=name, clinician_email=clinician_email, password=password
            )
        except ValidationError as exc:
            messages = [
                f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items()
            ]
            raise CommandError("; ".join(messages)) from exc
        if not created:
            who = f" Its first clinician is {clinician.email}." if clinician else ""
            self.stdout.write(f"Clinic '{clinic.name}' already exists; nothing changed.{who}")
            return
        self.stdout.write(self.style.SUCCESS(f"Created clinic '{clinic.name}' ({clinic.pk})."))
        self.stdout.write(f"Clinician: {clinician.email}")
        if generated:
            self.stdout.write(f"Password (shown once, store it safely): {password}")
