"""Settings shared by every environment: secure by default.

DEBUG is off and SECRET_KEY must come from the environment unless a settings module for
local work (dev, test) says otherwise. See `.env.example` for every variable.
"""

import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from healinghaven.ops.logs import logging_config
from healinghaven.videos import PLAYERS as VIDEO_PLAYERS

from .environment import env_bool, env_int, env_list, env_str, mailer_from_url, media_origins

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Ours first, so our templates and static files win.
    "healinghaven",
    "services",
    "blog",
    "bookings",
    "team",  # practitioners and the team page (clinic-grade content)
    "visits",  # page views counted without personal data, and their report
    # Wagtail
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Background tasks: Django's tasks framework with a database queue and worker.
    "django_tasks",
    "django_tasks_db",
    # Staff sign-in: lockout after failed attempts, two-factor codes (see "Production").
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # A request id on every request and response, and in every log line (healinghaven.ops.logs).
    "healinghaven.ops.logs.RequestIDMiddleware",
    # /healthz and /readyz first: probes come over plain HTTP with the container's address.
    "healinghaven.ops.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Visits: outside the page cache, so pages it serves are counted too (visits/).
    "visits.middleware.VisitCounterMiddleware",
    # The page cache: outside everything that adds headers to a page, so a cached page
    # keeps them (healinghaven/caching/).
    "healinghaven.caching.middleware.PageCacheMiddleware",
    # Permissions-Policy and Cross-Origin-Resource-Policy (see "Production").
    "healinghaven.staff.security.SecurityHeadersMiddleware",
    # Content-Security-Policy: see the section of that name below.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "healinghaven.staff.csp.AdminContentSecurityPolicyMiddleware",
    # A body in a charset the site cannot read: a 400 before anything reads it.
    "healinghaven.staff.security.ReadableBodyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in for the admin (see "Production").
    "django_otp.middleware.OTPMiddleware",
    "healinghaven.staff.two_factor.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # django-axes last, as its documentation asks: it answers locked-out sign-ins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "healinghaven.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                # `csp_nonce` for a template that needs it (see Content-Security-Policy)
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "healinghaven.wsgi.application"

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL full-text search for Wagtail's database search backend.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-ca"
TIME_ZONE = "America/Edmonton"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
# Serve MEDIA_ROOT from Django with DEBUG off: only for a Lighthouse run on one machine.
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=False)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Media on object storage -----------------------------------------------------------
# With AWS_STORAGE_BUCKET_NAME set, uploads (images, Wagtail's renditions, documents) go to
# S3 or an S3-compatible store (django-storages), so every app server sees every file;
# otherwise to MEDIA_ROOT on this machine. Files are public (the bucket's policy allows
# reading them), so URLs carry no signature and a page holding one can be cached.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
MEDIA_ORIGINS: list[str] = []
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            # Unset: boto3 finds credentials itself (an instance or pod role).
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or None,
            "location": env_str("AWS_LOCATION"),
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", default=False),
            "default_acl": None,
            # Two uploads with one name keep both files.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=604800"},
        },
    }
    MEDIA_ORIGINS = media_origins(
        bucket=AWS_STORAGE_BUCKET_NAME,
        endpoint_url=env_str("AWS_S3_ENDPOINT_URL"),
        region=env_str("AWS_S3_REGION_NAME"),
        custom_domain=env_str("AWS_S3_CUSTOM_DOMAIN"),
        addressing_style=env_str("AWS_S3_ADDRESSING_STYLE"),
    )
    # Documents go through Django, which checks their collection's privacy, rather than a
    # redirect to a public object URL.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
# --- end of media on object storage ------------------------------------------------------

# Email: one mailer, from EMAIL_URL (console when unset).
MAILERS = {"default": mailer_from_url(env_str("EMAIL_URL") or "console://")}
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Healing Haven Physiotherapy <no-reply@localhost>"
)
SERVER_EMAIL = env_str("SERVER_EMAIL") or DEFAULT_FROM_EMAIL
CONSULTATION_NOTIFY_EMAILS = env_list("CONSULTATION_NOTIFY_EMAILS")

# Background tasks: the database queue, worked by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Cache and page cache ----------------------------------------------------------------
# How a page is cached is all in healinghaven/caching/ (its __init__ is the map).
# Redis when REDIS_URL is set: shared by every app server and the worker, so a change seen
# by one is seen by all at once. It is a speed-up only: while it does not answer, pages
# render without it after waiting at most the connect timeout, once per few seconds per
# process (healinghaven/caching/backend.py). Without REDIS_URL, local memory per process.
# RELEASE names the code that renders: a deploy never serves what older code put in the
# cache, because every key carries it. The Docker build sets it, or writes a digest of the
# code to the RELEASE file when no build argument names it.
RELEASE = env_str("RELEASE") or (
    (BASE_DIR / "RELEASE").read_text().strip() if (BASE_DIR / "RELEASE").is_file() else ""
)
REDIS_URL = env_str("REDIS_URL")
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "healinghaven")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "healinghaven.caching.backend.FailSoftRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"{CACHE_KEY_PREFIX}:{RELEASE}",
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.5},
    }
