"""The clinician's patient page shows the patient's exercise program: its dose and pauses, its
adherence (worked by hand below), its progress tests against their MCIDs, the program's start,
end and pauses on the trend chart, and older programs; in a constant number of queries, to the
care team only (outside it, 404)."""

import re
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.models import HomeSession, ProgressTest
from programs.services import (
    exercise_program_create,
    program_pause_create,
    supervised_session_create,
)
from tests.dashboard.test_dashboard_pages import parse_scripts, signed_in
from tests.support.factories import WalkFactory

# Wednesday 1 April 2026, 14:00 in Paris (alice's time zone): week 5 of the program.
TODAY = "2026-04-01T12:00:00Z"
PARIS = ZoneInfo("Europe/Paris")


def supervised(program, day, minutes, by):
    supervised_session_create(program=program, entered_by=by,
                              data={"performed_on": day, "minutes": minutes})


def home(program, day, *, status="done", minutes=30):
    HomeSession.objects.create(
        id=uuid.uuid4(), patient_id=program.patient_id, program=program, performed_on=day,
        status=status, minutes=minutes if status == "done" else 0,
        activities=["walking"] if status == "done" else [],
        skip_reason="" if status == "done" else "weather")


def treadmill(patient, by, at, onset_s, peak_s):
    ProgressTest.objects.create(patient=patient, entered_by=by, performed_at=at,
                                kind="graded_treadmill", protocol="gardner",
                                claudication_onset_s=onset_s, peak_walking_s=peak_s)


def six_minute_walk(patient, by, at, distance_m):
    ProgressTest.objects.create(patient=patient, entered_by=by, performed_at=at,
                                kind="six_minute_walk", distance_m=distance_m)


@pytest.fixture
def set_program(alice, bob, cora):
    """Alice's supervised program from Monday 2 March 2026, Mon/Wed/Fri, 30 minutes rising
    to 45 over 12 weeks, a holiday on the whole of week 3, and the sessions below."""
    program = exercise_program_create(patient=alice, entered_by=bob, data={
        "started_on": date(2026, 3, 2), "sessions_per_week": 3, "minutes_per_session": 30,
        "minutes_per_session_final": 45, "weeks": 12, "days_of_week": [1, 3, 5],
        "mode": "supervised"})
    program_pause_create(program=program, entered_by=cora, data={
        "starts_on": date(2026, 3, 16), "ends_on": date(2026, 3, 22), "reason": "holiday"})
    # Week 1: all three, 30, 35 and 40 minutes.
    for day, minutes in ((2, 30), (4, 35), (6, 40)):
        supervised(program, date(2026, 3, day), minutes, cora)
    # Week 2: Monday and Wednesday; Friday skipped at home.
    supervised(program, date(2026, 3, 9), 31, cora)
    supervised(program, date(2026, 3, 11), 32, cora)
    home(program, date(2026, 3, 13), status="skipped")
    # Week 4: Monday supervised, Wednesday at home; Friday missed. Week 5: Monday missed.
    supervised(program, date(2026, 3, 23), 35, cora)
    home(program, date(2026, 3, 25), minutes=30)
    return program


@pytest.fixture
def progress_tests(alice, cora):
    treadmill(alice, cora, datetime(2026, 2, 27, 10, tzinfo=PARIS), 150, 330)
    treadmill(alice, cora, datetime(2026, 3, 30, 10, tzinfo=PARIS), 240, 482)
    six_minute_walk(alice, cora, datetime(2026, 3, 4, 10, tzinfo=PARIS), 340)
    six_minute_walk(alice, cora, datetime(2026, 3, 30, 11, tzinfo=PARIS), 359)


def page(user, patient, query="") -> str:
    response = signed_in(user).get(f"/patients/{patient.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, element_id: str) -> str:
    """The text of the element with ``element_id`` up to its closing tag, tags dropped."""
    start = html.rindex("<", 0, html.index(f'id="{element_id}"'))
    tag = html[start + 1:].split()[0]
    end = html.index(f"</{tag}>", start)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start:end])).strip()


