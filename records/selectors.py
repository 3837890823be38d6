"""Reads of clinic records that other layers build on."""

from datetime import datetime, timedelta

from django.db.models import QuerySet

from .models import PROCEDURE_SETTLING_DAYS, Procedure


def procedure_settles_at(procedure: Procedure) -> datetime:
    """From this moment on, walks count towards the baseline that follows the procedure."""
    return procedure.performed_at + timedelta(days=PROCEDURE_SETTLING_DAYS)


def procedures_of(*, patient_id) -> QuerySet[Procedure]:
    """The patient's procedures, not deleted, oldest first."""
    return Procedure.objects.filter(patient_id=patient_id, deleted_at__isnull=True).order_by(
        "performed_at")


def procedure_label(procedure: Procedure) -> str:
    """How a clinician would name it: "Endovascular revascularisation, left femoro-popliteal"."""
    where = " ".join(part for part in (procedure.get_side_display() if procedure.side else "",
                                       procedure.get_arterial_level_display()
                                       if procedure.arterial_level else "") if part).lower()
    if procedure.spinal_levels:
        where = procedure.spinal_levels
    return f"{procedure.get_kind_display()}, {where}" if where else procedure.get_kind_display()
