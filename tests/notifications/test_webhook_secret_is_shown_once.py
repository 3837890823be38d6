"""Staff configure their clinic's webhook in the admin: the signing secret is shown once, when it
is made, and never again; the delivery log can be read there, scoped to the clinic."""

import uuid

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.models import User
from notifications.delivery import deliveries_claim
from notifications.models import Delivery, NotificationPreference, WebhookEndpoint
from notifications.red_flag_alerts import red_flag_alerts_raise
from tests.support.factories import PASSWORD


@pytest.fixture
def superuser(clinic):
    return User.objects.create_superuser("root@stride.example", PASSWORD, clinic=clinic)


def test_the_secret_is_shown_on_creation_and_never_echoed_back(client, superuser, clinic):
    client.force_login(superuser)
    response = client.post("/admin/notifications/webhookendpoint/add/", {
        "clinic": str(clinic.pk), "url": "https://hooks.north.example/stride", "is_active": "on",
    }, follow=True)
    assert response.status_code == 200
    endpoint = WebhookEndpoint.objects.get()
    assert len(endpoint.secret) >= 40
    assert endpoint.secret in response.content.decode()

    for page in ("/admin/notifications/webhookendpoint/",
                 f"/admin/notifications/webhookendpoint/{endpoint.pk}/change/"):
        body = client.get(page).content.decode()
        assert "hooks.north.example" in body and endpoint.secret not in body

    old = endpoint.secret
    response = client.post("/admin/notifications/webhookendpoint/", {
        "action": "rotate_secret", "_selected_action": [endpoint.pk]}, follow=True)
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret in response.content.decode()


def test_clinic_staff_see_only_their_clinics_webhooks_and_deliveries(
        client, staff, clinic, other_clinic, alice, pete):
    staff.user_permissions.add(*Permission.objects.filter(
        codename__in=["view_webhookendpoint", "view_delivery"]))
    WebhookEndpoint.objects.create(clinic=clinic, url="http://127.0.0.1:9/north")
    WebhookEndpoint.objects.create(clinic=other_clinic, url="http://127.0.0.1:9/south")
    for patient in (alice, pete):
        (alert,) = red_flag_alerts_raise(patient_id=patient.pk, reports=[{
            "id": uuid.uuid4(), "kind": "back_pain", "red_flags": ["foot_drop"],
            "occurred_at": timezone.now()}])
        # Claimed (logged as pending), not sent: nothing listens at these addresses.
        deliveries_claim(alert_id=alert.pk, revision=1, now=timezone.now())
    client.force_login(staff)
    hooks = client.get("/admin/notifications/webhookendpoint/").content.decode()
    assert "/north" in hooks and "/south" not in hooks
    log = client.get("/admin/notifications/delivery/").content.decode()
    north = Delivery.objects.filter(alert__patient=alice)
    south = Delivery.objects.filter(alert__patient=pete)
    assert north.exists() and south.exists()
    assert all(f"/delivery/{d.pk}/change/" in log for d in north)
    assert not any(f"/delivery/{d.pk}/change/" in log for d in south)


def test_superuser_reads_the_delivery_log_and_preferences(client, superuser, alice, bob):
    NotificationPreference.objects.create(user=bob, email_enabled=False)
    (alert,) = red_flag_alerts_raise(patient_id=alice.pk, reports=[{
        "id": uuid.uuid4(), "kind": "back_pain", "red_flags": ["foot_drop"],
        "occurred_at": timezone.now()}])
    deliveries_claim(alert_id=alert.pk, revision=1, now=timezone.now())
    delivery = Delivery.objects.get(channel="push")
    client.force_login(superuser)
    for page in ("/admin/notifications/delivery/?channel=push",
                 f"/admin/notifications/delivery/{delivery.pk}/change/",
                 "/admin/notifications/notificationpreference/",
                 "/admin/notifications/webhookendpoint/"):
        assert client.get(page).status_code == 200, page
