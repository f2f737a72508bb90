"""The page cache: a second anonymous request costs no query, anything that changes what a
page shows makes it stale everywhere, and nothing personal or one-off is ever kept."""

import gzip
import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.cache import patch_cache_control

from healinghaven import pagecache, sitecache
from healinghaven.models import SiteImage
from tests import factories


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def post(blog_index):
    return factories.BlogPageFactory(parent=blog_index, title="Dry needling 101", slug="dn-101")


def get_without_queries(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    return response, len(captured)


@pytest.mark.django_db
def test_a_second_anonymous_request_is_served_without_the_database(
    page_cache, client, clinic, post
):
    first = client.get(post.url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"

    second, queries = get_without_queries(client, post.url)
    assert queries == 0
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # The stored response keeps its headers, the Content-Security-Policy included.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


@pytest.mark.django_db
def test_tracking_parameters_share_the_cached_page_and_others_bypass_it(
    page_cache, client, clinic, post
):
    client.get(post.url)
    response, queries = get_without_queries(client, post.url + "?utm_source=facebook&fbclid=x")
    assert (response["X-Page-Cache"], queries) == ("hit", 0)
    response = client.get(post.url + "?anything=else")
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_pages_send_an_etag_and_answer_304(page_cache, client, clinic, post):
    response = client.get(post.url)
    etag = response["ETag"]
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"]
    assert "s-maxage=60" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]

    again = client.get(post.url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(post.url, headers={"if-modified-since": response["Last-Modified"]})
    assert since.status_code == 304


@pytest.mark.django_db
def test_etag_and_304_also_work_with_the_cache_off(settings, client, clinic, post):
    settings.PAGE_CACHE_ENABLED = False
    response = client.get(post.url)
    assert "X-Page-Cache" not in response
    again = client.get(post.url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


@pytest.mark.django_db
def test_the_cache_off_renders_every_request(settings, client, clinic, post):
    settings.PAGE_CACHE_ENABLED = False
    client.get(post.url)
    response, _ = get_without_queries(client, post.url)
    assert "X-Page-Cache" not in response
    settings.RENDER_CACHE_ENABLED = False  # and without its kept parts (test_fragments.py)
    _, queries = get_without_queries(client, post.url)
    assert queries > 0


@pytest.mark.django_db
def test_publishing_a_change_invalidates_the_page(
    page_cache, client, clinic, post, django_capture_on_commit_callbacks
):
    assert b"Dry needling 101" in client.get(post.url).content
    post.title = "Dry needling explained"
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    response = client.get(post.url)
    assert response["X-Page-Cache"] == "miss"
    assert b"Dry needling explained" in response.content


@pytest.mark.django_db
def test_a_new_post_shows_on_the_cached_blog_index(
    page_cache, client, clinic, blog_index, post, django_capture_on_commit_callbacks
):
    client.get(blog_index.url)
    with django_capture_on_commit_callbacks(execute=True):
        new = factories.BlogPageFactory(
            parent=blog_index, title="Sciatica relief", slug="sciatica", live=False
        )
        new.save_revision().publish()
    assert b"Sciatica relief" in client.get(blog_index.url).content


@pytest.mark.django_db
def test_unpublishing_invalidates_the_page(page_cache, client, clinic, post):
    assert client.get(post.url).status_code == 200
    post.unpublish()
    assert client.get(post.url).status_code == 404


@pytest.mark.django_db
def test_clinic_settings_snippets_and_images_invalidate(page_cache, client, clinic, post):
    def stale_after(change) -> bool:
        client.get(post.url)
        assert client.get(post.url)["X-Page-Cache"] == "hit"
        change()
        return client.get(post.url)["X-Page-Cache"] == "miss"

    def new_phone():
        clinic.phone = "(780) 555-0199"
        clinic.save()

    assert stale_after(new_phone)
    assert b"(780) 555-0199" in client.get(post.url).content
    assert stale_after(lambda: factories.BlogCategoryFactory())
    assert stale_after(lambda: factories.ConditionFactory())
    image = SiteImage.objects.get(pk=post.hero_image_id)
    image.description = "A physiotherapist places a fine needle in a patient's shoulder"
    assert stale_after(image.save)


@pytest.mark.django_db
def test_the_generation_is_shared_through_the_cache(page_cache):
    """Another app server bumps the number in the shared cache: this one sees it."""
    before = sitecache.current_generation()
    cache.incr(sitecache.GENERATION_KEY)  # what a bump on another server does
    assert sitecache.current_generation() == before + 1
    cache.delete(sitecache.GENERATION_KEY)  # evicted: a bump still changes the number
    start = sitecache.current_generation()
    sitecache.bump_generation()
    assert sitecache.current_generation() != start


@pytest.mark.django_db
def test_an_evicted_generation_never_brings_back_what_was_kept_before(
    page_cache, client, clinic, post, django_capture_on_commit_callbacks
):
    """Redis may evict the generation under memory pressure while older entries live on.
    The number it starts again from must be new, not one that kept pages already used."""
    cache.delete(sitecache.GENERATION_KEY)  # a fresh cache: the number starts now
    client.get(post.url)
    assert client.get(post.url)["X-Page-Cache"] == "hit"
    post.title = "Changed before the number was evicted"
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    cache.delete(sitecache.GENERATION_KEY)  # evicted
    response = client.get(post.url)
    assert response["X-Page-Cache"] == "miss"
    assert b"Changed before the number was evicted" in response.content
    # A bump that finds no number starts a new one too.
    cache.delete(sitecache.GENERATION_KEY)
    sitecache.bump_generation()
    assert client.get(post.url)["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_new_release_never_serves_what_older_code_rendered(
    page_cache, monkeypatch, client, clinic, post
):
    """Kept pages link to hashed static files and hold older markup: a deploy starts anew."""
    client.get(post.url)
    assert client.get(post.url)["X-Page-Cache"] == "hit"
    monkeypatch.setattr(sitecache, "release", lambda: "next-release")
    assert client.get(post.url)["X-Page-Cache"] == "miss"


def test_the_release_changes_with_templates_code_and_static_files(settings, tmp_path):
    for folder in ("templates", "blog"):
        (tmp_path / folder).mkdir()
    (tmp_path / "templates" / "base.html").write_text("<main>")
    (tmp_path / "blog" / "models.py").write_text("TITLE = 1")
    settings.BASE_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "staticfiles"

    def release():
        sitecache.release.cache_clear()
        return sitecache.release()

    try:
        seen = [release()]
        (tmp_path / "templates" / "base.html").write_text("<main id='main'>")
        seen.append(release())
        (tmp_path / "blog" / "models.py").write_text("TITLE = 2")
        seen.append(release())
        settings.STATIC_ROOT.mkdir()
        (settings.STATIC_ROOT / "staticfiles.json").write_text('{"paths": {"a.css": "a.1.css"}}')
        seen.append(release())
        assert len(set(seen)) == 4
        assert release() == seen[-1]  # and nothing else moves it
    finally:
        sitecache.release.cache_clear()


@pytest.mark.django_db
def test_a_signed_in_editor_never_gets_or_fills_the_cache(
    page_cache, client, admin_user, clinic, post
):
    client.get(post.url)  # cached for anonymous visitors
    client.force_login(admin_user)
    response = client.get(post.url)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert b"w-userbar" in response.content or b"wagtail-userbar" in response.content
    client.logout()
    anonymous = client.get(post.url)
    assert b"userbar" not in anonymous.content


@pytest.mark.django_db
def test_the_admin_and_search_are_never_cached(page_cache, client, admin_user, clinic, post):
    for _ in range(2):
        response = client.get("/search/?q=needling")
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
    client.force_login(admin_user)
    client.cookies.pop("sessionid")  # even without the session cookie
    response = client.get("/admin/login/")
    assert "X-Page-Cache" not in response


def consultation_page(home):
    from bookings.models import ConsultationPage

    page = ConsultationPage(title="Book a consultation", slug="book")
    home.add_child(instance=page)
    return page


@pytest.mark.django_db
def test_the_consultation_form_and_thank_you_page_are_never_cached(
    page_cache, client, clinic, home
):
    page = consultation_page(home)
    for _ in range(2):
        response = client.get(page.url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]
        assert "csrfmiddlewaretoken" in response.content.decode()
    thank_you = client.get(page.url + "thank-you/")
    assert "X-Page-Cache" not in thank_you
    assert "no-store" in thank_you["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("cache_on", [True, False], ids=["cache on", "cache off"])
def test_cacheable_pages_go_gzipped_to_a_client_that_takes_gzip(
    page_cache, settings, client, clinic, post, cache_on
):
    settings.PAGE_CACHE_ENABLED = cache_on
    plain = client.get(post.url)
    assert "Content-Encoding" not in plain
    assert int(plain["Content-Length"]) == len(plain.content)
    for _ in range(2):  # rendered (a miss), then from the cache when it is on
        packed = client.get(post.url, headers={"accept-encoding": "gzip, deflate, br"})
        assert packed["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.content) == plain.content
        assert len(packed.content) < len(plain.content) / 3
        assert int(packed["Content-Length"]) == len(packed.content)
        assert "Accept-Encoding" in packed["Vary"]
        # Two representations, two ETags; each answers its own revalidation.
        assert packed["ETag"] != plain["ETag"]
        again = client.get(
            post.url, headers={"accept-encoding": "gzip", "if-none-match": packed["ETag"]}
        )
        assert again.status_code == 304
    assert "Content-Encoding" not in client.get(post.url, headers={"accept-encoding": "br"})


@pytest.mark.django_db
def test_the_consultation_form_is_never_gzipped(page_cache, client, clinic, home):
    """Its CSRF token is a secret in the page: compressing it beside a reflected input is
    what BREACH reads. A proxy in front may still compress it; the app does not."""
    page = consultation_page(home)
    for url in (page.url, page.url + "?service=dry-needling"):
        response = client.get(url, headers={"accept-encoding": "gzip"})
        assert response.status_code == 200
        assert "Content-Encoding" not in response
        assert "csrfmiddlewaretoken" in response.content.decode()


@pytest.mark.django_db
def test_a_client_that_refuses_gzip_gets_none(page_cache, client, clinic, post):
    for refusal in ("gzip;q=0", "br, gzip; q=0.0", "identity"):
        response = client.get(post.url, headers={"accept-encoding": refusal})
        assert "Content-Encoding" not in response, refusal
    assert client.get(post.url, headers={"accept-encoding": "gzip;q=0.5"})["Content-Encoding"]


class FakeRequest:
    def __init__(self, user=None, query=None):
        self.user = user
        self.GET = query or {}


def response_with(headers=None, status=200, cookie=False):
    from django.http import HttpResponse

    response = HttpResponse(b"<p>page</p>", status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    if cookie:
        response.set_cookie("csrftoken", "x")
    return response


def test_what_a_response_must_not_be_to_be_stored():
    request = FakeRequest()
    assert pagecache.cacheable_response(request, response_with())
    assert not pagecache.cacheable_response(request, response_with(cookie=True))
    assert not pagecache.cacheable_response(request, response_with(status=404))
    nonce = {"Content-Security-Policy": "style-src 'self' 'nonce-abc123'"}
    assert not pagecache.cacheable_response(request, response_with(nonce))
    for directive in ("private", "no-cache", "no-store"):
        response = response_with()
        patch_cache_control(response, **{directive.replace("-", "_"): True})
        assert not pagecache.cacheable_response(request, response)

    class Editor:
        is_authenticated = True

    assert not pagecache.cacheable_response(FakeRequest(Editor()), response_with())
    # ?page= is kept only for the page of results the view really showed.
    asked = FakeRequest(query={"page": "2"})
    assert not pagecache.cacheable_response(asked, response_with())
    pagecache.mark_page_shown(asked, 2)
    assert pagecache.cacheable_response(asked, response_with())
    for nonsense in ("02", "two", "999"):
        asked = FakeRequest(query={"page": nonsense})
        pagecache.mark_page_shown(asked, 2)
        assert not pagecache.cacheable_response(asked, response_with()), nonsense


@pytest.mark.django_db
def test_a_page_whose_csp_carries_a_nonce_is_not_stored(
    page_cache, posts_use_a_csp_nonce, client, clinic, post
):
    """Django's CSP middleware adds the nonce to the header when a template used it."""
    first = client.get(post.url)
    assert "'nonce-" in first["Content-Security-Policy"]
    second = client.get(post.url)
    assert "X-Page-Cache" not in second
    assert "private" in second["Cache-Control"]


def settings_in_subprocess(env: dict[str, str], expression: str) -> str:
    import os
    import subprocess
    import sys
    from pathlib import Path

    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "PAGE_CACHE_SECONDS"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="healinghaven.settings.production")
    clean.setdefault("SECRET_KEY", "x" * 50)
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; print(*[{expression}])",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_redis_backs_the_cache_when_redis_url_is_set_and_local_memory_otherwise():
    expression = (
        "settings.CACHES['default']['BACKEND'], settings.PAGE_CACHE_SECONDS,"
        " settings.SITE_CHROME_CACHE_SECONDS"
    )
    with_redis = settings_in_subprocess(
        {"REDIS_URL": "redis://127.0.0.1:6379/3", "PAGE_CACHE_SECONDS": "30"}, expression
    )
    assert with_redis == "healinghaven.cache.RedisCache 30 3600"
    # One cache per process: nothing, the chrome included, outlives a page.
    assert settings_in_subprocess({}, expression) == (
        "django.core.cache.backends.locmem.LocMemCache 60 60"
    )


def test_the_redis_cache_makes_one_client_per_pool_not_one_per_call():
    """Django's backend built a redis.Redis (and its table of callbacks) for every call."""
    import redis as redis_lib

    from healinghaven.cache import RedisCache

    url = "redis://127.0.0.1:6379/3"
    try:
        redis_lib.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis_lib.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("no Redis on 127.0.0.1:6379")
    backend = RedisCache(url, {"KEY_PREFIX": f"test-clients-{os.getpid()}"})
    made = []
    original = redis_lib.Redis.__init__

    def counting_init(self, *args, **kwargs):
        made.append(self)
        original(self, *args, **kwargs)

    redis_lib.Redis.__init__ = counting_init
    try:
        backend.set("page", b"<p>kept</p>", 30)
        assert backend.get("page") == b"<p>kept</p>"
        assert backend.get_many(["page", "other"]) == {"page": b"<p>kept</p>"}
        assert backend.add("count", 1)
        assert backend.incr("count") == 2
        backend.delete_many(["page", "count"])
        assert backend.get("page") is None
    finally:
        redis_lib.Redis.__init__ = original
    assert len(made) == 1
    assert backend._cache.get_client() is backend._cache.get_client(write=True)
