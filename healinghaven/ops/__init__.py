"""Running the site: what the person on call reads.

- `logs.py`: JSON log lines with the request id and no personal data.
- `error_reporting.py`: Sentry, only when SENTRY_DSN is set, scrubbed of personal data.
- `health.py`: /healthz and /readyz for load balancers and container platforms.
"""
