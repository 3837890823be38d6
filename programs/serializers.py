"""JSON shapes of exercise programs, templates, sessions, pauses and adherence."""

from rest_framework import serializers

from core.fields import (
    MAX_NOTE_CHARS,
    BoundedDateField,
    ChoiceListField,
    StrictBooleanField,
    StrictChoiceField,
    StrictFloatField,
    StrictIntegerField,
)
from core.serializers import PhoneRecordSerializer, SyncItemResultSerializer
from core.sync_api import batch_field

from .models import (
    MAX_BOUTS,
    MAX_MINUTES_PER_SESSION,
    MAX_PROGRAM_WEEKS,
    MAX_SESSIONS_PER_WEEK,
    WEEKDAYS,
    ExerciseProgram,
    HomeActivity,
    HomeSession,
    HomeStatus,
    PauseReason,
    ProgramCause,
    ProgramMode,
    ProgramPause,
    ProgramTemplate,
    SkipReason,
    StopReason,
    SupervisedSession,
)
from .selectors import patient_local_today

MAX_BOUT_S = 4 * 3600


class DaysOfWeekField(serializers.ListField):
    """Distinct ISO weekdays (1 Monday ... 7 Sunday), stored sorted."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(child=StrictIntegerField(min_value=1, max_value=7), **kwargs)

    def to_internal_value(self, data):
        return sorted(set(super().to_internal_value(data)))


def _dose_errors(attrs) -> dict[str, list[str]]:
    """The rules a whole dose (of a template or a program) must keep."""
    errors = {}
    days, per_week = attrs.get("days_of_week") or [], attrs.get("sessions_per_week")
    if days and per_week is not None and len(days) != min(per_week, len(WEEKDAYS)):
        errors["days_of_week"] = [
            f"Must name {min(per_week, 7)} distinct days, one per session of sessions_per_week."]
    start, final = attrs.get("minutes_per_session"), attrs.get("minutes_per_session_final")
    if final is not None and not attrs.get("weeks"):
        errors["minutes_per_session_final"] = ["Needs weeks: the dose rises over the weeks."]
    elif final is not None and start is not None and final < start:
        errors["minutes_per_session_final"] = ["Must not be less than minutes_per_session."]
    return errors


def _program_day_errors(program, day) -> dict[str, list[str]]:
    """A session's day must fall between the program's start and the patient's local today."""
    if program is None or day is None:
        return {}
    if day < program.started_on:
        return {"performed_on": ["Is before the program started."]}
    if day > patient_local_today(patient=program.patient):
        return {"performed_on": ["Is after today in the patient's time zone."]}
    return {}


class _DoseFields(serializers.Serializer):
    mode = StrictChoiceField(choices=ProgramMode.choices, required=False)
    weeks = StrictIntegerField(min_value=1, max_value=MAX_PROGRAM_WEEKS, required=False,
                               allow_null=True)
    sessions_per_week = StrictIntegerField(min_value=1, max_value=MAX_SESSIONS_PER_WEEK)
    minutes_per_session = StrictIntegerField(min_value=1, max_value=MAX_MINUTES_PER_SESSION)
    minutes_per_session_final = StrictIntegerField(
        min_value=1, max_value=MAX_MINUTES_PER_SESSION, required=False, allow_null=True)
    days_of_week = DaysOfWeekField(required=False)


