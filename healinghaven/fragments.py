"""Rendered parts of a page kept in the shared cache for one content generation.

The page cache (pagecache.py) keeps whole pages for PAGE_CACHE_SECONDS, because a page
also shows things that change with the clock (notices, "open now"). The parts that change
only when content changes (the head's metadata, the header, the breadcrumbs and the
content itself) are kept here for the whole content generation (sitecache.py), so a page
whose cached copy has expired (or with the page cache off) renders only its
time-dependent parts again and asks the database nothing.

A fragment is kept for a request the page cache could keep (GET or HEAD, no session, no
query beyond `page` and tracking parameters; see `pagecache.cacheable_request`), never in
a preview (unsaved content), and only while RENDER_CACHE_ENABLED is on. It goes to the
cache only once the whole response has turned out to be one the page cache may keep (a
200 that sets no cookie, is not private, carries no nonce, and shows the page its `page`
parameter names): the page cache middleware calls `commit`. Its key names the release,
the generation, the URL and the fragment, so publishing anything, or deploying new code,
templates or static files, makes every server render afresh, and a fragment of one URL is
never shown at another.

Page types whose `get_context` runs queries only for their content call
`fragments.cached(request, ...)` first and skip those queries when the fragments are
there; the template tag `{% cached_fragment %}` (fragment_tags) does the rest.

Routing is kept too: the chain of pages a path names (HomePage.route), so finding the
page asks no query either. Only paths that name a page exactly are kept (not a routable
page's sub-paths, whose number has no bound); access rules are still checked on serving.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from . import pagecache, sitecache

# The fragments a page's own queries feed: with these two cached, get_context may skip them.
PAGE_FRAGMENTS = ("head", "content")
# What a fragment varies by besides the URL and the generation: the head carries the
# clinic's JSON-LD, whose special hours run from today on.
VARY_BY = {"head": lambda: timezone.localdate().isoformat()}


def enabled() -> bool:
    return getattr(settings, "RENDER_CACHE_ENABLED", True)


def _request_key(request) -> str | None:
    """The part of every fragment key that names the request, or None: not to be cached."""
    if request is None or not enabled() or getattr(request, "is_preview", False):
        return None
    memo = request.__dict__.get("_fragment_base", False)
    if memo is not False:
        return memo
    cacheable, page_key = pagecache.cacheable_request(request)
    base = None
    if cacheable:
        url = page_key.removeprefix(pagecache.KEY_PREFIX)
        base = f"frag:{sitecache.release()}:{sitecache.request_generation()}:{url}"
    request._fragment_base = base
    return base


def key(request, name: str) -> str | None:
    base = _request_key(request)
    if base is None:
        return None
    if name not in VARY_BY:
        return f"{base}:{name}"
    # Once per request: a request that runs over midnight must not look for one day's head
    # and store another's.
    varied = request.__dict__.setdefault("_fragment_vary", {})
    if name not in varied:
        varied[name] = VARY_BY[name]()
    return f"{base}:{name}:{varied[name]}"


def _found(request) -> dict:
    return request.__dict__.setdefault("_fragments", {})


def get(request, name: str) -> str | None:
    fragment_key = key(request, name)
    if fragment_key is None:
        return None
    found = _found(request)
    if fragment_key not in found:
        found[fragment_key] = cache.get(fragment_key)
    return found[fragment_key]


def store(request, name: str, html: str) -> None:
    """Keep a rendered part aside; `commit` stores it if the response may be cached."""
    fragment_key = key(request, name)
    if fragment_key is not None:
        request.__dict__.setdefault("_fragments_to_store", {})[fragment_key] = str(html)
        _found(request)[fragment_key] = str(html)


def commit(request) -> None:
    """Store the parts this request rendered: its response may be cached (pagecache)."""
    pending = request.__dict__.pop("_fragments_to_store", None)
    if pending:
        cache.set_many(pending, sitecache.chrome_seconds())


def cached(request, names=PAGE_FRAGMENTS) -> bool:
    """True when every named fragment of this request is in the cache (one cache read), so
    the page may skip the queries that only feed them."""
    wanted = [key(request, name) for name in names]
    if None in wanted:
        return False
    found = _found(request)
    missing = [fragment_key for fragment_key in wanted if fragment_key not in found]
    if missing:
        values = cache.get_many(missing)
        for fragment_key in missing:
            found[fragment_key] = values.get(fragment_key)
    return all(found[fragment_key] is not None for fragment_key in wanted)


def _route_key(root, path_components) -> str:
    path = "/".join(path_components)
    return f"route:{sitecache.release()}:{sitecache.request_generation()}:{root.pk}:{path}"


def cached_route(root, path_components) -> list | None:
    """The chain of pages below `root` along the path, as `store_route` kept it."""
    if not enabled():
        return None
    chain = cache.get(_route_key(root, path_components))
    return chain if isinstance(chain, list) else None


def store_route(root, path_components, chain: list) -> None:
    if enabled():
        cache.set(_route_key(root, path_components), chain, sitecache.chrome_seconds())
