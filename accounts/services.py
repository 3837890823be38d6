"""Writes about users, clinics and care teams."""

import secrets
from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .models import CareTeam, Clinic, PatientProfile, Role, User
from .selectors import care_teams_of

PROFILE_FIELDS = ("date_of_birth", "sex", "time_zone", "suspected_cause", "affected_side")


def password_generate() -> str:
    """A random password that passes the password validators, for one-time display."""
    return secrets.token_urlsafe(18)


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc


@transaction.atomic
def patient_enroll(
    *,
    clinician: User,
    email: str,
    password: str,
    full_name: str = "",
    care_team: CareTeam | None = None,
    **profile,
) -> User:
    """Create a patient in the clinician's clinic and put them in the clinician's care team.

    With no ``care_team`` the clinician's oldest team is used, and one is created if they have none.
    """
    if clinician.role != Role.CLINICIAN:
        raise PermissionError("Only clinicians enrol patients.")
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    if care_team is None:
        care_team = care_teams_of(user=clinician).first()
    elif not care_teams_of(user=clinician).filter(pk=care_team.pk).exists():
        raise ValidationError({"care_team": ["You are not a member of this care team."]})
    if care_team is None:
        care_team = care_team_create(
            clinic=clinician.clinic,
            name=f"Patients of {clinician.full_name or clinician.email}",
            members=[clinician],
        )

    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": ["A user with this e-mail address already exists."]})
    patient = User(email=email, full_name=full_name, role=Role.PATIENT, clinic=clinician.clinic)
    _check_password(password, patient)
    patient.set_password(password)
    patient.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            patient.save()
    except IntegrityError as exc:  # the same e-mail enrolled concurrently
        raise ValidationError(
            {"email": ["A user with this e-mail address already exists."]}
        ) from exc

    values = {key: value for key, value in profile.items() if value is not None}
    patient_profile = PatientProfile(user=patient, **values)
    patient_profile.full_clean()
    patient_profile.save()
    care_team.patients.add(patient)
    return patient


@transaction.atomic
def care_team_create(*, clinic: Clinic, name: str, members: Iterable[User] = ()) -> CareTeam:
    """Create a care team; every member must be a clinician or coordinator of the same clinic."""
    team = CareTeam.objects.create(clinic=clinic, name=name)
    care_team_add_members(care_team=team, members=members)
    return team


def care_team_add_members(*, care_team: CareTeam, members: Iterable[User]) -> None:
    """Add clinicians or coordinators of the team's clinic to the team."""
    members = list(members)
    for member in members:
        if member.clinic_id != care_team.clinic_id or not member.is_care_provider:
            raise ValidationError(f"{member} cannot join a care team of {care_team.clinic}.")
    care_team.members.add(*members)


def care_team_add_patients(*, care_team: CareTeam, patients: Iterable[User]) -> None:
    """Add patients of the team's clinic to the team."""
    patients = list(patients)
    for patient in patients:
        if patient.clinic_id != care_team.clinic_id or not patient.is_patient:
            raise ValidationError(f"{patient} cannot be a patient of {care_team.clinic}.")
    care_team.patients.add(*patients)


@transaction.atomic
def clinic_onboard(*, name: str, clinician_email: str, password: str) -> tuple[Clinic, User, bool]:
    """Create a clinic, its first clinician and their care team.

    Returns ``(clinic, clinician, created)``; an existing clinic is left as it is.
    """
    existing = Clinic.objects.filter(name__iexact=name.strip()).first()
    if existing is not None:
        clinician = existing.users.filter(role=Role.CLINICIAN).order_by("date_joined").first()
        return existing, clinician, False
    email = clinician_email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"clinician_email": ["A user with this e-mail address already exists."]}
        )
    clinic = Clinic(name=name.strip())
    clinic.full_clean()
    clinic.save()
    clinician = User(email=email, role=Role.CLINICIAN, clinic=clinic)
    _check_password(password, clinician)
    clinician.set_password(password)
    clinician.full_clean(exclude=["password"])
    clinician.save()
    care_team_create(clinic=clinic, name="Main care team", members=[clinician])
    return clinic, clinician, True


@transaction.atomic
def patient_decline_threshold_set(*, patient: User, threshold_pct: int | None) -> PatientProfile:
    """Set the patient's decline alert threshold (per cent); None falls back to the clinic's.

    It applies from the next evaluation on; days already judged keep their conclusions.
    """
    profile = PatientProfile.objects.select_for_update().get(user=patient)
    profile.decline_threshold_pct = threshold_pct
    profile.full_clean(validate_unique=False)
    profile.save(update_fields=["decline_threshold_pct"])
    return profile