# Visit counters (visits/counting.py): the same Redis, without RELEASE in the key prefix,
# so counts not yet folded into the database survive a deploy. Without Redis, files in the
# temp folder, which the server and the worker of one machine share (`make run`).
CACHES["visits"] = {**CACHES["default"], "KEY_PREFIX": f"{CACHE_KEY_PREFIX}:visits"}
if not REDIS_URL:
    CACHES["visits"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(Path(tempfile.gettempdir()) / f"{CACHE_KEY_PREFIX}-visits"),
    }
# Count page views (visits/middleware.py); off only to measure what counting costs.
VISITS_COUNTING = env_bool("VISITS_COUNTING", default=True)
# Whole pages for anonymous visitors (healinghaven/caching/middleware.py). A change to what
# a page shows makes it stale at once, so this bounds only what the clock changes: the
# "open now" line and notices as rendered for visitors without JavaScript (the browser
# corrects both), and how long a CDN may keep a page after a change that Wagtail's purge
# does not cover (settings, snippets).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 5 * 60)
# Never cached, whatever their response says.
PAGE_CACHE_EXCLUDE_PATHS = ["/admin/", "/search/", "/healthz", "/readyz"]

# The CDN in front of the app servers: publishing or unpublishing a page purges its URLs
# there too (wagtail.contrib.frontend_cache, as a background task), when configured.
# Cloudflare with an API token that may purge the zone's cache, or CloudFront (credentials
# from the environment, as boto3 finds them). Neither set: nothing to purge.
WAGTAILFRONTENDCACHE = {}
if env_str("CLOUDFLARE_API_TOKEN") and env_str("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_str("CLOUDFLARE_API_TOKEN"),
        "ZONEID": env_str("CLOUDFLARE_ZONEID"),
    }
if env_str("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env_str("CLOUDFRONT_DISTRIBUTION_ID"),
    }
# --- end of cache and page cache ----------------------------------------------------------

# Wagtail
WAGTAIL_SITE_NAME = "Healing Haven Physiotherapy"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILIMAGES_IMAGE_MODEL = "healinghaven.SiteImage"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "healinghaven.image_forms.ClinicImageForm"  # help on every field
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# Security defaults that hold everywhere.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No framing for browsers that predate CSP's frame-ancestors. Wagtail's preview views set
# SAMEORIGIN on their own responses, which is all the admin frames.
X_FRAME_OPTIONS = "DENY"

# Logs: JSON lines on stdout with the request id, no personal data (healinghaven/ops/logs.py).
LOGGING = logging_config(env_str("LOG_LEVEL", "INFO").upper())


# --- Consultation requests (bookings) -------------------------------------------------
# Requests older than this are deleted by `purge_consultation_requests` (run by the worker).
CONSULTATION_RETENTION_DAYS = env_int("CONSULTATION_RETENTION_DAYS", 365)
# Spam, decided only about a request with no field errors: one sent sooner than this after
# the form was shown is asked to be sent again (once: the form's age keeps counting); a form
# older than the max age must be sent again; each client may have this many requests
# accepted per window.
CONSULTATION_MIN_FILL_SECONDS = 3
CONSULTATION_FORM_MAX_AGE_SECONDS = 24 * 60 * 60
# Only accepted requests count: a patient correcting mistakes is never refused, and twenty
# people behind one connection (a workplace, a carrier, the clinic's own Wi-Fi) fit in.
# The client's address is the one TRUSTED_PROXY_COUNT gives (below), as for sign-in.
CONSULTATION_RATE_LIMIT = (env_int("CONSULTATION_RATE_LIMIT", 20), 10 * 60)  # (posts, seconds)
# Notification retries: back-off doubles from the base to the cap, and retries go on until
# the email is sent (unless a maximum number of attempts is set: after it the request shows
# "failed" in the inbox). The lease stops two workers sending one email.
CONSULTATION_NOTIFY_RETRY_BASE_SECONDS = 30
CONSULTATION_NOTIFY_RETRY_MAX_SECONDS = 6 * 60 * 60
CONSULTATION_NOTIFY_MAX_ATTEMPTS = None
CONSULTATION_NOTIFY_LEASE_SECONDS = env_int("CONSULTATION_NOTIFY_LEASE_SECONDS", 5 * 60)
# `run_worker` runs the periodic jobs (notification sweep, retention purge,
# publish_scheduled, and the other apps' jobs below) this often.
CONSULTATION_PERIODIC_SECONDS = env_int("CONSULTATION_PERIODIC_SECONDS", 5 * 60)
# The sweep re-queues a request whose emails are this late (a task lost with its worker).
CONSULTATION_NOTIFY_SWEEP_GRACE_SECONDS = env_int("CONSULTATION_NOTIFY_SWEEP_GRACE_SECONDS", 60)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the task worker write to one SQLite file: take the write lock at
    # the start of a transaction and wait for it, instead of failing with "locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# --- end of consultation requests -----------------------------------------------------


