"""The render cache (healinghaven/fragments.py): with the page cache off, a page rendered
again reuses its route, head, header and content from the cache and asks the database
nothing, shows the same HTML, and never shows stale, unsaved or personal content."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from blog.models import POSTS_PER_PAGE
from bookings.models import ConsultationPage
from healinghaven import fragments
from healinghaven.models import SiteNotice, SpecialOpeningHours
from healinghaven.templatetags.site_tags import page_query
from tests import factories

EDMONTON = zoneinfo.ZoneInfo("America/Edmonton")


@pytest.fixture
def render_cache(settings):
    settings.PAGE_CACHE_ENABLED = False  # every request goes through the page's serve()
    settings.RENDER_CACHE_ENABLED = True


@pytest.fixture
def post(blog_index, dry_needling):
    post = factories.BlogPageFactory(parent=blog_index, title="Dry needling 101", slug="dn-101")
    post.related_services.add(dry_needling)
    post.save_revision().publish()
    return post


def rendered(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(captured)


def same_html(first: str, second: str) -> bool:
    return re.sub(r"\s+", " ", first) == re.sub(r"\s+", " ", second)


@pytest.mark.django_db
def test_a_page_rendered_again_shows_the_same_html_without_the_database(
    render_cache, settings, client, clinic, home, service_index, blog_index, dry_needling, post
):
    about = factories.StandardPageFactory(parent=home, slug="about")
    home.featured_services.create(service=dry_needling)
    home.save_revision().publish()
    urls = [home.url, about.url, service_index.url, dry_needling.url, blog_index.url, post.url]
    for url in urls:
        settings.RENDER_CACHE_ENABLED = False
        reference, _ = rendered(client, url)
        settings.RENDER_CACHE_ENABLED = True
        first, cold_queries = rendered(client, url)
        again, queries = rendered(client, url)
        assert same_html(first, reference), url
        assert same_html(again, reference), url
        assert queries == 0, (url, queries)
        assert cold_queries > 0, url


@pytest.mark.django_db
def test_with_the_render_cache_off_every_request_runs_the_pages_queries(
    render_cache, settings, client, clinic, post
):
    settings.RENDER_CACHE_ENABLED = False
    rendered(client, post.url)
    _, first = rendered(client, post.url)
    _, second = rendered(client, post.url)
    assert first == second > 0


@pytest.mark.django_db
def test_publishing_a_change_shows_at_once(
    render_cache, client, clinic, post, django_capture_on_commit_callbacks
):
    rendered(client, post.url)
    post.title = "Dry needling explained"
    post.intro = "A new introduction."
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    html, _ = rendered(client, post.url)
    assert "Dry needling explained" in html
    assert "A new introduction." in html
    assert "<title>Dry needling explained" in html


@pytest.mark.django_db
def test_a_new_post_shows_on_the_blog_index_and_the_home_page(
    render_cache, client, clinic, home, blog_index, post, django_capture_on_commit_callbacks
):
    rendered(client, home.url)
    rendered(client, blog_index.url)
    with django_capture_on_commit_callbacks(execute=True):
        factories.BlogPageFactory(parent=blog_index, title="Snow shovelling and your back")
    assert "Snow shovelling and your back" in rendered(client, home.url)[0]
    assert "Snow shovelling and your back" in rendered(client, blog_index.url)[0]


@pytest.mark.django_db
def test_pagination_and_other_query_strings_are_not_mixed_up(
    render_cache, client, clinic, blog_index
):
    for n in range(POSTS_PER_PAGE + 1):
        factories.BlogPageFactory(
            parent=blog_index, title=f"Post number {n}", date=datetime.date(2025, 1, 1 + n)
        )
    first_page, _ = rendered(client, blog_index.url)
    second_page, _ = rendered(client, blog_index.url + "?page=2")
    assert "Post number 1<" in first_page and "Post number 0<" not in first_page
    assert "Post number 0<" in second_page and "Post number 1<" not in second_page
    assert "(page 2)" in second_page  # the head is the second page's too
    # Again, from the cache: each URL keeps its own.
    assert same_html(rendered(client, blog_index.url + "?page=2")[0], second_page)
    assert same_html(rendered(client, blog_index.url)[0], first_page)


@pytest.mark.django_db
def test_what_is_never_kept(rf, render_cache, clinic, post):
    plain = rf.get(post.url)
    assert fragments.key(plain, "content") is not None
    preview = rf.get(post.url)
    preview.is_preview = True
    assert fragments.key(preview, "content") is None
    signed_in = rf.get(post.url, HTTP_COOKIE="sessionid=abc")
    assert fragments.key(signed_in, "content") is None
    other_query = rf.get(post.url + "?q=needles")
    assert fragments.key(other_query, "content") is None
    assert fragments.key(rf.post(post.url), "content") is None


@pytest.mark.django_db
def test_a_preview_shows_unsaved_content_over_a_cached_page(render_cache, client, clinic, post):
    # The preview's request comes from the site's host, as the visitors' here.
    local = {"HTTP_HOST": "localhost"}
    client.get(post.url, **local)
    assert b"Dry needling 101" in client.get(post.url, **local).content
    post.title = "A draft title nobody has published"
    response = post.make_preview_request()
    assert b"A draft title nobody has published" in response.content
    # ... and the live page is as published.
    assert b"A draft title nobody has published" not in client.get(post.url, **local).content


@pytest.mark.django_db
def test_a_signed_in_editor_gets_a_full_render(render_cache, rf, client, admin_user, clinic, post):
    # What an anonymous visitor would be given for this URL, planted in the cache.
    anonymous = rf.get(post.url, HTTP_HOST="testserver")
    cache.set(fragments.key(anonymous, "content"), "<p>kept for visitors</p>")
    cache.set(fragments.key(anonymous, "head"), "<title>kept for visitors</title>")
    assert "kept for visitors" in client.get(post.url).content.decode()
    client.force_login(admin_user)
    html = client.get(post.url).content.decode()
    assert "kept for visitors" not in html
    assert "Dry needling 101" in html


@pytest.mark.django_db
def test_the_consultation_form_is_rendered_afresh_with_its_own_token(render_cache, client, home):
    page = home.add_child(instance=ConsultationPage(title="Book a consultation", slug="book"))
    first = client.get(page.url).content.decode()
    other = type(client)()
    second = other.get(page.url).content.decode()
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(first) and token.search(second)
    assert token.search(first).group(1) != token.search(second).group(1)


@pytest.mark.django_db
def test_what_changes_with_the_clock_stays_current(render_cache, settings, client, clinic, post):
    """Notices and special hours are outside the kept parts, or vary by day."""
    settings.SITE_CHROME_CACHE_SECONDS = 30 * 24 * 3600  # kept parts outlive the days here
    start = datetime.datetime(2026, 12, 21, 9, 0, tzinfo=EDMONTON)
    SiteNotice.objects.create(
        title="Closed for the holidays",
        starts_at=start + datetime.timedelta(days=2),
        ends_at=start + datetime.timedelta(days=3),
    )
    SpecialOpeningHours.objects.create(
        settings=clinic, label="Christmas Eve", start_date=datetime.date(2026, 12, 24), closed=True
    )
    with time_machine.travel(start, tick=False):
        before, _ = rendered(client, post.url)
        rendered(client, post.url)
    with time_machine.travel(start + datetime.timedelta(days=2, hours=1), tick=False):
        during, _ = rendered(client, post.url)
    with time_machine.travel(start + datetime.timedelta(days=4), tick=False):
        after, _ = rendered(client, post.url)
    notice = re.compile(r'<div class="site-notice[^>]*?(hidden)?>')
    assert notice.search(before).group(1) == "hidden"
    assert notice.search(during).group(1) is None
    assert "Closed for the holidays" not in after
    # The footer's list and the head's structured data drop the day once it has passed.
    assert before.count("Christmas Eve") >= 2
    assert "Christmas Eve" not in after


# Routes ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_renamed_or_unpublished_page_is_found_where_it_now_is(
    render_cache, client, clinic, post, django_capture_on_commit_callbacks
):
    old_url = post.url
    rendered(client, old_url)
    post.slug = "dry-needling-explained"
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    moved = client.get(old_url)  # Wagtail's automatic redirect, not the kept route
    assert (moved.status_code, moved["Location"]) == (301, "/blog/dry-needling-explained/")
    html, _ = rendered(client, "/blog/dry-needling-explained/")
    assert "Dry needling 101" in html
    with django_capture_on_commit_callbacks(execute=True):
        post.unpublish()
    assert client.get("/blog/dry-needling-explained/").status_code == 404


@pytest.mark.django_db
def test_making_a_page_private_takes_effect_at_once(
    render_cache, client, clinic, post, django_capture_on_commit_callbacks
):
    rendered(client, post.url)
    rendered(client, post.url)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=post, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    response = client.get(post.url)
    assert response.status_code == 200
    assert b"Dry needling 101</h1>" not in response.content
    assert b'name="password"' in response.content


@pytest.mark.django_db
def test_only_paths_that_name_a_page_are_kept(render_cache, client, clinic, blog_index, post):
    rendered(client, post.url)
    assert client.get(blog_index.url + "category/no-such-category/").status_code == 404
    assert client.get(blog_index.url + "feed/").status_code == 200
    kept = [key for key in cache._cache if ":route:" in key]
    assert len(kept) == 1
    assert kept[0].endswith(":blog/dn-101")


@pytest.mark.django_db
def test_a_request_that_runs_over_midnight_keeps_one_day(rf, render_cache, clinic, post):
    """The head varies by day: its key is fixed when the request first asks for it."""
    request = rf.get(post.url)
    with time_machine.travel(datetime.datetime(2026, 12, 24, 23, 59, 59, tzinfo=EDMONTON)):
        before = fragments.key(request, "head")
    with time_machine.travel(datetime.datetime(2026, 12, 25, 0, 0, 1, tzinfo=EDMONTON)):
        assert fragments.key(request, "head") == before
        assert "2026-12-24" in before
        assert "2026-12-25" in fragments.key(rf.get(post.url), "head")


@pytest.mark.django_db
def test_kept_links_never_carry_a_visitors_tracking_ids(render_cache, client, clinic, blog_index):
    for n in range(POSTS_PER_PAGE + 1):
        factories.BlogPageFactory(parent=blog_index, date=datetime.date(2025, 1, 1 + n))
    html, _ = rendered(client, blog_index.url + "?utm_source=news&mc_eid=subscriber-42")
    assert 'href="?page=2"' in html
    assert "subscriber-42" not in html and "utm_source" not in html
    again, queries = rendered(client, blog_index.url)  # the kept parts, for everyone
    assert queries == 0
    assert "subscriber-42" not in again


def test_pagination_keeps_the_question_but_no_tracking_ids(rf):
    request = rf.get("/search/?q=needling&utm_source=news&fbclid=x&page=3&q=back")
    assert page_query({"request": request}, 2) == "?q=needling&q=back&page=2"
    assert page_query({"request": rf.get("/blog/?mc_eid=42")}, 4) == "?page=4"


@pytest.mark.django_db
def test_a_page_number_that_is_not_shown_is_never_kept(
    render_cache, rf, client, clinic, blog_index
):
    for n in range(POSTS_PER_PAGE + 1):
        factories.BlogPageFactory(parent=blog_index, date=datetime.date(2025, 1, 1 + n))
    about = factories.StandardPageFactory(parent=blog_index.get_parent(), slug="about")

    def kept(url) -> bool:
        client.get(url)
        return cache.get(fragments.key(rf.get(url, HTTP_HOST="testserver"), "content")) is not None

    assert kept(blog_index.url + "?page=2")
    assert rendered(client, blog_index.url + "?page=2")[1] == 0
    for nonsense in ("junk", "02", "999999"):
        assert not kept(blog_index.url + f"?page={nonsense}"), nonsense
        assert rendered(client, blog_index.url + f"?page={nonsense}")[1] > 0, nonsense
    assert not kept(about.url + "?page=2")  # no pagination on this page
    assert kept(about.url)


@pytest.mark.django_db
def test_parts_of_a_response_that_may_not_be_cached_are_not_kept(
    render_cache, posts_use_a_csp_nonce, client, clinic, post
):
    """The parts go to the cache only with a response the page cache may keep: here one
    whose Content-Security-Policy carries a nonce (one per response)."""
    rendered(client, post.url)
    _, queries = rendered(client, post.url)
    assert queries > 0
    assert not [key for key in cache._cache if ":frag:" in key]


@pytest.mark.django_db
def test_a_changed_document_makes_pages_render_afresh(django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from healinghaven import sitecache

    before = sitecache.current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        Document.objects.create(title="Intake form", file=ContentFile(b"%PDF-1.4", name="a.pdf"))
    assert sitecache.current_generation() != before
