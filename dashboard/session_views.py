"""The coordinator's tablet form for a supervised session (issue 12): the session's minutes,
pain, vital signs and note, and its walk-rest bouts, added with one tap. Checked by the API's own
serializer, so the form and the API accept and refuse the same sessions."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from audit.services import audit_event_record
from programs.models import MAX_BOUTS, StopReason
from programs.selectors import patient_local_today, programs_visible_to
from programs.serializers import SupervisedSessionSerializer
from programs.services import supervised_session_create

from .access import carer_required

# (field, parse, label): a bout's inputs, named bout_<field> and repeated once per bout.
BOUT_FIELDS = (("speed_kmh", float, "Speed, km/h"), ("grade_pct", float, "Grade, %"),
               ("onset_s", int, "Onset, s"), ("chosen_pain_s", int, "Chosen pain, s"),
               ("rest_s", int, "Rest, s"))
NUMBER_FIELDS = (("minutes", "Minutes of exercise"), ("max_pain", "Highest pain"),
                 ("heart_rate_bpm", "Heart rate"), ("systolic_mmhg", "Systolic"),
                 ("diastolic_mmhg", "Diastolic"))


def _program_for(user, program_id):
    program = programs_visible_to(user=user).select_related(
        "patient__patient_profile").filter(pk=program_id).first()
    if program is None:
        raise Http404("No such program.")
    return program


def _parse(raw: str, kind):
    """A number typed in a field: None when empty; ValueError when it is not a number."""
    raw = (raw or "").strip().replace(",", ".")
    if raw == "":
        return None
    return kind(raw) if kind is float else int(raw)


def _bouts_posted(post) -> tuple[list[dict], list[dict]]:
    """The bouts typed in (fully empty rows dropped) and each row's raw text, for re-showing."""
    columns = {name: post.getlist(f"bout_{name}") for name, _, _ in BOUT_FIELDS}
    count = max((len(values) for values in columns.values()), default=0)
    rows = [{name: (columns[name][i] if i < len(columns[name]) else "")
             for name, _, _ in BOUT_FIELDS} for i in range(min(count, MAX_BOUTS))]
    return [row for row in rows if any(value.strip() for value in row.values())], rows


def _session_data(post) -> tuple[dict, dict]:
    """The API's session body from the form, and the errors of values that are not numbers."""
    errors, data = {}, {"performed_on": post.get("performed_on", ""),
                        "stopped_early": post.get("stopped_early") == "on",
                        "stop_reason": post.get("stop_reason", ""),
                        "note": post.get("note", "")}
    for name, _label in NUMBER_FIELDS:
        try:
            value = _parse(post.get(name, ""), int)
        except ValueError:
            errors[name] = ["Must be a whole number."]
            continue
        if value is not None or name == "minutes":
            data[name] = value
    bouts, _raw = _bouts_posted(post)
    data["bouts"] = []
    for number, row in enumerate(bouts, start=1):
        bout = {}
        for name, kind, label in BOUT_FIELDS:
            try:
                value = _parse(row[name], kind)
            except ValueError:
                errors.setdefault("bouts", []).append(f"Bout {number}: {label} must be a number.")
                continue
            if value is not None:
                bout[name] = value
        data["bouts"].append(bout)
    return data, errors


def _flat_errors(errors) -> dict[str, list[str]]:
    """The serializer's errors by form field; a bout's errors say which bout."""
    flat: dict[str, list[str]] = {}
    for field, problems in errors.items():
        if field == "bouts" and isinstance(problems, dict | list):
            # A list of bout errors, or {index: errors} for the bouts that have some.
            indexed = problems.items() if isinstance(problems, dict) else enumerate(problems)
            for index, bout in indexed:
                if isinstance(bout, dict):
                    for name, texts in bout.items():
                        flat.setdefault("bouts", []).extend(
                            f"Bout {int(index) + 1}, {name}: {text}" for text in texts)
                elif bout:
                    flat.setdefault("bouts", []).append(str(bout))
        else:
            flat[field] = [str(text) for text in problems]
    return flat


@require_http_methods(["GET", "HEAD", "POST"])
@carer_required
def supervised_session_record(request, program_id):
    """Record one supervised session of a program of the user's care teams."""
    program = _program_for(request.user, program_id)
    patient = program.patient
    today = patient_local_today(patient=patient)
    errors: dict[str, list[str]] = {}
    values = {"performed_on": today.isoformat()}
    bout_rows = [dict.fromkeys((name for name, _, _ in BOUT_FIELDS), "")]
    if request.method == "POST":
        values = request.POST.dict()
        _bouts, raw_rows = _bouts_posted(request.POST)
        bout_rows = raw_rows or bout_rows
        if "add_bout" in request.POST:  # without the script: one more empty row, nothing saved
            bout_rows.append(dict.fromkeys((name for name, _, _ in BOUT_FIELDS), ""))
        else:
            data, errors = _session_data(request.POST)
            serializer = SupervisedSessionSerializer(data=data, context={"program": program})
            if not errors and serializer.is_valid():
                with transaction.atomic():
                    session = supervised_session_create(program=program, entered_by=request.user,
                                                        data=serializer.validated_data)
                    audit_event_record(actor=request.user, patient_ids=[patient.pk],
                                       action="dashboard.supervised_session_create",
                                       target=session)
                messages.success(request, (
                    f"Session of {session.performed_on:%d %b} recorded for "
                    f"{patient.full_name or patient.email}: {session.minutes} minutes, "
                    f"{len(session.bouts)} bout{'s' if len(session.bouts) != 1 else ''}."))
                return redirect(reverse("dashboard:programs"))
            if not errors:
                errors = _flat_errors(serializer.errors)
    # The form shows the patient: a read like any other page's.
    audit_event_record(actor=request.user, patient_ids=[patient.pk],
                       action="dashboard.supervised_session_form", target=program)
    return render(request, "dashboard/supervised_session_form.html", {
        "program": program, "patient": patient, "values": values, "errors": errors,
        "bout_rows": [[(name, label, row.get(name, "")) for name, _, label in BOUT_FIELDS]
                      for row in bout_rows],
        "empty_bout": [(name, label, "") for name, _, label in BOUT_FIELDS],
        "max_bouts": MAX_BOUTS, "stop_reasons": StopReason.choices,
        "pain_levels": [str(level) for level in range(1, 6)], "section": "programs",
    }, status=400 if errors else 200)