# --- Findable: search, redirects, sitemap ---------------------------------------------
# A page whose slug changes or that moves keeps its old URL alive: Wagtail adds a redirect
# (its default, stated here because old links from search engines depend on it). Canonical,
# Open Graph, sitemap and feed URLs take their scheme and host from the Wagtail Site record:
# set its hostname and port (443 for https) to the public address.
WAGTAILREDIRECTS_AUTO_CREATE = True
# --- end of findable --------------------------------------------------------------------


# --- Content-Security-Policy -------------------------------------------------------------
# Django's own CSP middleware sends this policy with every response. The public site has
# no inline script or style and loads nothing from another origin, so the policy is
# strict: everything from this site only. JSON-LD (<script type="application/ld+json">)
# is data, not script, and needs nothing here. frame-ancestors 'self' lets Wagtail's
# preview frame a page (older browsers get X-Frame-Options, set above). Media on
# object storage adds its origin to img-src (MEDIA_ORIGINS, above). CSP.NONCE is
# sent only with a response whose template used the request's nonce: ours use none, but
# Django's own CSRF failure page styles itself with one. Frames: the players of YouTube's
# no-cookie domain and of Vimeo only, which a video block loads when play is pressed
# (healinghaven/videos.py).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.NONCE],
    # MEDIA_ORIGINS: the object store or its CDN domain, when media lives there.
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [*VIDEO_PLAYERS.values()],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
# The admin (healinghaven/staff/csp.py): the sign-in, two-factor and the consultation
# requests (patients' data) run as strictly as the public site; the rest of the admin
# still has Wagtail's inline scripts and styles and gets the looser ADMIN_CSP below.
STAFF_CSP = {
    **SECURE_CSP,
    "style-src": [CSP.SELF],
    "font-src": [CSP.SELF, "data:"],
    "frame-src": [CSP.SELF],
}
# blob: serves image previews before upload; the page editor frames its previews, which
# may play a video.
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF, "data:"],
    "frame-src": [CSP.SELF, *VIDEO_PLAYERS.values()],
}
# No Gravatar avatars in the admin: they would come from another origin and tell it which
# staff addresses sign in here.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# --- end of Content-Security-Policy ------------------------------------------------------


# --- Production: sign-in, uploads, headers, proxies, error reports -----------------------
# Everything here holds in every environment; production.py turns on what needs HTTPS.
# docs/deploy.md explains each environment variable.

# The client's address: REMOTE_ADDR, unless the site runs behind this many proxies that
# each append the address they saw to X-Forwarded-For (healinghaven.staff.security.client_ip).
# Used for sign-in lockouts. 0 (the default) trusts no header: a client could forge it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Sign-in lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one client address, that pair is refused for the cool-off time. Locking the pair (not
# the address alone) keeps a clinic's shared connection usable; locking not the username
# alone stops a stranger from locking staff out.
# AxesBackend checks the lockout and authenticates no one; ModelBackend checks the password.
# (AxesBackend rather than AxesStandaloneBackend: it can also load a signed-in user, which
# Wagtail's test helpers ask of the first backend.)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "healinghaven.staff.security.client_ip"
AXES_CLIENT_STR_CALLABLE = "healinghaven.staff.security.axes_client_str"  # no names or IPs in logs
AXES_LOCKOUT_TEMPLATE = "healinghaven/account_locked.html"
AXES_HTTP_RESPONSE_CODE = 429

# Two-factor sign-in (django-otp, healinghaven/staff/two_factor.py): when required, the admin
# refuses a session that has not entered an authenticator or recovery code. On in
# production (production.py), off by default for local runs and tests.
ADMIN_REQUIRE_TWO_FACTOR = env_bool("ADMIN_REQUIRE_TWO_FACTOR", default=False)
OTP_TOTP_ISSUER = "Healing Haven Physiotherapy"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Uploads: images and PDFs only (the extension lists above; no SVG, which can carry
# script), at most 10 MB an image and 20 MB a document, and at most 40 megapixels an image
# (a small file can decode to a huge bitmap: a decompression bomb).
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Request bodies other than files (form fields) stay small; files stream to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Headers Django has no setting for (healinghaven.staff.security.SecurityHeadersMiddleware).
# Autoplay only in the video players, so a video starts at the one press on play.
PERMISSIONS_POLICY = ", ".join(
    [
        "autoplay=({})".format(" ".join(f'"{origin}"' for origin in VIDEO_PLAYERS.values())),
        *(
            f"{feature}=()"
            for feature in (
                "accelerometer",
                "camera",
                "display-capture",
                "geolocation",
                "gyroscope",
                "magnetometer",
                "microphone",
                "midi",
                "payment",
                "publickey-credentials-get",
                "serial",
                "usb",
                "xr-spatial-tracking",
            )
        ),
    ]
)
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it; forms carry the token

# Error reports: Sentry when SENTRY_DSN is set (healinghaven.ops.error_reporting).
SENTRY_DSN = env_str("SENTRY_DSN")
# --- end of production ----------------------------------------------------------------------


def require_secret_key(secret_key: str) -> None:
    """Refuse to start without a real SECRET_KEY when DEBUG is off."""
    if not secret_key:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set in the environment when DEBUG is off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
