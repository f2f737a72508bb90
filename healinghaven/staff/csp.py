"""The Wagtail admin's own Content-Security-Policy.

The public site runs under the strict policy in `settings.SECURE_CSP`. The screens that
hold patients' data and the sign-in get `settings.STAFF_CSP`: as strict, no inline script
or style. The rest of the admin (the page editor, its choosers, settings) still writes
inline scripts and styles of Wagtail's own, so it gets `settings.ADMIN_CSP`: the same
policy with 'unsafe-inline'. Only signed-in staff see those pages.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.csp import CSP, build_policy


def strict_prefixes() -> tuple[str, ...]:
    """The admin URLs under STAFF_CSP: sign-in, two-factor, the consultation requests."""
    return (
        reverse("wagtailadmin_login"),
        reverse("two_factor_verify"),
        reverse("consultation_requests:index"),
    )


class AdminContentSecurityPolicyMiddleware:
    """Send the admin's policies on responses under the admin's URL.

    It sits after Django's ContentSecurityPolicyMiddleware in MIDDLEWARE, so it sees the
    response first; Django's then leaves a header that is already there alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path
        if path.startswith(reverse("wagtailadmin_home")) and CSP.HEADER_ENFORCE not in response:
            strict = path.startswith(strict_prefixes())
            config = settings.STAFF_CSP if strict else settings.ADMIN_CSP
            response.headers[str(CSP.HEADER_ENFORCE)] = build_policy(config)
        return response
