"""The search page: results from every app, or services to try when there are none."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.models import Site

from healinghaven.search.query import clean_query, record_search, search_site
from services.models import ServicePage

RESULTS_PER_PAGE = 10


def _page_of(items: list, number) -> object:
    paginator = Paginator(items, RESULTS_PER_PAGE)
    try:
        return paginator.page(number or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


@require_safe
@never_cache  # results follow what is published, and the terms may be personal
def search(request):
    site = Site.find_for_request(request)
    query = clean_query(request.GET.get("q"))
    hits = search_site(query, request=request, site=site) if query and site else []
    results = _page_of(hits, request.GET.get("page"))
    if query and request.GET.get("page", "1") == "1":  # paging on is not another search
        record_search(query)
    suggested_services = []
    if not hits and site is not None:
        suggested_services = (
            ServicePage.objects.live().public().descendant_of(site.root_page).order_by("path")
        )
    return TemplateResponse(
        request,
        "healinghaven/search.html",
        {
            "search_query": query,
            "results": results,
            "result_count": len(hits),
            "suggested_services": suggested_services,
        },
    )
