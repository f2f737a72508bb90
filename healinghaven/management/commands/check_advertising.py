"""List wording that breaks the profession's advertising rules (healinghaven/editorial/advertising.py)."""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from healinghaven.demo.checks import advertising_problems
from healinghaven.editorial import advertising


class Command(BaseCommand):
    help = (
        "Check the live pages (or, with --demo, the demo content's source) for superlatives, "
        "claims of expertise, promises of results, 'free' services and inducements."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="Check the demo content instead of the pages."
        )

    def handle(self, *args, demo: bool = False, **options):
        if demo:
            problems = advertising_problems()
        else:
            problems = []
            for page in Page.objects.live().filter(depth__gt=1).specific().iterator():
                texts = [
                    (f"{page.url_path} {where}", text)
                    for where, text in advertising.page_texts(page)
                ]
                problems += advertising.find_problems_in(texts)
        for problem in problems:
            self.stdout.write(f"{problem.where}: “{problem.phrase}” ({problem.rule.name})")
        if problems:
            raise CommandError(f"{len(problems)} wording problem(s) found.")
        self.stdout.write("No wording breaks the advertising rules.")
