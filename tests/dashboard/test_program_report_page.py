"""The end-of-program report: one printable page with the dose delivered against the dose
prescribed, each outcome before and after with its verdict, and the walking chart; for the
patient's clinicians and care-team coordinators only, recorded in the access log."""

import re
import uuid
from datetime import date, timedelta
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from accounts.models import PatientProfile, Role
from audit.models import AuditEvent
from programs.models import ProgressTest
from programs.services import exercise_program_create, supervised_session_create
from questionnaires.models import QuestionnaireResponse
from questionnaires.services import questionnaire_score
from tests.support.factories import CareTeamFactory, UserFactory, WalkFactory

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
START = date(2026, 3, 2)  # a Monday; 12 weeks to 24 May


def browser_as(user):
    browser = Client()
    browser.force_login(user, backend=MODEL_BACKEND)
    return browser


def seeded_program(patient, coordinator):
    """12 weeks of Mon/Wed/Fri x 30 min: weeks 1-10 all three sessions (one of 25 min in week
    3), weeks 11-12 only Monday and Wednesday; treadmill tests and walks before and at the end."""
    program = exercise_program_create(patient=patient, entered_by=coordinator, data={
        "started_on": START, "sessions_per_week": 3, "minutes_per_session": 30, "weeks": 12,
        "days_of_week": [1, 3, 5], "mode": "supervised"})
    for week in range(12):
        monday = START + timedelta(weeks=week)
        for offset in ((0, 2, 4) if week < 10 else (0, 2)):
            minutes = 25 if (week, offset) == (2, 4) else 30
            supervised_session_create(program=program, entered_by=coordinator, data={
                "performed_on": monday + timedelta(days=offset), "minutes": minutes})
    for at, cot, pwt in (("2026-02-27T10:00:00Z", 150, 330), ("2026-05-22T10:00:00Z", 240, 482)):
        ProgressTest.objects.create(patient=patient, entered_by=coordinator, performed_at=at,
                                    kind="graded_treadmill", protocol="gardner",
                                    claudication_onset_s=cot, peak_walking_s=pwt)
    for day, onset, distance in (("2026-02-10", 100, 300), ("2026-02-17", 120, 320),
                                 ("2026-02-24", 140, 340), ("2026-05-12", 200, 480),
                                 ("2026-05-16", 210, 500), ("2026-05-20", 220, 520)):
        WalkFactory(patient=patient, started_at=f"{day}T10:00:00Z", distance_m=distance,
                    pain_onset_m=onset, stopped_because="pain")
    return program


