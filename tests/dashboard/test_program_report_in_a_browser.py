"""The end-of-program report in a real browser (Debian's Chromium): it fits a tablet on screen,
and printed it is one A4 page without the site's header. Screenshots (screen and print) and the
PDF are kept in .ci/artifacts/screenshots/."""

import re
import uuid
from datetime import date, timedelta

import pytest

from accounts.models import PatientProfile
from programs.models import ProgressTest
from programs.services import exercise_program_create, supervised_session_create
from questionnaires.models import QuestionnaireResponse
from questionnaires.services import questionnaire_score
from tests.dashboard.test_dashboard_in_a_browser import (  # noqa: F401
    SCREENSHOTS,
    browser,
    page,
    shot,
    sign_in,
)
from tests.support.factories import CareTeamFactory, PatientFactory, WalkFactory

pytestmark = pytest.mark.browser

START = date(2026, 3, 2)
A4_AT_96_DPI = {"width": 794, "height": 1123}


def _answered(patient, instrument, at, answers):
    QuestionnaireResponse.objects.create(
        id=uuid.uuid4(), patient=patient, instrument=instrument, answered_at=at, answers=answers,
        scores=questionnaire_score(instrument=instrument, answers=answers))


def _wiq(level):
    items = ("distance_indoors", "distance_50ft", "distance_150ft", "distance_300ft",
             "distance_600ft", "distance_900ft", "distance_1500ft", "speed_1_5mph", "speed_2mph",
             "speed_3mph", "speed_5mph", "stairs_1_flight", "stairs_2_flights", "stairs_3_flights")
    return dict.fromkeys(items, level)


def _vera(clinic, coordinator):
    """A vascular SET patient who kept up for 12 weeks and walks further at the end."""
    patient = PatientFactory(email="vera@patients.example", clinic=clinic,
                             full_name="Vera Vascular")
    PatientProfile.objects.filter(user=patient).update(suspected_cause="vascular",
                                                       distance_calibration_factor=0.95)
    team = CareTeamFactory(clinic=clinic, name="Monday SET group")
    team.members.add(coordinator)
    team.patients.add(patient)
    program = exercise_program_create(patient=patient, entered_by=coordinator, data={
        "started_on": START, "sessions_per_week": 3, "minutes_per_session": 30,
        "minutes_per_session_final": 45, "weeks": 12, "days_of_week": [1, 3, 5],
        "mode": "supervised"})
    for week in range(12):
        monday = START + timedelta(weeks=week)
        for offset in (0, 2, 4):
            if (week, offset) in ((4, 2), (9, 4), (10, 0)):  # a cold, a holiday Friday
                continue
            supervised_session_create(program=program, entered_by=coordinator, data={
                "performed_on": monday + timedelta(days=offset),
                "minutes": 30 + round(15 * week / 11) - (5 if week == 6 else 0)})
    for day in range(-27, 84, 3):
        progress = max(day, 0) / 84
        WalkFactory(patient=patient,
                    started_at=f"{START + timedelta(days=day)}T09:30:00Z",
                    distance_m=round(360 + 260 * progress + (day % 7) * 6),
                    pain_onset_m=round(140 + 110 * progress + (day % 5) * 8),
                    stopped_because="pain" if day % 4 else "fatigue")
    for at, cot, pwt in (("2026-02-26T10:00:00Z", 148, 336), ("2026-05-21T10:00:00Z", 251, 497)):
        ProgressTest.objects.create(patient=patient, entered_by=coordinator, performed_at=at,
                                    kind="graded_treadmill", protocol="gardner",
                                    claudication_onset_s=cot, peak_walking_s=pwt)
    for at, metres in (("2026-02-26T11:00:00Z", 341), ("2026-05-21T11:00:00Z", 372)):
        ProgressTest.objects.create(patient=patient, entered_by=coordinator, performed_at=at,
                                    kind="six_minute_walk", distance_m=metres, pain_onset_m=150)
    _answered(patient, "wiq", "2026-02-26T12:00:00Z", _wiq(2))
    _answered(patient, "wiq", "2026-05-21T12:00:00Z", _wiq(3))
    _answered(patient, "vascuqol6", "2026-02-26T12:05:00Z", {f"item_{n}": 2 for n in range(1, 7)})
    _answered(patient, "vascuqol6", "2026-05-21T12:05:00Z",
              {f"item_{n}": 3 if n < 4 else 2 for n in range(1, 7)})
    return program


def test_the_end_of_program_report_prints_on_one_a4_page(page, live_server,  # noqa: F811
                                                         transactional_db, clinic, cora):
    program = _vera(clinic, cora)
    sign_in(page, live_server.url, cora)
    page.goto(f"{live_server.url}/programs/{program.pk}/report/")

    assert page.get_by_role("heading", name="Exercise program report: Vera Vascular").is_visible()
    assert page.get_by_role("img", name="Walking distance per program week").is_visible()
    assert page.locator("#outcome-table .verdict").count() >= 5
    assert page.locator("#dose-weeks tbody tr").count() == 12
    shot(page, "22-program-report-screen")

    page.set_viewport_size(A4_AT_96_DPI)
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.get_by_role("button", name="Print or save as PDF").is_hidden()
    shot(page, "22-program-report", tablet=False)
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    (SCREENSHOTS / "22-program-report.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, "the report must fit one A4 page"
    assert not page.problems, page.problems
