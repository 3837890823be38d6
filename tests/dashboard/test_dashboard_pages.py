"""The clinician dashboard through Django's test client: sign-in with CSRF, the API's scoping
(outside it, 404), acknowledge and resolve, the printable summary, and the page hardening."""

import json
import re
import uuid
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from dashboard.charts import sparkline_points
from notifications.models import Alert, AlertStatus, DetectorState
from notifications.red_flag_alerts import red_flag_alerts_raise
from programs.services import exercise_program_create
from records.models import AbiMeasurement
from tests.support.factories import PASSWORD, CareTeamFactory, PatientFactory, WalkFactory

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def red_flag_alert(patient, flag="saddle_numbness") -> Alert:
    report = {"id": uuid.uuid4(), "kind": "back_pain", "red_flags": [flag],
              "occurred_at": timezone.now() - timedelta(hours=2)}
    (alert,) = red_flag_alerts_raise(patient_id=patient.pk, reports=[report])
    return alert


def weekly_walks(patient, *, weeks: int, onset_m: float = 300.0):
    """Two walks with pain on the Wednesday of each of the last ``weeks`` weeks (before this one),
    so each week's pair falls in one Monday-first bucket whatever the time of the run."""
    now = timezone.now()
    wednesday = (now - timedelta(days=now.weekday() + 5)).replace(hour=10, minute=0)
    for week in range(weeks):
        for extra_h in (0, 5):
            started_at = wednesday - timedelta(weeks=week) + timedelta(hours=extra_h)
            WalkFactory(patient=patient, started_at=started_at, distance_m=onset_m * 2,
                        pain_onset_m=onset_m)


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.json_islands = [], {}
        self._island = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
            self._island = attrs.get("id") if attrs.get("type") == "application/json" else None

    def handle_data(self, data):
        if self._island:
            self.json_islands[self._island] = json.loads(data)
            self._island = None


def parse_scripts(html: str) -> _Scripts:
    parser = _Scripts()
    parser.feed(html)
    return parser


# --- sign-in ---------------------------------------------------------------------------------

# A fixed id: parallel workers must collect the same test names.
SOME_PATIENT = "/patients/0b7c3e52-6f0e-4d4e-9a57-1c2d3e4f5a6b/"
SOME_PROGRAM_FORM = "/programs/4d0c1b8e-2f3a-4b5c-8d6e-7f8091a2b3c4/sessions/new/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/alerts/", SOME_PATIENT, "/programs/", SOME_PROGRAM_FORM])
def test_an_anonymous_visitor_is_sent_to_the_login_page(path):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={path}"


