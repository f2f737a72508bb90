"""What pages tell search engines and social networks: descriptions, URLs, JSON-LD.

Plain functions over the site's objects (duck-typed, so this module imports none of our
apps): the template tags in `templatetags/seo_tags.py` call them with what a template
has. JSON-LD goes out as `<script type="application/ld+json">`: data, not script, so a
strict Content-Security-Policy without 'unsafe-inline' allows it.
"""

import datetime
import json
import re
from collections.abc import Iterable

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Site

from healinghaven.hours import DAY_NAMES, week_spans

SCHEMA = "https://schema.org"
LANGUAGE = "en-CA"
DESCRIPTION_LENGTH = 160

# The same escapes as Django's json_script: nothing in the data can close the <script>.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def plain_text(value: str) -> str:
    """Text without tags and with single spaces, for descriptions and JSON-LD."""
    return re.sub(r"\s+", " ", strip_tags(str(value or ""))).strip()


def short_description(value: str, length: int = DESCRIPTION_LENGTH) -> str:
    """A description of at most `length` characters, cut at a word."""
    text = plain_text(value)
    if len(text) <= length:
        return text
    cut = text[:length]  # room for the ellipsis once the partial word goes
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.–—-") + "…"


def site_root_url(request, site=None) -> str:
    """The site's scheme and host, from the Wagtail Site record (not the request's Host
    header), as page URLs and the sitemap use: e.g. https://www.example.com."""
    if site is None and request is not None:
        site = Site.find_for_request(request)
    if site is not None:
        return site.root_url
    return request.build_absolute_uri("/").rstrip("/") if request is not None else ""


def absolute_url(url: str, root_url: str) -> str:
    """`url` with the site's scheme and host, unless it has them (media on a CDN)."""
    if not url or re.match(r"^[a-z][a-z0-9+.-]*://", url, re.IGNORECASE):
        return url
    return root_url.rstrip("/") + "/" + url.lstrip("/")


def json_ld(data: dict | None) -> SafeString:
    """One `<script type="application/ld+json">` block, or nothing for no data."""
    if not data:
        return mark_safe("")  # noqa: S308 - empty string
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return mark_safe(  # noqa: S308 - JSON escaped so it cannot end the element
        f'<script type="application/ld+json">{payload.translate(_JSON_ESCAPES)}</script>'
    )


def drop_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def aware_datetime(value: datetime.datetime | datetime.date) -> datetime.datetime:
    """A datetime with a timezone; a date becomes the clinic's midnight that day."""
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time.min)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def iso_datetime(value: datetime.datetime | datetime.date | None) -> str | None:
    """ISO 8601 with the clinic's offset, e.g. 2022-10-06T09:30:00-06:00."""
    if value is None:
        return None
    return timezone.localtime(aware_datetime(value)).isoformat(timespec="seconds")


def image_object(image: dict | None) -> dict | None:
    """An ImageObject from the dict `social_image` makes (url, width, height, alt)."""
    if not image:
        return None
    return drop_empty(
        {
            "@type": "ImageObject",
            "url": image["url"],
            "width": image.get("width"),
            "height": image.get("height"),
            "caption": image.get("alt"),
        }
    )


def clinic_id(root_url: str) -> str:
    return root_url.rstrip("/") + "/#clinic"


def postal_address(clinic) -> dict:
    return drop_empty(
        {
            "@type": "PostalAddress",
            "streetAddress": clinic.street_address,
            "addressLocality": clinic.locality,
            "addressRegion": clinic.region,
            "postalCode": clinic.postal_code,
            "addressCountry": "CA",
        }
    )


def opening_hours_specification(rows: Iterable) -> list[dict]:
    """One OpeningHoursSpecification per opening and closing time, listing its days."""
    days_by_span: dict[tuple[datetime.time, datetime.time], list[int]] = {}
    for day, spans in enumerate(week_spans(rows)):
        for span in spans:
            days_by_span.setdefault(span, []).append(day)
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [DAY_NAMES[day] for day in sorted(set(days))],
            "opens": opens.strftime("%H:%M"),
            "closes": closes.strftime("%H:%M"),
        }
        for (opens, closes), days in sorted(days_by_span.items(), key=lambda item: min(item[1]))
    ]


