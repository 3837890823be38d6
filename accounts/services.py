"""Writes about users, clinics and care teams."""

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import (
    CareTeam,
    Clinic,
    ClinicInvitation,
    PatientProfile,
    Role,
    SignInBackoffNotice,
    User,
)
from .selectors import care_teams_of, patients_visible_to
from .signals import sign_in_backed_off

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
    An address that already has an account the clinician may not see (another clinic's patient,
    say) is not an error: saying so would tell the clinician that this person uses Stride
    somewhere. Nothing is created or linked then; the address gets an invitation e-mail
    (``clinic_invitation_create``) and a stand-in patient, unsaved, comes back with the
    invitation's id, so the answer looks like any other enrolment.
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

    email = email.strip().lower()
    # Only a patient the clinician already sees may be named as a duplicate: that tells nothing.
    # An address they invited before answers the same, as a second enrolment of a new patient
    # would (and the person gets one invitation from them, not one per try).
    if (patients_visible_to(user=clinician).filter(email__iexact=email).exists()
            or ClinicInvitation.objects.filter(invited_by=clinician, email=email).exists()):
        raise ValidationError({"email": ["A user with this e-mail address already exists."]})
    patient = User(email=email, full_name=full_name, role=Role.PATIENT, clinic=clinician.clinic)
    # Every check and the password hashing run for both kinds of address, so neither the errors
    # nor the time taken differ.
    _check_password(password, patient)
    patient.set_password(password)
    patient.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
    values = {key: value for key, value in profile.items() if value is not None}
    patient_profile = PatientProfile(user=patient, **values)
    patient_profile.full_clean(exclude=["user"], validate_unique=False)

    if care_team is None:
        care_team = care_team_create(
            clinic=clinician.clinic,
            name=f"Patients of {clinician.full_name or clinician.email}",
            members=[clinician],
        )
    taken = User.objects.filter(email__iexact=email).exists()
    if not taken:
        try:
            with transaction.atomic():
                patient.save()
        except IntegrityError:  # the same e-mail enrolled concurrently
            taken = True
    if taken:
        invitation = clinic_invitation_create(clinician=clinician, email=email)
        patient.pk = invitation.pk
        patient.date_joined = invitation.created_at
        return patient
    patient_profile.save()
    care_team.patients.add(patient)
    return patient


@transaction.atomic
def clinic_invitation_create(*, clinician: User, email: str) -> ClinicInvitation:
    """Record that the clinician's clinic asked for this address, and e-mail it after commit."""
    invitation = ClinicInvitation.objects.create(
        clinic=clinician.clinic, invited_by=clinician, email=email.strip().lower()
    )
    from .tasks import send_clinic_invitation  # tasks call services: import at use

    transaction.on_commit(lambda: send_clinic_invitation.delay(str(invitation.pk)), robust=True)
    return invitation


def clinic_invitation_email_send(*, invitation_id) -> bool:
    """Send the invitation e-mail once; False when it was sent already or no longer applies.

    It names the inviting clinic (the person should know who asks) and nothing about the account
    the address already has; the clinician is the Reply-To, so answering is how one accepts.
    """
    with transaction.atomic():
        invitation = (ClinicInvitation.objects.select_for_update(of=("self",))
                      .select_related("clinic", "invited_by").filter(pk=invitation_id).first())
        if invitation is None or invitation.emailed_at is not None:
            return False
        clinic = invitation.clinic.name
        inviter = invitation.invited_by
        who = (inviter.full_name or inviter.email) if inviter else clinic
        body = "\n".join([
            "Hello,",
            "",
            f"{who} at {clinic} would like to follow your walking and symptoms with Stride.",
            "",
            "This e-mail address already has a Stride account, so they could not add you with",
            f"it. Nothing from your account has been shared with {clinic}, and nothing in it",
            "has changed.",
            "",
            f"If you want {clinic} to follow you, reply to this e-mail: your reply goes to",
            f"{who}, who can enrol you with another e-mail address. If you do not know them,",
            "you can ignore this e-mail.",
        ])
        message = EmailMessage(
            subject=f"Stride: {clinic} would like to connect with you",
            body=body, to=[invitation.email],
            reply_to=[inviter.email] if inviter else None,
        )
        message.send(fail_silently=False)
        invitation.emailed_at = timezone.now()
        invitation.save(update_fields=["emailed_at"])
    return True


def sign_in_backoff_notice(*, username: str, failures: int, request=None) -> bool:
    """Tell the account holder that sign-ins to their account now have to wait, once per
    episode (ASVS 5.0 V6.3.5: users are told of suspicious sign-in attempts). False when there is
    no such account or it was told already."""
    user = User.objects.filter(email__iexact=username, is_active=True).first()
    if user is None:
        return False
    now = timezone.now()
    with transaction.atomic():
        # A notice older than the failure memory belongs to an episode that is over.
        SignInBackoffNotice.objects.filter(
            username=user.email, started_at__lt=now - settings.AXES_COOLOFF_TIME
        ).delete()
        notice, created = SignInBackoffNotice.objects.get_or_create(
            username=user.email, defaults={"started_at": now}
        )
        if not created:
            return False
        from .tasks import send_sign_in_backoff_notice

        transaction.on_commit(lambda: send_sign_in_backoff_notice.delay(notice.pk), robust=True)
    from .backoff import backoff_state

    sign_in_backed_off.send(sender=User, user=user, failures=failures, request=request,
                            retry_at=backoff_state(username=user.email).retry_at)
    return True


def sign_in_backoff_episode_end(*, username: str) -> None:
    """A correct sign-in ends the episode: the next run of failures is told about again."""
    SignInBackoffNotice.objects.filter(username=(username or "").lower()).delete()


def sign_in_backoff_email_send(*, notice_id) -> bool:
    """Send the back-off notice e-mail once; False when sent already or the episode is over."""
    with transaction.atomic():
        notice = SignInBackoffNotice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None or notice.emailed_at is not None:
            return False
        user = User.objects.filter(email__iexact=notice.username, is_active=True).first()
        if user is None:
            return False
        body = "\n".join([
            "Hello,",
            "",
            f"Someone has typed a wrong password for your Stride account ({user.email}) several",
            "times. To protect your account, each new try to sign in now has to wait a few",
            "minutes, and the wait grows with every wrong password.",
            "",
            "If this was you: wait a little and sign in with your right password.",
            "If this was not you: your password was not accepted and your account is safe. If",
            "you are worried, ask your clinic to change your password.",
            "",
            "The Stride app on your phone stays signed in and keeps working. If you have an",
            "urgent symptom, do not wait for Stride: follow the advice in the app or call your",
            "emergency number.",
        ])
        EmailMessage(subject="Stride: several wrong passwords for your account", body=body,
                     to=[user.email]).send(fail_silently=False)
        notice.emailed_at = timezone.now()
        notice.save(update_fields=["emailed_at"])
    return True


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
