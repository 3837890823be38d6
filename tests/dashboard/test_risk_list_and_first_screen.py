"""The patient list as a clinician reads it (alert named, silence in days, ABI and Rutherford,
sparklines on one shared scale, filters), the patient page's first screen (a status line, the
chart, short alert rows; details folded) and the chart's robust y axis."""

import re
from datetime import timedelta

from django.utils import timezone

from dashboard.charts import SPARK_HIGH_M, SPARK_LOW_M, robust_y_limit, sparkline_points
from dashboard.templatetags.dashboard_extras import abi_category, days_ago, side_words
from notifications.models import Alert
from programs.services import exercise_program_create
from records.models import AbiMeasurement, RutherfordAssessment
from tests.dashboard.test_dashboard_pages import red_flag_alert, signed_in
from tests.support.factories import CareTeamFactory, PatientFactory, WalkFactory


def row_of(html: str, patient) -> str:
    match = re.search(rf'<tr class="row-link" data-patient-id="{patient.pk}".*?</tr>', html, re.S)
    assert match, f"no row for {patient}"
    return match.group(0)


def test_the_list_names_the_alert_counts_silence_in_days_and_shows_abi_and_rutherford(
        alice, bob, clinic):
    walter = PatientFactory(clinic=clinic, full_name="Walter Worse")
    team = CareTeamFactory(clinic=clinic, name="Bob's other team")
    team.members.add(bob)
    team.patients.add(walter)
    red_flag_alert(alice)  # saddle numbness: possible cauda equina
    WalkFactory(patient=alice, started_at=timezone.now() - timedelta(minutes=20))
    WalkFactory(patient=walter, started_at=timezone.now() - timedelta(days=12))
    Alert.objects.create(patient=walter, kind="pain_free_distance_decline", severity="warning",
                         severity_rank=1, title="Pain-free walking distance falling",
                         as_of=timezone.now(), evidence={"drop_pct": 49.2})
    AbiMeasurement.objects.create(patient=walter, entered_by=bob, measured_at=timezone.now(),
                                  leg="right", resting_abi=0.62, category="pad")
    RutherfordAssessment.objects.create(patient=walter, entered_by=bob,
                                        assessed_at=timezone.now(), category=3)

    html = signed_in(bob).get("/").content.decode()
    alice_row, walter_row = row_of(html, alice), row_of(html, walter)
    assert "Possible cauda equina" in alice_row and "Emergency" in alice_row
    assert '<td class="num last-walk">today</td>' in alice_row
    assert "Pain-free distance −49\u00a0%" in walter_row
    assert '<td class="num last-walk">12 days ago</td>' in walter_row
    assert "0.62 <span class=\"muted\">PAD</span>" in walter_row
    assert '<td class="num">3</td>' in walter_row  # Rutherford
    assert "under a day ago" not in html


def test_the_filters_narrow_the_list_and_a_wrong_value_is_refused_by_name(alice, bob, clinic):
    other = PatientFactory(clinic=clinic, full_name="Otto Other")
    team = CareTeamFactory(clinic=clinic, name="Bob's third team")
    team.members.add(bob)
    team.patients.add(other)
    red_flag_alert(alice)
    client = signed_in(bob)

    listed = re.findall(r'data-patient-id="([0-9a-f-]+)"',
                        client.get("/", {"alert_kind": "red_flag_cauda_equina"}).content.decode())
    assert listed == [str(alice.pk)]
    listed = re.findall(r'data-patient-id="([0-9a-f-]+)"',
                        client.get("/", {"name": "otto"}).content.decode())
    assert listed == [str(other.pk)]
    refused = client.get("/", {"cause": "martian"})
    assert refused.status_code == 400
    assert "Recorded cause: Select a valid choice" in refused.content.decode()


def test_sparklines_share_one_log_scale_so_equal_distances_sit_at_equal_heights():
    one = sparkline_points([100.0, None, 400.0], width=120, height=32)
    other = sparkline_points([400.0, 1600.0, None], width=120, height=32)
    heights_one = [float(p.split(",")[1]) for p in one["runs"][0]]
    heights_other = [float(p.split(",")[1]) for p in other["runs"][0]]
    assert heights_one[1] == heights_other[0]  # 400 m in both rows
    # On a log scale a quadrupling rises the same height from 100 m as from 400 m.
    rise_one, rise_other = heights_one[0] - heights_one[1], heights_other[0] - heights_other[1]
    assert rise_one > 0 and abs(rise_one - rise_other) < 0.2  # coordinates round to 0.1 px
    assert not one["clipped"] and not other["clipped"]


