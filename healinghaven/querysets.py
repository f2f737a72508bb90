"""Page querysets and routing that ask the database once per request, not once per use."""

from django.db.models import Q
from wagtail.models import PageManager, PageQuerySet, PageViewRestriction

from . import sitecache


class SitePageQuerySet(PageQuerySet):
    def private_q(self):
        """Wagtail's private_q, with the private sections read once per request."""
        q = Q()
        for restriction in sitecache.view_restrictions():
            q |= self.descendant_of_q(restriction.page, inclusive=True)
        return q if q else Q(pk__in=[])


SitePageManager = PageManager.from_queryset(SitePageQuerySet)


def site_pages() -> SitePageQuerySet:
    """All pages, as Page.objects, with the private sections read once per request."""
    from wagtail.models import Page

    return SitePageQuerySet(model=Page)


class ViewRestrictionsMixin:
    """Pages check their private sections against the request's list: no query when the
    site has none, Wagtail's own lookup when it has some."""

    def get_view_restrictions(self):
        if not sitecache.view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def page_chain(request) -> list | None:
    """The pages from the home page down to the routed page (set by HomePage.route)."""
    return getattr(request, "_page_chain", None) if request is not None else None