class ProgramTemplateSerializer(_DoseFields, serializers.ModelSerializer):
    clinic = serializers.UUIDField(source="clinic_id", read_only=True)
    cause = StrictChoiceField(choices=ProgramCause.choices, required=False)
    target_pain_min = StrictIntegerField(min_value=1, max_value=5, required=False,
                                         allow_null=True)
    target_pain_max = StrictIntegerField(min_value=1, max_value=5, required=False,
                                         allow_null=True)
    exercises = serializers.ListField(child=serializers.CharField(max_length=300),
                                      max_length=30, required=False)
    description = serializers.CharField(max_length=MAX_NOTE_CHARS, allow_blank=True,
                                        required=False)
    evidence = serializers.CharField(max_length=MAX_NOTE_CHARS, allow_blank=True,
                                     required=False)

    class Meta:
        model = ProgramTemplate
        fields = ["id", "clinic", "name", "cause", "mode", "weeks", "sessions_per_week",
                  "minutes_per_session", "minutes_per_session_final", "days_of_week",
                  "target_pain_min", "target_pain_max", "exercises", "description", "evidence",
                  "created_at"]
        read_only_fields = ["id", "clinic", "created_at"]
        validators = []  # the clinic comes from the caller; the view answers a taken name

    def validate(self, attrs):
        errors = _dose_errors(attrs)
        low, high = attrs.get("target_pain_min"), attrs.get("target_pain_max")
        if low is not None and high is not None and high < low:
            errors["target_pain_max"] = ["Must not be below target_pain_min."]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ExerciseProgramSerializer(_DoseFields, serializers.ModelSerializer):
    patient = serializers.UUIDField(source="patient_id", read_only=True)
    entered_by = serializers.UUIDField(source="entered_by_id", read_only=True)
    template = serializers.UUIDField(
        source="template_id", required=False, allow_null=True,
        help_text="Enrol from this template of the clinic: its dose fills every field not sent. "
                  "Only read after enrolment.")
    started_on = BoundedDateField(help_text="The patient's local day of the first session.")
    ended_on = BoundedDateField(required=False, allow_null=True,
                                help_text="The local day it ended; empty while it runs.")
    # Required unless a template gives them (checked in validate).
    sessions_per_week = StrictIntegerField(min_value=1, max_value=MAX_SESSIONS_PER_WEEK,
                                           required=False)
    minutes_per_session = StrictIntegerField(min_value=1, max_value=MAX_MINUTES_PER_SESSION,
                                             required=False)
    note = serializers.CharField(max_length=MAX_NOTE_CHARS, allow_blank=True, required=False)

    class Meta:
        model = ExerciseProgram
        fields = ["id", "patient", "entered_by", "template", "started_on", "ended_on", "mode",
                  "weeks", "sessions_per_week", "minutes_per_session",
                  "minutes_per_session_final", "days_of_week", "note", "version", "created_at",
                  "updated_at"]
        read_only_fields = ["id", "patient", "entered_by", "version", "created_at", "updated_at"]

    def validate(self, attrs):
        # ``attrs`` is a whole program: core.views merges a PATCH with the stored content first.
        template = self.context.get("template")
        merged = {**({f: getattr(template, f) for f in (
            "weeks", "sessions_per_week", "minutes_per_session", "minutes_per_session_final",
            "days_of_week")} if template else {}), **attrs}
        errors = _dose_errors(merged)
        started, ended = attrs.get("started_on"), attrs.get("ended_on")
        if started is not None and ended is not None and ended < started:
            errors["ended_on"] = ["Must not be before started_on."]
        for name in ("sessions_per_week", "minutes_per_session"):
            if merged.get(name) is None:
                errors[name] = ["This field is required (or enrol from a template)."]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class BoutSerializer(serializers.Serializer):
    """One walk-then-rest cycle on the treadmill or track."""

    speed_kmh = StrictFloatField(min_value=0, max_value=15, required=False, allow_null=True)
    grade_pct = StrictFloatField(min_value=0, max_value=30, required=False, allow_null=True)
    onset_s = StrictIntegerField(min_value=0, max_value=MAX_BOUT_S, required=False,
                                 allow_null=True, help_text="Time to onset of claudication.")
    chosen_pain_s = StrictIntegerField(min_value=0, max_value=MAX_BOUT_S, required=False,
                                       allow_null=True,
                                       help_text="Time to the chosen pain level.")
    rest_s = StrictIntegerField(min_value=0, max_value=MAX_BOUT_S, required=False,
                                allow_null=True)

    def validate(self, attrs):
        onset, chosen = attrs.get("onset_s"), attrs.get("chosen_pain_s")
        if onset is not None and chosen is not None and chosen < onset:
            raise serializers.ValidationError(
                {"chosen_pain_s": ["Must not be before onset_s."]})
        return attrs