def row_of(html, measure):
    match = re.search(rf'<tr data-measure="{measure}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {measure}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


def test_the_report_shows_the_dose_delivered_and_each_verdict(alice, cora):
    program = seeded_program(alice, cora)
    page = browser_as(cora).get(reverse("dashboard:program_report", args=[program.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "3 sessions a week (Mon, Wed, Fri) of 30 min, 12 weeks" in text
    # 10 x 3 + 2 x 2 = 34 of 36 sessions; 33 x 30 + 25 = 1,015 of 1,080 minutes.
    assert "34 of 36 (94 %); 0 skipped, 2 missed" in text
    assert "1,015 of 1,080 (94 %)" in text
    # Weeks with 3 sessions of >= 30 min: all but week 3 (a 25-min session) and weeks 11-12.
    assert "9 of 12 with ≥ 3 sessions of ≥ 30 min" in text
    assert "Not met needs 12 such weeks, has 9" in text
    # COT 150 -> 240 s: +90 s (moderate); PWT 330 -> 482 s: +152 s (large).
    assert row_of(html, "claudication_onset_s").split() == (
        "Claudication onset time, treadmill 150 s 27 Feb 240 s 22 May +90 s Moderate small 35, "
        "moderate 87, large 138 s 1").split()
    assert "+152 s Large" in row_of(html, "peak_walking_s")
    assert "no value at the start" in row_of(html, "six_minute_walk_m")
    # Pain-free median 120 -> 210 m: +90 m, the typical SET gain (81 m), which is no MCID.
    pain_free = row_of(html, "pain_free_distance_m")
    assert "120 m 2 Feb–1 Mar 210 m 11 May–24 May +90 m Typical gain reached" in pain_free
    assert "typical SET gain +81 m (not an MCID)" in pain_free
    assert "Vasc Med 2018" in html and "not an mcid" in html.lower()
    # The chart: two weekly series (weeks 11 and 12 have walks) and the two start lines.
    svg = html[html.index('<svg viewBox'):html.index("</svg>")]
    assert svg.count("<polyline") == 2 and svg.count('class="reference') == 2
    assert "Week 11: pain-free distance 205 m" in svg  # median of 200 and 210 m
    assert AuditEvent.objects.filter(actor=cora, patient=alice,
                                     action="dashboard.program_report").count() == 1


def test_the_report_keeps_the_strict_csp_and_prints_on_a4(alice, bob):
    program = seeded_program(alice, bob)
    page = browser_as(bob).get(f"/programs/{program.pk}/report/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert ' style="' not in html and "<style" not in html
    assert all('src="' in tag for tag in re.findall(r"<script[^>]*>", html))
    assert "dashboard/program_report.css" in html
    css = Path(finders.find("dashboard/program_report.css")).read_text()
    assert "@media print" in css


def test_outsiders_get_404_and_patients_and_visitors_are_refused(alice, cora, olga, eve,
                                                                  other_clinic):
    program = seeded_program(alice, cora)
    url = f"/programs/{program.pk}/report/"
    otto = UserFactory(email="otto@south.example", clinic=other_clinic, role=Role.COORDINATOR)
    CareTeamFactory(clinic=other_clinic, name="Otto's team").members.add(otto)
    dan = UserFactory(email="dina@north.example", clinic=alice.clinic, role=Role.COORDINATOR)
    team = CareTeamFactory(clinic=alice.clinic, name="Olga's group")
    team.members.add(dan)
    team.patients.add(olga)

    assert browser_as(otto).get(url).status_code == 404  # another clinic's coordinator
    assert browser_as(dan).get(url).status_code == 404  # same clinic, not alice's team
    assert browser_as(eve).get(url).status_code == 404
    assert browser_as(alice).get(url).status_code == 403  # patients have no dashboard
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
    assert not AuditEvent.objects.filter(action="dashboard.program_report").exists()


def test_the_cohort_table_links_each_row_to_its_report(alice, cora):
    today = alice.patient_profile.local_today()
    program = exercise_program_create(patient=alice, entered_by=cora, data={
        "started_on": today - timedelta(days=20), "sessions_per_week": 3,
        "minutes_per_session": 30, "weeks": 12, "mode": "home"})
    html = browser_as(cora).get("/programs/").content.decode()
    assert f'href="/programs/{program.pk}/report/"' in html
    report = browser_as(cora).get(f"/programs/{program.pk}/report/").content.decode()
    assert "(running, week 3 of 12)" in report


def test_a_spinal_patients_report_judges_the_odi_where_lower_is_better(alice, cora):
    PatientProfile.objects.filter(user=alice).update(suspected_cause="neurogenic")
    program = exercise_program_create(patient=alice, entered_by=cora, data={
        "started_on": START, "sessions_per_week": 3, "minutes_per_session": 20, "weeks": 12,
        "mode": "home"})
    sections = ("pain_intensity", "personal_care", "lifting", "walking", "sitting", "standing",
                "sleeping", "sex_life", "social_life", "travelling")
    for at, answer in (("2026-02-27T10:00:00Z", 2), ("2026-05-20T10:00:00Z", 1)):
        answers = dict.fromkeys(sections, answer)
        QuestionnaireResponse.objects.create(
            id=uuid.uuid4(), patient=alice, instrument="odi", answered_at=at, answers=answers,
            scores=questionnaire_score(instrument="odi", answers=answers))
    html = browser_as(cora).get(f"/programs/{program.pk}/report/").content.decode()
    # 20 of 50 (40 %) -> 10 of 50 (20 %): 20 points better, at least 10: reached.
    assert row_of(html, "odi_pct").split()[:15] == (
        "Oswestry Disability Index, % (lower is better) 40 27 Feb 20 20 May -20 Reached").split()
    assert "wiq_distance" not in html
    assert "no value at the start" in row_of(html, "zcq_symptom_severity")


def test_a_program_not_yet_started_or_open_ended_still_has_a_report(alice, bob):
    today = alice.patient_profile.local_today()
    WalkFactory(patient=alice, started_at="2026-01-10T10:00:00Z")
    soon = exercise_program_create(patient=alice, entered_by=bob, data={
        "started_on": today + timedelta(days=3), "sessions_per_week": 3,
        "minutes_per_session": 30, "weeks": 12})
    open_ended = exercise_program_create(patient=alice, entered_by=bob, data={
        "started_on": today - timedelta(days=9), "sessions_per_week": 2,
        "minutes_per_session": 40})
    html = browser_as(bob).get(f"/programs/{soon.pk}/report/").content.decode()
    assert "(not started yet)" in html and "The program has not started yet." in html
    html = browser_as(bob).get(f"/programs/{open_ended.pk}/report/").content.decode()
    assert "open-ended (running, week 2)" in re.sub(r"<[^>]+>", "", html)
