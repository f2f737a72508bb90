"""Staff sign-in and the site's hardening: what a security reviewer reads.

- `two_factor.py`: authenticator-app codes and recovery codes for the admin (django-otp).
- `security.py`: the client's address behind proxies, extra security headers, and the
  deploy checks of `manage.py check --deploy`.
- `csp.py`: the admin's Content-Security-Policy (the public one is SECURE_CSP in settings).
"""
