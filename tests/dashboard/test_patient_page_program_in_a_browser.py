"""The patient page of a patient in week 8 of supervised exercise therapy, in a real browser
(Debian's Chromium, tablet size): the program section with its adherence and progress tests, and
the trend chart with the program's start line and its pause shaded. The screenshot is kept in
.ci/artifacts/screenshots/23-patient-page-program.png."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from programs.models import ProgressTest
from programs.services import (
    exercise_program_create,
    program_pause_create,
    program_templates_seed,
    supervised_session_create,
)
from tests.dashboard.test_dashboard_in_a_browser import (  # noqa: F401
    SCREENSHOTS,
    browser,
    page,
    shot,
    sign_in,
)
from tests.support.factories import CareTeamFactory, PatientFactory, WalkFactory

pytestmark = pytest.mark.browser


def _at(day, hour, zone):
    return datetime.combine(day, time(hour), tzinfo=zone)


@pytest.fixture
def keen_patient(transactional_db, clinic, bob, cora):
    """Kate, in week 8 of Vascular SET (Mon/Wed/Fri, 30 rising to 45 minutes), who
    came to nearly every session, had a week's holiday in week 4 and walks further each week."""
    kate = PatientFactory(email="kate@patients.example", clinic=clinic, full_name="Kate Keen")
    team = CareTeamFactory(clinic=clinic, name="Tuesday SET group")
    team.members.add(bob, cora)
    team.patients.add(kate)
    zone = ZoneInfo(kate.patient_profile.time_zone)
    today = kate.patient_profile.local_today()
    started = today - timedelta(days=today.weekday()) - timedelta(weeks=7)  # a Monday
    # In one transaction: the adherence check after commit then sees the whole history, as it
    # would have seen it session by session, not a half-entered one (a false alert).
    with transaction.atomic():
        template = next(t for t in program_templates_seed(clinic=clinic) if "SET" in t.name)
        program = exercise_program_create(patient=kate, entered_by=bob, template=template, data={
            "started_on": started, "sessions_per_week": 3, "minutes_per_session": 30,
            "minutes_per_session_final": 45, "weeks": 12, "days_of_week": [1, 3, 5],
            "mode": "supervised"})
        holiday = started + timedelta(weeks=3)
        program_pause_create(program=program, entered_by=cora, data={
            "starts_on": holiday, "ends_on": holiday + timedelta(days=6), "reason": "holiday"})
        day = started
        while day < today:
            week = (day - started).days // 7
            skipped = day == started + timedelta(weeks=5, days=2)  # one missed Wednesday
            paused = holiday <= day <= holiday + timedelta(days=6)
            if day.isoweekday() in (1, 3, 5) and not paused and not skipped:
                supervised_session_create(program=program, entered_by=cora, data={
                    "performed_on": day, "minutes": 30 + 2 * week, "max_pain": 3})
            day += timedelta(days=1)
    # Walks every 3 days up to today: around 180 m pain-free in the 6 weeks before the program,
    # then 15 m more each week.
    for n in range(60):
        walked_on = started - timedelta(weeks=6) + timedelta(days=3 * n)
        if walked_on >= today:
            break
        weeks_in = max(0, (walked_on - started).days / 7)
        onset = 180 + (n % 3) * 10 + 15 * weeks_in
        WalkFactory(patient=kate, started_at=_at(walked_on, 11, zone), distance_m=onset * 2.2,
                    pain_onset_m=onset)
    for when, onset_s, peak_s, distance_m in ((started - timedelta(days=3), 150, 330, 340),
                                              (started + timedelta(weeks=6), 215, 460, 362)):
        ProgressTest.objects.create(patient=kate, entered_by=cora, kind="graded_treadmill",
                                    protocol="gardner", performed_at=_at(when, 10, zone),
                                    claudication_onset_s=onset_s, peak_walking_s=peak_s)
        ProgressTest.objects.create(patient=kate, entered_by=cora, kind="six_minute_walk",
                                    performed_at=_at(when, 11, zone), distance_m=distance_m)
    return kate


def test_the_patient_page_shows_the_program_and_marks_it_on_the_chart(page, live_server,  # noqa: F811
                                                                      keen_patient, bob):
    sign_in(page, live_server.url, bob)
    page.get_by_role("link", name="Kate Keen").click()
    page.wait_for_selector("#trend-chart[data-chart-ready]")

    program = page.locator("#exercise-program")
    assert program.get_by_role("heading", name="Exercise program").is_visible()
    text = program.inner_text()
    assert "Vascular SET" in text and "running, week 8 of 12" in text
    # Weeks 1-7 complete (the holiday week planned nothing); week 8 once its Monday is over.
    monday = keen_patient.patient_profile.local_today().weekday() == 0
    assert page.locator("#program-weeks tbody tr").count() == (7 if monday else 8)
    # Onset 150 -> 215 s (+65: small), peak 330 -> 460 s (+130: moderate), 6-minute walk
    # 340 -> 362 m (+22: large).
    verdicts = {measure: page.locator(f"#measure-{measure} .verdict").inner_text()
                for measure in ("claudication_onset_s", "peak_walking_s", "six_minute_walk_m")}
    assert verdicts == {"claudication_onset_s": "Small", "peak_walking_s": "Moderate",
                        "six_minute_walk_m": "Large"}
    drawn = page.evaluate("""() => {
        const chart = Chart.getChart(document.getElementById("trend-chart"));
        return {drawn: chart.$programDrawn,
                legend: chart.legend.legendItems.map(item => item.text)};
    }""")
    assert len(drawn["drawn"]["lines"]) == 1 and len(drawn["drawn"]["spans"]) == 1
    left, right = drawn["drawn"]["spans"][0]
    assert right - left > 20  # a week of a 90-day weekly chart is wide enough to see
    assert "Planned pause" in drawn["legend"]
    assert any(text.startswith("Exercise program start") for text in drawn["legend"])
    assert page.locator("#patient-alerts").inner_text().endswith("None.")
    shot(page, "23-patient-page-program")
    # The chart and the program section at full size, for a closer look.
    page.locator("#walking").screenshot(path=str(SCREENSHOTS / "23-patient-page-program-chart.png"))
    program.screenshot(path=str(SCREENSHOTS / "23-patient-page-program-section.png"))
