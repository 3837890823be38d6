"""The access report says what was done as a patient would put it, for the API's actions, the
dashboard's, the admin's and refused requests alike."""

import pytest

from audit.selectors import action_in_words


@pytest.mark.parametrize(("action", "outcome", "words"), [
    ("walk.read", "success", "opened one of your walks"),
    ("walk.list", "success", "looked at your walks"),
    ("symptom.revisions", "success",
     "looked at the earlier versions of one of your symptom reports"),
    ("abimeasurement.update", "success", "corrected one of your ABI measurements"),
    ("exerciseprogram.create", "success", "added to your exercise programs"),
    ("procedure.delete", "success", "deleted one of your procedures"),
    ("supervisedsession.create", "success", "added to your supervised exercise sessions"),
    ("homesession.list", "success", "looked at your home exercise sessions"),
    ("programpause.update", "success", "corrected one of your exercise program pauses"),
    ("exerciseprogram.adherence", "success",
     "looked at how you keep up with your exercise program"),
    ("supervised-session-detail.delete", "denied",
     "was refused: deleted one of your supervised exercise sessions"),
    ("alert.acknowledge", "success", "acknowledged one of your alerts"),
    ("patient.trends", "success", "looked at your walking trends"),
    ("dashboard.patient_read", "success", "opened your page on the dashboard"),
    ("admin.walk.update", "success", "in the admin site, corrected one of your walks"),
    ("admin.user.read", "success", "in the admin site, opened your account"),
    ("patient-detail.get", "denied", "was refused: opened your record"),
    ("walk-detail.patch", "denied", "was refused: corrected one of your walks"),
    ("abi-list.post", "denied", "was refused: added to your ABI measurements"),
    ("patient-trends.get", "denied", "was refused: looked at your walking trends"),
    ("dashboard:patient.get", "denied", "was refused: opened your record"),
    ("patient-access-log.get", "denied", "was refused: looked at who has seen your record"),
    ("message.list", "success", "read your messages"),
    ("message.photo_read", "success", "opened the photo of one of your messages"),
    ("message.mark_read", "success", "marked your messages as read"),
    ("patient-message-list.get", "denied", "was refused: read your messages"),
    ("message-photo.get", "denied", "was refused: opened one of your messages"),
])
def test_action_in_words(action, outcome, words):
    assert action_in_words(action, outcome) == words
