"""Publish outbox work left pending while the broker was down (beat also does this every 10 s,
and publishes again the messages whose lease ran out)."""

from django.core.management.base import BaseCommand

from notifications.outbox import outbox_relay


class Command(BaseCommand):
    help = "Publish pending outbox messages to the broker."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true",
                            help="Also publish messages waiting out a retry backoff.")

    def handle(self, *args, now=False, **options):
        total = 0
        while True:
            published = outbox_relay(ignore_backoff=now)
            total += published
            if not published:
                break
        self.stdout.write(f"Published {total} pending messages.")