def special_opening_hours_specification(rows: Iterable) -> list[dict]:
    """Holiday and special hours: one OpeningHoursSpecification per row, valid on its dates.

    A closed day opens and closes at 00:00, as schema.org and Google ask.
    """
    specs = []
    for row in rows:
        closed = row.closed or row.opens is None or row.closes is None
        specs.append(
            drop_empty(
                {
                    "@type": "OpeningHoursSpecification",
                    "name": row.label,
                    "validFrom": row.start_date.isoformat(),
                    "validThrough": (row.end_date or row.start_date).isoformat(),
                    "opens": "00:00" if closed else row.opens.strftime("%H:%M"),
                    "closes": "00:00" if closed else row.closes.strftime("%H:%M"),
                }
            )
        )
    return specs


def international_phone(clinic) -> str:
    """The phone number as +15877356272 (from the tel: link the site already uses)."""
    return clinic.phone_href.removeprefix("tel:")


def physiotherapy(
    clinic, *, root_url: str, logo_url: str, image: dict | None, social_urls: list[str]
) -> dict:
    """The clinic as a schema.org Physiotherapy (a MedicalBusiness, so a LocalBusiness)."""
    return drop_empty(
        {
            "@context": SCHEMA,
            "@type": "Physiotherapy",
            "@id": clinic_id(root_url),
            "name": clinic.name,
            "description": clinic.tagline,
            "url": root_url.rstrip("/") + "/",
            "telephone": international_phone(clinic),
            "email": clinic.email,
            "address": postal_address(clinic),
            "openingHoursSpecification": opening_hours_specification(clinic.opening_hours_list),
            "specialOpeningHoursSpecification": special_opening_hours_specification(
                clinic.upcoming_special_hours
            ),
            "hasMap": clinic.map_url,
            "logo": logo_url,
            "image": image["url"] if image else logo_url,
            "sameAs": social_urls,
        }
    )


def publisher(clinic, *, root_url: str, logo_url: str) -> dict:
    return drop_empty(
        {
            "@type": "Organization",
            "name": clinic.name,
            "url": root_url.rstrip("/") + "/",
            "logo": drop_empty({"@type": "ImageObject", "url": logo_url}),
        }
    )


def website(clinic, *, root_url: str, search_url: str) -> dict:
    root = root_url.rstrip("/") + "/"
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "@id": root + "#website",
        "name": clinic.name,
        "url": root,
        "inLanguage": LANGUAGE,
        "publisher": {"@id": clinic_id(root_url)},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": search_url + "?q={search_term}"},
            "query-input": "required name=search_term",
        },
    }


def breadcrumb_list(crumbs: list[dict]) -> dict | None:
    """A BreadcrumbList from the visible trail: dicts with `label` and absolute `url`."""
    if len(crumbs) < 2:
        return None
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            drop_empty(
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": crumb["label"],
                    "item": crumb.get("url"),
                }
            )
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }


def practitioner(person, *, url: str = "", clinic=None, root_url: str = "") -> dict:
    """A practitioner as a schema.org Person, with the College registration as a credential."""
    credential = None
    if person.registration_number:
        credential = {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": "Registration",
            "identifier": person.registration_number,
            "recognizedBy": {
                "@type": "Organization",
                "name": "College of Physiotherapists of Alberta",
            },
        }
    return drop_empty(
        {
            "@type": "Person",
            "name": person.name,
            "jobTitle": person.designation,
            "url": url,
            "hasCredential": credential,
            "knowsLanguage": person.language_list,
            "worksFor": {"@id": clinic_id(root_url)} if root_url else None,
        }
    )


def review_properties(page, *, reviewer_url: str = "", root_url: str = "") -> dict:
    """`reviewedBy` and `lastReviewed` of a WebPage whose health content was reviewed."""
    if not getattr(page, "has_clinical_review", False):
        return {}
    return {
        "reviewedBy": practitioner(page.reviewed_by, url=reviewer_url, root_url=root_url),
        "lastReviewed": page.last_reviewed.isoformat(),
    }


def faq_questions(stream) -> list[tuple[str, str]]:
    """(question, answer as plain text) for every FAQ block in a StreamField value."""
    questions = []
    for block in stream or []:
        if block.block_type != "faq":
            continue
        for item in block.value["questions"]:
            answer = plain_text(str(item["answer"]))
            if item["question"] and answer:
                questions.append((item["question"], answer))
    return questions


def faq_page(questions: list[tuple[str, str]], *, url: str) -> dict | None:
    if not questions:
        return None
    return {
        "@context": SCHEMA,
        "@type": "FAQPage",
        "@id": url + "#faq",
        "url": url,
        "inLanguage": LANGUAGE,
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": answer},
            }
            for question, answer in questions
        ],
    }
