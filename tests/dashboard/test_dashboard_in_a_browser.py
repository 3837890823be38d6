"""The dashboard in a real browser: Playwright drives Debian's Chromium (/usr/bin/chromium; nothing
downloads a browser) against pytest-django's live server, at tablet size (768 x 1024).

A screenshot of each page is kept in .ci/artifacts/screenshots/ for a person to look at.
"""

import os
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.models import Role
from notifications.models import AlertKind
from notifications.red_flag_alerts import red_flag_alerts_raise
from notifications.services import Finding, alert_raise
from tests.support.factories import (
    PASSWORD,
    CareTeamFactory,
    PatientFactory,
    UserFactory,
    WalkFactory,
)

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TABLET = {"width": 768, "height": 1024}
SCREENSHOTS = Path(__file__).resolve().parents[2] / ".ci" / "artifacts" / "screenshots"
WEEKS_OF_WALKS = 10
# Pain-free distance of the worsening patient, one value per week, oldest first.
WORSENING_ONSET_M = [400, 410, 395, 405, 400, 390, 330, 280, 230, 180]


@pytest.fixture(scope="module")
def browser():
    # Imported here so that collecting the other tests never loads Playwright.
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Debian's Chromium is missing: apt-get install chromium"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Sync Playwright keeps an event loop running in this thread, and Django then refuses database
    # calls from it. The test's own calls are sequential, so telling Django so is safe here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                  args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _is_problem(message) -> bool:
    # Django's plain 404 page (not ours) lets the browser ask for /favicon.ico.
    return message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")


@pytest.fixture
def page(browser):
    """A fresh tablet-sized tab; any script error or refused resource fails the test."""
    context = browser.new_context(viewport=TABLET)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    problems = []
    tab.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    tab.on("console", lambda message: _is_problem(message) and problems.append(message.text))
    tab.problems = problems
    yield tab
    context.close()
    assert not problems, problems


def shot(page, name: str, *, tablet: bool = True) -> None:
    """Keep a screenshot; on screen, the page must fit the tablet's width (no sideways scroll)."""
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    if tablet:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= TABLET["width"], f"{name}: {width} px wide on a {TABLET['width']} px tablet"
        # Tables may scroll sideways inside their frame on a phone, but not on a tablet.
        cut = page.evaluate("""() => [...document.querySelectorAll(".table-wrap")]
            .filter(frame => frame.scrollWidth > frame.clientWidth + 1).length""")
        assert cut == 0, f"{name}: {cut} table(s) wider than the tablet"


def sign_in(page, base_url: str, user) -> None:
    page.goto(f"{base_url}/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")


@pytest.fixture
def clinic_world(transactional_db, clinic, alice, bob, eve, pete):
    """bob's patients: alice with an emergency red flag, walter getting worse (a warning), and
    carl, stable with no alert; pete belongs to eve's clinic."""
    now = timezone.now()
    walter = PatientFactory(email="walter@patients.example", clinic=clinic,
                            full_name="Walter Worse")
    carl = PatientFactory(email="carl@patients.example", clinic=clinic, full_name="Carl Calm")
    team = CareTeamFactory(clinic=clinic, name="Bob's walkers")
    team.members.add(bob)
    team.patients.add(walter, carl)
    # Mid-week, so each week's two walks fall in one Monday-first bucket whatever today is.
    last_monday = (now - timedelta(days=now.weekday() + 7)).replace(hour=12, minute=0)
    for week, onset_m in enumerate(reversed(WORSENING_ONSET_M)):
        for day in (1, 3):
            at = last_monday - timedelta(weeks=week) + timedelta(days=day)
            WalkFactory(patient=walter, started_at=at, distance_m=onset_m * 2, pain_onset_m=onset_m)
            WalkFactory(patient=carl, started_at=at, distance_m=800, pain_onset_m=400)
    WalkFactory(patient=alice, started_at=now - timedelta(hours=5))
    (alice_alert,) = red_flag_alerts_raise(patient_id=alice.pk, reports=[{
        "id": uuid.uuid4(), "kind": "back_pain", "red_flags": ["bladder_bowel_loss"],
        "occurred_at": now - timedelta(hours=4)}])
    decline, _ = alert_raise(patient_id=walter.pk, finding=Finding(
        kind=AlertKind.PAIN_FREE_DISTANCE_DECLINE, severity="warning",
        title="Pain-free walking distance falling", as_of=last_monday - timedelta(days=4),
        evidence={"change_pct": -42.0}))
    other_doctor = UserFactory(email="olivia@north.example", clinic=clinic, role=Role.CLINICIAN)
    return {"bob": bob, "alice": alice, "walter": walter, "carl": carl, "pete": pete,
            "eve": eve, "alice_alert": alice_alert, "decline": decline, "olivia": other_doctor}


