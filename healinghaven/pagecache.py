"""A full-page cache for anonymous visitors, shared by every app server.

`PageCacheMiddleware` sits right after Django's SecurityMiddleware, so what it stores is
the finished response (Content-Security-Policy and the other headers included) and what
it serves skips the whole stack below it: no session, no database.

A response is stored only when all of these hold:

- the request is a GET or HEAD without a session cookie or an Authorization header, for a
  path outside PAGE_CACHE_EXCLUDE_PATHS (the admin, search, the consultation form's
  posts...), and its query string holds nothing but `page` and tracking parameters
  (utm_*, fbclid, gclid, ...; they do not change the page and are left out of the key);
- the response is a 200 with a body, sets no cookie (a form's CSRF token sets one), is not
  marked private, no-cache or no-store (the consultation form and thank-you page are), and
  its Content-Security-Policy carries no nonce (a nonce must differ on every response);
- a `page` parameter named a page the view really showed (`mark_page_shown`), so
  `?page=junk` or `?page=999999` cannot fill the cache with copies of one page.

Entries are keyed on the content generation (healinghaven.sitecache), so publishing
anything makes every server render afresh. They also expire after PAGE_CACHE_SECONDS, the
bound on how long a time-dependent part of a page ("open now") may be stale.

Every page that could be cached gets an ETag (and Last-Modified when served from the
cache) and answers a matching conditional request with 304. Its Cache-Control lets a CDN
keep it for PAGE_CACHE_SECONDS and makes browsers revalidate; anything personal is sent
`private` so no shared cache keeps it.

Such a page also goes gzipped to a client that accepts it (a third of the bytes on a
phone's connection), compressed once when it is stored. Only these pages: they carry no
secret (no CSRF token, nothing personal), so compression cannot leak one (BREACH); forms
and anything personal go as they are.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode
from django.utils.text import compress_string

from . import fragments, sitecache

KEY_PREFIX = "page:"
CACHED_PARAMS = {"page"}
TRACKING_PARAMS = {"fbclid", "gclid", "msclkid", "dclid", "mc_cid", "mc_eid", "ref"}
# Response headers that belong to one response only, or to one encoding of it.
SKIPPED_HEADERS = {"set-cookie", "date", "x-page-cache", "content-length", "etag"}
# Smaller than this, gzip saves too little to be worth a header.
MIN_GZIP_BYTES = 512


def page_cache_enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def page_cache_seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 60)


def excluded_paths() -> list[str]:
    return list(getattr(settings, "PAGE_CACHE_EXCLUDE_PATHS", [])) + [
        settings.STATIC_URL,
        settings.MEDIA_URL,
    ]


def is_tracking_param(name: str) -> bool:
    """A campaign or click id: it says where a visitor came from, not what to show."""
    return name.startswith("utm_") or name in TRACKING_PARAMS


def _cacheable_query(request) -> tuple[bool, str]:
    """Whether the query string allows caching, and the part of it that goes in the key."""
    kept = []
    for name in sorted(request.GET):
        if name in CACHED_PARAMS:
            kept.append((name, request.GET.get(name)))
        elif not is_tracking_param(name):
            return False, ""
    return True, urlencode(kept)


def mark_page_shown(request, number: int) -> None:
    """Called by pagination: the page of results the response shows. A `page` parameter
    that names another (not a number, out of range, "02") keeps the response uncached."""
    if request is not None:
        request._page_shown = number


def page_param_shown(request) -> bool:
    raw = request.GET.get("page")
    return raw is None or raw == str(getattr(request, "_page_shown", None))


def public_path(request) -> bool:
    return not any(request.path.startswith(prefix) for prefix in excluded_paths())


def site_path(request) -> bool:
    """A path of the public site (search included), not the admin or a file."""
    prefixes = ["/admin/", settings.STATIC_URL, settings.MEDIA_URL]
    return not any(request.path.startswith(prefix) for prefix in prefixes)


def cacheable_request(request) -> tuple[bool, str]:
    """(cacheable, key) for a request; the key is only meaningful when cacheable. Worked out
    once per request: the middleware and the render cache (fragments.py) both ask."""
    memo = request.__dict__.get("_page_cache_request")
    if memo is None:
        memo = request._page_cache_request = _cacheable_request(request)
    return memo


def _cacheable_request(request) -> tuple[bool, str]:
    if request.method not in ("GET", "HEAD"):
        return False, ""
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False, ""
    if not public_path(request):
        return False, ""
    ok, query = _cacheable_query(request)
    if not ok:
        return False, ""
    raw = (
        f"{sitecache.release()} {request.scheme}://{request._get_raw_host()}{request.path}?{query}"
    )
    return True, KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False
    if not page_param_shown(request):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and getattr(user, "is_authenticated", False))


def etag_for(content: bytes) -> str:
    return '"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"'


def public_cache_headers(response) -> None:
    """A CDN may keep the page briefly; a browser revalidates it (ETag) every time."""
    patch_cache_control(response, public=True, max_age=0, s_maxage=page_cache_seconds())


def accepts_gzip(request) -> bool:
    """gzip named in Accept-Encoding, and not refused with q=0."""
    for coding in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, params = coding.partition(";")
        if name.strip().lower() != "gzip":
            continue
        quality = params.strip().lower().removeprefix("q=").strip() if params else "1"
        try:
            return float(quality) > 0
        except ValueError:
            return False
    return False


@dataclass
class Entry:
    generation: int
    status: int
    headers: list[tuple[str, str]]
    content: bytes
    etag: str
    stored_at: float
    # The content gzipped, with its own ETag (another representation); None when gzip
    # would not make it smaller.
    gzipped: bytes | None = None
    gzipped_etag: str = ""


def entry_for(response, *, generation: int) -> Entry:
    content = response.content
    gzipped = compress_string(content) if len(content) >= MIN_GZIP_BYTES else None
    if gzipped is not None and len(gzipped) >= len(content):
        gzipped = None
    return Entry(
        generation=generation,
        status=response.status_code,
        headers=[
            (name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS
        ],
        content=content,
        etag=etag_for(content),
        stored_at=time.time(),
        gzipped=gzipped,
        gzipped_etag=etag_for(gzipped) if gzipped is not None else "",
    )


def use_representation(request, response, entry: Entry) -> str:
    """Put the entry's content in the response, gzipped when the client takes it; its ETag."""
    if entry.gzipped is not None and accepts_gzip(request):
        response.content = entry.gzipped
        response.headers["Content-Encoding"] = "gzip"
        etag = entry.gzipped_etag
    else:
        response.content = entry.content
        etag = entry.etag
    response.headers["Content-Length"] = str(len(response.content))
    response.headers["ETag"] = etag
    return etag


