"""Shared fixtures: a small site tree like the real one, built without the demo loader;
the test database, set up once per worker process; and which tests share a worker."""

import os
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests import database, factories
from tests.content import build_content, make_clinic, make_home

_DB_BLOCKER = pytest.StashKey()


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's set-up, with two changes: the default database is made whatever the
    collected tests ask for (the demo-site tests ask for none, tests/e2e/conftest.py), and
    its migrated rows are remembered, to be put back after each transactional test
    (tests/database.py). Under pytest-xdist each worker has its own database (`_gw0`...)."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        databases = setup_databases(
            verbosity=0,
            interactive=False,
            keepdb=django_db_keepdb and not django_db_createdb,
            aliases={"default"},
            serialized_aliases=set(),
        )
        database.remember()
    request.config.stash[_DB_BLOCKER] = django_db_blocker
    yield
    del request.config.stash[_DB_BLOCKER]
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(databases, verbosity=0)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, Django has emptied the database: put back what the
    migrations left, for the tests that follow (in this run, or the next with --reuse-db)."""
    result = yield
    blocker = item.config.stash.get(_DB_BLOCKER, None)
    if blocker is not None and database.is_transactional(item):
        with blocker.unblock():
            database.restore()
    return result


# Tests that share something costly or one of a kind run on one worker under pytest-xdist
# (`make test`: `-n auto --dist loadgroup`), each group on one: the production tests
# (prepared sites under gunicorn, the fleet's database, servers and task workers), the
# browser tests of the demo site (loaded once, with its live server) and the browser tests
# with a live server and a site of their own. They take the longest, so they are handed
# out first, in this order; any other test runs with the rest of its module (so that
# module-scoped fixtures are built once), as collected.
WORKER_GROUPS = {
    "tests/production/": "production",
    "tests/e2e/test_editor.py": "live server",
    "tests/e2e/test_booking_flow.py": "live server",
    "tests/e2e/test_clinic_clock.py": "live server",
    "tests/e2e/": "demo site",
}
GROUP_ORDER = list(dict.fromkeys(WORKER_GROUPS.values()))


def worker_group(nodeid: str) -> str:
    path = nodeid.split("::")[0]
    return next((g for prefix, g in WORKER_GROUPS.items() if path.startswith(prefix)), path)


def pytest_collection_modifyitems(items):
    """The groups first, in their order; the rest as collected (a stable sort keeps
    pytest-django's order within each)."""
    last = len(GROUP_ORDER)
    group_rank = {group: rank for rank, group in enumerate(GROUP_ORDER)}
    items.sort(key=lambda item: group_rank.get(worker_group(item.nodeid), last))


def pytest_xdist_auto_num_workers(config):
    """`-n auto`: one worker per core, and one more. The browser and production tests spend
    a third of their time waiting for Chromium, gunicorn and the processes they start; a
    third worker on two cores fills it. PYTEST_XDIST_AUTO_NUM_WORKERS still decides when
    set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    return len(os.sched_getaffinity(0)) + 1 if hasattr(os, "sched_getaffinity") else None


def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup`, with the groups above, handed out in the order collected.
    pytest-xdist 3.8 groups by `xdist_group` marks through node ids, which pytest 9.2 no
    longer lets it change: its own loadgroup runs every test on its own; and it would hand
    out the groups with the most tests first, not the longest."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class WorkerGroups(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return worker_group(nodeid)

    config.option.loadscopereorder = False
    return WorkerGroups(config, log)


@pytest.fixture(autouse=True)
def _media_root(request, settings, tmp_path):
    """Uploads go to a folder of the test's own, or of its module's when the module's tests
    share rows (`module_db`), since those rows name files in it."""
    if "module_db" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("module_db").media
    else:
        settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """Rows a module's tests share, written once: a transaction stays open for the whole
    module, each test runs inside it in a savepoint of its own (as pytest-django's `db` does
    in a transaction) and the rows go when the module is done. A module-scoped fixture
    writes them inside `with module_db():`, and a function-scoped one hands each test fresh
    copies (`database.reloaded`), so nothing a test changes in memory reaches the next.
    Not for transactional tests, which would commit it."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()

    @contextmanager
    def writing():
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
            yield

    writing.media = media
    yield writing
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts and ends with empty caches: no page cached by an earlier test, and
    no rendition (Wagtail caches them by image id, and ids are reused once a
    test's rows are rolled back)."""
    from django.core.cache import caches

    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture(scope="module")
def shared_site(module_db):
    """tests/content.py's clinic site, built once for the module's tests."""
    with module_db():
        return build_content()


@pytest.fixture
def site(db, shared_site):
    """The module's clinic site (tests/content.py), its objects fresh for each test."""
    return database.reloaded(shared_site)


@pytest.fixture
def home(db):
    """A HomePage as the default site's root, in place of Wagtail's welcome page."""
    return make_home()


@pytest.fixture
def clinic(home):
    return make_clinic()


@pytest.fixture
def service_index(home):
    return factories.ServiceIndexPageFactory(parent=home)


@pytest.fixture
def blog_index(home):
    return factories.BlogIndexPageFactory(parent=home)


@pytest.fixture
def dry_needling(service_index):
    return factories.ServicePageFactory(
        parent=service_index, title="Dry needling", slug="dry-needling"
    )


@pytest.fixture
def posts_use_a_csp_nonce(monkeypatch):
    """Blog posts whose template asks for the CSP nonce, as one using {{ csp_nonce }} does:
    Django's CSP middleware then puts a nonce, new on every response, in the header."""
    from django.middleware.csp import get_nonce

    from blog.models import BlogPage

    original = BlogPage.serve

    def serve_with_nonce(self, request, *args, **kwargs):
        response = original(self, request, *args, **kwargs)
        str(get_nonce(request))
        return response

    monkeypatch.setattr(BlogPage, "serve", serve_with_nonce)


@pytest.fixture
def run_queue(monkeypatch):
    """Work the task queue with our worker in batch mode, in this process.

    Inside a test transaction the worker must not recycle the connection (that would end
    the test's transaction), so its connection check is switched off here.
    """
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def _run(periodic: bool = False):
        args = ["run_worker", "--batch", "--verbosity", "0"]
        if not periodic:
            args.append("--no-periodic")
        call_command(*args)

    return _run
