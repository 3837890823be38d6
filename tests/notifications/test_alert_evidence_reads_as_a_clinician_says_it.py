"""An alert's evidence reads as a clinician would say it, in the API and on the dashboard: the
distances, the change and its p-value, the windows, the reports, never "logrank z" or a list of
record ids; and its title and evidence agree after every update."""

import html
import re
import uuid
from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from notifications.evidence_text import evidence_sentences
from notifications.models import Alert
from notifications.red_flag_alerts import red_flag_alerts_raise
from notifications.services import Finding, alert_raise
from tests.notifications.test_decline_alerts_through_evaluation import (
    DECLINE,
    NOW,
    PAIN_FREE_KIND,
    course,
    live,
)

JARGON = ("logrank", "max p", "walk ids", "walk_ids", "_id", "z:", "median_reached")


def test_a_decline_reads_as_distances_over_the_windows_with_the_change_and_p(alice, client_for,
                                                                             bob):
    with time_machine.travel(NOW):
        live(alice, course(alice, DECLINE))
    alert = Alert.objects.get(patient=alice, kind=PAIN_FREE_KIND)
    sentences = evidence_sentences(alert.kind, alert.evidence)
    assert re.fullmatch(
        r"Pain-free distance \d+ m over the last 14 days \(\d+ \w+ 2026 to \d+ \w+ 2026\), "
        r"against \d+ m in the 8 weeks before \(−\d+ %, p < 0\.001 on both distances\)\.",
            sentences[0])
    assert any(s.startswith("Alert threshold 15 % (the default)") for s in sentences)
    assert not any(word in s.lower() for s in sentences for word in JARGON)

    api = client_for(bob).get(f"/api/v1/alerts/{alert.pk}/").json()
    assert api["evidence_summary"] == sentences
    browser = Client()
    browser.force_login(bob, backend="django.contrib.auth.backends.ModelBackend")
    page = html.unescape(browser.get(f"/patients/{alice.pk}/").content.decode())
    assert sentences[0] in page and "logrank" not in page.lower()


def test_a_red_flag_reads_as_what_was_reported_and_what_the_patient_was_told(alice):
    (alert,) = red_flag_alerts_raise(patient_id=alice.pk, reports=[{
        "id": uuid.uuid4(), "kind": "back_pain", "red_flags": ["urinary_retention"],
        "occurred_at": timezone.now()}])
    assert evidence_sentences(alert.kind, alert.evidence) == [
        "Reported: difficulty starting to pass urine, a weaker stream or less feeling of it.",
        "Symptoms: back pain.",
        "From 1 report.",
        "The patient was told to act today.",
    ]


def test_the_title_follows_the_evidence_after_an_update(alice):
    first, _ = alert_raise(patient_id=alice.pk, finding=Finding(
        kind=PAIN_FREE_KIND, severity="urgent", title="Pain-free walking distance down 35 %",
        as_of=timezone.now(), evidence={"drop_pct": 35.0}))
    later, changed = alert_raise(patient_id=alice.pk, finding=Finding(
        kind=PAIN_FREE_KIND, severity="urgent", title="Pain-free walking distance down 49 %",
        as_of=timezone.now() + timedelta(days=1), evidence={"drop_pct": 49.0}))
    assert changed and later.pk == first.pk and later.revision == 2
    assert later.title == "Pain-free walking distance down 49 %"
    assert later.evidence["drop_pct"] == 49.0
