"""Site search: services, conditions, posts and standard pages, on SQLite and PostgreSQL.

Wagtail updates its search index through tasks on the database queue (as in production);
these tests run the real worker to index, and check that the real full-text backend (not
the plain LIKE fallback) answers.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction, Site
from wagtail.search.backends import get_search_backend

from healinghaven.search.query import search_site
from tests import factories
from tests.content import build_content, publish


@pytest.fixture
def run_worker(monkeypatch):
    """Work the task queue (Wagtail's index updates among them) until it is empty.

    Inside a test transaction the worker must keep the test's connection open.
    """
    keep_the_connection(monkeypatch)
    return work_the_queue


def keep_the_connection(patch):
    patch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def work_the_queue():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture(scope="module")
def shared_site(module_db):
    """The clinic site (tests/content.py), built and indexed once for this module."""
    with module_db(), pytest.MonkeyPatch.context() as patch:
        content = build_content()
        keep_the_connection(patch)
        work_the_queue()
    return content


def results(client, query: str, page: int | None = None):
    params = {"q": query} if page is None else {"q": query, "page": page}
    response = client.get("/search/", params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    hits = [
        {
            "type": item.select_one(".search-result__type").get_text(" ", strip=True),
            "title": item.select_one(".search-result__title").get_text(strip=True),
            "url": item.select_one(".search-result__title a")["href"],
            "summary": item.select_one(".search-result__summary").get_text(strip=True),
        }
        for item in soup.select(".search-result")
    ]
    return response, soup, hits


@pytest.mark.django_db
class TestSearchBackend:
    def test_the_full_text_backend_answers(self):
        backend = type(get_search_backend()).__name__
        expected = {"sqlite": "SQLiteSearchBackend", "postgresql": "PostgresSearchBackend"}
        assert backend == expected[connection.vendor]

    def test_index_updates_wait_for_the_task_worker(self, run_worker):
        content = build_content()
        site = Site.objects.get(is_default_site=True)
        assert search_site("trigger point", request=None, site=site) == []
        run_worker()
        found = search_site("trigger point", request=None, site=site)
        assert content.post.title in [hit.title for hit in found]


@pytest.mark.django_db
class TestSearchResults:
    def test_finds_the_dry_needling_post_by_trigger_point(self, client, site):
        response, soup, hits = results(client, "trigger point")
        post = next(hit for hit in hits if hit["title"] == "Dry Needling 101")
        assert post["url"] == "/blog/dry-needling-101/"
        assert post["type"].startswith("Blog post")
        assert "October 6, 2022" in post["type"]
        assert post["summary"] == site.post.intro
        assert soup.find("input", id="search-page-q")["value"] == "trigger point"
        assert "Returning to work after a car accident" not in [hit["title"] for hit in hits]

    def test_finds_the_sciatica_condition(self, client, site):
        _, _, hits = results(client, "sciatica")
        condition = next(hit for hit in hits if hit["type"] == "Condition")
        assert condition["title"] == "Sciatica"
        assert condition["url"] == "/services/conditions/sciatica/"
        assert condition["summary"] == site.condition.summary
        assert client.get(condition["url"]).status_code == 200
        # The services that treat it are found too.
        assert {"Dry needling", "Car accident rehabilitation"} <= {hit["title"] for hit in hits}

    def test_finds_services_and_standard_pages(self, client, site):
        _, _, hits = results(client, "acupuncture")
        assert [(hit["type"], hit["title"]) for hit in hits] == [("Service", "Dry needling")]
        _, _, hits = results(client, "Alberta")
        assert [(hit["type"], hit["title"]) for hit in hits] == [("Page", "About")]

    def test_a_condition_no_published_service_treats_is_not_offered(self, client, site):
        _, _, hits = results(client, "frozen shoulder")
        assert hits == []

    def test_drafts_and_private_pages_are_not_found(self, client, site, run_worker):
        draft = factories.StandardPageFactory(
            parent=site.home, title="Zebrafish draft", slug="zebra-draft", live=False
        )
        private = factories.StandardPageFactory(
            parent=site.home, title="Zebrafish staff notes", slug="zebra-staff"
        )
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        run_worker()
        assert draft.pk and results(client, "zebrafish")[2] == []

    def test_an_unpublished_post_leaves_the_results_at_once(self, client, site):
        site.post.unpublish()
        titles = [hit["title"] for hit in results(client, "trigger point")[2]]
        assert "Dry Needling 101" not in titles

    def test_an_edit_is_found_once_the_worker_has_run(self, client, site, run_worker):
        site.about.intro = "We offer free parking behind the clinic."
        publish(site.about)
        run_worker()
        assert [hit["title"] for hit in results(client, "parking")[2]] == ["About"]

    def test_results_are_paginated_and_keep_the_query(self, client, site, run_worker):
        for n in range(12):
            factories.BlogPageFactory(
                parent=site.blog_index,
                title=f"Kinesiology note {n}",
                intro="Kinesiology explained.",
            )
        run_worker()
        response, soup, hits = results(client, "kinesiology")
        assert len(hits) == 10
        assert "12 results" in soup.select_one(".search-page__summary").get_text()
        next_link = soup.select_one(".pagination a[rel=next]")["href"]
        assert "q=kinesiology" in next_link and "page=2" in next_link
        _, soup, hits = results(client, "kinesiology", page=2)
        assert len(hits) == 2
        assert soup.find("input", id="search-page-q")["value"] == "kinesiology"
        assert soup.select_one("ol.search-results")["start"] == "11"

    def test_no_results_suggests_services_and_the_phone_number(self, client, site):
        response, soup, hits = results(client, "xylophone")
        assert hits == []
        main = soup.find("main")
        assert "nothing on our website matches “xylophone”" in main.get_text()
        links = {a["href"] for a in main.find_all("a")}
        assert {"/services/dry-needling/", "/services/car-accident-rehabilitation/"} <= links
        assert "tel:+15877356272" in links
        assert "(587) 735-6272" in main.get_text()

    def test_empty_query_shows_the_form_and_services(self, client, site):
        response, soup, hits = results(client, "   ")
        assert hits == []
        assert soup.h1.get_text(strip=True) == "Search"
        assert soup.find("input", id="search-page-q")["value"] == ""
        assert soup.find("a", href="/services/dry-needling/")

    @pytest.mark.parametrize("query", ['"', 'back"pain', "\x00", "(", "*", "'", "NEAR(", "-"])
    def test_odd_input_never_breaks_the_page(self, client, site, query):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200

    def test_quoted_terms_are_found(self, client, site):
        titles = [hit["title"] for hit in results(client, '"trigger point"')[2]]
        assert "Dry Needling 101" in titles

    def test_results_are_never_cached(self, client, site):
        for query in ("sciatica", "xylophone", ""):
            response = client.get("/search/", {"q": query})
            cache_control = response["Cache-Control"]
            assert "no-store" in cache_control and "private" in cache_control

    def test_staff_promotions_come_first(self, client, site):
        promoted = SearchPromotion.objects.create(
            query=Query.get("sciatica"), page=site.about, description="Who we are"
        )
        _, _, hits = results(client, "Sciatica")
        assert hits[0]["title"] == "About"
        assert hits[0]["type"].startswith("Recommended")
        assert [hit["title"] for hit in hits].count("About") == 1
        assert promoted.pk

    def test_searches_are_counted_for_the_admin_report(self, client, site):
        results(client, "Trigger  Point")
        results(client, "trigger point", page=2)  # paging on is the same search
        assert Query.get("trigger point").hits == 1
