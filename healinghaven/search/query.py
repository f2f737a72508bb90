"""Site search: services, conditions, blog posts and standard pages in one ranked list.

Wagtail's database search backend does the matching (PostgreSQL full-text search in
production, SQLite FTS5 locally). The index is kept up to date by Wagtail's indexing tasks,
which the task worker runs.
"""

import datetime
import re
from dataclasses import dataclass

from django.db import connection
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string

from blog.models import BlogPage
from healinghaven.models import StandardPage
from services.models import Condition, ServiceIndexPage, ServicePage

# How many hits of each kind are ranked; more than anyone pages through.
MAX_HITS = 100

PAGE_TYPES = {ServicePage: "Service", BlogPage: "Blog post", StandardPage: "Page"}


@dataclass(frozen=True)
class SearchHit:
    kind: str
    title: str
    url: str
    summary: str
    date: datetime.date | None = None
    promoted: bool = False


def clean_query(raw: str | None) -> str:
    """The search terms as typed, trimmed to what the backend and the admin report take."""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", (raw or "")[:MAX_QUERY_STRING_LENGTH])
    return re.sub(r"\s+", " ", text).strip()


def _relevance(score: float | None) -> float:
    """Scores as "higher is better" on every backend.

    SQLite's FTS5 ranks with bm25(), where a more negative number is a better match;
    PostgreSQL's ts_rank and MySQL's MATCH are higher for a better match. The fallback
    backend (no full-text index) gives no score.
    """
    if score is None:
        return 0.0
    return -score if connection.vendor == "sqlite" else score


def _page_hit(page, request, *, promoted: bool = False) -> SearchHit:
    return SearchHit(
        kind=PAGE_TYPES.get(type(page), "Page"),
        title=page.title,
        url=page.get_url(request),
        summary=getattr(page, "summary", "") or getattr(page, "intro", "") or "",
        date=getattr(page, "date", None),
        promoted=promoted,
    )


def _promoted_hits(query: str, request, site: Site) -> list[SearchHit]:
    """Pages and links staff pinned to this search in the admin (Search promotions)."""
    picks = list(SearchPromotion.objects.filter(query__query_string=normalise_query_string(query)))
    pages = (
        Page.objects.live()
        .public()
        .descendant_of(site.root_page, inclusive=True)
        .filter(pk__in=[pick.page_id for pick in picks if pick.page_id])
        .specific()
        .in_bulk()
    )
    hits = []
    for pick in picks:
        if pick.page_id in pages:
            hits.append(_page_hit(pages[pick.page_id], request, promoted=True))
        elif not pick.page_id and pick.external_link_url:
            hits.append(
                SearchHit(
                    kind="Recommended",
                    title=pick.external_link_text or pick.external_link_url,
                    url=pick.external_link_url,
                    summary=pick.description,
                    promoted=True,
                )
            )
    return hits


def search_site(query: str, *, request, site: Site) -> list[SearchHit]:
    """Every published, public match on this site for `query`, best first."""
    # Quotes mean nothing here (no phrase search), and a lone one breaks SQLite's FTS syntax.
    query = " ".join(query.replace('"', " ").split())
    if not query:
        return []
    pages = (
        Page.objects.live()
        .public()
        .descendant_of(site.root_page, inclusive=True)
        .type(*PAGE_TYPES)
        .specific()
        .search(query)
        .annotate_score("_score")[:MAX_HITS]
    )
    ranked = [(_relevance(page._score), 1, _page_hit(page, request)) for page in pages]

    service_index = ServiceIndexPage.objects.live().public().descendant_of(site.root_page).first()
    if service_index is not None:
        conditions_url = service_index.get_url(request) + "conditions/"
        # A condition's page exists only while a published service treats it.
        treated = set(
            Condition.objects.filter(
                services__in=ServicePage.objects.live().public().values("pk")
            ).values_list("pk", flat=True)
        )
        conditions = get_search_backend().search(query, Condition).annotate_score("_score")
        for condition in conditions[:MAX_HITS]:
            if condition.pk in treated:
                hit = SearchHit(
                    kind="Condition",
                    title=condition.name,
                    url=f"{conditions_url}{condition.slug}/",
                    summary=condition.summary,
                )
                ranked.append((_relevance(condition._score), 0, hit))

    # Best first; on a tie a condition (its own page) comes before a page that names it.
    ranked.sort(key=lambda item: (-item[0], item[1]))
    promoted = _promoted_hits(query, request, site)
    promoted_urls = {hit.url for hit in promoted}
    return promoted + [hit for _, _, hit in ranked if hit.url not in promoted_urls]


def record_search(query: str) -> None:
    """Count the search for the admin's "Search terms" report (Search promotions)."""
    Query.get(query).add_hit()