def test_a_sparkline_marks_lower_bounds_and_clamps_values_beyond_its_scale():
    line = sparkline_points([5.0, 300.0, 5000.0], width=120, height=32,
                            censored=[False, True, False])
    assert len(line["bounds"]) == 1 and line["bounds"][0][1] == float(
        line["runs"][0][1].split(",")[1])
    assert len(line["clipped"]) == 2
    top, bottom = 3.0, 29.0  # the pad is 3 px
    assert [y for _, y in line["clipped"]] == [bottom, top]
    assert SPARK_LOW_M < 300 < SPARK_HIGH_M


def test_the_chart_axis_ignores_one_far_early_walk_but_keeps_a_steady_climb():
    squashed = [1198.0] + [180.0, 200.0, 210.0, 190.0, 220.0, 230.0, 205.0, 215.0, 240.0]
    limit = robust_y_limit(squashed)
    assert limit is not None and 240 < limit <= 450  # the typical walks fill half the axis or more
    climbing = [100.0, 150.0, 200.0, 250.0, 300.0, 350.0, 400.0, 450.0]
    assert robust_y_limit(climbing) is None
    assert robust_y_limit([1198.0, 200.0]) is None  # too few values to call one an outlier
    # The baseline band stays on the chart.
    assert robust_y_limit(squashed, floor_m=400.0) >= 500


def test_the_words_are_right():
    assert side_words("both") == "both sides" and side_words("left") == "left side"
    assert abi_category("pad") == "PAD" and abi_category("non_compressible") == "non-compressible"
    assert days_ago(0) == "today" and days_ago(1) == "1 day ago" and days_ago(12) == "12 days ago"
    assert days_ago(None) == "never"


def test_the_patient_page_opens_on_a_status_line_the_chart_and_short_alert_rows(alice, bob):
    alice.patient_profile.affected_side = "both"
    alice.patient_profile.save()
    red_flag_alert(alice)
    WalkFactory(patient=alice, started_at=timezone.now() - timedelta(minutes=30))
    AbiMeasurement.objects.create(patient=alice, entered_by=bob, measured_at=timezone.now(),
                                  leg="left", resting_abi=0.62, category="pad",
                                  interpretation={"wifi_ischaemia_grade": 2})
    html = signed_in(bob).get(f"/patients/{alice.pk}/").content.decode()
    status = re.search(r'<p class="status-line" id="patient-status">(.*?)</p>', html, re.S)[1]
    assert "both sides" in status and "last walk today" in status
    assert "ABI left 0.62 PAD" in status and "no exercise program" in status
    # Order on the page: status, chart, alerts, then the program and the folded details.
    at = {name: html.index(marker) for name, marker in (
        ("status", 'id="patient-status"'), ("chart", 'id="trend-chart"'),
        ("alerts", 'id="patient-alerts"'), ("program", 'id="exercise-program"'),
        ("details", '<details id="patient-details">'))}
    assert at["status"] < at["chart"] < at["alerts"] < at["program"] < at["details"]
    alerts = html[at["alerts"]:at["program"]]
    assert "<strong>Possible cauda equina</strong>" in alerts
    assert '<details class="alert-details">' in alerts  # the long sentences fold
    assert "both side<" not in html and "both side " not in html


def test_the_print_summary_draws_the_chart_lists_open_alerts_and_shows_the_program(alice, bob):
    now = timezone.now()
    for days, onset in ((80, 1198.0), (60, 200.0), (45, 210.0), (30, 190.0), (20, 220.0),
                        (10, 180.0)):
        WalkFactory(patient=alice, started_at=now - timedelta(days=days), distance_m=onset * 2,
                    pain_onset_m=onset)
    red_flag_alert(alice)
    exercise_program_create(patient=alice, entered_by=bob, data={
        "started_on": alice.patient_profile.local_today() - timedelta(days=14),
        "sessions_per_week": 3, "minutes_per_session": 30, "weeks": 12})
    html = signed_in(bob).get(f"/patients/{alice.pk}/summary/").content.decode()
    chart = re.search(r'<svg [^>]*id="summary-chart".*?</svg>', html, re.S)[0]
    assert "<polyline" in chart and "week starting" in chart
    # The early far walk sits on the top edge with its number, the rest use the axis.
    assert "↑ 2,396 m" in chart or "↑ 1,198 m" in chart
    alerts = re.search(r'<ul class="evidence" id="summary-alerts">(.*?)</ul>', html, re.S)[1]
    assert "<strong>Possible cauda equina</strong>" in alerts
    assert 'id="exercise-program"' in html and "week 3 of 12" in html
