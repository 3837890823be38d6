"""A report with a red flag is stored only together with its alert: the alert layer raises it in
the same transaction, and if nothing is listening the report is refused rather than stored."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from harness.payloads import symptom_payload
from notifications import receivers
from notifications.models import Alert
from tracker.models import SymptomReport
from tracker.serializers.symptoms import SymptomInputSerializer
from tracker.services.symptoms import symptoms_sync
from tracker.signals import red_flags_reported

UID = "notifications.red_flags_reported"


def test_the_alert_is_raised_inside_the_report_transaction(alice):
    report = symptom_payload(red_flags=["saddle_numbness"])
    validated = SymptomInputSerializer().run_validation(report)
    assert symptoms_sync(patient=alice, reports=[validated]) == ["created"]
    alert = Alert.objects.get(patient=alice)
    assert alert.severity == "emergency" and alert.evidence["symptom_report_ids"] == [report["id"]]


def test_with_no_listener_the_report_is_refused_not_stored_silently(alice):
    validated = SymptomInputSerializer().run_validation(symptom_payload(red_flags=["foot_drop"]))
    red_flags_reported.disconnect(dispatch_uid=UID)
    try:
        with pytest.raises(ImproperlyConfigured):
            symptoms_sync(patient=alice, reports=[validated])
    finally:
        red_flags_reported.connect(receivers.on_red_flags_reported, dispatch_uid=UID)
    assert not SymptomReport.objects.exists() and not Alert.objects.exists()
