"""Users, roles, clinics and care teams: who may see which patient."""

import uuid
import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


def validate_time_zone(value: str) -> None:
    """Accept only IANA time zone names, such as ``Europe/Paris``."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"'{value}' is not a known IANA time zone name.", code="invalid")


def decline_threshold_field(help_text: str) -> models.PositiveSmallIntegerField:
    """A walking-distance decline alert threshold in per cent; null defers to the next level."""
    return models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=help_text,
        validators=[MinValueValidator(5), MaxValueValidator(75)],
    )


class Clinic(models.Model):
    """A clinic or hospital service. Every user belongs to exactly one; no data crosses clinics."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    decline_threshold_pct = decline_threshold_field(
        "Drop in walking distance (%) that raises a decline alert; empty means the default, 15."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PATIENT = "patient", "Patient"
    CLINICIAN = "clinician", "Clinician"
    COORDINATOR = "coordinator", "Exercise program coordinator"
    STAFF = "staff", "Staff"


CARE_ROLES = (Role.CLINICIAN, Role.COORDINATOR)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.STAFF)
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        clinic = extra_fields.get("clinic")
        if isinstance(clinic, (str, uuid.UUID)):
            extra_fields["clinic"] = Clinic.objects.get(pk=clinic)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: a patient, a clinician, a coordinator or a staff member."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(max_length=254, unique=True)
    full_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="users")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May sign in to the admin site.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["clinic"]

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()

    @property
    def is_patient(self) -> bool:
        return self.role == Role.PATIENT

    @property
    def is_care_provider(self) -> bool:
        return self.role in CARE_ROLES


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not stated"


class SuspectedCause(models.TextChoices):
    VASCULAR = "vascular", "Vascular (peripheral artery disease)"
    NEUROGENIC = "neurogenic", "Neurogenic (lumbar spinal stenosis)"
    MIXED = "mixed", "Mixed"
    UNKNOWN = "unknown", "Unknown"


class AffectedSide(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both"
    UNKNOWN = "unknown", "Unknown"


class PatientProfile(models.Model):
    """What the clinic knows about a patient beyond their login."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, primary_key=True, related_name="patient_profile"
    )
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    suspected_cause = models.CharField(
        max_length=16, choices=SuspectedCause.choices, default=SuspectedCause.UNKNOWN
    )
    affected_side = models.CharField(
        max_length=8, choices=AffectedSide.choices, default=AffectedSide.UNKNOWN
    )
    # Phones overestimate distance in these patients; the clinic's calibration walks set this.
    distance_calibration_factor = models.FloatField(
        default=1.0, help_text="True distance / phone distance, from the clinic's calibrations."
    )
    decline_threshold_pct = decline_threshold_field(
        "This patient's decline alert threshold (%); empty means the clinic's."
    )

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    def local_today(self):
        """Today's date where the patient lives: a patient's day is their local day."""
        return timezone.now().astimezone(zoneinfo.ZoneInfo(self.time_zone)).date()


class CareTeam(models.Model):
    """Clinicians and coordinators who look after a set of patients of the same clinic."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="care_teams")
    name = models.CharField(max_length=200)
    members = models.ManyToManyField(
        User, related_name="care_teams", blank=True,
        limit_choices_to={"role__in": CARE_ROLES},
    )
    patients = models.ManyToManyField(
        User, related_name="patient_care_teams", blank=True,
        limit_choices_to={"role": Role.PATIENT},
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["clinic", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "name"], name="accounts_careteam_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.clinic})"


class SignInBackoffNotice(models.Model):
    """The e-mail that told an account holder that sign-ins to their account must wait: one per
    episode of failures (a correct sign-in, or a day without failures, ends the episode)."""

    username = models.CharField(max_length=254, unique=True, help_text="Lower-cased e-mail.")
    started_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Back-off notice to {self.username} from {self.started_at}"


class ClinicInvitation(models.Model):
    """A clinic asked to enrol an e-mail address that already has a Stride account it may not
    see. Nothing is linked or shared: the address gets an e-mail, and the person can answer the
    clinic if they want to. The id is the one the enrolment answered with."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    email = models.EmailField(max_length=254)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["invited_by", "email"],
                                name="accounts_invitation_by_email")]

    def __str__(self) -> str:
        return f"Invitation from {self.clinic} to {self.email}"
