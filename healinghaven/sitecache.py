"""Site-wide cache state shared by every app server: the content generation and the chrome.

The *generation* is one number in the shared cache (Redis in production). Every change
that can show on a public page (a page published, unpublished, moved or deleted, a
snippet, an image, the clinic settings) bumps it once the change is committed; cached
pages and the cached chrome are keyed on it, so every app server sees the change at once.

The *chrome* is what every page shows around its content: the Site record and its home
page (routing starts there), the clinic settings with their opening hours and social
links, the main navigation and the list of private sections. It is built once per
generation and host and kept in the shared cache, so a page whose HTML is not cached
still spends its queries on its own content only.
"""

import contextvars
import functools
import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "site:generation"
# The project's own packages: what renders pages (see `release`).
RELEASE_APPS = ["healinghaven", "blog", "services", "bookings", "team"]
_request_state: contextvars.ContextVar["RequestState | None"] = contextvars.ContextVar(
    "site_request_state", default=None
)


@functools.cache
def release() -> str:
    """What this process renders with: a digest of the project's code and templates, the
    static files' manifest (their hashed names) and the versions of Django and Wagtail.
    Kept pages, parts of pages, routes and the chrome are keyed on it with the generation,
    so a deploy never serves what older code rendered: links to static files the new
    image does not have, old markup beside new CSS, pickled pages of an older model."""
    import django
    import wagtail

    digest = hashlib.sha256(f"{django.__version__} {wagtail.__version__}".encode())
    root = Path(settings.BASE_DIR)
    folders = [root / "templates", *(root / app for app in RELEASE_APPS)]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".py", ".html"} and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:12]


def chrome_seconds() -> int:
    return getattr(settings, "SITE_CHROME_CACHE_SECONDS", 60 * 60)


def fresh_generation() -> int:
    """A number no earlier generation can have had, for a cache that has lost the count
    (new, flushed, or evicted under memory pressure while entries it keyed live on): the
    clock in microseconds, which bumps of one at a time never catch up with."""
    return time.time_ns() // 1000


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        start = fresh_generation()
        cache.add(GENERATION_KEY, start, timeout=None)
        generation = cache.get(GENERATION_KEY, start)
    return generation


def bump_generation() -> None:
    """Make every cached page and the chrome stale, on every app server."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): start a number never used before
        cache.add(GENERATION_KEY, fresh_generation(), timeout=None)


def bump_generation_on_commit(**kwargs) -> None:
    """Signal receiver: bump now (so this process never serves the old page) and again
    after the commit (so a page rendered while the transaction ran is not kept)."""
    bump_generation()
    transaction.on_commit(bump_generation)


@dataclass
class RequestState:
    """What one request has learned about the site, so no query runs twice."""

    generation: int | None = None
    view_restrictions: list | None = None
    memo: dict = field(default_factory=dict)


def request_state() -> RequestState | None:
    return _request_state.get()


def start_request() -> contextvars.Token:
    return _request_state.set(RequestState())


def end_request(token: contextvars.Token) -> None:
    _request_state.reset(token)


def request_generation() -> int:
    state = request_state()
    if state is None:
        return current_generation()
    if state.generation is None:
        state.generation = current_generation()
    return state.generation


def view_restrictions() -> list:
    """Every PageViewRestriction with its page: once per request (or from the chrome)."""
    from wagtail.models import PageViewRestriction

    state = request_state()
    if state is not None and state.view_restrictions is not None:
        return state.view_restrictions
    restrictions = list(PageViewRestriction.objects.select_related("page"))
    if state is not None:
        state.view_restrictions = restrictions
    return restrictions


@dataclass
class Chrome:
    site: object
    clinic: object
    navigation: list
    restrictions: list
    parts: dict = field(default_factory=dict)
    # Wagtail's list of site root paths, which every page URL needs (its own cache
    # entry otherwise: a round trip to Redis on each request).
    root_paths: list | None = None


# Other apps add what they show on every page: name -> function(site) -> value.
CHROME_PARTS: dict = {}


def register_chrome_part(name: str, build) -> None:
    CHROME_PARTS[name] = build


def chrome_part(request, name: str, compute):
    """A part of the chrome, from the request's chrome when it has one."""
    parts = getattr(request, "_chrome_parts", None)
    if parts is not None and name in parts:
        return parts[name]
    return compute()


def build_chrome(request) -> Chrome | None:
    from wagtail.images.models import SourceImageIOError
    from wagtail.models import Site

    from .images import HERO_RENDITIONS, SOCIAL_RENDITION, attach_renditions
    from .models import ClinicSettings

    site = Site._find_for_request(request)
    if site is None:
        return None
    home = site.root_page.specific
    site.root_page = home
    hero = getattr(home, "hero_image", None)
    if hero is not None:
        try:  # made now if the upload's task has not made them yet
            hero.prefetched_renditions = list(
                hero.get_renditions(*HERO_RENDITIONS, SOCIAL_RENDITION).values()
            )
        except SourceImageIOError:
            attach_renditions([hero], *HERO_RENDITIONS, SOCIAL_RENDITION)
    clinic = ClinicSettings.for_site(site)
    clinic.opening_hours_list  # noqa: B018 - evaluated here so the chrome carries them
    clinic.social_link_list  # noqa: B018
    clinic.special_hours_list  # noqa: B018 - the dates, not "upcoming": that is per request
    for name in ("booking_page", "privacy_page"):
        getattr(clinic, name)
    restrictions = view_restrictions()
    navigation = list(home.get_children().live().public().in_menu())
    parts = {name: build(site) for name, build in CHROME_PARTS.items()}
    return Chrome(
        site=site,
        clinic=clinic,
        navigation=navigation,
        restrictions=restrictions,
        parts=parts,
        root_paths=Site.get_site_root_paths(),
    )


def install_chrome(request) -> None:
    """Give the request the site, clinic settings, navigation and private sections from the
    shared cache (built once per generation and host), so templates ask no query for them."""
    from .models import ClinicSettings

    state = request_state()
    key = (
        f"site:chrome:{release()}:{request_generation()}:"
        f"{request._get_raw_host()}:{request.get_port()}"
    )
    chrome = cache.get(key)
    if not isinstance(chrome, Chrome):
        chrome = build_chrome(request)
        if chrome is None:
            return
        cache.set(key, chrome, chrome_seconds())
    request._wagtail_site = chrome.site
    chrome.clinic._request = request
    setattr(request, ClinicSettings.get_cache_attr_name(), chrome.clinic)
    request._main_navigation = chrome.navigation
    if chrome.root_paths is not None:
        request._wagtail_cached_site_root_paths = chrome.root_paths
    request._chrome_parts = chrome.parts
    if state is not None:
        state.view_restrictions = chrome.restrictions
