"""Template tags for the site's chrome: navigation, breadcrumbs, links to booking."""

from functools import lru_cache
from urllib.parse import urlencode

from django import template
from django.contrib.staticfiles import finders
from django.utils import timezone
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.models import Page, Site

from healinghaven.blocks import stream_strings
from healinghaven.caching.middleware import is_tracking_param
from healinghaven.editorial.advertising import ATTRIBUTE, normalise
from healinghaven.hours import DAY_NAMES, hours_data
from healinghaven.models import ClinicPageQuerySet, SiteNotice

register = template.Library()


@register.simple_tag(takes_context=True)
def main_navigation(context) -> list[Page]:
    """The home page's children marked 'show in menus', fetched once per request. Apps may
    leave out a page that has nothing to show yet with a `main_navigation_pages` hook."""
    request = context.get("request")
    if request is None:
        return []
    cached = getattr(request, "_main_navigation", None)
    if cached is None:
        site = Site.find_for_request(request)
        pages = ClinicPageQuerySet(Page).none()
        if site:
            pages = ClinicPageQuerySet(Page).child_of(site.root_page).live().in_menu().public()
        for hook in hooks.get_hooks("main_navigation_pages"):
            pages = hook(pages)
        cached = request._main_navigation = list(pages)
    return cached


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context) -> list[dict]:
    """The breadcrumb trail: dicts with `label`, `url` and `current` (the last one).

    The home page's own trail is empty. Routable sub-views and pages without a Wagtail
    page (search) add to it through the context: `breadcrumb_link_label` and
    `breadcrumb_link_url` (one link after the page), `breadcrumb_tail` (labels) and
    `breadcrumb_current` (the last label).
    """
    request = context.get("request")
    page = context.get("page")
    link_url = context.get("breadcrumb_link_url")
    tail = list(context.get("breadcrumb_tail") or [])
    current = context.get("breadcrumb_current")
    extended = bool(link_url or tail or current)
    if page is None or not hasattr(page, "depth"):
        site = Site.find_for_request(request) if request else None
        if site is None or not current:
            return []
        crumbs = [{"label": site.root_page.title, "url": site.root_page.get_url(request)}]
    else:
        ancestors = []
        parent = page
        while parent.depth > 2:  # found by routing: no query
            parent = parent.get_parent()
            ancestors.insert(0, parent)
        if not ancestors and not extended:
            return []
        crumbs = [{"label": item.title, "url": item.get_url(request)} for item in ancestors]
        crumbs.append({"label": page.title, "url": page.get_url(request)})
    if link_url:
        crumbs.append({"label": context.get("breadcrumb_link_label"), "url": link_url})
    crumbs += [{"label": label, "url": None} for label in tail]
    if current:
        crumbs.append({"label": current, "url": None})
    for crumb in crumbs:
        crumb["current"] = False
    crumbs[-1]["current"] = True
    if not crumbs[-1]["url"] and request is not None:
        crumbs[-1]["url"] = request.path
    return crumbs


@register.simple_tag(takes_context=True)
def booking_url(context, service=None) -> str:
    """Where 'Request a consultation' leads, with the service chosen when there is one, and
    the page the link is on (`from`: the visits report counts requests per page)."""
    clinic = context["settings"]["healinghaven"]["ClinicSettings"]
    page = clinic.booking_page
    if page is None:
        return clinic.phone_href
    url = page.get_url(request=context.get("request")) or ""
    query = {"service": service.slug} if service else {}
    current = context.get("page")
    if isinstance(current, Page) and current.pk and current.pk != page.pk:
        query["from"] = current.pk
    return url + ("?" + urlencode(query) if query else "")


@register.filter
def is_active_section(page, nav_item) -> bool:
    """True when `page` is `nav_item` or below it, for aria-current in the header."""
    if page is None or not hasattr(page, "path"):
        return False
    return page.path.startswith(nav_item.path)


@register.simple_tag
def opening_hours_rows(clinic) -> list[dict]:
    """Every day of the week for the hours table: the clinic's groups plus closed days.

    Each row has `days` and `spans` (a list of (opens, closes) pairs; empty when closed).
    Consecutive closed days are grouped like open ones ("Saturday – Sunday").
    """
    rows: list[dict] = []
    groups = {group["first_day"]: group for group in clinic.grouped_hours}
    day = 0
    while day < len(DAY_NAMES):
        group = groups.get(day)
        if group:
            rows.append({"days": group["days"], "spans": group["spans"]})
            day = group["last_day"] + 1
            continue
        last = day
        while last + 1 < len(DAY_NAMES) and last + 1 not in groups:
            last += 1
        first_name, last_name = DAY_NAMES[day], DAY_NAMES[last]
        days = first_name if day == last else f"{first_name} – {last_name}"
        rows.append({"days": days, "spans": []})
        day = last + 1
    return rows


