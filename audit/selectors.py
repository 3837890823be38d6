"""Reads of the audit trail: a patient's access report, in plain words."""

from django.db.models import QuerySet

from accounts.models import Role, User

from .models import AuditEvent, Outcome

# What a kind of record is called in the report.
THINGS = {
    "walk": "walks", "symptom": "symptom reports", "questionnaire": "questionnaires",
    "alert": "alerts", "abimeasurement": "ABI measurements",
    "rutherfordassessment": "Rutherford assessments",
    "distancecalibration": "distance calibrations", "posturetest": "posture tests",
    "procedure": "procedures", "exerciseprogram": "exercise programs",
    "symptomreport": "symptom reports", "questionnaireresponse": "questionnaires",
    "recordrevision": "earlier record versions", "user": "account",
    # URL names of the API, for refused requests (``<url name>.<method>``)
    "abi": "ABI measurements", "rutherford": "Rutherford assessments",
    "calibrations": "distance calibrations", "posture": "posture tests",
    "procedures": "procedures", "programs": "exercise programs",
    # Exercise therapy (issue 12): records, then URL names (supervised-session-*, home-session-*,
    # program-pause-*, program-adherence)
    "supervisedsession": "supervised exercise sessions", "homesession": "home exercise sessions",
    "programpause": "exercise program pauses", "supervised": "supervised exercise sessions",
    "home": "home exercise sessions", "program": "exercise programs",
    # Secure messages (issue 13): records, then URL names (message-*)
    "message": "messages",
}
HTTP_METHODS = {"get", "head", "options", "post", "put", "patch", "delete"}
# (URL name suffix, method) of a refused request -> the verb of a recorded one
URL_VERBS = {("detail", "get"): "read", ("detail", "patch"): "update",
             ("detail", "put"): "update", ("detail", "delete"): "delete",
             ("list", "get"): "list", ("list", "post"): "create", ("revisions", "get"): "revisions",
             ("acknowledge", "post"): "acknowledge", ("resolve", "post"): "resolve"}
VERBS = {
    "list": "looked at your {things}", "read": "opened one of your {things}",
    "revisions": "looked at the earlier versions of one of your {things}",
    "update": "corrected one of your {things}", "delete": "deleted one of your {things}",
    "create": "added to your {things}", "history": "looked at the change history of your {things}",
    "acknowledge": "acknowledged one of your alerts", "resolve": "resolved one of your alerts",
}
WHOLE = {
    "patient.list": "saw you in their patient list",
    "patient.read": "opened your record",
    "patient.update": "changed your alert threshold",
    "patient.enrol": "enrolled you",
    "patient.summary": "read your summary",
    "patient.trends": "looked at your walking trends",
    "patient.pattern": "looked at your walking pattern",
    "access_log.read": "looked at who has seen your record",
    "dashboard.patient_list": "saw you in their patient list on the dashboard",
    "dashboard.patient_read": "opened your page on the dashboard",
    "dashboard.patient_summary": "printed your visit summary",
    "dashboard.alert_list": "looked at your alerts on the dashboard",
    "dashboard.alert_acknowledge": "acknowledged one of your alerts",
    "dashboard.alert_resolve": "resolved one of your alerts",
    "demo.seed": "created demo data for you",
    "detectors.run": "ran the alert detectors on your data",
    "exerciseprogram.adherence": "looked at how you keep up with your exercise program",
    "message.list": "read your messages",
    "message.mark_read": "marked your messages as read",
    "message.photo_link": "opened the photo of one of your messages",
    "message.photo_read": "opened the photo of one of your messages",
    "patient.message-list": "read your messages",
}


def _from_url_name(action: str) -> str:
    """``patient-detail.get`` (a refused request) → ``patient.read``, as a done one is named."""
    url_name, _, method = action.rpartition(".")
    if method not in HTTP_METHODS or "." in url_name:
        return action
    url_name = url_name.rpartition(":")[2]  # "dashboard:patient" is the page of a patient
    if url_name == "patient-access-log":
        return "access_log.read"
    kind, _, suffix = url_name.partition("-")
    suffix = suffix or "detail"
    if kind == "patient" and suffix not in ("detail", "list"):
        return f"patient.{suffix}"
    # supervised-session-detail: the verb comes from the last part of the name
    verb = URL_VERBS.get((suffix.rpartition("-")[2], method), "read")
    return f"patient.{verb}" if kind == "patient" else f"{kind}.{verb}"


def action_in_words(action: str, outcome: str = Outcome.SUCCESS) -> str:
    """An audit action as a patient would read it, e.g. ``walk.read`` → "opened one of your
    walks"."""
    action = _from_url_name(action)
    words = WHOLE.get(action)
    if words is None:
        prefix = ""
        parts = action.split(".")
        if parts[0] == "admin" and len(parts) == 3:
            prefix, parts = "in the admin site, ", parts[1:]
        kind, _, verb = ".".join(parts).rpartition(".")
        kind = kind.split("-")[0]
        things = THINGS.get(kind, "records")
        if kind == "user":
            words = {"read": "opened your account", "update": "changed your account",
                     "list": "saw you in the list of accounts"}.get(verb, "looked at your account")
        else:
            words = VERBS.get(verb, "looked at your {things}").format(things=things)
        words = prefix + words
    if outcome == Outcome.DENIED:
        return f"was refused: {words}"
    return words


def actor_of(event: AuditEvent) -> dict[str, str | None]:
    """Who did it, as the report shows them: name (or e-mail), role and clinic then."""
    actor = event.actor
    name = (actor.full_name or actor.email) if actor else (event.actor_label or "Stride")
    role = Role(event.actor_role).label if event.actor_role in Role.values else "System"
    return {"name": name, "role": role, "clinic": event.clinic.name if event.clinic else None}


def access_report_rows(events) -> list[dict]:
    """Rows of the access report for a page: time, actor, action in words, outcome."""
    return [{"occurred_at": e.occurred_at, "actor": actor_of(e), "outcome": e.outcome,
             "action_description": action_in_words(e.action, e.outcome)} for e in events]


def access_events_of(*, patient: User, for_care_team: bool) -> QuerySet[AuditEvent]:
    """Reads and changes of the patient's data by others, newest first. The care team's report
    also has refused attempts and the maintenance jobs; the patient's has the people who did
    something to their record."""
    events = (AuditEvent.objects.filter(patient=patient)
              .select_related("actor", "clinic").order_by("-occurred_at", "-id"))
    if not for_care_team:
        events = events.filter(outcome=Outcome.SUCCESS, actor__isnull=False)
    return events
