"""Production: DEBUG off, SECRET_KEY required, HTTPS assumed behind a TLS proxy.

`manage.py check --deploy --fail-level WARNING` passes with these settings and a real
environment (see docs/deploy.md).
"""

from .base import *  # noqa: F403
from .base import env_bool, env_int, env_str, require_secret_key

DEBUG = False
require_secret_key(SECRET_KEY)  # noqa: F405

# --- HTTPS behind the TLS proxy ----------------------------------------------------------
# The proxy terminates TLS and must set X-Forwarded-Proto (and overwrite any a client sent).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
# Where plain-HTTP requests are redirected: the request's own host unless set.
SECURE_SSL_HOST = env_str("SECURE_SSL_HOST") or None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# --- Cookies: HTTPS only, no script access, same-site --------------------------------------
# The __Host- prefix makes browsers refuse the cookie unless it is Secure, for the whole
# site and without a Domain: no subdomain can set or read it.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# --- Staff sign-in ----------------------------------------------------------------------------
ADMIN_REQUIRE_TWO_FACTOR = env_bool("ADMIN_REQUIRE_TWO_FACTOR", default=True)

# --- Error reports ------------------------------------------------------------------------------
if SENTRY_DSN:  # noqa: F405
    from healinghaven.ops.error_reporting import init_sentry

    init_sentry(
        SENTRY_DSN,  # noqa: F405
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        release=env_str("SENTRY_RELEASE") or None,
    )
