"""Template tags for what a page tells search engines and social networks.

`base.html` uses them for the canonical URL, Open Graph and Twitter tags and the clinic's
JSON-LD; page templates add their own JSON-LD in `{% block structured_data %}`.
"""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from healinghaven.images import SOCIAL_RENDITION
from healinghaven.models import HomePage
from healinghaven.seo import schema

register = template.Library()

_MISSING = object()


class CaptureNode(template.Node):
    def __init__(self, nodelist, variable: str):
        self.nodelist = nodelist
        self.variable = variable

    def render(self, context) -> str:
        context[self.variable] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308 - rendered by the template engine, so already escaped
        return ""


@register.tag
def capture(parser, token):
    """Render the enclosed template once and keep it in a variable, e.g. to use a block's
    output in <title> and again in og:title: {% capture as page_title %}...{% endcapture %}.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as variable %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


def _cached(request, name: str, compute):
    """Compute a value once per request (several tags on a page need the same one)."""
    if request is None:
        return compute()
    cache = request.__dict__.setdefault("_seo_cache", {})
    value = cache.get(name, _MISSING)
    if value is _MISSING:
        value = cache[name] = compute()
    return value


def _site(request):
    return _cached(request, "site", lambda: Site.find_for_request(request) if request else None)


def root_url(request) -> str:
    """The site's scheme and host (from the Wagtail Site record, not the request's Host)."""
    return schema.site_root_url(request, _site(request))


def logo_url(request) -> str:
    return schema.absolute_url(static("img/logo.svg"), root_url(request))


def _rendition(image, request) -> dict | None:
    if image is None:
        return None
    try:
        rendition = image.get_rendition(SOCIAL_RENDITION)
    except SourceImageIOError:
        return None
    return {
        "url": schema.absolute_url(rendition.url, root_url(request)),
        "width": rendition.width,
        "height": rendition.height,
        "alt": getattr(image, "alt_text", "") or image.title,
    }


def _home_image(request) -> dict | None:
    def compute():
        site = _site(request)
        if site is None:
            return None
        home = site.root_page.specific
        if not isinstance(home, HomePage):
            return None
        return _rendition(home.hero_image, request)

    return _cached(request, "home_image", compute)


@register.simple_tag(takes_context=True)
def social_image(context) -> dict | None:
    """The 1200x630 image for Open Graph, Twitter and JSON-LD: the page's hero image,
    else the home page's. A dict with url (absolute), width, height and alt."""
    request = context.get("request")

    def compute():
        page = context.get("page")
        image = getattr(page, "hero_image", None) if page is not None else None
        return _rendition(image, request) if image is not None else _home_image(request)

    return _cached(request, "social_image", compute)


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's one address: scheme and host from the site, the path, and only the
    query parameters that change the content (the search terms, a page number > 1)."""
    request = context.get("request")
    if request is None:
        return ""
    params = {}
    if context.get("search_query"):
        params["q"] = context["search_query"]
    for name in ("posts", "results"):
        number = getattr(context.get(name), "number", None)
        if isinstance(number, int) and number > 1:
            params["page"] = number
    url = schema.absolute_url(request.path, root_url(request))
    return url + ("?" + urlencode(params) if params else "")


@register.filter
def iso_datetime(value) -> str:
    return schema.iso_datetime(value) or ""


@register.simple_tag(takes_context=True)
def clinic_json_ld(context) -> SafeString:
    """The clinic as schema.org Physiotherapy, from the clinic settings."""
    clinic = context.get("clinic") or context["settings"]["healinghaven"]["ClinicSettings"]
    request = context.get("request")
    return schema.json_ld(
        schema.physiotherapy(
            clinic,
            root_url=root_url(request),
            logo_url=logo_url(request),
            image=_home_image(request),
            social_urls=[link.url for link in clinic.social_link_list],
        )
    )


@register.simple_tag(takes_context=True)
def website_json_ld(context) -> SafeString:
    clinic = context["clinic"]
    request = context.get("request")
    return schema.json_ld(
        schema.website(
            clinic,
            root_url=root_url(request),
            search_url=schema.absolute_url(reverse("search"), root_url(request)),
        )
    )


@register.simple_tag
def breadcrumb_json_ld(crumbs: list[dict], request) -> SafeString:
    """BreadcrumbList from the trail that `breadcrumb_trail` made for the visible one."""
    base = root_url(request)
    return schema.json_ld(
        schema.breadcrumb_list(
            [
                {"label": crumb["label"], "url": schema.absolute_url(crumb["url"] or "", base)}
                for crumb in crumbs
            ]
        )
    )


def review(page, request) -> dict:
    """`reviewedBy` and `lastReviewed` of a page with a clinical review, for its JSON-LD."""
    if not getattr(page, "has_clinical_review", False):
        return {}
    base = root_url(request)
    profile = page.reviewed_by.get_url(request)
    return schema.review_properties(
        page, reviewer_url=schema.absolute_url(profile, base) if profile else "", root_url=base
    )


@register.simple_tag(takes_context=True)
def practitioner_json_ld(context) -> SafeString:
    """A practitioner's profile: the Person, with registration, languages and the clinic."""
    request = context.get("request")
    base = root_url(request)
    data = schema.practitioner(
        context["practitioner"],
        url=schema.absolute_url(request.path, base),
        root_url=base,
    )
    return schema.json_ld({"@context": schema.SCHEMA, **data})


@register.filter
def meta_description(page) -> str:
    """The page's search description (promote tab), else its summary or first paragraph.

    At most 160 characters, cut at a word; empty when the page has no words to offer.
    """
    for field in ("search_description", "intro", "summary", "hero_text"):
        value = getattr(page, field, "")
        if value:
            return schema.short_description(value)
    for block in getattr(page, "body", None) or []:
        if block.block_type == "paragraph":
            text = schema.short_description(str(block.value))
            if text:
                return text
    return ""
