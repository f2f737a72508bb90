"""The deploy files keep the configuration contract: compose.yaml, compose.dev.yaml, the
Caddyfile, the Procfile, .env.example and the Dependabot configuration.

Every command they run exists, every variable they give the site is one the code reads,
and the order is release, then web and worker. Nothing here needs Docker; the last tests
run `docker compose config` where a compose client is installed, and skip otherwise.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

from tests.production.server import REPO, dockerfile_cmd

COMPOSE = yaml.safe_load((REPO / "compose.yaml").read_text())
COMPOSE_DEV = yaml.safe_load((REPO / "compose.dev.yaml").read_text())
APP_SERVICES = ("release", "web", "worker")
WEB_COMMAND = ["gunicorn", "--config", "gunicorn.conf.py", "healinghaven.wsgi"]
WORKER_COMMAND = ["python", "manage.py", "run_worker"]


def variables_the_code_reads() -> set[str]:
    """Every environment variable name the settings, gunicorn.conf.py and the image read."""
    names: set[str] = set()
    for path in (REPO / "healinghaven" / "settings").glob("*.py"):
        names |= set(
            re.findall(r"\benv_(?:str|bool|int|list)\(\s*\"([A-Z0-9_]+)\"", path.read_text())
        )
    gunicorn_conf = (REPO / "gunicorn.conf.py").read_text()
    names |= set(re.findall(r"os\.environ\.get\(\s*\"([A-Z0-9_]+)\"", gunicorn_conf))
    names |= set(re.findall(r"\b_int\(\s*[\"']([A-Z0-9_]+)[\"']", gunicorn_conf))
    # Variables the image defines (DJANGO_SETTINGS_MODULE, PORT, MEDIA_ROOT, RELEASE, ...).
    dockerfile = (REPO / "Dockerfile").read_text()
    for block in re.findall(r"^ENV ((?:.*\\\n)*.*)$", dockerfile, flags=re.MULTILINE):
        names |= set(re.findall(r"\b([A-Z][A-Z0-9_]*)=", block))
    return names


def compose_interpolation_names(text: str) -> set[str]:
    return set(re.findall(r"\$\{([A-Z0-9_]+)", text))


def commands_in(command: list[str] | str) -> list[list[str]]:
    """A service's command as the argument lists it runs (`sh -c "a && b"` is two)."""
    if isinstance(command, str):
        command = shlex.split(command)
    if command[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in command[2].split("&&")]
    return [command]


def assert_command_exists(argv: list[str]) -> None:
    if argv[:2] == ["python", "manage.py"]:
        assert (REPO / "manage.py").is_file()
        assert argv[2] in get_commands(), f"no management command {argv[2]!r}"
    elif argv[0] == "gunicorn":
        assert argv == WEB_COMMAND == dockerfile_cmd()
        assert (REPO / argv[2]).is_file()
        assert (REPO / (argv[3].replace(".", "/") + ".py")).is_file()
    else:
        raise AssertionError(f"a command the site does not have: {argv}")


# --- compose.yaml ----------------------------------------------------------------------


def test_the_stack_has_web_worker_database_cache_proxy_and_a_release_step():
    assert set(COMPOSE["services"]) == {"release", "web", "worker", "db", "redis", "proxy"}
    assert COMPOSE["services"]["db"]["image"].startswith("postgres:")
    assert COMPOSE["services"]["redis"]["image"].startswith("redis:")
    assert COMPOSE["services"]["proxy"]["image"].startswith("caddy:")


