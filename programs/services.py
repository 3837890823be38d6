"""Writes of exercise programs, their templates, sessions and pauses. Corrections and deletions
go through ``core.versioning`` and keep the previous version, as for every other record."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from accounts.models import Clinic, User
from core.sync import SyncSpec, records_sync
from core.versioning import record_created, records_created

from .models import (
    RED_FLAG_STOP_REASONS,
    ExerciseProgram,
    HomeSession,
    ProgramPause,
    ProgramTemplate,
    SupervisedSession,
)
from .signals import session_red_flag_reported
from .templates_seed import STANDARD_TEMPLATES

HOME_SESSION_SYNC = SyncSpec(model=HomeSession, lock_key=4, derived_fields=("program",))
TEMPLATE_DOSE_FIELDS = ("mode", "weeks", "sessions_per_week", "minutes_per_session",
                        "minutes_per_session_final", "days_of_week")


def _content(model, data: Mapping[str, Any]) -> dict[str, Any]:
    return {field: data[field] for field in model.content_fields if field in data}


@transaction.atomic
def program_templates_seed(*, clinic: Clinic) -> list[ProgramTemplate]:
    """Give ``clinic`` the standard templates it lacks (Vascular SET, Neurogenic home program)."""
    return [
        ProgramTemplate.objects.get_or_create(clinic=clinic, name=values["name"],
                                              defaults=values)[0]
        for values in STANDARD_TEMPLATES
    ]


@transaction.atomic
def program_template_create(*, clinic: Clinic, data: Mapping[str, Any]) -> ProgramTemplate:
    """Add a template of the clinic's own."""
    return ProgramTemplate.objects.create(clinic=clinic, **data)


def program_values_from_template(*, template: ProgramTemplate | None,
                                 data: Mapping[str, Any]) -> dict[str, Any]:
    """A program's content: the template's dose where ``data`` does not adjust it."""
    values = dict(data)
    if template is not None:
        for field in TEMPLATE_DOSE_FIELDS:
            values.setdefault(field, getattr(template, field))
    return values


@transaction.atomic
def exercise_program_create(
    *, patient: User, entered_by: User, data: Mapping[str, Any],
    template: ProgramTemplate | None = None,
) -> ExerciseProgram:
    """Start an exercise program for ``patient``, set up by ``entered_by``, optionally from a
    template of the patient's clinic (``data`` adjusts it)."""
    values = _content(ExerciseProgram, program_values_from_template(template=template, data=data))
    program = ExerciseProgram.objects.create(patient=patient, entered_by=entered_by,
                                             template=template, **values)
    record_created(record=program)
    return program


@transaction.atomic
def supervised_session_create(*, program: ExerciseProgram, entered_by: User,
                              data: Mapping[str, Any]) -> SupervisedSession:
    """Record a supervised session; a stop for chest pain, breathlessness or dizziness tells
    the alert layer before the session commits."""
    session = SupervisedSession.objects.create(program=program, patient_id=program.patient_id,
                                               entered_by=entered_by,
                                               **_content(SupervisedSession, data))
    record_created(record=session)
    if session.stopped_early and session.stop_reason in RED_FLAG_STOP_REASONS:
        session_red_flag_reported.send(sender=SupervisedSession, patient_id=session.patient_id,
                                       session=session)
    return session


@transaction.atomic
def home_sessions_sync(*, patient: User, sessions: list[Mapping[str, Any]]) -> list[str]:
    """Store validated home sessions of ``patient``; one sync status per session, in order."""
    items = [{**item, "program": item["program_id"]} for item in sessions]
    statuses, created = records_sync(spec=HOME_SESSION_SYNC, patient_id=patient.pk, items=items)
    if created:
        records_created(model=HomeSession, patient_id=patient.pk)
    return statuses


@transaction.atomic
def program_pause_create(*, program: ExerciseProgram, entered_by: User,
                         data: Mapping[str, Any]) -> ProgramPause:
    """Plan a pause (holiday, illness): no session is expected on its days."""
    pause = ProgramPause.objects.create(program=program, patient_id=program.patient_id,
                                        entered_by=entered_by, **_content(ProgramPause, data))
    record_created(record=pause)
    return pause
