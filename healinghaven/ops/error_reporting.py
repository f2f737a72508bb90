"""Error reports to Sentry, only when SENTRY_DSN is set, and without personal data.

`send_default_pii=False` keeps users, cookies and client addresses out; `scrub_event`
removes what could still carry a patient's data: request bodies, query strings, cookies and
headers other than a few harmless ones, local variables in stack frames, and breadcrumbs'
messages (log lines) beyond their category.
"""

from __future__ import annotations

KEPT_HEADERS = {"content-type", "content-length", "user-agent", "x-request-id", "accept"}


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {k: v for k, v in headers.items() if k.lower() in KEPT_HEADERS}
    event.pop("user", None)
    for exception in (event.get("exception") or {}).get("values", []) or []:
        for frame in (exception.get("stacktrace") or {}).get("frames", []) or []:
            frame.pop("vars", None)
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        for crumb in breadcrumbs.get("values", []) or []:
            crumb.pop("data", None)
            if crumb.get("category") not in ("http", "navigation"):
                crumb.pop("message", None)
    return event


def init_sentry(dsn: str, *, environment: str, release: str | None = None) -> bool:
    """Start the Sentry SDK when a DSN is given; return whether it was started."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
        traces_sample_rate=0.0,
    )
    return True
