"""Limb threat progression and silence, judged on plain data."""

from datetime import UTC, datetime, timedelta

from notifications.detectors.limb_threat import AbiReading, RestPainReport, limb_threat_progression
from notifications.detectors.silence import silence

T0 = datetime(2026, 5, 1, 21, 0, tzinfo=UTC)


def rest_pain_on(*days, hour=21):
    return [RestPainReport(f"r{d}", T0 + timedelta(days=d, hours=hour - 21)) for d in days]


def test_rest_pain_on_three_days_is_limb_threat_from_the_third():
    finding = limb_threat_progression(rest_pain_on(0, 4, 9), [], as_of=T0 + timedelta(days=10))
    assert finding.met and finding.as_of == T0 + timedelta(days=9)
    assert finding.evidence["rest_pain_report_ids"] == ["r0", "r4", "r9"]


def test_two_days_or_a_spread_over_more_than_two_weeks_is_not():
    assert not limb_threat_progression(rest_pain_on(0, 1), [], as_of=T0 + timedelta(days=2)).met
    assert not limb_threat_progression(
        rest_pain_on(0, 8, 16), [], as_of=T0 + timedelta(days=16)
    ).met


def test_reports_on_one_local_day_count_once():
    # 23:30 and 00:30 UTC are the same evening in New York.
    reports = [RestPainReport("a", T0 + timedelta(hours=2, minutes=30)),
               RestPainReport("b", T0 + timedelta(hours=3, minutes=30)),
               RestPainReport("c", T0 + timedelta(days=3))]
    assert not limb_threat_progression(reports, [], as_of=T0 + timedelta(days=4),
                                       time_zone="America/New_York").met


def test_severe_pressures_are_limb_threat_on_the_latest_reading_only():
    old_low = AbiReading("m1", T0, "left", 0.35, 45)
    newer_ok = AbiReading("m2", T0 + timedelta(days=30), "left", 0.62, 80)
    assert limb_threat_progression([], [old_low], as_of=T0 + timedelta(days=1)).met
    assert not limb_threat_progression([], [old_low, newer_ok], as_of=T0 + timedelta(days=31)).met
    ankle_only = AbiReading("m3", T0, "right", 0.55, 48)
    finding = limb_threat_progression([], [ankle_only], as_of=T0)
    assert finding.met and "ankle pressure 48" in finding.reasons[0]


def test_data_after_as_of_is_ignored():
    assert not limb_threat_progression(
        rest_pain_on(0, 1, 2), [], as_of=T0 + timedelta(days=1, hours=1)
    ).met


def test_silence_needs_a_habit_and_a_gap():
    habit = [T0 - timedelta(days=d) for d in range(0, 28, 2)]  # 14 walks in four weeks
    assert silence(habit, now=T0 + timedelta(days=8)).met
    assert not silence(habit, now=T0 + timedelta(days=5)).met
    rare = [T0 - timedelta(days=d) for d in (0, 10, 20)]
    assert not silence(rare, now=T0 + timedelta(days=30)).met
    assert not silence([], now=T0).met
