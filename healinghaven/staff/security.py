"""Site-wide security: the client's address behind proxies, extra headers, deploy checks.

Django's SecurityMiddleware sends HSTS, nosniff, Referrer-Policy and
Cross-Origin-Opener-Policy, and its CSP middleware the Content-Security-Policy.
`SecurityHeadersMiddleware` adds the two it does not know: Permissions-Policy and
Cross-Origin-Resource-Policy.
"""

import hashlib
import hmac
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.http import HttpResponseBadRequest


def client_ip(request) -> str:
    """The client's address, trusting `X-Forwarded-For` only as far as settings say.

    With `TRUSTED_PROXY_COUNT = 0` (the default) the address is REMOTE_ADDR: the peer that
    connected. Behind N proxies that each append to X-Forwarded-For, the client is the N-th
    address from the right; anything to the left of it was written by the client and could
    be forged. Too few addresses (a request that bypassed a proxy) falls back to REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if len(addresses) < count:
        return remote
    return addresses[-count]


def pseudonym(*values: str) -> str:
    """A short keyed hash: the same client gives the same value, which reveals nothing."""
    message = "\x1f".join(v or "" for v in values).encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return digest[:12]


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a client in its log lines: a pseudonym, not a name or address."""
    return f"client {pseudonym(username or '', ip_address or '')}"


READABLE_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii"}
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class ReadableBodyMiddleware:
    """A request body in a charset the site does not read gets a 400 before anything reads
    it. The site's pages are UTF-8, so its forms come back in UTF-8; Django refuses any
    other charset for a URL-encoded body (a BadRequest that error pages then meet again
    when they read the form) and an unknown one raises LookupError."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset", "utf-8").strip().lower()
        if request.method in BODY_METHODS and charset not in READABLE_CHARSETS:
            return HttpResponseBadRequest(
                "This request's text is in a character set the site cannot read. Please send "
                "it again from the site's own page.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response


@checks.register(checks.Tags.security, deploy=True)
def check_admin_base_url(app_configs, **kwargs):
    """Links in emails (password resets, notifications) must point at the public https site."""
    base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    parts = urlsplit(base_url)
    if parts.scheme != "https" or parts.hostname in (None, "localhost", "127.0.0.1", "::1"):
        return [
            checks.Warning(
                "WAGTAILADMIN_BASE_URL is not the site's public https address, so password "
                "reset and notification emails would link to the wrong place.",
                hint="Set WAGTAILADMIN_BASE_URL=https://www.example.com (no trailing slash).",
                id="healinghaven.W001",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_two_factor_required(app_configs, **kwargs):
    if not getattr(settings, "ADMIN_REQUIRE_TWO_FACTOR", False):
        return [
            checks.Warning(
                "Staff can sign in to the admin without a second factor.",
                hint="Set ADMIN_REQUIRE_TWO_FACTOR=1 (the production default).",
                id="healinghaven.W002",
            )
        ]
    return []
