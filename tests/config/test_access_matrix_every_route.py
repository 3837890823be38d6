"""Who may do what, for every API route: each role, own against another patient, another clinic.

Personas (tests/conftest.py): alice, a patient; bob, her clinician; cora, the coordinator of her
care team; olga, a patient of the same clinic in another team; eve, a clinician of another clinic;
sam, a staff member; and an anonymous caller. Out-of-scope objects answer 404, never 403.
"""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from harness.payloads import questionnaire_payload, symptom_payload, walk_payload
from messaging.models import Message
from messaging.photos import CleanPhoto, photo_clean, photo_link_token
from messaging.services import message_photo_attach, messages_sync
from notifications.red_flag_alerts import red_flag_alerts_raise
from programs.outcome_services import exercise_library_seed, progress_test_create
from programs.services import (
    exercise_program_create,
    program_pause_create,
    program_templates_seed,
    supervised_session_create,
)
from questionnaires.models import QuestionnaireResponse
from records.services import clinic_record_create
from records.views import CLINIC_RECORD_KINDS
from referrals.models import Referral
from referrals.services import referral_sign
from tests.support.audit import patient_events
from tests.support.factories import SymptomReportFactory, WalkFactory

PERSONAS = ("alice", "bob", "cora", "olga", "eve", "staff", "anon")

# route name -> method -> persona -> expected status. Routes open to anyone are listed as PUBLIC.
PUBLIC = "public"
READ_ALICE_ALERT = {"alice": 200, "bob": 200, "cora": 200, "olga": 404, "eve": 404, "staff": 404,
                    "anon": 401}
# Role is checked before the object: a patient or staff member is refused whatever the alert.
CARER_ONLY = {"alice": 403, "bob": 200, "cora": 200, "olga": 403, "eve": 404, "staff": 403,
              "anon": 401}
