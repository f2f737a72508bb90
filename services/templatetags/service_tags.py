"""Template tags for service and condition pages: their JSON-LD."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from healinghaven.images import CARD_RENDITIONS, attach_renditions
from healinghaven.seo import schema
from healinghaven.templatetags import seo_tags
from services import seo
from services.models import ServicePage

register = template.Library()


@register.simple_tag
def featured_services(home) -> list[ServicePage]:
    """The services the home page features, in its order: published and public ones only."""
    ids = [item.service_id for item in home.featured_services.all()]  # a preview's too
    by_id = ServicePage.objects.filter(pk__in=ids).live().public().cards().in_bulk()
    services = [by_id[pk] for pk in ids if pk in by_id]
    attach_renditions([service.hero_image for service in services], *CARD_RENDITIONS)
    return services


@register.simple_tag(takes_context=True)
def service_json_ld(context) -> SafeString:
    """A service page as MedicalWebPage about the therapy and the conditions it treats,
    plus FAQPage when its body has questions and answers."""
    page = context["page"]
    request = context.get("request")
    base = seo_tags.root_url(request)
    url = page.get_full_url(request)
    conditions_url = context.get("conditions_base_url") or ""
    about = [seo.therapy(page.title, page.summary, url)] + [
        seo.medical_condition(
            condition.name,
            condition.summary,
            schema.absolute_url(f"{conditions_url}{condition.slug}/", base)
            if conditions_url
            else "",
        )
        for condition in context.get("conditions") or []
    ]
    web_page = seo.medical_web_page(
        url=url,
        name=page.seo_title or page.title,
        description=page.search_description or page.summary,
        clinic=context["clinic"],
        root_url=base,
        logo_url=seo_tags.logo_url(request),
        image=seo_tags.social_image(context),
        modified=page.last_published_at,
        about=about,
        review=seo_tags.review(page, request),
    )
    faq = schema.faq_page(schema.faq_questions(page.body), url=url)
    return mark_safe(schema.json_ld(web_page) + schema.json_ld(faq))  # noqa: S308 - both escaped JSON


@register.simple_tag(takes_context=True)
def condition_json_ld(context) -> SafeString:
    """A condition page as MedicalWebPage about the condition and the services for it."""
    condition = context["condition"]
    request = context.get("request")
    base = seo_tags.root_url(request)
    url = schema.absolute_url(request.path, base)
    about = [seo.medical_condition(condition.name, condition.summary, url)] + [
        seo.therapy(service.title, service.summary, service.get_full_url(request))
        for service in context.get("services") or []
    ]
    return schema.json_ld(
        seo.medical_web_page(
            url=url,
            name=condition.name,
            description=condition.summary or condition.name,
            clinic=context["clinic"],
            root_url=base,
            logo_url=seo_tags.logo_url(request),
            image=seo_tags.social_image(context),
            about=about,
        )
    )
