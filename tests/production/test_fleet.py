"""The site as a fleet: two app servers and two task workers sharing PostgreSQL, Redis and
an S3-compatible object store, everything on 127.0.0.1.

Two gunicorn servers (A and B) run the Docker image's command with production settings;
two `run_worker` processes work the one task queue; Redis is the local server on a database
number of its own with a key prefix unique to the run; moto's server mode is the object
store; an aiosmtpd server on loopback is the staff mailbox. PostgreSQL is required (SQLite
cannot be shared by several machines): without DATABASE_URL pointing at it the test skips,
except in CI (CI or REQUIRE_BROWSER set), where it must run.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes
from email.policy import default as default_policy
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.production import server as smoke
from tests.production.browser import Browser, forms_in

pytestmark = pytest.mark.production

REDIS_DB = 13
STAFF = "front-desk@clinic.test"
BUCKET = "clinic-media"
REQUESTS = 200
PASSWORD = "fleet-" + uuid.uuid4().hex  # a throwaway superuser of the test's own database


def must_run() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER"))


def skip_or_fail(reason: str):
    if must_run():
        pytest.fail(f"{reason}: CI/REQUIRE_BROWSER is set, so the fleet test may not skip")
    pytest.skip(reason)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def staff_subjects(self) -> list[str]:
        return [str(m["Subject"]) for rcpt, m in list(self.messages) if STAFF in rcpt]


def manage(env: dict[str, str], *args: str, extra_env: dict | None = None) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=smoke.REPO,
        env={**env, **(extra_env or {})},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout


def shell(env: dict[str, str], code: str) -> str:
    return manage(env, "shell", "--no-imports", "--command", code).strip()


@pytest.fixture(scope="module")
def postgres_url(django_db_setup, django_db_blocker):
    """The fleet's database: a copy of this worker's freshly migrated test database (the
    release step's `migrate` then finds nothing to do), so the run migrates once less."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        skip_or_fail("the fleet test needs PostgreSQL (set DATABASE_URL to a postgres:// URL)")
    import psycopg
    from django.db import connection

    migrated = connection.settings_dict["NAME"]
    with django_db_blocker.unblock():
        connection.close()  # a database being copied may have no one else connected
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_fleet"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{migrated}"')
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def redis_url():
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        skip_or_fail("the fleet test needs Redis on 127.0.0.1:6379")
    prefix = f"fleet-{uuid.uuid4().hex[:12]}"
    yield f"redis://127.0.0.1:6379/{REDIS_DB}", prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture(scope="module")
def object_store():
    import boto3
    from moto.server import ThreadedMotoServer

    port = smoke.free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="fleet",
        aws_secret_access_key="fleet-secret",  # noqa: S106 - moto accepts any
    )
    client.create_bucket(Bucket=BUCKET)
    # Media is public, as the deployment guide's bucket policy makes it.
    client.put_bucket_policy(
        Bucket=BUCKET,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{BUCKET}/*",
                    }
                ],
            }
        ),
    )
    yield endpoint, client
    server.stop()


@pytest.fixture(scope="module")
def mailbox():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = smoke.free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


class Fleet:
    def __init__(self, env, a, b, workers, inbox, s3_endpoint, s3):
        self.env = env
        self.a = a
        self.b = b
        self.workers = workers
        self.inbox = inbox
        self.s3_endpoint = s3_endpoint
        self.s3 = s3


@pytest.fixture(scope="module")
def fleet(tmp_path_factory, postgres_url, redis_url, object_store, mailbox):
    tmp = tmp_path_factory.mktemp("fleet")
    s3_endpoint, s3 = object_store
    smtp_port, inbox = mailbox
    env = smoke.production_env(
        tmp,
        DATABASE_URL=postgres_url,
        REDIS_URL=redis_url[0],
        CACHE_KEY_PREFIX=redis_url[1],
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=s3_endpoint,
        AWS_S3_REGION_NAME="us-east-1",
        AWS_ACCESS_KEY_ID="fleet",
        AWS_SECRET_ACCESS_KEY="fleet-secret",  # noqa: S106
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}?timeout=10",
        CONSULTATION_NOTIFY_EMAILS=STAFF,
        # The test's clients say who they are in X-Forwarded-For, as one proxy in front would.
        TRUSTED_PROXY_COUNT="1",
        # The rate-limit test sends one request more than this.
        CONSULTATION_RATE_LIMIT="10",
        ADMIN_REQUIRE_TWO_FACTOR="0",
        # Pages stay cached long enough that a stale one would show.
        PAGE_CACHE_SECONDS="600",
        # A worker killed with a request in hand: its lease runs out quickly here.
        CONSULTATION_NOTIFY_LEASE_SECONDS="5",
        CONSULTATION_PERIODIC_SECONDS="2",
        CONSULTATION_NOTIFY_SWEEP_GRACE_SECONDS="2",
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="4",
    )
    smoke.prepare(tmp, env)
    manage(
        env,
        "createsuperuser",
        "--noinput",
        "--username",
        "fleet",
        "--email",
        "fleet@clinic.test",
        extra_env={"DJANGO_SUPERUSER_PASSWORD": PASSWORD},
    )
    # Each app server with a media folder of its own: nothing may come from local disk.
    a = smoke.start({**env, "MEDIA_ROOT": str(tmp / "media-a")}, tmp / "a.log")
    b = smoke.start({**env, "MEDIA_ROOT": str(tmp / "media-b")}, tmp / "b.log")
    workers = []
    for name in ("one", "two"):
        log = (tmp / f"worker-{name}.log").open("w")
        workers.append(
            subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
                cwd=smoke.REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    yield Fleet(env, a, b, workers, inbox, s3_endpoint, s3)
    # Everything is asked to stop at once, then waited for.
    running = [worker for worker in workers if worker.poll() is None]
    for process in [*running, a.process, b.process]:
        process.terminate()
    for worker in running:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    a.stop()
    b.stop()
    for folder in ("media-a", "media-b"):
        leftovers = [p for p in (tmp / folder).rglob("*") if p.is_file()]
        assert leftovers == [], f"{folder} holds files: {leftovers}"


def sign_in(browser: Browser, port: int) -> None:
    reply = browser.get(port, "/admin/login/")
    assert reply.status == 200
    form = next(f for f in forms_in(reply.body) if "password" in f.fields)
    data = {**form.fields, "username": "fleet", "password": PASSWORD}
    reply = browser.post(port, "/admin/login/", data)
    assert reply.status == 302, reply.text[:2000]


def test_a_session_made_on_a_is_valid_on_b(fleet):
    staff = Browser()
    sign_in(staff, fleet.a.port)
    assert any(name.endswith("sessionid") for name in staff.cookies)
    reply = staff.get(fleet.b.port, "/admin/")
    assert reply.status == 200, reply.location
    assert "Dashboard" in reply.text
    # Signing out on B ends the session on A too.
    token = staff.cookies["__Host-csrftoken"]
    assert staff.post(fleet.b.port, "/admin/logout/", {"csrfmiddlewaretoken": token}).status == 302
    assert staff.get(fleet.a.port, "/admin/").status == 302


def test_an_image_uploaded_through_a_is_served_by_b(fleet):
    from tests.factories import image_file

    staff = Browser()
    sign_in(staff, fleet.a.port)
    page = staff.get(fleet.a.port, "/admin/images/add/")
    form = next(f for f in forms_in(page.body) if "title" in f.fields)
    data = {
        **form.fields,
        "title": "Fleet knee model",
        "description": "A plastic knee model on the treatment table",
    }
    if form.selects.get("collection"):
        data["collection"] = next(v for v in form.selects["collection"] if v)
    upload = image_file("fleet-knee.png", size=(800, 600)).file.getvalue()
    reply = staff.post_multipart(
        fleet.a.port, "/admin/images/add/", data, {"file": ("fleet-knee.png", upload)}
    )
    errors = re.findall(r"error-message[^>]*>\s*(?:<[^>]+>\s*)*([^<]+)", reply.text)
    assert reply.status == 302, errors
    image_id = shell(
        fleet.env,
        "from healinghaven.models import SiteImage; "
        "print(SiteImage.objects.get(title='Fleet knee model').pk)",
    )
    keys = [item["Key"] for item in fleet.s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert any(key.startswith("original_images/fleet-knee") for key in keys), keys

    # B renders the image's thumbnail: it reads the original from the bucket and stores
    # the rendition there; the browser loads it from the object store's origin.
    reply = staff.get(fleet.b.port, f"/admin/images/{image_id}/")
    assert reply.status == 200
    urls = set(re.findall(rf'{re.escape(fleet.s3_endpoint)}/{BUCKET}/images/[^"\s]+', reply.text))
    assert urls, "B's page links no rendition in the bucket"
    for url in urls:
        with urllib.request.urlopen(url, timeout=10) as served:  # noqa: S310 - loopback
            assert served.status == 200
            assert served.headers["Content-Type"].startswith("image/")
            assert served.read(8) == b"\x89PNG\r\n\x1a\n"
    csp = reply.headers["Content-Security-Policy"]
    assert fleet.s3_endpoint in re.search(r"img-src[^;]*", csp).group(0)
    # The public policy allows the origin too.
    public_csp = staff.get(fleet.b.port, "/").headers["Content-Security-Policy"]
    assert fleet.s3_endpoint in re.search(r"img-src[^;]*", public_csp).group(0)


def test_a_page_published_through_a_is_fresh_on_b_at_once(fleet):
    visitor = Browser()
    page_id, path, old_title = shell(
        fleet.env,
        "from healinghaven.models import StandardPage; "
        "p = StandardPage.objects.live().order_by('pk').first(); "
        "print(p.pk, p.get_url(), p.title, sep='|')",
    ).split("|")
    visitor.get(fleet.b.port, path)
    cached = visitor.get(fleet.b.port, path)
    assert cached.status == 200
    assert cached.headers["X-Page-Cache"] == "hit"
    assert old_title in cached.text

    # A draft with a new title: not public yet, and B's cached copy stays.
    shell(
        fleet.env,
        "from healinghaven.models import StandardPage; "
        f"p = StandardPage.objects.get(pk={page_id}); p.title = 'Fresh from the fleet'; "
        "p.save_revision()",
    )
    still = visitor.get(fleet.b.port, path)
    assert still.headers["X-Page-Cache"] == "hit"
    assert "Fresh from the fleet" not in still.text

    staff = Browser()
    sign_in(staff, fleet.a.port)
    confirm_path = f"/admin/bulk/wagtailcore/page/publish/?id={page_id}"
    confirm = staff.get(fleet.a.port, confirm_path)
    assert confirm.status == 200
    form = next(f for f in forms_in(confirm.body) if "csrfmiddlewaretoken" in f.fields)
    reply = staff.post(fleet.a.port, form.action or confirm_path, form.fields)
    assert reply.status == 302, reply.text[:2000]

    fresh = visitor.get(fleet.b.port, path)
    assert fresh.status == 200
    assert "Fresh from the fleet" in fresh.text


def consultation_path(fleet) -> str:
    return shell(
        fleet.env,
        "from bookings.models import ConsultationPage; "
        "print(ConsultationPage.objects.live().first().get_url())",
    )


def fill(form, n: int) -> dict[str, str]:
    return {
        **form.fields,
        "full_name": f"Fleet Patient {n:03d}",
        "email": f"patient{n:03d}@example.test",
        "phone": "780-555-0100",
        "service": next(v for v in form.selects["service"] if v),
        "contact_method": form.radios["contact_method"][0],
        "consent": "on",
        "message": "",
    }


def test_rate_limit_counts_across_both_servers(fleet):
    path = consultation_path(fleet)
    visitor = Browser(client_ip="198.51.100.77")
    forms = []
    for n in range(11):
        port = (fleet.a, fleet.b)[n % 2].port
        forms.append((port, forms_in(visitor.get(port, path).body)))
    time.sleep(3.2)  # the form's minimum fill time
    statuses = []
    for n, (port, page_forms) in enumerate(forms):
        form = next(f for f in page_forms if "full_name" in f.fields)
        data = fill(form, 900 + n)
        statuses.append(visitor.post(port, path, data).status)
    assert statuses[:10] == [303] * 10, statuses
    assert statuses[10] == 429  # the eleventh, wherever it lands, is over the limit


def test_consultations_over_both_servers_are_all_kept_and_sent_once_but_a_killed_workers(fleet):
    path = consultation_path(fleet)

    def open_form(n):
        visitor = Browser(client_ip=f"10.{n // 250}.{n % 250}.1")
        port = (fleet.a, fleet.b)[n % 2].port
        form = next(f for f in forms_in(visitor.get(port, path).body) if "full_name" in f.fields)
        return visitor, port, form

    def send(args):
        n, (visitor, port, form) = args
        return visitor.post(port, path, fill(form, n)).status

    with ThreadPoolExecutor(max_workers=8) as pool:
        opened = list(pool.map(open_form, range(REQUESTS)))
        time.sleep(3.2)
        first = list(pool.map(send, enumerate(opened[: REQUESTS // 2])))
        # One worker dies mid-run, without warning, while requests keep coming.
        fleet.workers[0].send_signal(signal.SIGKILL)
        fleet.workers[0].wait(timeout=10)
        second = list(pool.map(send, list(enumerate(opened))[REQUESTS // 2 :]))
    assert first + second == [303] * REQUESTS

    references = shell(
        fleet.env,
        "from bookings.models import ConsultationRequest; "
        "print(*ConsultationRequest.objects.filter(full_name__gte='Fleet Patient 000', "
        "full_name__lte='Fleet Patient 199').values_list('reference', flat=True))",
    ).split()
    assert len(references) == REQUESTS
    assert len(set(references)) == REQUESTS

    def sent_to_staff():
        return [s for s in fleet.inbox.staff_subjects() if any(r in s for r in references)]

    deadline = time.monotonic() + 120
    while len(sent_to_staff()) < REQUESTS and time.monotonic() < deadline:
        time.sleep(1)
    time.sleep(3)  # anything sent twice would come now
    subjects = sent_to_staff()
    sent = {reference: sum(reference in s for s in subjects) for reference in references}
    assert min(sent.values()) == 1, "every request has its staff email"
    # A worker sends one request's emails at a time. Killed after its SMTP server took an
    # email and before the row said so, it leaves that email to be sent again when the
    # lease runs out: once for every request, twice for that one at most.
    again = {reference: n for reference, n in sent.items() if n > 1}
    assert len(subjects) <= REQUESTS + 1 and set(again.values()) <= {2}, again
    assert fleet.workers[1].poll() is None, "the other worker is still running"