@time_machine.travel(TODAY, tick=False)
def test_the_clinician_sees_the_dose_pauses_and_hand_computed_adherence(alice, bob, set_program):
    html = page(bob, alice)
    facts = section(html, "program-facts")
    assert "2 Mar 2026 to 24 May 2026 (12 weeks)" in facts
    assert "3 sessions a week (Mon, Wed, Fri) × 30 min, rising to 45 min" in facts
    assert "16 Mar–22 Mar 2026 (holiday, 7 days)" in facts
    assert "running, week 5 of 12" in html

    tiles = section(html, "program-adherence")
    # Planned, by week: 3, 3, 0 (paused), 3, and Monday 30 March of week 5 = 10; done 3+2+2 = 7.
    # Minutes planned rise 30, 31, (33), 34, 35 a session: 90 + 93 + 0 + 102 + 35 = 320;
    # done 105 + 63 + 65 = 233 (73 %). Skipped: Friday 13; missed: Friday 27 and Monday 30.
    assert "Sessions done 7 of 10 70 %; 1 skipped, 2 missed" in tiles
    assert "Minutes done 233 of 320 73 %" in tiles
    # Last 14 days (18 to 31 March): 18 and 20 paused; 23, 25, 27, 30 planned; 23 and 25 done.
    assert "Last 14 days 2 of 4 50 %" in tiles and "below half" not in tiles
    # Since Wednesday 25 (done): Friday 27 and Monday 30 missed.
    assert "Missed in a row 2 last session 7 days ago" in tiles
    # Only week 1 had 3 sessions of 30 minutes or more; 4 weeks complete, 8 left: 1 + 8 < 12.
    guideline = section(html, "guideline-dose")
    assert "Out of reach" in guideline
    assert ("1 of 12 weeks at ≥ 3 sessions of ≥ 30 min; 4 weeks complete, 8 left: 3 weeks more "
            "than the program has left") in guideline

    weeks = section(html, "program-weeks")
    table = html[html.index('id="program-weeks"'):]
    rows = re.findall(r'<tr[^>]*>\s*<th scope="row">(.*?)</tr>',
                      table[:table.index("</table>")], flags=re.S)
    cells = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]
    assert cells == [
        "1 2 Mar 3/3 0 0 105/90 ✓",
        "2 9 Mar 2/3 1 0 63/93 no",
        "3 16 Mar, 7 d paused 0/0 0 0 0/0 no",
        "4 23 Mar 2/3 0 1 65/102 no",
        "5 30 Mar, so far 0/1 0 1 0/35 no",
    ]
    assert "Week by week" in weeks
    assert "No progress tests yet" in html


@time_machine.travel(TODAY, tick=False)
def test_the_progress_tests_show_baseline_latest_change_and_mcid_verdict(alice, bob, set_program,
                                                                          progress_tests):
    html = page(bob, alice)

    def row(measure):
        return section(html, f"measure-{measure}")

    # Claudication onset 150 -> 240 s: +90, past 87 (moderate), short of 138 (large).
    assert "150 s 27 Feb 2026 240 s 30 Mar 2026 +90 s Moderate" in row("claudication_onset_s")
    # Peak walking 330 -> 482 s: +152, exactly the large threshold.
    assert "330 s 27 Feb 2026 482 s 30 Mar 2026 +152 s Large" in row("peak_walking_s")
    # 6-minute walk 340 -> 359 m (first test 2 days in): +19, past 8 (small), short of 20.
    assert "340 m 4 Mar 2026 359 m 30 Mar 2026 +19 m Small" in row("six_minute_walk_m")
    assert "small 35, moderate 87, large 138 s" in row("claudication_onset_s")
    assert "Gardner AW et al. Vasc Med 2018" in html


@time_machine.travel(TODAY, tick=False)
def test_a_censored_onset_is_shown_as_a_lower_bound(alice, bob, set_program):
    treadmill(alice, bob, datetime(2026, 3, 1, 10, tzinfo=PARIS), 120, 300)
    treadmill(alice, bob, datetime(2026, 3, 30, 10, tzinfo=PARIS), None, 420)  # no claudication
    html = page(bob, alice)
    row = section(html, "measure-claudication_onset_s")
    # Onset at least the whole 420 s: a change of at least +300 s, large at the least.
    assert "120 s 1 Mar 2026 ≥ 420 s 30 Mar 2026 ≥ +300 s Large" in row


@time_machine.travel(TODAY, tick=False)
def test_the_trend_chart_marks_the_program_start_and_its_pause(alice, bob, set_program):
    WalkFactory(patient=alice, started_at=datetime(2026, 3, 10, 10, tzinfo=PARIS),
                distance_m=600, pain_onset_m=300)
    html = page(bob, alice, "?days=90&bucket=week")
    chart = parse_scripts(html).json_islands["trend-data"]
    # 90 days to 1 April from Friday 2 January: weekly buckets from Monday 29 December, so
    # 2 March is bucket 9 (drawn from 8.5) and the holiday the whole of bucket 11.
    assert chart["labels"][9] == "2026-03-02" and chart["labels"][11] == "2026-03-16"
    assert [(m["kind"], m["at"]) for m in chart["program_marks"]] == [("program_start", 8.5)]
    (pause,) = chart["pauses"]
    assert (pause["from"], pause["to"], pause["reason"]) == (10.5, 11.5, "holiday")
    assert "Amber shading marks its planned pauses" in html
    table = html[html.index('id="trend-table"'):]
    assert "exercise program starts 2026-03-02" in table
    assert "program paused 2026-03-16 to 2026-03-22 (holiday)" in table

    # By day the marks fall on their own days: 2 March is day 59 of the 90.
    days = parse_scripts(page(bob, alice, "?days=90&bucket=day")).json_islands["trend-data"]
    assert days["labels"][0] == "2026-01-02"
    assert [m["at"] for m in days["program_marks"]] == [58.5]
    assert (days["pauses"][0]["from"], days["pauses"][0]["to"]) == (72.5, 79.5)


