"""The configuration contract: settings read the environment safely."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from healinghaven.settings.environment import env_bool, mailer_from_url

REPO = Path(__file__).resolve().parent.parent


def run_django(settings_module: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            # Reading a setting imports the settings module, where these checks run; no
            # app needs to be loaded for that.
            "from django.conf import settings; "
            "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])",
        ],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_django("healinghaven.settings.production", {})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_dev_with_debug_off_also_needs_a_secret_key():
    result = run_django("healinghaven.settings.dev", {"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_secret_key_and_postgres_url():
    result = run_django(
        "healinghaven.settings.production",
        {"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u:p@db.internal:5432/site"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "django.db.backends.postgresql"]


def test_dev_defaults_to_debug_and_sqlite():
    result = run_django("healinghaven.settings.dev", {})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]


def test_env_bool_rejects_nonsense(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("DEBUG")


class TestEmailUrl:
    def test_smtp_with_starttls_credentials_and_timeout(self):
        mailer = mailer_from_url(
            "smtp://clinic%40example.com:s%3Acret@mail.example.com:587?tls=True"
        )
        assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
        assert mailer["OPTIONS"] == {
            "host": "mail.example.com",
            "port": 587,
            "username": "clinic@example.com",
            "password": "s:cret",
            "use_tls": True,
            "use_ssl": False,
            "timeout": 10.0,
        }

    def test_smtps_means_implicit_tls(self):
        options = mailer_from_url("smtps://mail.example.com?timeout=3")["OPTIONS"]
        assert options["use_ssl"] is True and options["use_tls"] is False
        assert options["timeout"] == 3.0

    def test_console_needs_no_options(self):
        assert mailer_from_url("console://") == {
            "BACKEND": "django.core.mail.backends.console.EmailBackend"
        }

    @pytest.mark.parametrize(
        "url",
        ["ftp://mail.example.com", "smtp://", "smtp://host?ssl=1&tls=1", "smtp://host:notaport"],
    )
    def test_bad_urls_are_explained(self, url):
        with pytest.raises(ImproperlyConfigured):
            mailer_from_url(url)
