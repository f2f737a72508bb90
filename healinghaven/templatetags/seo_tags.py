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

from healinghaven import seo
from healinghaven.images import SOCIAL_RENDITION
from healinghaven.models import HomePage
from healinghaven.querysets import page_chain

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
    return seo.site_root_url(request, _site(request))


def logo_url(request) -> str:
    return seo.absolute_url(static("img/logo.svg"), root_url(request))


def _rendition(image, request) -> dict | None:
    if image is None:
        return None
    try:
        rendition = image.get_rendition(SOCIAL_RENDITION)
    except SourceImageIOError:
        return None
    return {
        "url": seo.absolute_url(rendition.url, root_url(request)),
        "width": rendition.width,
        "height": rendition.height,
        "alt": getattr(image, "alt_text", "") or image.title,
    }


def _home_image(request) -> dict | None:
    def compute():
        site = _site(request)
        if site is None:
            return None
        home = site.root_page.specific  # the request's chrome holds it with its renditions
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
    url = seo.absolute_url(request.path, root_url(request))
    return url + ("?" + urlencode(params) if params else "")


@register.filter
def iso_datetime(value) -> str:
    return seo.iso_datetime(value) or ""


@register.simple_tag(takes_context=True)
def clinic_json_ld(context) -> SafeString:
    """The clinic as schema.org Physiotherapy, from the clinic settings."""
    clinic = context.get("clinic") or context["settings"]["healinghaven"]["ClinicSettings"]
    request = context.get("request")
    return seo.json_ld(
        seo.physiotherapy(
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
    return seo.json_ld(
        seo.website(
            clinic,
            root_url=root_url(request),
            search_url=seo.absolute_url(reverse("search"), root_url(request)),
        )
    )


@register.simple_tag
def breadcrumb_json_ld(crumbs: list[dict], request) -> SafeString:
    """BreadcrumbList from the trail that `breadcrumb_trail` made for the visible one."""
    base = root_url(request)
    return seo.json_ld(
        seo.breadcrumb_list(
            [
                {"label": crumb["label"], "url": seo.absolute_url(crumb["url"] or "", base)}
                for crumb in crumbs
            ]
        )
    )


def _review(page, request) -> dict:
    if not getattr(page, "has_clinical_review", False):
        return {}
    base = root_url(request)
    profile = page.reviewed_by.get_url(request)
    return seo.review_properties(
        page, reviewer_url=seo.absolute_url(profile, base) if profile else "", root_url=base
    )


@register.simple_tag(takes_context=True)
def practitioner_json_ld(context) -> SafeString:
    """A practitioner's profile: the Person, with registration, languages and the clinic."""
    request = context.get("request")
    base = root_url(request)
    data = seo.practitioner(
        context["practitioner"],
        url=seo.absolute_url(request.path, base),
        root_url=base,
    )
    return seo.json_ld({"@context": seo.SCHEMA, **data})


@register.simple_tag(takes_context=True)
def blog_posting_json_ld(context) -> SafeString:
    page = context["page"]
    request = context.get("request")
    base = root_url(request)
    chain = page_chain(request)
    parent = (
        chain[-2] if chain and len(chain) > 1 and chain[-1].pk == page.pk else page.get_parent()
    )
    return seo.json_ld(
        seo.blog_posting(
            page,
            url=page.get_full_url(request),
            clinic=context["clinic"],
            root_url=base,
            logo_url=logo_url(request),
            image=social_image(context),
            blog_url=parent.get_full_url(request) if parent else None,
            review=_review(page, request),
        )
    )


@register.simple_tag(takes_context=True)
def service_json_ld(context) -> SafeString:
    """A service page as MedicalWebPage about the therapy and the conditions it treats,
    plus FAQPage when its body has questions and answers."""
    page = context["page"]
    request = context.get("request")
    base = root_url(request)
    url = page.get_full_url(request)
    conditions_url = context.get("conditions_base_url") or ""
    about = [seo.therapy(page.title, page.summary, url)] + [
        seo.medical_condition(
            condition.name,
            condition.summary,
            seo.absolute_url(f"{conditions_url}{condition.slug}/", base) if conditions_url else "",
        )
        for condition in context.get("conditions") or []
    ]
    web_page = seo.medical_web_page(
        url=url,
        name=page.seo_title or page.title,
        description=page.search_description or page.summary,
        clinic=context["clinic"],
        root_url=base,
        logo_url=logo_url(request),
        image=social_image(context),
        modified=page.last_published_at,
        about=about,
        review=_review(page, request),
    )
    faq = seo.faq_page(seo.faq_questions(page.body), url=url)
    return mark_safe(seo.json_ld(web_page) + seo.json_ld(faq))  # noqa: S308 - both escaped JSON


@register.simple_tag(takes_context=True)
def condition_json_ld(context) -> SafeString:
    """A condition page as MedicalWebPage about the condition and the services for it."""
    condition = context["condition"]
    request = context.get("request")
    base = root_url(request)
    url = seo.absolute_url(request.path, base)
    about = [seo.medical_condition(condition.name, condition.summary, url)] + [
        seo.therapy(service.title, service.summary, service.get_full_url(request))
        for service in context.get("services") or []
    ]
    return seo.json_ld(
        seo.medical_web_page(
            url=url,
            name=condition.name,
            description=condition.summary or condition.name,
            clinic=context["clinic"],
            root_url=base,
            logo_url=logo_url(request),
            image=social_image(context),
            about=about,
        )
    )