@time_machine.travel(TODAY, tick=False)
def test_older_programs_are_listed_briefly(alice, bob, set_program):
    exercise_program_create(patient=alice, entered_by=bob, data={
        "started_on": date(2025, 9, 1), "ended_on": date(2025, 10, 15), "sessions_per_week": 2,
        "minutes_per_session": 20, "mode": "home"})
    html = page(bob, alice)
    others = section(html, "program-others")
    assert "Exercise program · Home-based · 1 Sep 2025 to 15 Oct 2025" in others
    assert "(ended; 2 × 20 min a week)" in others
    # The running program is the one shown in full, not the older one.
    assert "running, week 5 of 12" in html


@time_machine.travel(TODAY, tick=False)
def test_a_program_that_has_ended_is_still_shown_with_its_result(alice, bob, set_program):
    set_program.ended_on = date(2026, 3, 27)
    set_program.save()
    html = page(bob, alice)
    assert "ended on 27 Mar 2026" in html
    # Planned up to Friday 27: 3 + 3 + 0 + 3; done 3 + 2 + 2.
    assert "Sessions done 7 of 9" in section(html, "program-adherence")
    assert "Not met" in section(html, "guideline-dose")


def test_a_patient_without_a_program_gets_one_short_line(alice, bob):
    html = page(bob, alice)
    assert section(html, "program-none") == "No exercise program."
    assert parse_scripts(html).json_islands["trend-data"]["pauses"] == []


@time_machine.travel(TODAY, tick=False)
def test_the_report_link_leads_to_the_programs_report(alice, bob, set_program):
    html = page(bob, alice)
    link = re.search(r'id="program-report-link" href="([^"]+)"', html)
    assert link and link[1] == f"/programs/{set_program.pk}/report/"


@time_machine.travel(TODAY, tick=False)
def test_the_coordinator_of_the_team_sees_the_program_and_other_clinics_get_404(
        alice, bob, cora, eve, set_program):
    assert "Sessions done 7 of 10" in section(page(cora, alice), "program-adherence")
    assert signed_in(eve).get(f"/patients/{alice.pk}/").status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_the_patient_page_takes_the_same_queries_for_little_and_much_program_data(
        alice, bob, cora, set_program, progress_tests):
    def queries() -> int:
        client = signed_in(bob)
        client.get(f"/patients/{alice.pk}/")  # warm: the session and the content types
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/patients/{alice.pk}/").status_code == 200
        return len(ctx.captured_queries)

    little = queries()
    for month in (5, 7, 9):
        old = exercise_program_create(patient=alice, entered_by=bob, data={
            "started_on": date(2025, month, 1), "ended_on": date(2025, month, 28),
            "sessions_per_week": 3, "minutes_per_session": 30})
        program_pause_create(program=old, entered_by=cora, data={
            "starts_on": date(2025, month, 10), "ends_on": date(2025, month, 12),
            "reason": "illness"})
        supervised(old, date(2025, month, 3), 30, cora)
    program_pause_create(program=set_program, entered_by=cora, data={
        "starts_on": date(2026, 3, 3), "ends_on": date(2026, 3, 3), "reason": "illness"})
    for day in (26, 28):
        supervised(set_program, date(2026, 3, day), 40, cora)
    treadmill(alice, cora, datetime(2026, 3, 16, 10, tzinfo=PARIS), 200, 400)
    assert queries() == little


@time_machine.travel(TODAY, tick=False)
def test_a_program_planned_for_next_week_is_announced_without_adherence(alice, bob):
    exercise_program_create(patient=alice, entered_by=bob, data={
        "started_on": date(2026, 4, 6), "sessions_per_week": 2, "minutes_per_session": 25,
        "mode": "home"})
    html = page(bob, alice)
    assert "planned, starts on 6 Apr 2026" in html
    assert "6 Apr 2026 to open-ended" in section(html, "program-facts")
    # 2 sessions of 25 minutes, open-ended: short of the guideline as prescribed.
    assert "(below the guideline dose as prescribed)" in section(html, "program-facts")
    assert 'id="program-adherence"' not in html and 'id="program-weeks"' not in html