MATRIX = {
    "auth-login": PUBLIC,
    "schema": PUBLIC,
    "auth-logout": {"post": {**dict.fromkeys(PERSONAS, 204), "anon": 401}},
    "auth-logout-all": {"post": {**dict.fromkeys(PERSONAS, 204), "anon": 401}},
    "auth-me": {"get": {**dict.fromkeys(PERSONAS, 200), "anon": 401}},
    # The triage table holds no patient data, and a phone that cannot sign in must still be
    # able to fetch it and show the emergency instructions: anyone may read it.
    "triage-table": {"get": {**dict.fromkeys(PERSONAS, 200), "anon": 200}},
    "patient-list": {
        "get": {**dict.fromkeys(PERSONAS, 200), "anon": 401},
        "post": {"alice": 403, "bob": 201, "cora": 403, "olga": 403, "eve": 201, "staff": 403,
                 "anon": 401},
    },
    "patient-detail": {
        "get": {"alice": 200, "bob": 200, "cora": 200, "olga": 404, "eve": 404, "staff": 404,
                "anon": 401},
        # The decline alert threshold is a clinician's decision.
        "patch": {"alice": 403, "bob": 200, "cora": 403, "olga": 403, "eve": 404, "staff": 403,
                  "anon": 401},
    },
    "patient-summary": {
        "get": {"alice": 200, "bob": 200, "cora": 200, "olga": 404, "eve": 404, "staff": 404,
                "anon": 401},
    },
    "patient-trends": {
        "get": {"alice": 200, "bob": 200, "cora": 200, "olga": 404, "eve": 404, "staff": 404,
                "anon": 401},
    },
    # The walking-pattern assessment is for the care team: the patient herself gets 404 too.
    "patient-pattern": {
        "get": {"alice": 404, "bob": 200, "cora": 200, "olga": 404, "eve": 404, "staff": 404,
                "anon": 401},
    },
    "walk-list": {
        "get": {**dict.fromkeys(PERSONAS, 200), "anon": 401},
        "post": {"alice": 201, "bob": 403, "cora": 403, "olga": 201, "eve": 403, "staff": 403,
                 "anon": 401},
    },
    "walk-sync": {
        "post": {"alice": 200, "bob": 403, "cora": 403, "olga": 200, "eve": 403, "staff": 403,
                 "anon": 401},
    },
    "walk-detail": {
        "get": {"alice": 200, "bob": 200, "cora": 200, "olga": 404, "eve": 404, "staff": 404,
                "anon": 401},
        "patch": {"alice": 200, "bob": 403, "cora": 403, "olga": 404, "eve": 404, "staff": 404,
                  "anon": 401},
        "put": {"alice": 200, "bob": 403, "cora": 403, "olga": 404, "eve": 404, "staff": 404,
                "anon": 401},
        "delete": {"alice": 204, "bob": 403, "cora": 403, "olga": 404, "eve": 404, "staff": 404,
                   "anon": 401},
    },
    "symptom-list": {"get": {**dict.fromkeys(PERSONAS, 200), "anon": 401}},
    "symptom-sync": {
        "post": {"alice": 200, "bob": 403, "cora": 403, "olga": 200, "eve": 403, "staff": 403,
                 "anon": 401},
    },
    "symptom-detail": {
        "get": {"alice": 200, "bob": 200, "cora": 200, "olga": 404, "eve": 404, "staff": 404,
                "anon": 401},
        "patch": {"alice": 200, "bob": 403, "cora": 403, "olga": 404, "eve": 404, "staff": 404,
                  "anon": 401},
        "delete": {"alice": 204, "bob": 403, "cora": 403, "olga": 404, "eve": 404, "staff": 404,
                   "anon": 401},
    },
    "symptom-revisions": {
        "get": {"alice": 200, "bob": 200, "cora": 200, "olga": 404, "eve": 404, "staff": 404,
                "anon": 401},
    },
    "questionnaire-list": {"get": {**dict.fromkeys(PERSONAS, 200), "anon": 401}},
    "questionnaire-sync": {
        "post": {"alice": 200, "bob": 403, "cora": 403, "olga": 200, "eve": 403, "staff": 403,
                 "anon": 401},
    },
    "alert-list": {"get": {**dict.fromkeys(PERSONAS, 200), "anon": 401}},
    "alert-detail": {"get": READ_ALICE_ALERT},
    "alert-acknowledge": {"post": CARER_ONLY},
    "alert-resolve": {"post": CARER_ONLY},
    # Each carer's own preferences: no patient's data, so eve (another clinic) has her own too.
    "notification-preferences": {
        method: {"alice": 403, "bob": 200, "cora": 200, "olga": 403, "eve": 200, "staff": 403,
                 "anon": 401}
        for method in ("get", "put", "patch")
    },
    # A patient's own quiet hours for reminders.
    "me-quiet-hours": {
        method: {"alice": 200, "bob": 403, "cora": 403, "olga": 200, "eve": 403, "staff": 403,
                 "anon": 401}
        for method in ("get", "put", "patch")
    },
    # The access report: the care team's per patient, the patient's own.
    "patient-access-log": {"get": CARER_ONLY},
    "me-access-log": {"get": {"alice": 200, "bob": 403, "cora": 403, "olga": 200, "eve": 403,
                              "staff": 403, "anon": 401}},
    "walk-revisions": {
        "get": {"alice": 200, "bob": 200, "cora": 200, "olga": 404, "eve": 404, "staff": 404,
                "anon": 401},
    },
}

# Clinic-entered records of alice: everyone who sees alice reads them; writers depend on the kind.
CLINIC_WRITERS = {"abi": {"bob"}, "rutherford": {"bob"}, "calibrations": {"bob", "cora"},
                  "posture-tests": {"bob", "cora"}, "programs": {"bob", "cora"},
                  "procedures": {"bob"}, "progress-tests": {"bob", "cora"}}
READ_ALICE = {"alice": 200, "bob": 200, "cora": 200, "olga": 404, "eve": 404, "staff": 404,
              "anon": 401}