def test_without_a_build_argument_the_image_names_its_release_after_its_code(tmp_path):
    """The Dockerfile writes RELEASE from a digest of the code (the settings read it), so a
    build of changed code never reads pages an older build stored."""
    line = next(
        line
        for line in (REPO / "Dockerfile").read_text().splitlines()
        if line.startswith("RUN ") and line.endswith("> RELEASE")
    )
    code = re.search(r'-c "(.*)" > RELEASE$', line).group(1)

    def release(**env) -> str:
        clean = {k: v for k, v in os.environ.items() if k != "RELEASE"} | env
        result = subprocess.run(  # noqa: S603 - the Dockerfile's own command
            [sys.executable, "-c", code], cwd=tmp_path, env=clean, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text("<main>")
    first = release()
    assert re.fullmatch(r"[0-9a-f]{12}", first)
    assert release() == first
    (tmp_path / "templates" / "base.html").write_text("<main id='main'>")
    assert release() != first
    assert release(RELEASE="4f2a9c1") == "4f2a9c1"


@pytest.mark.parametrize("compose", [COMPOSE, COMPOSE_DEV], ids=["compose", "compose.dev"])
def test_every_command_exists(compose):
    services = compose["services"]
    for name in APP_SERVICES:
        for argv in commands_in(services[name]["command"]):
            assert_command_exists(argv)
    assert services["web"]["command"] == WEB_COMMAND
    assert services["worker"]["command"] == WORKER_COMMAND


def test_the_release_step_migrates_and_checks_the_deploy_before_web_and_worker_start():
    services = COMPOSE["services"]
    release = commands_in(services["release"]["command"])
    assert release[0] == ["python", "manage.py", "migrate", "--noinput"]
    assert ["python", "manage.py", "check", "--deploy", "--fail-level", "WARNING"] in release
    assert services["release"]["restart"] == "no"
    assert services["release"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("web", "worker"):
        condition = services[name]["depends_on"]["release"]["condition"]
        assert condition == "service_completed_successfully"


@pytest.mark.parametrize("compose", [COMPOSE, COMPOSE_DEV], ids=["compose", "compose.dev"])
def test_every_variable_given_to_the_site_is_one_the_code_reads(compose):
    known = variables_the_code_reads()
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "PORT", "RELEASE"} <= known
    for name in APP_SERVICES:
        given = set(compose["services"][name]["environment"])
        assert given - known == set(), f"{name} sets variables nothing reads"


def test_several_processes_share_redis_and_media_lives_on_a_named_volume():
    for name in APP_SERVICES:
        service = COMPOSE["services"][name]
        assert service["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert service["environment"]["MEDIA_ROOT"] == "/data/media"
        assert "media:/data/media" in service["volumes"]
    assert "db:/var/lib/postgresql/data" in COMPOSE["services"]["db"]["volumes"]
    assert "media:/srv/media:ro" in COMPOSE["services"]["proxy"]["volumes"]
    assert {"db", "media"} <= set(COMPOSE["volumes"])


def test_the_image_is_built_here_with_the_release_as_build_argument():
    for name in APP_SERVICES:
        build = COMPOSE["services"][name]["build"]
        assert build["context"] == "."
        assert "RELEASE" in build["args"]
    assert re.search(r"^ARG RELEASE\b", (REPO / "Dockerfile").read_text(), flags=re.MULTILINE)


@pytest.mark.parametrize("compose", [COMPOSE, COMPOSE_DEV], ids=["compose", "compose.dev"])
def test_health_checks_and_restart_policies(compose):
    services = compose["services"]
    web_check = " ".join(services["web"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/readyz" in web_check
    assert services["web"]["environment"]["PORT"] == "8000"
    assert "pg_isready" in services["db"]["healthcheck"]["test"]
    assert "ping" in services["redis"]["healthcheck"]["test"]
    assert "test" in services["proxy"]["healthcheck"]
    # The worker opens no port: the image's check (which asks the web port) is off.
    assert services["worker"]["healthcheck"] == {"disable": True}
    for name in ("web", "worker", "db", "redis", "proxy"):
        assert services[name]["restart"] == "unless-stopped"
    assert services["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_the_proxy_sends_requests_to_web_on_the_port_gunicorn_listens_on():
    caddyfile = (REPO / "Caddyfile").read_text()
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in COMPOSE["services"]["proxy"]["volumes"]
    assert "{$SITE_ADDRESS}" in caddyfile
    assert re.search(r"reverse_proxy web:8000\b", caddyfile)
    assert set(COMPOSE["services"]["proxy"]["ports"]) >= {"80:80", "443:443"}
    environment = COMPOSE["services"]["web"]["environment"]
    assert environment["TRUSTED_PROXY_COUNT"] == "1"
    # The site compresses only what it may cache (BREACH): the proxy must not compress.
    assert not re.search(r"^\s*encode\b", caddyfile, flags=re.MULTILINE)


# --- compose.dev.yaml ------------------------------------------------------------------


def test_the_development_variant_is_the_same_stack_on_plain_http_with_the_demo_content():
    production, development = COMPOSE["services"], COMPOSE_DEV["services"]
    assert set(development) == set(production)
    for name in ("db", "redis", "proxy"):
        assert development[name]["image"] == production[name]["image"]
    assert COMPOSE_DEV["name"] != COMPOSE["name"]  # volumes of their own
    release = commands_in(development["release"]["command"])
    assert release == [
        ["python", "manage.py", "migrate", "--noinput"],
        ["python", "manage.py", "load_demo_content"],
    ]
    for name in APP_SERVICES:
        environment = development[name]["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "healinghaven.settings.dev"
        assert environment["WAGTAILADMIN_BASE_URL"].startswith("http://localhost")
    assert development["proxy"]["environment"]["SITE_ADDRESS"] == ":80"
    assert development["proxy"]["ports"] == ["127.0.0.1:8000:80"]


# --- .env.example, Procfile, Dependabot -----------------------------------------------------


def test_every_variable_in_the_env_example_is_read_by_the_code_or_by_compose():
    names = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", (REPO / ".env.example").read_text(), re.M))
    compose_names = compose_interpolation_names((REPO / "compose.yaml").read_text())
    assert {"DOMAIN", "POSTGRES_PASSWORD"} <= names & compose_names
    assert names - variables_the_code_reads() - compose_names == set()


def test_the_procfile_runs_the_same_commands_as_the_image():
    processes = dict(
        line.split(":", 1) for line in (REPO / "Procfile").read_text().splitlines() if line
    )
    assert set(processes) == {"web", "worker", "release"}
    for command in processes.values():
        for argv in commands_in(["sh", "-c", command.strip()]):
            assert_command_exists(argv)
    assert shlex.split(processes["web"]) == WEB_COMMAND
    assert shlex.split(processes["worker"]) == WORKER_COMMAND
    assert processes["release"].strip().startswith("python manage.py migrate --noinput")


def test_dependabot_watches_python_npm_and_the_images():
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text())
    assert config["version"] == 2
    ecosystems = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(ecosystems) == {"pip", "npm", "docker", "docker-compose"}
    for update in ecosystems.values():
        assert (REPO / update["directory"].lstrip("/")).is_dir()
    assert (REPO / "pyproject.toml").is_file() and (REPO / "package.json").is_file()


def test_make_upgrade_re_locks_both_files_to_the_newest_releases_then_tests():
    make = shutil.which("make")
    if not make:
        pytest.skip("make is not installed")
    result = subprocess.run(  # noqa: S603
        [make, "--dry-run", "upgrade"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    compiles = [line for line in result.stdout.splitlines() if "uv pip compile" in line]
    assert len(compiles) == 2
    assert all("--upgrade" in line and "--generate-hashes" in line for line in compiles)
    assert {"requirements/prod.txt", "requirements/dev.txt"} == {
        re.search(r"-o (\S+)", line).group(1) for line in compiles
    }
    assert "pytest" in result.stdout


# --- docker compose config -------------------------------------------------------------------


def compose_env() -> dict[str, str]:
    """This environment without anything compose would read in place of the .env file."""
    interpolated = compose_interpolation_names((REPO / "compose.yaml").read_text())
    return {
        key: value
        for key, value in os.environ.items()
        if key not in interpolated and not key.startswith("COMPOSE_")
    }


def compose_client() -> list[str] | None:
    """`docker compose` (the plugin), or a standalone `docker-compose` of version 2."""
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run(  # noqa: S603
            [docker, "compose", "version"], capture_output=True, text=True, check=False
        )
        if probe.returncode == 0:
            return [docker, "compose"]
    standalone = shutil.which("docker-compose")
    if standalone:
        probe = subprocess.run(  # noqa: S603
            [standalone, "version", "--short"], capture_output=True, text=True, check=False
        )
        if probe.returncode == 0 and probe.stdout.strip().lstrip("v").startswith("2"):
            return [standalone]
    return None


def compose_config(tmp_path: Path, filename: str, env_text: str | None) -> tuple[dict, str]:
    client = compose_client()
    if client is None:
        pytest.skip("no docker compose client here (it needs no engine for `config`)")
    for name in (filename, "Caddyfile"):
        shutil.copy(REPO / name, tmp_path / name)
    if env_text is not None:
        (tmp_path / ".env").write_text(env_text)
    result = subprocess.run(  # noqa: S603
        [*client, "--project-directory", str(tmp_path), "-f", str(tmp_path / filename)]
        + ["config", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=compose_env(),
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout), result.stderr


def test_docker_compose_accepts_compose_yaml_with_the_env_example_filled_in(tmp_path):
    env_text = (REPO / ".env.example").read_text()
    env_text = env_text.replace("\nPOSTGRES_PASSWORD=\n", "\nPOSTGRES_PASSWORD=0123abcd\n")
    env_text = env_text.replace("\nSECRET_KEY=\n", "\nSECRET_KEY=" + "k" * 50 + "\n")
    config, stderr = compose_config(tmp_path, "compose.yaml", env_text)
    assert "not set" not in stderr, stderr
    web = config["services"]["web"]["environment"]
    assert web["DATABASE_URL"] == "postgres://healinghaven:0123abcd@db:5432/healinghaven"
    assert web["ALLOWED_HOSTS"] == "www.example.com"
    assert web["CSRF_TRUSTED_ORIGINS"] == "https://www.example.com"
    assert web["WAGTAILADMIN_BASE_URL"] == "https://www.example.com"
    assert web["SECRET_KEY"] == "k" * 50  # from .env
    assert web["MEDIA_ROOT"] == "/data/media"  # compose wins over .env's empty value
    assert config["services"]["proxy"]["environment"]["SITE_ADDRESS"] == "www.example.com"


def test_docker_compose_refuses_to_start_without_the_database_password(tmp_path):
    client = compose_client()
    if client is None:
        pytest.skip("no docker compose client here (it needs no engine for `config`)")
    shutil.copy(REPO / "compose.yaml", tmp_path / "compose.yaml")
    (tmp_path / ".env").write_text("DOMAIN=www.example.com\n")
    result = subprocess.run(  # noqa: S603
        [*client, "-f", str(tmp_path / "compose.yaml"), "config"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=compose_env(),
    )
    assert result.returncode != 0
    assert "POSTGRES_PASSWORD" in result.stderr


def test_docker_compose_accepts_the_development_variant_without_an_env_file(tmp_path):
    config, stderr = compose_config(tmp_path, "compose.dev.yaml", None)
    assert "not set" not in stderr, stderr
    assert config["name"] == "healinghaven-dev"
    assert config["services"]["web"]["environment"]["DEBUG"] == "1"
