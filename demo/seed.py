"""Seeding the demo clinic: its carers and admin, the cohort's patients with their walks,
symptoms, clinic records, questionnaires and exercise programs."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from accounts.selectors import care_teams_of
from accounts.services import care_team_add_members, clinic_onboard, patient_enroll
from core.sync import CREATED
from tracker.services.walks import walks_sync

from .cohort import (
    ADMIN_EMAIL,
    ADMIN_NAME,
    CLINICIAN_EMAIL,
    CLINICIAN_NAME,
    COORDINATOR_EMAIL,
    COORDINATOR_NAME,
    DEMO_CLINIC_NAME,
    DEMO_COHORT,
    DEMO_PASSWORD,
    demo_date_of_birth,
)
from .conversations import demo_conversations_seed
from .programs import demo_programs_seed
from .records import demo_records_seed
from .walks import DemoDataError, demo_walks_validated


@transaction.atomic
def demo_seed(*, now: datetime | None = None) -> bool:
    """Create the demo clinic, its carers, patients and walks; returns False when it already exists.

    Everything is one transaction, so a failed run leaves nothing half-seeded behind.
    """
    now = now or timezone.now()
    clinic, clinician, created = clinic_onboard(
        name=DEMO_CLINIC_NAME, clinician_email=CLINICIAN_EMAIL, password=DEMO_PASSWORD
    )
    if not created:
        # Walks end "now": generating them again later would give the same ids other times.
        return False
    # No service edits a user's name yet; this is the clinician the line above just created.
    clinician.full_name = CLINICIAN_NAME
    clinician.save(update_fields=["full_name"])
    team = care_teams_of(user=clinician).get()
    coordinator = User.objects.create_user(
        COORDINATOR_EMAIL, DEMO_PASSWORD, full_name=COORDINATOR_NAME, role=Role.COORDINATOR,
        clinic=clinic,
    )
    care_team_add_members(care_team=team, members=[coordinator])
    User.objects.create_superuser(ADMIN_EMAIL, DEMO_PASSWORD, full_name=ADMIN_NAME, clinic=clinic)

    today = now.date()
    patients = {}
    for entry in DEMO_COHORT:
        patient = patient_enroll(
            clinician=clinician, email=entry.email, password=DEMO_PASSWORD,
            full_name=entry.full_name, care_team=team,
            date_of_birth=demo_date_of_birth(entry, today=today), sex=entry.sex,
            time_zone=entry.time_zone, suspected_cause=entry.suspected_cause,
            affected_side=entry.affected_side,
        )
        walks = demo_walks_validated(entry, end=now)
        statuses = walks_sync(patient=patient, walks=walks)
        if set(statuses) != {CREATED}:
            raise DemoDataError(f"{entry.email}: walks not all created: {sorted(set(statuses))}")
        patients[entry.email] = patient

    demo_records_seed(patients=patients, clinician=clinician, coordinator=coordinator, now=now)
    demo_programs_seed(clinic=clinic, patients=patients, coordinator=coordinator, now=now)
    demo_conversations_seed(patients=patients, clinician=clinician, now=now)
    return True