class SupervisedSessionSerializer(serializers.ModelSerializer):
    patient = serializers.UUIDField(source="patient_id", read_only=True)
    program = serializers.UUIDField(source="program_id", read_only=True)
    entered_by = serializers.UUIDField(source="entered_by_id", read_only=True)
    minutes = StrictIntegerField(min_value=0, max_value=MAX_MINUTES_PER_SESSION)
    bouts = BoutSerializer(many=True, required=False, max_length=MAX_BOUTS)
    max_pain = StrictIntegerField(min_value=1, max_value=5, required=False, allow_null=True,
                                  help_text="Highest pain on the claudication scale (1-5).")
    heart_rate_bpm = StrictIntegerField(min_value=20, max_value=250, required=False,
                                        allow_null=True)
    systolic_mmhg = StrictIntegerField(min_value=50, max_value=300, required=False,
                                       allow_null=True)
    diastolic_mmhg = StrictIntegerField(min_value=20, max_value=200, required=False,
                                        allow_null=True)
    stopped_early = StrictBooleanField(required=False)
    stop_reason = StrictChoiceField(choices=StopReason.choices, required=False, allow_blank=True)
    note = serializers.CharField(max_length=MAX_NOTE_CHARS, allow_blank=True, required=False)

    class Meta:
        model = SupervisedSession
        fields = ["id", "patient", "program", "entered_by", "performed_on", "minutes", "bouts",
                  "max_pain", "heart_rate_bpm", "systolic_mmhg", "diastolic_mmhg",
                  "stopped_early", "stop_reason", "note", "version", "created_at", "updated_at"]
        read_only_fields = ["id", "patient", "program", "entered_by", "version", "created_at",
                            "updated_at"]

    def validate(self, attrs):
        errors = _program_day_errors(self.context.get("program"), attrs.get("performed_on"))
        stopped, reason = attrs.get("stopped_early", False), attrs.get("stop_reason", "")
        if stopped and not reason:
            errors["stop_reason"] = ["Required when stopped_early is true."]
        if reason and not stopped:
            errors["stop_reason"] = ["Only when stopped_early is true."]
        systolic, diastolic = attrs.get("systolic_mmhg"), attrs.get("diastolic_mmhg")
        if (systolic is None) != (diastolic is None):
            errors["diastolic_mmhg" if diastolic is None else "systolic_mmhg"] = [
                "Blood pressure needs both systolic_mmhg and diastolic_mmhg."]
        elif systolic is not None and diastolic >= systolic:
            errors["diastolic_mmhg"] = ["Must be below systolic_mmhg."]
        if errors:
            raise serializers.ValidationError(errors)
        attrs["bouts"] = [dict(bout) for bout in attrs.get("bouts", [])]
        return attrs


class HomeSessionInputSerializer(PhoneRecordSerializer):
    """A home session from the phone: done (activities, minutes, pain) or skipped (a reason)."""

    id = serializers.UUIDField(help_text="Generated by the phone (UUID); makes retries safe.")
    program = serializers.UUIDField(source="program_id",
                                    help_text="One of the patient's own programs.")
    performed_on = BoundedDateField(help_text="The patient's local day.")
    status = StrictChoiceField(choices=HomeStatus.choices)
    activities = ChoiceListField(choices=HomeActivity.choices, required=False)
    minutes = StrictIntegerField(min_value=0, max_value=MAX_MINUTES_PER_SESSION, required=False,
                                 default=0)
    pain_nrs = StrictIntegerField(min_value=0, max_value=10, required=False, allow_null=True,
                                  default=None)
    skip_reason = StrictChoiceField(choices=SkipReason.choices, required=False,
                                    allow_blank=True, default="")
    note = serializers.CharField(max_length=MAX_NOTE_CHARS, allow_blank=True, required=False,
                                 default="")

    def validate(self, attrs):
        errors = {}
        # id -> (started_on, ended_on, the patient's local today)
        program = self.context["programs"].get(attrs["program_id"])
        if program is None:
            errors["program"] = ["Not one of your exercise programs."]
        else:
            started_on, ended_on, today = program
            if attrs["performed_on"] > today:
                errors["performed_on"] = ["Is after today in your time zone."]
            elif attrs["performed_on"] < started_on:
                errors["performed_on"] = ["Is before the program started."]
            elif ended_on is not None and attrs["performed_on"] > ended_on:
                errors["performed_on"] = ["Is after the program ended."]
        if attrs["status"] == HomeStatus.DONE:
            if attrs["minutes"] < 1:
                errors["minutes"] = ["A session done needs at least 1 minute."]
            if not attrs["activities"]:
                errors["activities"] = ["Name what was done."]
            if attrs["skip_reason"]:
                errors["skip_reason"] = ["Only for a skipped session."]
        else:
            if not attrs["skip_reason"]:
                errors["skip_reason"] = ["Required for a skipped session."]
            if attrs["minutes"] or attrs["activities"] or attrs["pain_nrs"] is not None:
                errors["status"] = ["A skipped session has no activities, minutes or pain."]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class HomeSessionSerializer(serializers.ModelSerializer):
    patient = serializers.UUIDField(source="patient_id", read_only=True)
    program = serializers.UUIDField(source="program_id", read_only=True)

    class Meta:
        model = HomeSession
        fields = ["id", "patient", "program", "performed_on", "status", "activities", "minutes",
                  "pain_nrs", "skip_reason", "note", "created_at"]
        read_only_fields = fields