@register.simple_tag(takes_context=True)
def page_query(context, number) -> str:
    """`?page=N` with the request's other parameters but campaign and click ids: a link in a
    page kept for everyone must not carry one visitor's `utm_*`, `fbclid` or `mc_eid`."""
    request = context.get("request")
    params = []
    if request is not None:
        params = [
            (name, value)
            for name, values in request.GET.lists()
            if name != "page" and not is_tracking_param(name)
            for value in values
        ]
    return "?" + urlencode([*params, ("page", number)])


@register.simple_tag
def pagination_range(page_obj) -> list:
    """Page numbers around the current one, with Paginator.ELLIPSIS for the gaps."""
    return list(
        page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)
    )


@lru_cache(maxsize=32)
def _svg_source(path: str) -> str:
    found = finders.find(path)
    if not found:
        raise template.TemplateSyntaxError(f"No static SVG at {path!r}.")
    with open(found, encoding="utf-8") as svg_file:
        return svg_file.read().strip()


@register.simple_tag
def svg(path: str, css_class: str = "icon") -> str:
    """An SVG from static/ inlined (so it takes the text colour), hidden from assistive tech.

    Use it for icons beside visible text; never as the only content of a link.
    """
    source = _svg_source(path)
    attributes = format_html(' class="{}" aria-hidden="true" focusable="false"', css_class)
    return mark_safe(source.replace("<svg", "<svg" + attributes, 1))  # noqa: S308 - our own files


@register.simple_tag
def icon(name: str, css_class: str = "icon") -> str:
    """One of the icons in static/img/icons/, inlined: {% icon "phone" %}."""
    return svg(f"img/icons/{name}.svg", css_class)


@register.filter
def page_type(page) -> str:
    """The page's model name ("servicepage"), for a body class."""
    model = getattr(page, "specific_class", None) or type(page)
    return model._meta.model_name


@register.filter
def has_block(stream, block_type: str) -> bool:
    """True when a StreamField value holds a block of this type: {% if page.body|has_block:"faq" %}."""
    return any(block.block_type == block_type for block in stream or [])


@register.simple_tag(takes_context=True)
def advertising_text(context, *values) -> str:
    """` data-advertising-text="..."` with the words of `values`, in a preview only.

    The editor's advertising check (healinghaven/editorial/advertising.py) reads this attribute; the
    published page never carries it. Values may be text, HTML or a StreamField value.
    """
    request = context.get("request")
    if not getattr(request, "is_preview", False):
        return ""
    words = []
    for value in values:
        raw = getattr(value, "raw_data", None)
        if raw is not None:
            words += stream_strings(list(raw))
        elif value:
            words.append(str(value))
    return format_html(' {}="{}"', ATTRIBUTE, normalise(" ".join(words)))


@register.simple_tag(takes_context=True)
def online_booking_url(context, service=None) -> str:
    """The online booking address (e.g. a Jane App page), or "" when the clinic has none.

    A service's own booking link is used only when the clinic offers online booking at all.
    """
    clinic = context["settings"]["healinghaven"]["ClinicSettings"]
    if not clinic.online_booking_url:
        return ""
    return getattr(service, "online_booking_url", "") or clinic.online_booking_url


@register.simple_tag(takes_context=True)
def clinic_hours_data(context) -> str:
    """The clinic's hours as a JSON <script> block for static/js/clinic-clock.js."""
    clinic = context["clinic"]
    data = hours_data(clinic.opening_hours_list, clinic.special_hours_list, timezone.localdate())
    return json_script(data, "clinic-hours-data")


@register.simple_tag(takes_context=True)
def site_notices(context) -> list:
    """Notices not yet ended, each with `showing` (now, on the server), once per request.

    Upcoming notices are in the page too, hidden: static/js/clinic-clock.js shows each one
    from its start to its end by the browser's clock, so a cached page stays correct.
    """
    request = context.get("request")
    notices = getattr(request, "_site_notices", None)
    if notices is None:
        now = timezone.now()
        notices = list(SiteNotice.objects.not_ended(now).select_related("link_page"))
        for notice in notices:
            notice.showing = notice.is_showing(now)
        if request is not None:
            request._site_notices = notices
    return notices


@register.filter
def any_showing(notices) -> bool:
    return any(getattr(notice, "showing", False) for notice in notices)


@register.filter
def parent_url(page) -> str:
    """The URL of a page's parent, from the page's own URL: no query."""
    url = page.url or ""
    return url[: url.rstrip("/").rfind("/") + 1] if url else ""
