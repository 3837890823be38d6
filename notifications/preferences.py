"""Carers' notification preferences: reading them with defaults, saving them, quiet hours."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import NotificationPreference

PREFERENCE_FIELDS = ("email_enabled", "email_min_severity", "quiet_hours_start",
                     "quiet_hours_end", "time_zone")


def notification_preference_of(*, user: User) -> NotificationPreference:
    """The user's saved preference, or the defaults (unsaved) when they never set one."""
    try:
        return NotificationPreference.objects.get(user=user)
    except NotificationPreference.DoesNotExist:
        return NotificationPreference(user=user)


@transaction.atomic
def notification_preference_update(*, user: User, data: dict) -> NotificationPreference:
    """Save validated preference fields for ``user``; fields not given keep their value."""
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    for name in PREFERENCE_FIELDS:
        if name in data:
            setattr(preference, name, data[name])
    preference.updated_at = timezone.now()
    preference.full_clean()
    preference.save()
    return preference


def quiet_hours_end_at(*, preference: NotificationPreference, now: datetime) -> datetime | None:
    """When the quiet hours around ``now`` end (UTC), or ``None`` when ``now`` is outside them.

    Start and end are local times in the preference's time zone; a start after the end spans
    midnight (22:00-07:00). Equal or missing times mean no quiet hours.
    """
    start, end = preference.quiet_hours_start, preference.quiet_hours_end
    if start is None or end is None or start == end:
        return None
    zone = ZoneInfo(preference.time_zone or "UTC")
    local = now.astimezone(zone)
    clock = local.time().replace(tzinfo=None)
    if start < end:
        inside = start <= clock < end
    else:
        inside = clock >= start or clock < end
    if not inside:
        return None
    end_day = local.date() if clock < end else local.date() + timedelta(days=1)
    return _local_instant(end_day, end, zone)


def _local_instant(day, at: time, zone: ZoneInfo) -> datetime:
    # A local time skipped by a DST change falls to the same wall time an hour later.
    return datetime.combine(day, at, tzinfo=zone).astimezone(ZoneInfo("UTC"))
