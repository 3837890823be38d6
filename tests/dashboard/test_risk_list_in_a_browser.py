"""The risk list and the patient page's first screen in a real browser (Debian's Chromium):
on a tablet the list names each alert and draws every sparkline on one log scale; at 1024 x 768
the patient page shows its status line, the chart (its axis robust to one far early walk) and
the open alerts without scrolling. Screenshots: .ci/artifacts/screenshots/25-risk-list.png and
26-patient-first-screen.png."""

import math
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from dashboard.charts import SPARK_HIGH_M, SPARK_LOW_M
from notifications.models import Alert
from notifications.red_flag_alerts import red_flag_alerts_raise
from records.models import AbiMeasurement, RutherfordAssessment
from tests.dashboard.test_dashboard_in_a_browser import (  # noqa: F401 - fixtures
    SCREENSHOTS,
    browser,
    page,
    shot,
    sign_in,
)
from tests.support.factories import CareTeamFactory, PatientFactory, WalkFactory

pytestmark = pytest.mark.browser
FIRST_SCREEN = {"width": 1024, "height": 768}


@pytest.fixture
def risk_world(transactional_db, clinic, alice, bob):
    """alice with a cauda equina red flag, walter whose pain-free distance fell by 49 %, nina
    (neurogenic, both sides) with one 1,198 m walk early on and about 200 m since, carl steady
    at 400 m."""
    now = timezone.now()
    walter = PatientFactory(clinic=clinic, email="walter@patients.example",
                            full_name="Walter Worse")
    nina = PatientFactory(clinic=clinic, email="nina@patients.example", full_name="Nina Neuro")
    carl = PatientFactory(clinic=clinic, email="carl@patients.example", full_name="Carl Calm")
    team = CareTeamFactory(clinic=clinic, name="Bob's walkers")
    team.members.add(bob)
    team.patients.add(walter, nina, carl)
    profile = nina.patient_profile
    profile.suspected_cause, profile.affected_side = "neurogenic", "both"
    profile.save()
    for day in range(1, 28, 3):
        at = now - timedelta(days=day)
        WalkFactory(patient=carl, started_at=at, distance_m=800, pain_onset_m=400)
        WalkFactory(patient=walter, started_at=at, distance_m=400,
                    pain_onset_m=220 if day > 14 else 110)
    WalkFactory(patient=nina, started_at=now - timedelta(days=80), distance_m=1500,
                pain_onset_m=1198)
    for day in range(75, 0, -4):
        WalkFactory(patient=nina, started_at=now - timedelta(days=day, hours=2), distance_m=420,
                    pain_onset_m=190 + day % 7 * 5)
    WalkFactory(patient=alice, started_at=now - timedelta(hours=3), distance_m=300,
                pain_onset_m=None)
    red_flag_alerts_raise(patient_id=alice.pk, reports=[{
        "id": uuid.uuid4(), "kind": "back_pain", "red_flags": ["saddle_numbness"],
        "occurred_at": now - timedelta(hours=2)}])
    Alert.objects.create(patient=walter, kind="pain_free_distance_decline", severity="warning",
                         severity_rank=1, title="Pain-free walking distance falling",
                         as_of=now - timedelta(days=2), evidence={"drop_pct": 49.0})
    Alert.objects.create(patient=nina, kind="neurogenic_pattern", severity="info",
                         severity_rank=0, title="Walking pattern disagrees with the recorded cause",
                         as_of=now - timedelta(days=5), evidence={})
    AbiMeasurement.objects.create(patient=walter, entered_by=bob, measured_at=now, leg="right",
                                  resting_abi=0.62, category="pad",
                                  interpretation={"wifi_ischaemia_grade": 1})
    RutherfordAssessment.objects.create(patient=walter, entered_by=bob, assessed_at=now,
                                        category=3)
    AbiMeasurement.objects.create(patient=nina, entered_by=bob, measured_at=now, leg="left",
                                  resting_abi=1.05, category="normal")
    return {"bob": bob, "alice": alice, "walter": walter, "nina": nina, "carl": carl}


def expected_y(metres: float) -> float:
    share = (math.log10(metres) - math.log10(SPARK_LOW_M)) / (
        math.log10(SPARK_HIGH_M) - math.log10(SPARK_LOW_M))
    return 32 - 3 - share * 26


def test_the_risk_list_names_alerts_and_shares_one_sparkline_scale_on_a_tablet(
        page, live_server, risk_world):  # noqa: F811 - the imported fixture
    sign_in(page, live_server.url, risk_world["bob"])
    table = page.locator("#patient-table")
    assert table.locator("tr", has_text="Possible cauda equina").count() == 1
    assert table.locator("tr", has_text="Pain-free distance −49").count() == 1
    assert "Emergency, 3 open" not in table.inner_text()
    walter_row = table.locator("tr", has_text="Walter Worse")
    assert "0.62 PAD" in walter_row.inner_text()
    # Every sparkline is drawn on the same log scale: carl's steady 400 m sits where 400 m
    # belongs, and walter's 110 m, lower, sits lower in his row.
    points = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        "#patient-table tbody tr")].map(row => [row.querySelector("th a").textContent,
        [...row.querySelectorAll("svg.sparkline polyline")].flatMap(line =>
            line.getAttribute("points").split(" ").map(p => Number(p.split(",")[1])))]))""")
    assert points["Carl Calm"] and all(
        y == pytest.approx(expected_y(400), abs=0.1) for y in points["Carl Calm"])
    assert max(points["Walter Worse"]) == pytest.approx(expected_y(110), abs=0.1)
    assert page.locator("#patient-table svg.sparkline circle.bound").count() >= 1  # alice
    assert table.locator("tr", has_text="alice").locator(".last-walk").inner_text() == "today"
    shot(page, "25-risk-list")


def test_the_patient_page_first_screen_holds_status_chart_and_alerts(browser, live_server,  # noqa: F811
                                                                     risk_world):
    context = browser.new_context(viewport=FIRST_SCREEN)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    problems = []
    tab.on("pageerror", lambda error: problems.append(str(error)))
    try:
        sign_in(tab, live_server.url, risk_world["bob"])
        tab.get_by_role("link", name="Nina Neuro").click()
        tab.wait_for_selector("#trend-chart[data-chart-ready]")
        tab.screenshot(path=str(SCREENSHOTS / "26-patient-first-screen.png"))
        status = tab.locator("#patient-status").inner_text()
        assert "Neurogenic (lumbar spinal stenosis), both sides" in status
        assert "ABI left 1.05 normal" in status and "no exercise program" in status
        for selector in ("#patient-status", "#trend-chart", "#patient-alerts li"):
            box = tab.locator(selector).first.bounding_box()
            assert box["y"] + box["height"] <= FIRST_SCREEN["height"], selector
        # The one 1,198 m walk no longer sets the axis: it is written at the top edge.
        y_max = float(tab.locator("#trend-chart").get_attribute("data-y-max") or 0)
        assert 200 < y_max < 1198
        drawn = tab.evaluate("Chart.getChart(document.getElementById('trend-chart'))"
                             ".$outliersDrawn")
        assert drawn and max(drawn) >= 1198
    finally:
        context.close()
    assert not problems, problems
