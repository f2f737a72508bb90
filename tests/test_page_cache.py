"""The page cache: a second anonymous request costs no query, anything that changes what a
page shows makes it stale everywhere, and nothing personal or one-off is ever kept."""

import datetime
import gzip

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.cache import patch_cache_control
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

from blog.models import POSTS_PER_PAGE
from bookings.models import ConsultationPage
from healinghaven.caching import invalidation, middleware
from healinghaven.caching.middleware import cacheable_response, mark_page_shown
from healinghaven.models import SiteImage
from healinghaven.templatetags.site_tags import page_query
from tests import factories


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def post(blog_index):
    return factories.BlogPageFactory(parent=blog_index, title="Dry needling 101", slug="dn-101")


def get_counting_queries(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    return response, len(captured)


def cached(client, url) -> bool:
    """Whether `url` is served from the cache, after one request that may fill it."""
    client.get(url)
    return client.get(url).get("X-Page-Cache") == "hit"


def stale_after(client, url, change, on_commit) -> bool:
    """Whether a cached `url` is no longer served from the cache once `change` is committed."""
    assert cached(client, url)
    with on_commit(execute=True):
        change()
    return client.get(url).get("X-Page-Cache") != "hit"


@pytest.mark.django_db
def test_a_second_anonymous_request_is_served_without_the_database(client, clinic, post):
    first = client.get(post.url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"

    second, queries = get_counting_queries(client, post.url)
    assert queries == 0
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # The stored response keeps its headers, the Content-Security-Policy included.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


@pytest.mark.django_db
def test_tracking_parameters_share_the_cached_page_and_others_bypass_it(client, clinic, post):
    client.get(post.url)
    response, queries = get_counting_queries(client, post.url + "?utm_source=facebook&fbclid=x")
    assert (response["X-Page-Cache"], queries) == ("hit", 0)
    response = client.get(post.url + "?anything=else")
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_pages_send_an_etag_and_answer_304(client, clinic, post):
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
def test_with_the_cache_off_every_request_is_rendered_and_still_revalidates(
    settings, client, clinic, post
):
    settings.PAGE_CACHE_ENABLED = False
    first, queries = get_counting_queries(client, post.url)
    second, queries_again = get_counting_queries(client, post.url)
    assert "X-Page-Cache" not in second
    assert queries >= queries_again > 0
    assert client.get(post.url, headers={"if-none-match": second["ETag"]}).status_code == 304


@pytest.mark.django_db
def test_publishing_a_change_shows_at_once(
    client, clinic, post, django_capture_on_commit_callbacks
):
    assert b"Dry needling 101" in client.get(post.url).content

    def retitle():
        post.title = "Dry needling explained"
        post.save_revision().publish()

    assert stale_after(client, post.url, retitle, django_capture_on_commit_callbacks)
    response = client.get(post.url)
    assert b"<title>Dry needling explained" in response.content


@pytest.mark.django_db
def test_a_new_post_shows_on_the_cached_blog_index_and_home_page(
    client, clinic, home, blog_index, post, django_capture_on_commit_callbacks
):
    for url in (home.url, blog_index.url):
        assert cached(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        new = factories.BlogPageFactory(
            parent=blog_index, title="Snow shovelling and your back", slug="snow", live=False
        )
        new.save_revision().publish()
    for url in (home.url, blog_index.url):
        assert b"Snow shovelling and your back" in client.get(url).content, url


@pytest.mark.django_db
def test_unpublishing_moving_and_deleting_a_page_show_at_once(
    client, clinic, home, blog_index, post, django_capture_on_commit_callbacks
):
    other = factories.BlogPageFactory(parent=blog_index, title="Moving soon", slug="moving")
    about = factories.StandardPageFactory(parent=home, title="About us", slug="about")
    assert stale_after(client, post.url, post.unpublish, django_capture_on_commit_callbacks)
    assert client.get(post.url).status_code == 404
    assert stale_after(
        client, blog_index.url, lambda: other.move(about), django_capture_on_commit_callbacks
    )
    assert b"Moving soon" not in client.get(blog_index.url).content
    assert stale_after(client, home.url, about.delete, django_capture_on_commit_callbacks)


@pytest.mark.django_db
def test_settings_snippets_images_documents_and_privacy_make_pages_stale(
    client, clinic, home, post, django_capture_on_commit_callbacks
):
    def new_phone():
        clinic.phone = "(780) 555-0199"
        clinic.save()

    def new_alt_text():
        image = SiteImage.objects.get(pk=post.hero_image_id)
        image.description = "A physiotherapist places a fine needle in a patient's shoulder"
        image.save()

    changes = [
        new_phone,
        lambda: factories.BlogCategoryFactory(),
        lambda: factories.ConditionFactory(),
        lambda: factories.SiteNoticeFactory(),
        new_alt_text,
        lambda: Document.objects.create(
            title="Intake form", file=ContentFile(b"%PDF", name="a.pdf")
        ),
        lambda: PageViewRestriction.objects.create(page=post, restriction_type="login"),
    ]
    for change in changes:
        assert stale_after(client, home.url, change, django_capture_on_commit_callbacks), change
    assert b"(780) 555-0199" in client.get(home.url).content
    assert client.get(post.url).status_code == 302  # now private: sent to sign in


def test_every_snippet_setting_image_and_document_model_and_their_rows_count():
    """The models that make pages stale are derived: none is named in the caching code."""
    from wagtail.contrib.settings.registry import registry
    from wagtail.snippets.models import get_snippet_models

    from healinghaven.models import OpeningHours, SocialLink, SpecialOpeningHours

    shown = invalidation.shown_on_pages()
    assert set(get_snippet_models()) <= shown
    assert set(registry) <= shown
    assert {SiteImage, Document, OpeningHours, SocialLink, SpecialOpeningHours} <= shown


@pytest.mark.django_db
def test_a_snippet_model_the_code_never_heard_of_makes_pages_stale(
    monkeypatch, client, clinic, home, django_capture_on_commit_callbacks
):
    """Say the redirects app's model became a snippet (as another app's new model would)."""
    import wagtail.snippets.models

    snippets = [*wagtail.snippets.models.get_snippet_models(), Redirect]
    monkeypatch.setattr(wagtail.snippets.models, "SNIPPET_MODELS", snippets)
    assert stale_after(
        client,
        home.url,
        lambda: Redirect.objects.create(old_path="/old", redirect_link="/"),
        django_capture_on_commit_callbacks,
    )


@pytest.mark.django_db
def test_a_change_made_while_a_page_renders_never_leaves_that_page_cached(
    monkeypatch, client, clinic, post
):
    """The page is stored with the version read before rendering, so a change committed
    during the render (on another server) leaves it stale at once."""
    from blog.models import BlogPage

    original = BlogPage.serve

    def serve_while_someone_publishes(self, request, *args, **kwargs):
        response = original(self, request, *args, **kwargs)
        invalidation.bump()
        return response

    monkeypatch.setattr(BlogPage, "serve", serve_while_someone_publishes)
    client.get(post.url)
    monkeypatch.setattr(BlogPage, "serve", original)
    assert client.get(post.url)["X-Page-Cache"] == "miss"
    assert client.get(post.url)["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_a_new_release_never_serves_what_older_code_rendered(client, clinic, post):
    """RELEASE is in every key (settings: CACHES' KEY_PREFIX): another release reads none
    of the pages this one stored, even in the same cache."""
    store = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"}
    with override_settings(CACHES={"default": {**store, "KEY_PREFIX": "healinghaven:r1"}}):
        assert cached(client, post.url)
    with override_settings(CACHES={"default": {**store, "KEY_PREFIX": "healinghaven:r2"}}):
        assert client.get(post.url)["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_signed_in_editor_never_gets_or_fills_the_cache(client, admin_user, clinic, post):
    client.get(post.url)  # cached for anonymous visitors
    client.force_login(admin_user)
    response = client.get(post.url)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert b"w-userbar" in response.content or b"wagtail-userbar" in response.content
    client.logout()
    assert b"userbar" not in client.get(post.url).content


@pytest.mark.django_db
def test_a_preview_shows_unsaved_content_over_a_cached_page(client, admin_user, clinic, post):
    assert cached(client, post.url)
    client.force_login(admin_user)
    edit_url = f"/admin/pages/{post.pk}/edit/preview/"
    data = {
        "title": "An unsaved title",
        "slug": post.slug,
        "date": post.date.isoformat(),
        "intro": post.intro,
        "hero_image": post.hero_image_id,
        "body-count": "0",
        "reviewed_by-count": "0",
    }
    assert client.post(edit_url, data).json().get("is_valid"), "the preview form is valid"
    assert b"An unsaved title" in client.get(edit_url).content


@pytest.mark.django_db
def test_the_admin_and_search_are_never_cached(client, admin_user, clinic, post):
    for _ in range(2):
        response = client.get("/search/?q=needling")
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
    client.force_login(admin_user)
    client.cookies.pop("sessionid")  # even without the session cookie
    assert "X-Page-Cache" not in client.get("/admin/login/")


def consultation_page(home):
    page = ConsultationPage(title="Book a consultation", slug="book")
    home.add_child(instance=page)
    return page


@pytest.mark.django_db
def test_the_consultation_form_and_thank_you_page_are_never_cached(client, clinic, home):
    page = consultation_page(home)
    tokens = set()
    for _ in range(2):
        response = client.get(page.url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]
        assert "csrfmiddlewaretoken" in response.content.decode()
        tokens.add(response.context["form_token"])
    assert len(tokens) == 2  # each visitor's form has its own token
    thank_you = client.get(page.url + "thank-you/")
    assert "X-Page-Cache" not in thank_you
    assert "no-store" in thank_you["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("cache_on", [True, False], ids=["cache on", "cache off"])
def test_cacheable_pages_go_gzipped_to_a_client_that_takes_gzip(
    settings, client, clinic, post, cache_on
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
def test_the_consultation_form_is_never_gzipped(client, clinic, home):
    """Its CSRF token is a secret in the page: compressing it beside a reflected input is
    what BREACH reads. A proxy in front may still compress it; the app does not."""
    page = consultation_page(home)
    for url in (page.url, page.url + "?service=dry-needling"):
        response = client.get(url, headers={"accept-encoding": "gzip"})
        assert response.status_code == 200
        assert "Content-Encoding" not in response
        assert "csrfmiddlewaretoken" in response.content.decode()


@pytest.mark.django_db
def test_a_client_that_refuses_gzip_gets_none(client, clinic, post):
    for refusal in ("gzip;q=0", "br, gzip; q=0.0", "identity", "gzip;q=x"):
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
    assert cacheable_response(request, response_with())
    assert not cacheable_response(request, response_with(cookie=True))
    assert not cacheable_response(request, response_with(status=404))
    nonce = {"Content-Security-Policy": "style-src 'self' 'nonce-abc123'"}
    assert not cacheable_response(request, response_with(nonce))
    for directive in ("private", "no-cache", "no-store"):
        response = response_with()
        patch_cache_control(response, **{directive.replace("-", "_"): True})
        assert not cacheable_response(request, response)

    class Editor:
        is_authenticated = True

    assert not cacheable_response(FakeRequest(Editor()), response_with())
    # ?page= is kept only for the page of results the view really showed.
    asked = FakeRequest(query={"page": "2"})
    assert not cacheable_response(asked, response_with())
    mark_page_shown(asked, 2)
    assert cacheable_response(asked, response_with())
    for nonsense in ("02", "two", "999"):
        asked = FakeRequest(query={"page": nonsense})
        mark_page_shown(asked, 2)
        assert not cacheable_response(asked, response_with()), nonsense


@pytest.mark.django_db
def test_a_page_whose_csp_carries_a_nonce_is_not_stored(
    posts_use_a_csp_nonce, client, clinic, post
):
    """Django's CSP middleware adds the nonce to the header when a template used it."""
    first = client.get(post.url)
    assert "'nonce-" in first["Content-Security-Policy"]
    second = client.get(post.url)
    assert "X-Page-Cache" not in second
    assert "private" in second["Cache-Control"]


@pytest.mark.django_db
def test_each_page_of_results_is_kept_apart_and_page_numbers_not_shown_never_are(
    client, clinic, home, blog_index
):
    for n in range(POSTS_PER_PAGE + 1):
        factories.BlogPageFactory(
            parent=blog_index, title=f"Post number {n}", date=datetime.date(2025, 1, 1 + n)
        )
    about = factories.StandardPageFactory(parent=home, slug="about")
    assert cached(client, blog_index.url + "?page=2")
    second = client.get(blog_index.url + "?page=2").content
    first = client.get(blog_index.url).content
    assert b"Post number 0<" in second and b"Post number 0<" not in first
    for nonsense in ("junk", "02", "999999"):
        assert not cached(client, blog_index.url + f"?page={nonsense}"), nonsense
    assert not cached(client, about.url + "?page=2")  # no pagination on this page
    assert cached(client, about.url)


@pytest.mark.django_db
def test_kept_links_never_carry_a_visitors_tracking_ids(client, clinic, blog_index):
    for n in range(POSTS_PER_PAGE + 1):
        factories.BlogPageFactory(parent=blog_index, date=datetime.date(2025, 1, 1 + n))
    html = client.get(blog_index.url + "?utm_source=news&mc_eid=subscriber-42").content
    assert b'href="?page=2"' in html
    assert b"subscriber-42" not in html and b"utm_source" not in html
    again = client.get(blog_index.url)
    assert again["X-Page-Cache"] == "hit" and b"subscriber-42" not in again.content


def test_pagination_keeps_the_question_but_no_tracking_ids(rf):
    request = rf.get("/search/?q=needling&utm_source=news&fbclid=x&page=3&q=back")
    assert page_query({"request": request}, 2) == "?q=needling&q=back&page=2"
    assert page_query({"request": rf.get("/blog/?mc_eid=42")}, 4) == "?page=4"


@pytest.mark.django_db
def test_a_lost_page_version_starts_a_new_one_and_serves_nothing_older(client, clinic, post):
    """Redis may evict the version under memory pressure, or restart empty: the next is new."""
    assert cached(client, post.url)
    cache.delete(invalidation.VERSION_KEY)
    assert client.get(post.url)["X-Page-Cache"] == "miss"
    assert client.get(post.url)["X-Page-Cache"] == "hit"


def test_an_entry_of_another_shape_is_never_read(rf, monkeypatch):
    """Code that stores entries of another shape (a deploy without RELEASE, a local run on
    Redis) uses other keys: a stored page this code cannot read is a miss, not a 500."""
    key = middleware.cache_key(rf.get("/"))
    monkeypatch.setattr(middleware, "ENTRY_FORMAT", "another")
    assert middleware.cache_key(rf.get("/")) != key
