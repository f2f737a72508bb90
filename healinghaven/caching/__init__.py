"""How a page is cached: everything of it is in this package.

Layers, from the visitor in:

1. A CDN, when one is configured, keeps public pages for PAGE_CACHE_SECONDS
   (`s-maxage`); Wagtail's front-end cache (`wagtail.contrib.frontend_cache`,
   WAGTAILFRONTENDCACHE in settings) purges a page from it when it is published.
2. The page cache (middleware.py) keeps whole pages for anonymous visitors in the shared
   cache, with ETags, 304s and a gzipped copy; what it never keeps is listed there.
3. Invalidation (invalidation.py): any change a page can show makes every cached page
   stale on every app server at once; the models that count are derived, not listed.
4. The shared cache itself (backend.py): Redis when REDIS_URL is set, and a speed-up
   only. While it does not answer, pages render without it.

A deploy never serves what older code rendered: the cache's KEY_PREFIX carries RELEASE.
Nothing in the pages' own code knows about any of this.
"""
