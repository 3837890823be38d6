"""Make the audit table's monthly partitions ahead of time, or detach an old month to archive."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from audit.partitions import audit_partition_detach, audit_partitions_make_ahead, partition_name


def _month(value: str) -> date:
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except ValueError as exc:
        raise CommandError(f"--detach takes a month as YYYY-MM, not {value!r}.") from exc


class Command(BaseCommand):
    help = ("Create this month's audit partition and the next months' (running it again changes "
            "nothing); with --detach YYYY-MM, detach that month's partition for archiving.")

    def add_arguments(self, parser):
        parser.add_argument("--months-ahead", type=int,
                            default=settings.AUDIT_PARTITION_MONTHS_AHEAD)
        parser.add_argument("--detach", metavar="YYYY-MM",
                            help="Detach this month's partition: it becomes a plain table to "
                                 "dump (pg_dump -t) and drop.")

    def handle(self, *args, months_ahead, detach=None, **options):
        if detach:
            month = _month(detach)
            if month >= timezone.now().date().replace(day=1):
                raise CommandError("Only a month that is over can be detached.")
            try:
                table = audit_partition_detach(month=month)
            except DatabaseError as exc:
                raise CommandError(f"Could not detach {partition_name(month)}: {exc}") from exc
            self.stdout.write(f"Detached {table}: dump it (pg_dump -t {table}), then drop it.")
            return
        if months_ahead < 0:
            raise CommandError("--months-ahead must be 0 or more.")
        created = audit_partitions_make_ahead(months_ahead=months_ahead)
        self.stdout.write(f"Created {len(created)} partitions: {', '.join(created) or 'none'}.")
