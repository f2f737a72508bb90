"""Every public page type, as the demo content (`load_demo_content`) has it, with what
the `demo` fixture adds: opening hours, a notice, one practitioner."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    status: int = 200


PAGE_TYPES = [
    PageType("home", "/"),
    PageType("service-index", "/services/"),
    PageType("service", "/services/dry-needling/"),
    PageType("service-with-video", "/services/sports-recovery/"),
    PageType("condition-index", "/services/conditions/"),
    PageType("condition", "/services/conditions/sciatica/"),
    PageType("blog-index", "/blog/"),
    PageType("blog-post", "/blog/dry-needling-101/"),
    PageType("blog-category", "/blog/category/dry-needling/"),
    PageType("standard-about", "/about/"),
    PageType("standard-privacy", "/privacy-policy/"),
    PageType("standard-accessibility", "/accessibility/"),
    PageType("team", "/team/"),
    # Made up by the `demo` fixture: the demo content invents no people.
    PageType("practitioner", "/team/test-practitioner/"),
    PageType("consultation", "/book-a-consultation/"),
    # Shown to the patient who has just sent the form (the `patient_state` cookies).
    PageType("thank-you", "/book-a-consultation/thank-you/"),
    PageType("search-results", "/search/?q=needling"),
    PageType("search-empty", "/search/"),
    PageType("not-found", "/this-page-does-not-exist/", status=404),
]

BY_NAME = {page_type.name: page_type for page_type in PAGE_TYPES}


def ids(page_types: list[PageType]) -> list[str]:
    return [page_type.name for page_type in page_types]