def _write(segment, ok):
    """Writers get ``ok``; others who can see alice get 403; the rest keep their read answer."""
    return {
        persona: ok if persona in CLINIC_WRITERS[segment]
        else (403 if READ_ALICE[persona] == 200 else READ_ALICE[persona])
        for persona in PERSONAS
    }


for _segment in CLINIC_WRITERS:
    MATRIX[f"{_segment}-list"] = {"get": READ_ALICE, "post": _write(_segment, 201)}
    MATRIX[f"{_segment}-detail"] = {"get": READ_ALICE, "patch": _write(_segment, 200),
                                    "delete": _write(_segment, 204)}

# Progress of a program against the MCIDs: whoever sees the program's patient (issue 12).
MATRIX["program-progress"] = {"get": READ_ALICE}
# The exercise library holds no patient data and is the same for every clinic: anyone signed in.
MATRIX["exercise-list"] = {"get": {**dict.fromkeys(PERSONAS, 200), "anon": 401}}
MATRIX["exercise-detail"] = {"get": {**dict.fromkeys(PERSONAS, 200), "anon": 401}}
# Exercise programs (issue 12): records under alice's program; the care team records sessions
# and pauses, the patient syncs home sessions. Templates are the clinic's, not a patient's.
CARE_TEAM_WRITES = {"bob", "cora"}


def _care_team(ok):
    return {persona: ok if persona in CARE_TEAM_WRITES
            else (403 if READ_ALICE[persona] == 200 else READ_ALICE[persona])
            for persona in PERSONAS}


for _route in ("supervised-session", "program-pause"):
    MATRIX[f"{_route}-list"] = {"get": READ_ALICE, "post": _care_team(201)}
    MATRIX[f"{_route}-detail"] = {"get": READ_ALICE, "patch": _care_team(200),
                                  "delete": _care_team(204)}
MATRIX["home-session-list"] = {"get": READ_ALICE}
MATRIX["program-adherence"] = {"get": READ_ALICE}
MATRIX["home-session-sync"] = {
    "post": {"alice": 200, "bob": 403, "cora": 403, "olga": 200, "eve": 403, "staff": 403,
             "anon": 401}}
# Eve has her own clinic's templates; a patient or staff member has none.
MATRIX["program-template-list"] = {
    "get": {"alice": 403, "bob": 200, "cora": 200, "olga": 403, "eve": 200, "staff": 403,
            "anon": 401},
    "post": {"alice": 403, "bob": 201, "cora": 201, "olga": 403, "eve": 201, "staff": 403,
             "anon": 401}}
MATRIX["program-template-detail"] = {
    "get": {"alice": 403, "bob": 200, "cora": 200, "olga": 403, "eve": 404, "staff": 403,
            "anon": 401}}

# The coordinator's cohort table: carers only, each sees their own care teams' programs (eve's
# is her clinic's, empty here), so nobody gets 404.
MATRIX["program-cohort"] = {
    "get": {"alice": 403, "bob": 200, "cora": 200, "olga": 403, "eve": 200, "staff": 403,
            "anon": 401}}

# Referrals (issue 13): the care team reads and checks; only a clinician signs or declines; the
# patient reads her own signed orders; everyone signed in lists what they may see.
MATRIX["patient-referral-list"] = {"get": READ_ALICE}
MATRIX["patient-referral-check"] = {"post": CARER_ONLY}
MATRIX["referral-list"] = {"get": {**dict.fromkeys(PERSONAS, 200), "anon": 401}}
MATRIX["referral-detail"] = {"get": READ_ALICE}
CLINICIAN_ONLY = {**CARER_ONLY, "cora": 403}
MATRIX["referral-sign"] = {"post": CLINICIAN_ONLY}
MATRIX["referral-decline"] = {"post": CLINICIAN_ONLY}
MATRIX["referral-complete"] = {"post": CARER_ONLY}
# Secure messages (issue 13): the patient syncs from the phone; her care team reads and answers;
# a photo's link is issued to one user (bob here) and useless to anyone else.
MATRIX["message-sync"] = {
    "post": {"alice": 200, "bob": 403, "cora": 403, "olga": 200, "eve": 403, "staff": 403,
             "anon": 401}}
