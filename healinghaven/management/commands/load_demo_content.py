"""Load the clinic's demo content: pages, posts, conditions, images and clinic settings."""

from django.core.management.base import BaseCommand

from healinghaven.demo.loader import DemoContentLoader


class Command(BaseCommand):
    help = (
        "Create the demo pages, posts, conditions, images and clinic settings that are "
        "missing. Safe to run again: nothing that exists is changed or duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--renditions",
            action="store_true",
            help="Also make every image rendition the pages show now (a minute or two), "
            "instead of leaving it to the task worker.",
        )

    def handle(self, *args, **options):
        report = DemoContentLoader().load(make_renditions=options["renditions"])
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if options["verbosity"] > 1:
            for title in report.pages:
                self.stdout.write(f"  created page: {title}")
        self.stdout.write(self.style.SUCCESS(report.summary()))
