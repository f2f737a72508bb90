"""`make run`: the admin login after the server's start-up lines, and a log a person reads."""

import contextlib
import logging
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils.log import configure_logging

from healinghaven.ops.logs import logging_config


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_the_login_is_printed_once_the_server_answers(settings, tmp_path):
    settings.DEBUG = True
    settings.BASE_DIR = tmp_path
    port, requests = free_port(), []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(time.monotonic())
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    def serve_later():
        time.sleep(1)  # the dev server's system checks
        server = HTTPServer(("127.0.0.1", port), Handler)
        server.handle_request()
        server.server_close()

    threading.Thread(target=serve_later, daemon=True).start()
    out = StringIO()
    call_command("local_admin", when_serving=f"http://127.0.0.1:{port}/", stdout=out)
    printed = time.monotonic()
    password = (tmp_path / ".local-admin").read_text().strip()
    assert requests and requests[0] <= printed
    assert f"The site is up at http://127.0.0.1:{port}/" in out.getvalue()
    assert f"username: admin  password: {password}" in out.getvalue()


def test_make_run_prints_the_login_after_starting_the_server():
    makefile = (Path(django_settings.BASE_DIR) / "Makefile").read_text()
    recipe = makefile.split("\nrun: venv\n", 1)[1].split("\n\n", 1)[0]
    assert recipe.index("runserver") < recipe.index("local_admin --when-serving")


@pytest.fixture
def local_log(settings):
    """Logging as a local run configures it (DEBUG on), stdout and stderr in one buffer."""
    settings.DEBUG = True
    config = logging_config("INFO", readable=True)
    config["handlers"]["stdout"]["stream"] = output = StringIO()
    with contextlib.redirect_stderr(output):  # where Django's own console handler writes
        configure_logging(settings.LOGGING_CONFIG, config)
    yield output
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def test_a_local_run_logs_each_record_once_on_one_readable_line(local_log):
    logging.getLogger("django.tasks").info("Task id=7 path=search.index state=SUCCESSFUL")
    logging.getLogger("wagtail").info('Page created: "Home" id=3')
    lines = local_log.getvalue().splitlines()
    assert len(lines) == 2, lines
    assert re.fullmatch(r"\d\d:\d\d:\d\d INFO django\.tasks: Task id=7 .*SUCCESSFUL", lines[0])
    assert re.fullmatch(r'\d\d:\d\d:\d\d INFO wagtail: Page created: "Home" id=3', lines[1])


def test_the_local_settings_log_readable_lines_and_production_json():
    from healinghaven.settings import dev

    assert dev.LOGGING["handlers"]["stdout"]["formatter"] == "readable"
    assert logging_config("INFO")["handlers"]["stdout"]["formatter"] == "json"
