"""Template tags for the site's chrome: navigation, breadcrumbs, links to booking."""

from urllib.parse import urlencode

from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_navigation(context) -> list[Page]:
    """The home page's children marked 'show in menus', fetched once per request."""
    request = context.get("request")
    if request is None:
        return []
    cached = getattr(request, "_main_navigation", None)
    if cached is None:
        site = Site.find_for_request(request)
        root = site.root_page if site else None
        cached = list(root.get_children().live().public().in_menu()) if root else []
        request._main_navigation = cached
    return cached


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page) -> list[Page]:
    """The page's ancestors below the site root (the home page comes first)."""
    if page is None or page.depth <= 2:
        return []
    return list(page.get_ancestors().filter(depth__gte=2))


@register.simple_tag(takes_context=True)
def booking_url(context, service=None) -> str:
    """Where 'Book a consultation' leads, with the service chosen when there is one."""
    clinic = context["settings"]["healinghaven"]["ClinicSettings"]
    page = clinic.booking_page
    if page is None:
        return clinic.phone_href
    url = page.get_url(request=context.get("request")) or ""
    if service is not None:
        url += "?" + urlencode({"service": service.slug})
    return url


@register.filter
def is_active_section(page, nav_item) -> bool:
    """True when `page` is `nav_item` or below it, for aria-current in the header."""
    if page is None or not hasattr(page, "path"):
        return False
    return page.path.startswith(nav_item.path)
