from django.core.management.base import BaseCommand

from bookings.actions import consultation_notifications_sweep


class Command(BaseCommand):
    help = (
        "Queue the emails of consultation requests whose notification is overdue (a failed "
        "or lost task). `run_worker` runs this every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace",
            type=int,
            default=60,
            help="Only requests overdue by at least this many seconds (default: 60).",
        )

    def handle(self, *args, grace, **options):
        count = consultation_notifications_sweep(grace_seconds=grace)
        self.stdout.write(f"Queued the emails of {count} consultation request(s).")