def response_from_entry(request, entry: Entry) -> HttpResponse:
    response = HttpResponse(status=entry.status)
    for name, value in entry.headers:
        response.headers[name] = value
    etag = use_representation(request, response, entry)
    response.headers["Last-Modified"] = http_date(entry.stored_at)
    response.headers["X-Page-Cache"] = "hit"
    return get_conditional_response(
        request, etag=etag, last_modified=int(entry.stored_at), response=response
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = sitecache.start_request()
        try:
            return self.respond(request)
        finally:
            sitecache.end_request(token)

    def respond(self, request):
        cacheable, key = cacheable_request(request)
        enabled = page_cache_enabled()
        if cacheable and enabled:
            found = cache.get_many([sitecache.GENERATION_KEY, key])
            generation = found.get(sitecache.GENERATION_KEY)
            if generation is None:
                generation = sitecache.current_generation()
            sitecache.request_state().generation = generation
            entry = found.get(key)
            if isinstance(entry, Entry) and entry.generation == generation:
                return response_from_entry(request, entry)

        if request.method in ("GET", "HEAD") and site_path(request):
            sitecache.install_chrome(request)
        response = self.get_response(request)

        if not cacheable or not cacheable_response(request, response):
            # Search results, a signed-in editor's page (the userbar), a form with its CSRF
            # token: no shared cache may keep them.
            if "Cache-Control" not in response:
                patch_cache_control(response, private=True, no_cache=True)
            elif (
                settings.SESSION_COOKIE_NAME in request.COOKIES
                and "private" not in response["Cache-Control"]
                and not response.streaming
            ):
                patch_cache_control(response, private=True)
            return response

        # The parts this render kept aside go to the cache only now that the response may.
        fragments.commit(request)
        public_cache_headers(response)
        patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
        entry = entry_for(response, generation=sitecache.request_generation())
        if enabled:
            cache.set(key, entry, page_cache_seconds())
            response.headers["Last-Modified"] = http_date(entry.stored_at)
            response.headers["X-Page-Cache"] = "miss"
        etag = use_representation(request, response, entry)
        return get_conditional_response(request, etag=etag, response=response)