def test_a_clinician_signs_in(page, live_server, clinic_world):
    page.goto(f"{live_server.url}/")
    assert "/login/?next=/" in page.url
    shot(page, "01-login")
    sign_in(page, live_server.url, clinic_world["bob"])
    assert page.get_by_role("heading", name="Patients, most in need first").is_visible()
    assert page.get_by_role("button", name="Sign out").is_visible()


def test_the_patient_list_is_in_risk_order(page, live_server, clinic_world):
    sign_in(page, live_server.url, clinic_world["bob"])
    rows = page.locator("#patient-table tbody tr")
    names = [rows.nth(i).get_by_role("rowheader").inner_text() for i in range(rows.count())]
    # Emergency first, then the warning of a falling distance, then the patient with no alert.
    assert names == ["alice@patients.example", "Walter Worse", "Carl Calm"]
    assert page.locator("#patient-table svg.sparkline").count() == 3
    shot(page, "02-patient-list")


def test_a_worsening_patients_chart_holds_its_data_points(page, live_server, clinic_world):
    sign_in(page, live_server.url, clinic_world["bob"])
    page.get_by_role("link", name="Walter Worse").click()
    page.wait_for_selector("#trend-chart[data-chart-ready]")
    drawn = page.evaluate("""() => {
        const chart = Chart.getChart(document.getElementById("trend-chart"));
        const byLabel = Object.fromEntries(chart.data.datasets.map(d => [d.label, d.data]));
        const meta = chart.getDatasetMeta(0);
        return {byLabel, rendered: meta.data.filter(p => !p.skip).length,
                island: JSON.parse(document.getElementById("trend-data").textContent)};
    }""")
    pain_free = [v for v in drawn["byLabel"]["Pain-free distance (m)"] if v is not None]
    assert pain_free == WORSENING_ONSET_M
    assert drawn["rendered"] == len(WORSENING_ONSET_M)
    assert drawn["byLabel"]["Pain-free distance (m)"] == drawn["island"]["pain_free_m"]
    # The baseline band (first 28 days) and one alert marker are drawn as well.
    band = {"Baseline 25th percentile", "Baseline 75th percentile"}
    assert band | {"Alert"} <= set(drawn["byLabel"])
    assert len([v for v in drawn["byLabel"]["Alert"] if v is not None]) == 1
    page.get_by_text("The chart's numbers as a table").click()
    assert page.locator("#trend-table tbody tr", has_text="180 m").count() == 1
    shot(page, "03-patient-worsening")

    page.get_by_role("link", name="Printable summary").click()
    assert page.get_by_role("heading", name="Clinic summary: Walter Worse").is_visible()
    shot(page, "04-patient-summary")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    shot(page, "05-patient-summary-print", tablet=False)
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    (SCREENSHOTS / "05-patient-summary.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, "the summary must fit one A4 page"


def test_an_acknowledged_alert_leaves_the_open_list(page, live_server, clinic_world):
    alert = clinic_world["alice_alert"]
    sign_in(page, live_server.url, clinic_world["bob"])
    page.get_by_role("link", name="Alerts").click()
    row = page.locator(f'tr[data-alert-id="{alert.pk}"]')
    assert row.is_visible()
    shot(page, "06-alerts-open")
    row.get_by_role("button", name="Acknowledge").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text().startswith("Acknowledged: Red flag")
    assert page.locator(f'tr[data-alert-id="{alert.pk}"]').count() == 0
    assert page.locator("tr[data-alert-id]").count() == 1  # walter's decline is still open
    shot(page, "07-alerts-after-acknowledge")
    page.get_by_role("link", name="Acknowledged (1)").click()
    assert page.locator(f'tr[data-alert-id="{alert.pk}"]').is_visible()


def test_another_clinics_patient_cannot_be_opened(page, live_server, clinic_world):
    sign_in(page, live_server.url, clinic_world["bob"])
    response = page.goto(f"{live_server.url}/patients/{clinic_world['pete'].pk}/")
    assert response.status == 404
    page.problems.clear()  # the browser logs the 404 of the page itself
    assert "pete@patients.example" not in page.content()
    shot(page, "08-other-clinic-patient-404")
