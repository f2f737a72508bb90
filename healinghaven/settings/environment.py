"""Reading the environment: the configuration contract in one place.

Every variable the project reads is documented in `.env.example` and the README.
"""

import os
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no/on/off, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


# Schemes accepted in EMAIL_URL, mapped to a Django email backend.
EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "submission": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
DEFAULT_EMAIL_TIMEOUT = 10  # seconds: a mail server that never answers must not hang a worker


def mailer_from_url(url: str) -> dict:
    """Turn an EMAIL_URL into one entry of Django 6.1's MAILERS setting.

    `smtp://user:pass@host:587?tls=True`, `smtps://...` (implicit TLS), `submission://...`
    (STARTTLS on 587), `console://`, `locmem://`, `dummy://`. Query options: `tls`, `ssl`,
    `timeout` (seconds).
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in EMAIL_BACKENDS:
        known = ", ".join(sorted(EMAIL_BACKENDS))
        raise ImproperlyConfigured(f"EMAIL_URL scheme {scheme!r} is not one of: {known}.")
    mailer: dict = {"BACKEND": EMAIL_BACKENDS[scheme]}
    if EMAIL_BACKENDS[scheme] != EMAIL_BACKENDS["smtp"]:
        return mailer

    query = {key.lower(): values[-1] for key, values in parse_qs(parts.query).items()}

    def flag(key: str, default: bool) -> bool:
        if key not in query:
            return default
        return query[key].strip().lower() in TRUE_VALUES

    use_ssl = flag("ssl", scheme == "smtps")
    use_tls = flag("tls", scheme == "submission")
    if use_ssl and use_tls:
        raise ImproperlyConfigured("EMAIL_URL cannot ask for both ssl and tls.")
    try:
        timeout = float(query.get("timeout", DEFAULT_EMAIL_TIMEOUT))
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(
            "EMAIL_URL has a port or timeout that is not a number."
        ) from None
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL needs a host, e.g. smtp://mail.example.com:587.")
    options = {
        "host": parts.hostname,
        "use_ssl": use_ssl,
        "use_tls": use_tls,
        "timeout": timeout,
    }
    if port:
        options["port"] = port
    if parts.username:
        options["username"] = unquote(parts.username)
        options["password"] = unquote(parts.password or "")
    mailer["OPTIONS"] = options
    return mailer


def _origin(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(f"Not an http(s) URL: {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def media_origins(
    *,
    bucket: str,
    endpoint_url: str = "",
    region: str = "",
    custom_domain: str = "",
    addressing_style: str = "",
) -> list[str]:
    """The origins media URLs point at when files live in an S3 bucket (for CSP img-src).

    A custom domain (a CDN in front of the bucket) wins; otherwise the endpoint (path-style
    URLs, or the bucket as a subdomain with virtual addressing); otherwise AWS's own hosts.
    """
    if custom_domain:
        return [_origin(f"https://{custom_domain.strip('/')}")]
    if endpoint_url:
        parts = urlsplit(endpoint_url)
        origins = [_origin(endpoint_url)]
        if addressing_style == "virtual":
            origins.append(f"{parts.scheme}://{bucket}.{parts.netloc}")
        return origins
    origins = [f"https://{bucket}.s3.amazonaws.com"]
    if region:
        origins.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    return origins