def test_a_clinician_signs_in_with_the_csrf_token_and_lands_on_the_patient_list(alice, bob):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/login/?next=/")
    assert 'label for="id_username">E-mail address' in page.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]

    forged = Client(enforce_csrf_checks=True).post(
        "/login/", {"username": bob.email, "password": PASSWORD})
    assert forged.status_code == 403

    response = browser.post("/login/", {"username": bob.email, "password": PASSWORD,
                                        "csrfmiddlewaretoken": token, "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    listing = browser.get("/")
    assert listing.status_code == 200
    assert alice.email in listing.content.decode()


def test_a_wrong_password_shows_an_error_and_signs_no_one_in(bob):
    browser = Client()
    response = browser.post("/login/", {"username": bob.email, "password": "not-the-password"})
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert browser.get("/")["Location"].startswith("/login/")


def test_an_account_that_must_wait_is_told_how_long_on_the_sign_in_page(bob, settings):
    browser = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        browser.post("/login/", {"username": bob.email, "password": "not-the-password"})
    response = browser.post("/login/", {"username": bob.email, "password": "not-the-password"})
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Wait 1 minute, then try again" in page and 'role="alert"' in page
    # During the wait even the right password gets the page, with what is left of the wait.
    again = browser.post("/login/", {"username": bob.email, "password": PASSWORD})
    assert again.status_code == 429 and "Wait " in again.content.decode()


def test_signing_out_takes_a_post_and_ends_the_session(bob):
    browser = signed_in(bob)
    assert browser.get("/logout/").status_code == 405
    response = browser.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert browser.get("/").status_code == 302


@pytest.mark.parametrize("persona", ["alice", "staff"])
def test_patients_and_staff_are_told_the_dashboard_is_for_care_teams(persona, request, alice):
    user = request.getfixturevalue(persona)
    response = signed_in(user).get("/")
    assert response.status_code == 403
    assert "This dashboard is for care teams" in response.content.decode()
    assert signed_in(user).get(f"/patients/{alice.pk}/").status_code == 403
    assert signed_in(user).get("/programs/").status_code == 403


# --- who sees what -----------------------------------------------------------------------------

def test_the_patient_list_holds_only_the_care_teams_patients_most_at_risk_first(
        alice, bob, olga, pete, clinic):
    calm = PatientFactory(email="calm@patients.example", clinic=clinic, full_name="Calm Patient")
    team = CareTeamFactory(clinic=clinic, name="Bob's second team")
    team.members.add(bob)
    team.patients.add(calm)
    WalkFactory(patient=calm, started_at=timezone.now() - timedelta(hours=3))
    WalkFactory(patient=alice, started_at=timezone.now() - timedelta(hours=3))
    red_flag_alert(alice)

    html = signed_in(bob).get("/").content.decode()
    listed = re.findall(r'data-patient-id="([0-9a-f-]+)"', html)
    assert listed == [str(alice.pk), str(calm.pk)]
    assert olga.email not in html and pete.email not in html
    # The sparkline is drawn on the server, labelled for screen readers.
    assert '<svg class="sparkline"' in html and 'aria-label="Pain-free distance per day' in html


@pytest.mark.parametrize("page", ["", "summary/"])
def test_another_teams_or_clinics_patient_answers_404(page, alice, bob, olga, eve, pete):
    for viewer, outsider in ((bob, olga), (bob, pete), (eve, alice)):
        response = signed_in(viewer).get(f"/patients/{outsider.pk}/{page}")
        assert response.status_code == 404, (viewer.email, outsider.email)
    assert signed_in(bob).get(f"/patients/{alice.pk}/{page}").status_code == 200


def test_alerts_outside_the_scope_can_be_neither_seen_nor_acknowledged(alice, bob, olga, eve, pete):
    olga_alert, pete_alert = red_flag_alert(olga), red_flag_alert(pete)
    alice_alert = red_flag_alert(alice)
    browser = signed_in(bob)
    inbox = browser.get("/alerts/").content.decode()
    assert str(alice_alert.pk) in inbox
    assert str(olga_alert.pk) not in inbox and str(pete_alert.pk) not in inbox
    for alert in (olga_alert, pete_alert):
        assert browser.post(f"/alerts/{alert.pk}/acknowledge/").status_code == 404
        assert browser.post(f"/alerts/{alert.pk}/resolve/", {"note": "x"}).status_code == 404
        alert.refresh_from_db()
        assert alert.status == AlertStatus.OPEN
    assert signed_in(eve).post(f"/alerts/{alice_alert.pk}/acknowledge/").status_code == 404


def test_reading_a_patient_page_is_recorded_in_the_access_log(alice, bob):
    signed_in(bob).get(f"/patients/{alice.pk}/")
    assert AuditEvent.objects.filter(actor=bob, patient=alice,
                                     action="dashboard.patient_read").count() == 1


# --- acknowledge and resolve -------------------------------------------------------------------

def test_acknowledging_with_the_csrf_token_moves_the_alert_out_of_the_open_list(alice, bob):
    alert = red_flag_alert(alice)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(bob, backend=MODEL_BACKEND)
    inbox = browser.get("/alerts/").content.decode()
    assert f'data-alert-id="{alert.pk}"' in inbox

    assert browser.post(f"/alerts/{alert.pk}/acknowledge/").status_code == 403  # no token
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', inbox)[1]
    response = browser.post(f"/alerts/{alert.pk}/acknowledge/",
                            {"csrfmiddlewaretoken": token, "next": "/alerts/"}, follow=True)
    assert response.redirect_chain == [("/alerts/", 302)]
    assert "Acknowledged: Red flag" in response.content.decode()
    assert f'data-alert-id="{alert.pk}"' not in response.content.decode()
    acknowledged = browser.get("/alerts/?status=acknowledged").content.decode()
    assert f'data-alert-id="{alert.pk}"' in acknowledged
    alert.refresh_from_db()
    assert (alert.status, alert.acknowledged_by) == (AlertStatus.ACKNOWLEDGED, bob)


def test_resolving_needs_a_note_and_keeps_it(alice, bob):
    alert = red_flag_alert(alice)
    browser = signed_in(bob)
    response = browser.post(f"/alerts/{alert.pk}/resolve/", {"note": "  "}, follow=True)
    assert "say what was done" in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN

    browser.post(f"/alerts/{alert.pk}/resolve/", {"note": "Seen in clinic; MRI booked."})
    alert.refresh_from_db()
    assert (alert.status, alert.resolution_note) == (AlertStatus.RESOLVED,
                                                     "Seen in clinic; MRI booked.")
    resolved = browser.get("/alerts/?status=resolved").content.decode()
    assert "Seen in clinic; MRI booked." in resolved


def test_an_action_never_redirects_off_the_site(alice, bob):
    alert = red_flag_alert(alice)
    response = signed_in(bob).post(f"/alerts/{alert.pk}/acknowledge/",
                                   {"next": "https://evil.example/"})
    assert response["Location"] == "/alerts/"


# --- the patient page and the printable summary --------------------------------------------------

def test_the_patient_page_carries_the_chart_data_and_a_table_of_the_same_numbers(alice, bob):
    weekly_walks(alice, weeks=6)
    html = signed_in(bob).get(f"/patients/{alice.pk}/?days=90&bucket=week").content.decode()
    chart = parse_scripts(html).json_islands["trend-data"]
    points = [v for v in chart["pain_free_m"] if v is not None]
    assert len(points) == 6 and set(points) == {300.0}
    assert chart["baseline"]["median"] == 300.0
    table = html[html.index('id="trend-table"'):]
    assert table.count("300 m") == 6


def test_the_pattern_section_says_not_enough_data_until_the_detector_has_judged(alice, bob):
    html = signed_in(bob).get(f"/patients/{alice.pk}/").content.decode()
    assert 'id="pattern-none"' in html and "Not enough data" in html

    DetectorState.objects.create(patient=alice, kind="neurogenic_pattern", condition_met=True,
                                 last_conclusion={"met": True, "as_of": timezone.now().isoformat(),
                                                  "evidence": {
                                                      "pattern_class": "neurogenic_like",
                                                      "posterior_neurogenic": 0.93,
                                                      "prior_neurogenic": 0.5,
                                                      "reasons": ["disagrees_with_recorded_cause"],
                                                      "signs": {"relief_posture": {
                                                          "finding": "relieved_by_bending_forward",
                                                          "lr": 6.4, "source": "konno2007",
                                                          "walk_ids": ["a", "b"]}}}})
    html = signed_in(bob).get(f"/patients/{alice.pk}/").content.decode()
    assert "look neurogenic-like" in html and "disagrees with the recorded cause" in html
    assert "relieved by bending forward" in html and "6.40" in html


def test_the_printable_summary_fits_the_visit(alice, bob):
    weekly_walks(alice, weeks=3, onset_m=250.0)
    red_flag_alert(alice, flag="cold_limb")
    AbiMeasurement.objects.create(patient=alice, entered_by=bob, measured_at=timezone.now(),
                                  leg="left", resting_abi=0.62, category="pad")
    response = signed_in(bob).get(f"/patients/{alice.pk}/summary/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="summary-trend-table"' in html and "250 m" in html
    assert "0.62" in html and "Red flag: sign of limb threat" in html
    assert 'id="print-button"' in html and "dashboard/print.js" in html
    css = Path(finders.find("dashboard/dashboard.css")).read_text()
    assert "@media print" in css and "@page" in css


# --- hardening and accessibility ----------------------------------------------------------------

def test_dashboard_pages_forbid_inline_scripts_and_load_nothing_from_elsewhere(alice, bob):
    weekly_walks(alice, weeks=2)
    browser = signed_in(bob)
    program = exercise_program_create(patient=alice, entered_by=bob, data={
        "started_on": alice.patient_profile.local_today(), "sessions_per_week": 3,
        "minutes_per_session": 30})
    for path in ("/", "/alerts/", "/programs/", f"/programs/{program.pk}/sessions/new/",
                 f"/patients/{alice.pk}/",
                 f"/patients/{alice.pk}/summary/", "/login/"):
        response = browser.get(path)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
        for script in parse_scripts(response.content.decode()).scripts:
            assert script.get("type") == "application/json" or script["src"].startswith("/static/")
    assert finders.find("dashboard/vendor/chart.umd.js")


def test_the_api_docs_still_answer():
    assert Client().get("/api/docs/").status_code == 200


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_have_a_contrast_of_at_least_4_5_to_1():
    css = Path(finders.find("dashboard/dashboard.css")).read_text()
    colour = dict(re.findall(r"--([a-z]+):\s*(#[0-9a-f]{6});", css))
    colour["white"] = "#ffffff"
    pairs = [("ink", "paper"), ("muted", "paper"), ("link", "paper"), ("ink", "panel"),
             ("muted", "panel"), ("link", "panel"), ("white", "brand"), ("white", "emergency"),
             ("white", "urgent"), ("white", "info"), ("ink", "warning"), ("focus", "paper"),
             ("ok", "paper"), ("ok", "panel"), ("white", "ok")]
    low = {f"{fg} on {bg}": round(_contrast(colour[fg], colour[bg]), 2) for fg, bg in pairs
           if _contrast(colour[fg], colour[bg]) < 4.5}
    assert not low


def test_a_sparkline_joins_the_days_with_walks_and_draws_longer_distances_higher():
    line = sparkline_points([None, 200.0, None, None, 400.0, 300.0], width=120, height=32)
    (run,) = line["runs"]
    points = [tuple(map(float, point.split(","))) for point in run]
    assert [x for x, _ in points] == sorted(x for x, _ in points) and len(points) == 3
    heights = [y for _, y in points]  # SVG y grows downwards
    assert heights[1] < heights[2] < heights[0]
    assert line["last"] == points[-1]
    assert sparkline_points([None, None], width=120, height=32) is None
