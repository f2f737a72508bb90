"""The page cache: whole pages for anonymous visitors, shared by every app server.

`PageCacheMiddleware` sits right after Django's SecurityMiddleware, so what it stores is
the finished response (Content-Security-Policy and the other headers included) and what
it serves skips the whole stack below it: no session, no database.

A response is stored only when all of these hold:

- the request is a GET or HEAD without a session cookie or an Authorization header, for a
  path outside PAGE_CACHE_EXCLUDE_PATHS, and its query string holds nothing but `page`
  and tracking parameters (utm_*, fbclid, ...: they do not change the page and are left
  out of the key);
- the response is a 200 with a body, sets no cookie (a form's CSRF token sets one), is not
  private, no-cache or no-store (the consultation form and thank-you page are not), and
  its Content-Security-Policy carries no nonce (a nonce must differ on every response);
- a `page` parameter named the page of results the view really showed
  (`mark_page_shown`), so `?page=junk` or `?page=999999` cannot fill the cache.

Each entry keeps the page version it was rendered under (invalidation.py) and is served
only while that is still the version. Pages that may be cached carry an ETag and answer a
matching conditional request with 304; their Cache-Control lets a CDN keep them for
PAGE_CACHE_SECONDS and makes browsers revalidate. They go gzipped to clients that take
it, compressed once when stored: only these pages, which hold no secret, so compression
cannot leak one (BREACH).
"""

import hashlib
import time
from dataclasses import dataclass, fields

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode
from django.utils.text import compress_string

from .invalidation import VERSION_KEY, current_version

TRACKING_PARAMS = {"fbclid", "gclid", "msclkid", "dclid", "mc_cid", "mc_eid", "ref"}
# Headers of one response only, or of one encoding of it.
UNSTORED_HEADERS = {"set-cookie", "date", "x-page-cache", "content-length", "etag"}
MIN_GZIP_BYTES = 512  # smaller, and gzip saves too little to be worth a header


def is_tracking_param(name: str) -> bool:
    """A campaign or click id: it says where a visitor came from, not what to show."""
    return name.startswith("utm_") or name in TRACKING_PARAMS


def mark_page_shown(request, number: int) -> None:
    """Called by pagination with the page of results shown: a `page` parameter that names
    another (not a number, out of range, "02") keeps the response out of the cache."""
    if request is not None:
        request.page_cache_page_shown = number


def cache_key(request) -> str | None:
    """The key of the page a request asks for, or None when it may not come from the cache."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    excluded = [*settings.PAGE_CACHE_EXCLUDE_PATHS, settings.STATIC_URL, settings.MEDIA_URL]
    if request.path.startswith(tuple(excluded)):
        return None
    kept = []
    for name in sorted(request.GET):
        if name == "page":
            kept.append((name, request.GET[name]))
        elif not is_tracking_param(name):
            return None
    url = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(kept)}"
    return f"page:{ENTRY_FORMAT}:" + hashlib.sha256(url.encode()).hexdigest()


def cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False
    page = request.GET.get("page")
    if page is not None and page != str(getattr(request, "page_cache_page_shown", None)):
        return False
    user = getattr(request, "user", None)
    return not getattr(user, "is_authenticated", False)


def etag_for(content: bytes) -> str:
    return '"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"'


def accepts_gzip(request) -> bool:
    """gzip named in Accept-Encoding, and not refused with q=0."""
    for coding in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, params = coding.partition(";")
        if name.strip().lower() == "gzip":
            quality = params.strip().lower().removeprefix("q=").strip() or "1"
            try:
                return float(quality) > 0
            except ValueError:
                return False
    return False


@dataclass
class Entry:
    """A stored page: its headers, its body plain and gzipped, and the version it shows."""

    version: str | None
    headers: list[tuple[str, str]]
    content: bytes
    gzipped: bytes | None  # None when gzip would not make it smaller
    stored_at: float
    etag: str  # of the content, and of the gzipped content: worked out once, when stored
    gzipped_etag: str | None

    @classmethod
    def of(cls, response, version: str | None) -> "Entry":
        content = response.content
        gzipped = compress_string(content) if len(content) >= MIN_GZIP_BYTES else None
        if gzipped is not None and len(gzipped) >= len(content):
            gzipped = None
        return cls(
            version=version,
            headers=[(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS],
            content=content,
            gzipped=gzipped,
            stored_at=time.time(),
            etag=etag_for(content),
            gzipped_etag=etag_for(gzipped) if gzipped is not None else None,
        )

    def respond(self, request, response: HttpResponse):
        """The response with this entry's body in the encoding the client takes, its ETag,
        and a 304 instead when the client already has it."""
        if self.gzipped is not None and accepts_gzip(request):
            response.content, etag = self.gzipped, self.gzipped_etag
            response.headers["Content-Encoding"] = "gzip"
        else:
            response.content, etag = self.content, self.etag
        response.headers["Content-Length"] = str(len(response.content))
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(self.stored_at)
        return get_conditional_response(
            request, etag=etag, last_modified=int(self.stored_at), response=response
        )


# Part of every key: code that stores entries of another shape (a deploy without RELEASE,
# a local run on Redis) never reads these, nor these its.
ENTRY_FORMAT = hashlib.sha256(" ".join(f.name for f in fields(Entry)).encode()).hexdigest()[:8]


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = cache_key(request)
        version = None
        if key is not None and settings.PAGE_CACHE_ENABLED:
            found = cache.get_many([VERSION_KEY, key])  # one round trip
            version = found.get(VERSION_KEY) or current_version()
            entry = found.get(key)
            if isinstance(entry, Entry) and entry.version == version:
                response = HttpResponse()
                for name, value in entry.headers:
                    response.headers[name] = value
                response.headers["X-Page-Cache"] = "hit"
                return entry.respond(request, response)

        response = self.get_response(request)
        if key is None or not cacheable_response(request, response):
            # A form with its CSRF token, search results, a signed-in editor's page: no
            # shared cache may keep them.
            if "Cache-Control" not in response:
                patch_cache_control(response, private=True, no_cache=True)
            elif settings.SESSION_COOKIE_NAME in request.COOKIES and not response.streaming:
                patch_cache_control(response, private=True)
            return response

        # A CDN may keep the page briefly; a browser revalidates it (ETag) every time.
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_SECONDS)
        patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
        entry = Entry.of(response, version)
        if version is not None:
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
            response.headers["X-Page-Cache"] = "miss"
        return entry.respond(request, response)
