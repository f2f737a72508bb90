"""Create the admin login for a local run and print it.

Only with DEBUG on: a production site gets its administrators with `createsuperuser`.
The password is generated once and kept in `.local-admin` (git-ignored) so that every
`make run` can print the same login. `make run` starts the server first and passes
`--when-serving`, so the login comes after the server's start-up lines, where a person sees it.
"""

import secrets
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"


def wait_until_serving(url: str, timeout: float = 300) -> None:
    """Return once something answers at `url` (any HTTP status)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=10).close()  # noqa: S310 (the local server)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise CommandError(f"Nothing answered at {url}.") from None
            time.sleep(0.5)


class Command(BaseCommand):
    help = "Create (once) and print the admin login for a local run. Refuses when DEBUG is off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--when-serving",
            metavar="URL",
            help="Print the login once the site at URL answers (make run starts the server).",
        )

    def handle(self, *args, when_serving=None, **options):
        if not settings.DEBUG:
            raise CommandError("local_admin is for local runs only (DEBUG is off).")
        if when_serving:
            wait_until_serving(when_serving)
        login_file = Path(settings.BASE_DIR) / ".local-admin"
        User = get_user_model()
        user = User.objects.filter(username=USERNAME).first()
        password = login_file.read_text().strip() if login_file.exists() else ""

        if user is None:
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(
                username=USERNAME, email="admin@localhost", password=password
            )
            login_file.write_text(password + "\n")
            login_file.chmod(0o600)
        elif not password or not user.check_password(password):
            self.stdout.write(
                f"The local admin '{USERNAME}' exists with a password this command did not "
                f"set. Change it with: .venv/bin/python manage.py changepassword {USERNAME}"
            )
            return

        base_url = settings.WAGTAILADMIN_BASE_URL
        up = (
            f"\nThe site is up at {when_serving}; the task worker runs beside it. "
            "Ctrl-C stops both.\n"
        )
        self.stdout.write(
            (up if when_serving else "")
            + self.style.SUCCESS(
                f"Admin login for this local run: {base_url}/admin/  "
                f"username: {USERNAME}  password: {password}\n"
            )
        )
