"""Reads about users. Every patient query the API makes starts from ``patients_visible_to``."""

from django.db.models import Exists, OuterRef, QuerySet

from .models import CARE_ROLES, CareTeam, Role, User


def patients_visible_to(*, user: User) -> QuerySet[User]:
    """The patients ``user`` may see: themselves if a patient, their care teams' if a carer.

    The clinic is matched as well as the team, so a mis-built team can never cross clinics.
    Anyone else (staff, anonymous, inactive) sees no patient through the API.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return User.objects.none()
    patients = User.objects.filter(role=Role.PATIENT, clinic_id=user.clinic_id)
    if user.role == Role.PATIENT:
        return patients.filter(pk=user.pk)
    if user.role in CARE_ROLES:
        shares_team = CareTeam.patients.through.objects.filter(
            user_id=OuterRef("pk"), careteam__members=user
        )
        return patients.filter(Exists(shares_team))
    return User.objects.none()


def care_teams_of(*, user: User) -> QuerySet[CareTeam]:
    """The care teams ``user`` is a member of, oldest first."""
    return CareTeam.objects.filter(members=user, clinic_id=user.clinic_id).order_by("created_at")


def carers_of(*, patient: User) -> QuerySet[User]:
    """The active clinicians and coordinators of the patient's care teams, in the patient's
    clinic only (the mirror of ``patients_visible_to``)."""
    return (User.objects.filter(
        care_teams__patients=patient, care_teams__clinic_id=patient.clinic_id,
        clinic_id=patient.clinic_id, role__in=CARE_ROLES, is_active=True,
    ).distinct().order_by("email"))
