from django.core.management.base import BaseCommand, CommandError

from bookings import conf
from bookings.actions import consultation_requests_purge


class Command(BaseCommand):
    help = (
        "Delete consultation requests received more than CONSULTATION_RETENTION_DAYS days "
        "ago. `run_worker` runs this every few minutes; --dry-run only reports."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the requests that would be deleted, and delete nothing.",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention in days (default: the CONSULTATION_RETENTION_DAYS setting).",
        )

    def handle(self, *args, dry_run, days, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more.")
        retention = conf.get("CONSULTATION_RETENTION_DAYS") if days is None else days
        result = consultation_requests_purge(retention_days=retention, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        cutoff = result.cutoff.strftime("%Y-%m-%d %H:%M %Z")
        self.stdout.write(
            f"{verb} {len(result.references)} consultation request(s) received before "
            f"{cutoff} (retention {retention} days)."
        )
        for reference in result.references:
            self.stdout.write(f"  {reference}")
