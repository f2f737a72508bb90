"""The Wagtail admin's own Content-Security-Policy.

The public site runs under the strict policy in `settings.SECURE_CSP`. Wagtail's admin
still writes a few inline scripts (date pickers, inline panels, workflow set-up) and
inline styles, so URLs under the admin get `settings.ADMIN_CSP` instead: the same policy
with 'unsafe-inline' for scripts and styles. Only signed-in staff see those pages.
"""

from django.conf import settings
from django.urls import reverse


class AdminContentSecurityPolicyMiddleware:
    """Give responses under the admin's URL the admin policy.

    It sits after Django's ContentSecurityPolicyMiddleware in MIDDLEWARE, so it sees the
    response first and sets the override Django's `csp_override` decorator sets; a view
    that chose its own policy keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        in_admin = request.path.startswith(reverse("wagtailadmin_home"))
        if in_admin and not hasattr(response, "_csp_config"):
            response._csp_config = settings.ADMIN_CSP
        return response
