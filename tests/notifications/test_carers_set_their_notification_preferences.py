"""A carer reads and changes their own alert e-mail settings and quiet hours; nobody else's."""

URL = "/api/v1/notification-preferences/"


def test_a_carer_starts_with_the_defaults(client_for, bob):
    response = client_for(bob).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert {k: v for k, v in body.items() if k != "updated_at"} == {
        "email_enabled": True, "email_min_severity": "warning", "quiet_hours_start": None,
        "quiet_hours_end": None, "time_zone": "UTC"}


def test_a_carer_sets_quiet_hours_and_reads_them_back(client_for, bob, cora):
    doctor = client_for(bob)
    body = {"email_enabled": True, "email_min_severity": "urgent", "quiet_hours_start": "22:00",
            "quiet_hours_end": "07:00", "time_zone": "Europe/Paris"}
    assert doctor.put(URL, body, format="json").status_code == 200
    saved = doctor.get(URL).json()
    assert saved["quiet_hours_start"] == "22:00:00" and saved["quiet_hours_end"] == "07:00:00"
    assert saved["time_zone"] == "Europe/Paris" and saved["email_min_severity"] == "urgent"
    patched = doctor.patch(URL, {"email_enabled": False}, format="json")
    assert patched.json()["email_enabled"] is False
    assert doctor.get(URL).json()["quiet_hours_start"] == "22:00:00"  # a patch keeps the rest
    # Cora's are her own.
    assert client_for(cora).get(URL).json()["email_enabled"] is True


def test_invalid_preferences_are_refused_naming_the_field(client_for, bob):
    doctor = client_for(bob)
    cases = [({"time_zone": "Mars/Olympus"}, "time_zone"),
             ({"quiet_hours_start": "22:00"}, "quiet_hours_end"),
             ({"quiet_hours_start": "22:00", "quiet_hours_end": "22:00"}, "quiet_hours_end"),
             ({"email_min_severity": "loud"}, "email_min_severity"),
             ({"quiet_hours_start": "25:00", "quiet_hours_end": "07:00"}, "quiet_hours_start")]
    for body, field in cases:
        response = doctor.patch(URL, body, format="json")
        assert response.status_code == 400 and field in response.json(), (body, response.content)
    assert doctor.get(URL).json()["quiet_hours_start"] is None


def test_patients_and_staff_have_no_notification_preferences(client_for, alice, staff):
    assert client_for(alice).get(URL).status_code == 403
    assert client_for(staff).put(URL, {"email_enabled": False}, format="json").status_code == 403