class HomeSessionSyncRequestSerializer(serializers.Serializer):
    home_sessions = batch_field(HomeSessionInputSerializer, "Home sessions done or skipped.")


class HomeSessionSyncResponseSerializer(serializers.Serializer):
    results = SyncItemResultSerializer(many=True)


class ProgramPauseSerializer(serializers.ModelSerializer):
    patient = serializers.UUIDField(source="patient_id", read_only=True)
    program = serializers.UUIDField(source="program_id", read_only=True)
    entered_by = serializers.UUIDField(source="entered_by_id", read_only=True)
    reason = StrictChoiceField(choices=PauseReason.choices)
    note = serializers.CharField(max_length=MAX_NOTE_CHARS, allow_blank=True, required=False)

    class Meta:
        model = ProgramPause
        fields = ["id", "patient", "program", "entered_by", "starts_on", "ends_on", "reason",
                  "note", "version", "created_at", "updated_at"]
        read_only_fields = ["id", "patient", "program", "entered_by", "version", "created_at",
                            "updated_at"]

    def validate(self, attrs):
        starts, ends = attrs.get("starts_on"), attrs.get("ends_on")
        if starts is not None and ends is not None and ends < starts:
            raise serializers.ValidationError({"ends_on": ["Must not be before starts_on."]})
        if starts is not None and ends is not None and (ends - starts).days > 366:
            raise serializers.ValidationError({"ends_on": ["A pause lasts at most a year."]})
        program = self.context.get("program")
        if program is not None and ends is not None and ends < program.started_on:
            raise serializers.ValidationError({"ends_on": ["Is before the program started."]})
        return attrs


class WeekAdherenceSerializer(serializers.Serializer):
    week = serializers.IntegerField()
    starts_on = BoundedDateField()
    ends_on = BoundedDateField()
    complete = serializers.BooleanField(help_text="False for the week still running.")
    sessions_planned = serializers.IntegerField()
    sessions_done = serializers.IntegerField()
    sessions_skipped = serializers.IntegerField()
    sessions_missed = serializers.IntegerField()
    minutes_planned = serializers.IntegerField()
    minutes_done = serializers.IntegerField()
    paused_days = serializers.IntegerField()
    meets_guideline = serializers.BooleanField(
        help_text="At least 3 sessions of at least 30 minutes this week.")


class ProgramAdherenceSerializer(serializers.Serializer):
    program = serializers.UUIDField(source="program.pk")
    today = serializers.DateField(help_text="Today in the patient's time zone.")
    sessions_planned = serializers.IntegerField()
    sessions_done = serializers.IntegerField()
    sessions_skipped = serializers.IntegerField()
    sessions_missed = serializers.IntegerField()
    minutes_planned = serializers.IntegerField()
    minutes_done = serializers.IntegerField()
    session_adherence_pct = serializers.FloatField(allow_null=True)
    minute_adherence_pct = serializers.FloatField(allow_null=True)
    missed_in_a_row = serializers.IntegerField(
        help_text="Planned sessions missed or skipped since the last one done, latest first.")
    guideline_weeks = serializers.IntegerField(
        help_text="Weeks with at least 3 sessions of at least 30 minutes.")
    meets_guideline_dose = serializers.BooleanField(
        help_text="At least 12 such weeks (AHA/ACC 2016, ESVS 2024).")
    weeks = WeekAdherenceSerializer(many=True)


def adherence_json(adherence) -> dict:
    """The adherence of a program as the API shows it."""
    totals = {name: adherence.total(name) for name in (
        "sessions_planned", "sessions_done", "sessions_skipped", "sessions_missed",
        "minutes_planned", "minutes_done")}

    def pct(done, planned):
        return round(100 * done / planned, 1) if planned else None

    return ProgramAdherenceSerializer({
        "program": adherence.program, "today": adherence.today, **totals,
        "session_adherence_pct": pct(totals["sessions_done"], totals["sessions_planned"]),
        "minute_adherence_pct": pct(totals["minutes_done"], totals["minutes_planned"]),
        "missed_in_a_row": adherence.missed_in_a_row,
        "guideline_weeks": adherence.guideline_weeks,
        "meets_guideline_dose": adherence.meets_guideline_dose,
        "weeks": adherence.weeks,
    }).data
