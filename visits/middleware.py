"""Count page views by people, cached pages included.

`VisitCounterMiddleware` sits just outside the page cache (MIDDLEWARE), so it sees every
page the cache serves as well as those rendered. It counts a GET answered with an HTML
page (200) or "not modified" (304, a revisit), outside the admin, static files and media,
from a browser that does not say it is a bot and whose user is not signed in (staff;
signed-in requests never come from the page cache, so the authentication middleware has
run for them). What it counts is the path and, when the visitor followed a link from
another site, that site's domain: nothing about the visitor is read, set or kept.
"""

import functools
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from visits import counting

# Crawlers, link previews, monitors, scripts and headless browsers, as they name themselves.
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|preview|archiv|monitor|uptime|pingdom|lighthouse|headless"
    r"|facebookexternalhit|curl|wget|python|java/|go-http|okhttp|axios|node-fetch|scan",
    re.IGNORECASE,
)
MAX_PATH_LENGTH = 255


def is_person(request) -> bool:
    agent = request.headers.get("User-Agent", "")
    if not agent or BOT_PATTERN.search(agent):
        return False
    user = getattr(request, "user", None)
    return not getattr(user, "is_authenticated", False)


def is_page_view(request, response) -> bool:
    if request.method != "GET" or len(request.path) > MAX_PATH_LENGTH:
        return False
    if response.status_code != 304 and not (
        response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")
    ):
        return False
    return not request.path.startswith(excluded_paths()) and is_person(request)


@functools.cache
def excluded_paths() -> tuple[str, ...]:
    """The admin, static files and media: never counted."""
    return (reverse("wagtailadmin_home"), settings.STATIC_URL, settings.MEDIA_URL)


def referring_domain(request) -> str:
    """The domain of the site a link was followed from, "" when it was this one or none."""
    referrer = urlsplit(request.headers.get("Referer", ""))
    domain = (referrer.hostname or "").removeprefix("www.")
    own = (urlsplit("//" + request.get_host()).hostname or "").removeprefix("www.")
    if referrer.scheme not in ("http", "https") or not domain or domain == own:
        return ""
    return domain[:253]


class VisitCounterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.VISITS_COUNTING and is_page_view(request, response):
            counting.count(counting.PAGE, request.path)
            if domain := referring_domain(request):
                counting.count(counting.REFERRER, domain)
        return response