# Ids the caller may not see are ignored, so everyone signed in gets 200 (and marks nothing).
MATRIX["message-read"] = {"post": {**dict.fromkeys(PERSONAS, 200), "anon": 401}}
MATRIX["patient-message-list"] = {
    "get": READ_ALICE,
    "post": {"alice": 403, "bob": 201, "cora": 201, "olga": 403, "eve": 404, "staff": 403,
             "anon": 401}}
MATRIX["message-photo"] = {
    "get": READ_ALICE,
    # Only the author attaches a photo to her message.
    "post": {"alice": 201, "bob": 403, "cora": 403, "olga": 404, "eve": 404, "staff": 404,
             "anon": 401}}
MATRIX["message-photo-download"] = {
    "get": {"alice": 404, "bob": 200, "cora": 404, "olga": 404, "eve": 404, "staff": 404,
            "anon": 401}}

# What each persona must see in the lists (None: nothing to check beyond the status).
VISIBLE_PATIENTS = {"alice": {"alice"}, "bob": {"alice"}, "cora": {"alice"}, "olga": {"olga"},
                    "eve": {"pete"}, "staff": set()}


def api_route_names():
    """Names of every route under /api/v1/, found by walking Django's URL resolver."""
    names = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith("api/v1/"):
                assert pattern.name, f"API route {route} has no name, so it cannot be in the matrix"
                names.add(pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_api_route_is_in_the_matrix():
    assert api_route_names() == set(MATRIX), "Add the new route to MATRIX with every persona"


@pytest.fixture
def world(alice, bob, cora, olga, eve, pete, staff, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    exercise_library_seed()
    alice_walk = WalkFactory(patient=alice)
    alice_symptom = SymptomReportFactory(patient=alice)
    SymptomReportFactory(patient=olga)
    SymptomReportFactory(patient=pete)
    for patient in (alice, olga, pete):
        QuestionnaireResponse.objects.create(
            id=uuid.uuid4(), patient=patient, instrument="odi", answered_at=timezone.now(),
            answers={}, scores={})
    WalkFactory(patient=olga)
    WalkFactory(patient=pete)
    return {"alice": alice, "bob": bob, "cora": cora, "olga": olga, "eve": eve, "pete": pete,
            "staff": staff, "alice_walk": alice_walk, "alice_symptom": alice_symptom,
            "alice_clinic_records": clinic_records_of(alice, bob),
            "alice_alert": red_flag_alert_of(alice),
            "alice_messages": messages_of(alice, bob)}


def messages_of(patient, reader):
    """Two messages of the patient: one with a photo (its link issued to ``reader``), one
    without."""
    items = [{"id": uuid.uuid4(), "text": text, "sent_at": timezone.now()}
             for text in ("The sore on my heel.", "And another thing.")]
    messages_sync(patient=patient, messages=items)
    with_photo, bare = (Message.objects.get(pk=item["id"]) for item in items)
    photo: CleanPhoto = photo_clean(SimpleUploadedFile("wound.png", _png()))
    message_photo_attach(message=with_photo, photo=photo)
    token = photo_link_token(message_id=with_photo.pk, user_id=reader.pk)
    return {"with_photo": with_photo, "bare": bare, "token": token}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="PNG")
    return out.getvalue()


def message_request_for(route, method, world):
    """Requests of the secure-message routes (issue 13), or None for another route."""
    messages = world["alice_messages"]
    item = {"id": str(uuid.uuid4()), "text": "Hello", "sent_at": timezone.now().isoformat()}
    return {
        ("message-sync", "post"): ("/api/v1/messages/sync/", {"messages": [item]}),
        ("message-read", "post"): ("/api/v1/messages/read/",
                                   {"ids": [str(messages["with_photo"].pk)]}),
        ("patient-message-list", "get"): (f"/api/v1/patients/{world['alice'].pk}/messages/", None),
        ("patient-message-list", "post"): (f"/api/v1/patients/{world['alice'].pk}/messages/",
                                           {"text": "Keep walking to moderate pain."}),
        ("message-photo", "get"): (f"/api/v1/messages/{messages['with_photo'].pk}/photo/", None),
        ("message-photo", "post"): (f"/api/v1/messages/{messages['bare'].pk}/photo/",
                                    {"photo": SimpleUploadedFile("wound.png", _png())}),
        ("message-photo-download", "get"): (f"/api/v1/message-photos/{messages['token']}/", None),
    }.get((route, method))


CLINIC_BODIES = {
    "abi": {"measured_at": "2026-01-05T10:00:00Z", "leg": "left", "brachial_left_mmhg": 140,
            "brachial_right_mmhg": 136, "dorsalis_pedis_mmhg": 98, "posterior_tibial_mmhg": 105},
    "rutherford": {"assessed_at": "2026-01-05T10:00:00Z", "category": 2},
    "calibrations": {"recorded_at": "2026-01-05T10:00:00Z", "kind": "six_minute_walk",
                     "measured_distance_m": 300, "phone_distance_m": 410},
    "posture-tests": {"performed_at": "2026-01-05T10:00:00Z", "kind": "bicycle",
                      "measure": "time_s", "upright_value": 200, "forward_value": 420},
    "programs": {"started_on": "2026-01-05", "sessions_per_week": 3, "minutes_per_session": 45},
    "progress-tests": {"performed_at": "2026-01-05T10:00:00Z", "kind": "graded_treadmill",
                       "claudication_onset_s": 150, "peak_walking_s": 420},
    "procedures": {"performed_at": "2026-01-05T10:00:00Z", "kind": "endovascular_revascularisation",
                   "side": "left", "arterial_level": "femoropopliteal"},
}


def red_flag_alert_of(patient):
    report = {"id": uuid.uuid4(), "kind": "back_pain", "red_flags": ["saddle_numbness"],
              "occurred_at": timezone.now()}
    (alert,) = red_flag_alerts_raise(patient_id=patient.pk, reports=[report])
    return alert


def clinic_records_of(patient, clinician):
    records = {}
    for segment, (model, serializer, _) in CLINIC_RECORD_KINDS.items():
        data = serializer(data=CLINIC_BODIES[segment])
        data.is_valid(raise_exception=True)
        records[segment] = clinic_record_create(model=model, patient=patient, entered_by=clinician,
                                                data=data.validated_data)

    records["programs"] = exercise_program_create(patient=patient, entered_by=clinician,
                                                  data=CLINIC_BODIES["programs"])
    records["progress-tests"] = progress_test_create(
        patient=patient, entered_by=clinician, data={**CLINIC_BODIES["progress-tests"],
                                                     "protocol": "gardner"})
    program = records["programs"]
    records["supervised-session"] = supervised_session_create(
        program=program, entered_by=clinician, data={"performed_on": "2026-01-07", "minutes": 35})
    records["program-pause"] = program_pause_create(
        program=program, entered_by=clinician,
        data={"starts_on": "2026-02-01", "ends_on": "2026-02-07", "reason": "holiday"})
    records["program-template"] = program_templates_seed(clinic=patient.clinic)[0]
    return records


def program_request_for(route, method, world):
    """Requests of the exercise-program routes (issue 12), or None for another route."""
    records = world["alice_clinic_records"]
    program = records["programs"]
    base = f"/api/v1/programs/{program.pk}/"
    session = {"performed_on": "2026-01-09", "minutes": 40, "max_pain": 3,
               "bouts": [{"speed_kmh": 3.2, "grade_pct": 2, "onset_s": 150, "chosen_pain_s": 240,
                          "rest_s": 120}]}
    pause = {"starts_on": "2026-03-01", "ends_on": "2026-03-03", "reason": "illness"}
    alice_program = str(program.pk)
    home = {"id": str(uuid.uuid4()), "program": alice_program, "performed_on": "2026-01-08",
            "status": "done", "activities": ["walking"], "minutes": 30, "pain_nrs": 4}
    template = {"name": "Walking group", "sessions_per_week": 2, "minutes_per_session": 30}
    return {
        ("supervised-session-list", "get"): (f"{base}supervised-sessions/", None),
        ("supervised-session-list", "post"): (f"{base}supervised-sessions/", session),
        ("supervised-session-detail", "get"): (
            f"{base}supervised-sessions/{records['supervised-session'].pk}/", None),
        ("supervised-session-detail", "patch"): (
            f"{base}supervised-sessions/{records['supervised-session'].pk}/", {"minutes": 38}),
        ("supervised-session-detail", "delete"): (
            f"{base}supervised-sessions/{records['supervised-session'].pk}/", None),
        ("program-pause-list", "get"): (f"{base}pauses/", None),
        ("program-pause-list", "post"): (f"{base}pauses/", pause),
        ("program-pause-detail", "get"): (f"{base}pauses/{records['program-pause'].pk}/", None),
        ("program-pause-detail", "patch"): (f"{base}pauses/{records['program-pause'].pk}/",
                                            {"ends_on": "2026-02-10"}),
        ("program-pause-detail", "delete"): (f"{base}pauses/{records['program-pause'].pk}/",
                                             None),
        ("home-session-list", "get"): (f"{base}home-sessions/", None),
        ("program-adherence", "get"): (f"{base}adherence/", None),
        ("program-cohort", "get"): ("/api/v1/programs/cohort/", None),
        # olga's item names alice's program: it is refused per item (200 with "invalid").
        ("home-session-sync", "post"): ("/api/v1/home-sessions/sync/", {"home_sessions": [home]}),
        ("program-template-list", "get"): ("/api/v1/program-templates/", None),
        ("program-template-list", "post"): ("/api/v1/program-templates/", template),
        ("program-template-detail", "get"): (
            f"/api/v1/program-templates/{records['program-template'].pk}/", None),
    }.get((route, method))


def client_as(persona, world, client_for):
    return APIClient() if persona == "anon" else client_for(world[persona])


def request_for(route, method, world):
    walk, symptom = world["alice_walk"], world["alice_symptom"]
    walk_body = {k: v for k, v in walk_payload().items() if k != "id"}
    return {
        ("auth-logout", "post"): ("/api/v1/auth/logout/", None),
        ("auth-logout-all", "post"): ("/api/v1/auth/logout-all/", None),
        ("auth-me", "get"): ("/api/v1/auth/me/", None),
        ("patient-list", "get"): ("/api/v1/patients/", None),
        ("patient-list", "post"): ("/api/v1/patients/",
                                   {"email": "new.patient@example.org",
                                    "password": "a-long-pass-phrase-1"}),
        ("patient-detail", "get"): (f"/api/v1/patients/{world['alice'].pk}/", None),
        ("patient-detail", "patch"): (f"/api/v1/patients/{world['alice'].pk}/",
                                      {"decline_threshold_pct": 20}),
        ("patient-summary", "get"): (f"/api/v1/patients/{world['alice'].pk}/summary/", None),
        ("patient-trends", "get"): (f"/api/v1/patients/{world['alice'].pk}/trends/", None),
        ("patient-pattern", "get"): (f"/api/v1/patients/{world['alice'].pk}/pattern/", None),
        ("walk-list", "get"): ("/api/v1/walks/", None),
        ("patient-access-log", "get"): (f"/api/v1/patients/{world['alice'].pk}/access-log/", None),
        ("me-access-log", "get"): ("/api/v1/me/access-log/", None),
        ("alert-list", "get"): ("/api/v1/alerts/", None),
        ("alert-detail", "get"): (f"/api/v1/alerts/{world['alice_alert'].pk}/", None),
        ("alert-acknowledge", "post"): (
            f"/api/v1/alerts/{world['alice_alert'].pk}/acknowledge/", None),
        ("alert-resolve", "post"): (f"/api/v1/alerts/{world['alice_alert'].pk}/resolve/",
                                    {"note": "Seen in clinic today."}),
        ("walk-list", "post"): ("/api/v1/walks/", walk_payload()),
        ("notification-preferences", "get"): ("/api/v1/notification-preferences/", None),
        ("notification-preferences", "put"): ("/api/v1/notification-preferences/", {
            "email_enabled": True, "email_min_severity": "urgent", "quiet_hours_start": "22:00",
            "quiet_hours_end": "07:00", "time_zone": "Europe/London"}),
        ("notification-preferences", "patch"): ("/api/v1/notification-preferences/",
                                                {"email_enabled": False}),
        ("me-quiet-hours", "get"): ("/api/v1/me/quiet-hours/", None),
        ("me-quiet-hours", "put"): ("/api/v1/me/quiet-hours/", {
            "quiet_hours_start": "21:30", "quiet_hours_end": "07:30"}),
        ("me-quiet-hours", "patch"): ("/api/v1/me/quiet-hours/", {"quiet_hours_start": None,
                                                                 "quiet_hours_end": None}),
        ("walk-sync", "post"): ("/api/v1/walks/sync/", {"walks": [walk_payload()]}),
        ("walk-detail", "get"): (f"/api/v1/walks/{walk.pk}/", None),
        ("walk-detail", "patch"): (f"/api/v1/walks/{walk.pk}/", {"note": "corrected"}),
        ("walk-detail", "put"): (f"/api/v1/walks/{walk.pk}/", walk_body),
        ("walk-detail", "delete"): (f"/api/v1/walks/{walk.pk}/", None),
        ("walk-revisions", "get"): (f"/api/v1/walks/{walk.pk}/revisions/", None),
        ("symptom-list", "get"): ("/api/v1/symptoms/", None),
        ("triage-table", "get"): ("/api/v1/triage/", None),
        ("questionnaire-list", "get"): ("/api/v1/questionnaires/", None),
        ("questionnaire-sync", "post"): ("/api/v1/questionnaires/sync/",
                                         {"questionnaires": [questionnaire_payload()]}),
        ("symptom-sync", "post"): ("/api/v1/symptoms/sync/", {"symptoms": [symptom_payload()]}),
        ("symptom-detail", "get"): (f"/api/v1/symptoms/{symptom.pk}/", None),
        ("symptom-detail", "patch"): (f"/api/v1/symptoms/{symptom.pk}/", {"nrs": 3}),
        ("symptom-detail", "delete"): (f"/api/v1/symptoms/{symptom.pk}/", None),
        ("symptom-revisions", "get"): (f"/api/v1/symptoms/{symptom.pk}/revisions/", None),
        ("exercise-list", "get"): ("/api/v1/exercises/", None),
        ("exercise-detail", "get"): ("/api/v1/exercises/knee-to-chest/", None),
        ("program-progress", "get"): (
            f"/api/v1/programs/{world['alice_clinic_records']['programs'].pk}/progress/", None),
    }.get((route, method)) or program_request_for(route, method, world) or (
        referral_request_for(route, method, world)) or message_request_for(
        route, method, world) or clinic_request_for(route, method, world)


def referral_request_for(route, method, world):
    """Requests of the referral routes (issue 13), each on a referral of alice made for it: a
    draft to sign or decline, a signed one to read (the patient sees signed orders) or close."""
    if not route.startswith(("referral-", "patient-referral-")):
        return None
    alice = world["alice"]
    if route == "patient-referral-list":
        return f"/api/v1/patients/{alice.pk}/referrals/", None
    if route == "patient-referral-check":
        return f"/api/v1/patients/{alice.pk}/referrals/check/", None
    if route == "referral-list":
        return "/api/v1/referrals/", None
    referral = Referral.objects.create(patient=alice, kind="mri_lumbar_spine")
    if route in ("referral-detail", "referral-complete"):
        referral = referral_sign(referral=referral, clinician=world["bob"])
    action = {"referral-detail": "", "referral-sign": "sign/", "referral-decline": "decline/",
              "referral-complete": "complete/"}[route]
    body = {"reason": "Imaged last month."} if route == "referral-decline" else None
    return f"/api/v1/referrals/{referral.pk}/{action}", body


def clinic_request_for(route, method, world):
    segment, _, kind = route.rpartition("-")
    base = f"/api/v1/patients/{world['alice'].pk}/{segment}/"
    if kind == "list":
        return base, (CLINIC_BODIES[segment] if method == "post" else None)
    record = world["alice_clinic_records"][segment]
    return f"{base}{record.pk}/", ({"note": "checked"} if method == "patch" else None)


LISTS_BY_PATIENT = ("walk-list", "symptom-list", "questionnaire-list")
# Only alice has an alert: who sees it in the alert list.
SEES_ALICE_ALERT = {"alice", "bob", "cora"}

CASES = [
    (route, method, persona, expected)
    for route, methods in MATRIX.items() if methods != PUBLIC
    for method, by_persona in methods.items()
    for persona, expected in by_persona.items()
]


@pytest.mark.parametrize(("route", "method", "persona", "expected"), CASES,
                         ids=[f"{r}-{m}-{p}" for r, m, p, _ in CASES])
def test_access(world, client_for, route, method, persona, expected):
    assert set(MATRIX[route][method]) == set(PERSONAS)
    client = client_as(persona, world, client_for)
    url, body = request_for(route, method, world)
    uploads = isinstance(body, dict) and any(isinstance(v, SimpleUploadedFile)
                                             for v in body.values())
    response = getattr(client, method)(url, body, format="multipart" if uploads else "json")
    assert response.status_code == expected, response.content

    emails = {user.email: name for name, user in world.items() if not name.startswith("alice_")}
    if expected == 200 and method == "get" and route == "patient-list":
        seen = {emails[row["email"]] for row in response.json()["results"]}
        assert seen == VISIBLE_PATIENTS[persona]
    if expected == 200 and method == "get" and route == "alert-list":
        ids = {row["id"] for row in response.json()["results"]}
        assert ids == ({str(world["alice_alert"].pk)} if persona in SEES_ALICE_ALERT else set())
    if expected == 200 and method == "get" and route == "program-cohort":
        seen = {emails[row["patient"]["email"]] for row in response.json()}
        assert seen == ({"alice"} if persona in SEES_ALICE_ALERT else set())
    if expected == 200 and method == "get" and route in LISTS_BY_PATIENT:
        owners = {str(w["patient"]) for w in response.json()["results"]}
        assert owners == {str(world[name].pk) for name in VISIBLE_PATIENTS[persona]}


def test_filtering_walks_by_someone_elses_patient_reveals_nothing(world, client_for):
    bob = client_for(world["bob"])
    for outsider in ("olga", "pete"):
        response = bob.get("/api/v1/walks/", {"patient": str(world[outsider].pk)})
        assert response.status_code == 400
        assert "patient" in response.json()
        assert "results" not in response.json()


def test_carer_reads_are_recorded_and_the_patients_own_are_not(world, client_for):
    client_for(world["alice"]).get(f"/api/v1/walks/{world['alice_walk'].pk}/")
    assert not patient_events()
    client_for(world["bob"]).get(f"/api/v1/patients/{world['alice'].pk}/")
    client_for(world["bob"]).get("/api/v1/walks/")
    assert patient_events() == {
        ("bob@north.example", "alice@patients.example", "patient.read", "success"),
        ("bob@north.example", "alice@patients.example", "walk.list", "success"),
    }
