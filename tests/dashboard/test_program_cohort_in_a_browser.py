"""The coordinator's cohort table in a real browser (Debian's Chromium, tablet size): the patient
who stopped coming is listed first. The screenshot is kept in .ci/artifacts/screenshots/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from programs.services import exercise_program_create, supervised_session_create
from tests.dashboard.test_dashboard_in_a_browser import browser, page, shot, sign_in  # noqa: F401
from tests.support.factories import CareTeamFactory, PatientFactory, WalkFactory

pytestmark = pytest.mark.browser


def _program_with_sessions(patient, coordinator, *, weeks_ago: int, stopped_days_ago: int):
    today = patient.patient_profile.local_today()
    started = today - timedelta(weeks=weeks_ago)
    program = exercise_program_create(patient=patient, entered_by=coordinator, data={
        "started_on": started, "sessions_per_week": 3, "minutes_per_session": 30,
        "minutes_per_session_final": 45, "weeks": 12, "days_of_week": [1, 3, 5],
        "mode": "supervised"})
    day = started
    while day < today - timedelta(days=stopped_days_ago):
        if day.isoweekday() in (1, 3, 5):
            supervised_session_create(program=program, entered_by=coordinator, data={
                "performed_on": day, "minutes": 30 + (day - started).days // 7 * 2})
        day += timedelta(days=1)
    return program


def test_the_cohort_table_lists_the_patient_who_stopped_coming_first(page, live_server,  # noqa: F811
                                                                     transactional_db, clinic,
                                                                     cora):
    team = CareTeamFactory(clinic=clinic, name="Tuesday SET group")
    team.members.add(cora)
    keen = PatientFactory(email="kate@patients.example", clinic=clinic, full_name="Kate Keen")
    gone = PatientFactory(email="stan@patients.example", clinic=clinic, full_name="Stan Stopped")
    team.patients.add(keen, gone)
    _program_with_sessions(keen, cora, weeks_ago=8, stopped_days_ago=0)
    _program_with_sessions(gone, cora, weeks_ago=8, stopped_days_ago=21)
    # Walks every 4 days over 12 weeks, the pain-free distance rising from 200 m.
    for n in range(21):
        WalkFactory(patient=keen, started_at=timezone.now() - timedelta(days=84 - 4 * n),
                    distance_m=600, pain_onset_m=200 + 5 * n)

    sign_in(page, live_server.url, cora)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    page.wait_for_url(f"{live_server.url}/programs/")

    rows = page.locator("#cohort-table tbody tr")
    names = [rows.nth(i).get_by_role("rowheader").get_by_role("link").first.inner_text()
             for i in range(rows.count())]
    assert names == ["Stan Stopped", "Kate Keen"]
    assert "Call" in rows.nth(0).inner_text()
    assert "Call" not in rows.nth(1).inner_text()
    assert page.get_by_role("link", name="Programs").get_attribute("aria-current") == "page"
    shot(page, "20-program-cohort")


def test_a_coordinator_records_a_session_with_two_bouts_on_a_tablet(page, live_server,  # noqa: F811
                                                                    transactional_db, alice,
                                                                    cora):
    program = _program_with_sessions(alice, cora, weeks_ago=3, stopped_days_ago=0)
    before = program.supervised_sessions.count()
    sign_in(page, live_server.url, cora)
    page.goto(f"{live_server.url}/programs/")
    page.get_by_role("link", name="Record session").click()
    page.wait_for_url(f"{live_server.url}/programs/{program.pk}/sessions/new/")

    page.get_by_label("Minutes of exercise").fill("38")
    page.get_by_label("Highest pain (claudication scale 1-5)").select_option("3")
    first = page.locator("#bouts .bout").nth(0)
    first.get_by_label("Speed, km/h").fill("3.2")
    first.get_by_label("Grade, %").fill("4")
    first.get_by_label("Onset, s").fill("165")
    first.get_by_label("Chosen pain, s").fill("250")
    first.get_by_label("Rest, s").fill("140")
    page.get_by_role("button", name="Add bout").click()
    second = page.locator("#bouts .bout").nth(1)
    # One tap: the new bout is there at once, with the last bout's speed and grade.
    assert page.locator("#bouts .bout").count() == 2
    assert second.get_by_label("Speed, km/h").input_value() == "3.2"
    assert second.get_by_label("Grade, %").input_value() == "4"
    # The bout's timer stamps the seconds since "Start walking".
    second.get_by_role("button", name="Start walking").click()
    second.get_by_role("button", name="Onset now").click()
    assert second.get_by_label("Onset, s").input_value().isdigit()
    assert second.locator(".timer-display").inner_text().startswith("walking")
    second.get_by_label("Onset, s").fill("180")
    second.get_by_label("Chosen pain, s").fill("270")
    shot(page, "21-supervised-session-form")
    page.get_by_role("button", name="Save session").click()
    page.wait_for_url(f"{live_server.url}/programs/")

    assert "38 minutes, 2 bouts" in page.get_by_role("status").inner_text()
    assert program.supervised_sessions.count() == before + 1
    session = program.supervised_sessions.order_by("-created_at").first()
    assert [bout["onset_s"] for bout in session.bouts] == [165, 180]
