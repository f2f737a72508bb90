"""One prepared production site (migrated, static files collected, demo content) per run."""

import pytest

from tests.production import server as smoke


@pytest.fixture(scope="package")
def production_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("production")
    env = smoke.production_env(tmp)
    smoke.prepare(tmp, env)
    return tmp, env


@pytest.fixture(scope="package")
def production(production_site):
    tmp, env = production_site
    server = smoke.start(dict(env), tmp / "gunicorn.log")
    yield server
    server.stop()
