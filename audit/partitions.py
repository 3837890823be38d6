"""Monthly partitions of the audit table (PostgreSQL declarative partitioning by
``occurred_at``). Months are made ahead of time; a DEFAULT partition takes any row whose month
is missing, so nothing is ever lost. An old month is archived by detaching its partition (it
becomes a plain table to dump and drop) while every other month stays online."""

import logging
from datetime import UTC, date, datetime

from django.db import connection

logger = logging.getLogger(__name__)

TABLE = "audit_auditevent"
DEFAULT_PARTITION = f"{TABLE}_default"


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return date(day.year, day.month, 1)


def month_add(month: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``month``."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def partition_name(month: date) -> str:
    """The partition table of a month, e.g. ``audit_auditevent_y2026m12``."""
    return f"{TABLE}_y{month.year:04d}m{month.month:02d}"


def _bound(month: date) -> str:
    return datetime(month.year, month.month, 1, tzinfo=UTC).isoformat()


def partitions_attached() -> list[str]:
    """Names of the partitions attached to the audit table, the default one included."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass ORDER BY c.relname", [TABLE])
        return [row[0] for row in cur.fetchall()]


def audit_partitions_ensure(*, first_month: date, last_month: date) -> list[str]:
    """Create the monthly partitions from ``first_month`` to ``last_month`` that are missing;
    returns the names created. A month whose rows already went to the DEFAULT partition is left
    there (moving them would need the DELETE the table refuses) and logged."""
    created = []
    existing = set(partitions_attached())
    month = month_start(first_month)
    while month <= last_month:
        name = partition_name(month)
        start, end = _bound(month), _bound(month_add(month, 1))
        if name in existing:
            month = month_add(month, 1)
            continue
        with connection.cursor() as cur:
            cur.execute(f'SELECT EXISTS (SELECT 1 FROM "{DEFAULT_PARTITION}" '
                        "WHERE occurred_at >= %s AND occurred_at < %s)", [start, end])
            if cur.fetchone()[0]:
                logger.warning("audit rows of %s are in the default partition; %s not made",
                               month, name)
            else:
                cur.execute(f'CREATE TABLE "{name}" PARTITION OF "{TABLE}" '
                            f"FOR VALUES FROM ('{start}') TO ('{end}')")
                created.append(name)
        month = month_add(month, 1)
    return created


def audit_partition_detach(*, month: date) -> str:
    """Detach a month's partition for archiving: its rows leave the audit table and stay in a
    plain table of the same name (dump it, then drop it). Returns that table's name."""
    name = partition_name(month_start(month))
    with connection.cursor() as cur:
        cur.execute(f'ALTER TABLE "{TABLE}" DETACH PARTITION "{name}"')
    return name


def audit_partitions_make_ahead(*, months_ahead: int, today: date | None = None) -> list[str]:
    """Make this month's partition and the next ``months_ahead`` months' (the beat task and
    ``manage.py audit_partitions`` call this)."""
    from django.utils import timezone

    first = month_start(today or timezone.now().date())
    return audit_partitions_ensure(first_month=first, last_month=month_add(first, months_ahead))
