"""Two-factor sign-in in a real browser: set-up, recovery codes and verification work in
the admin under the strict staff Content-Security-Policy, with no console error or CSP
violation."""

import base64
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.e2e.browser_checks import PageProblems
from tests.e2e.test_csp import STRICT_STAFF_POLICY, directives

pytestmark = pytest.mark.e2e

USERNAME = "e2e-two-factor"
PASSWORD = "e2e-two-factor-password-not-secret"  # noqa: S105


@pytest.fixture
def staff_member(demo, django_db_blocker, settings):
    from django.contrib.auth import get_user_model

    settings.ADMIN_REQUIRE_TWO_FACTOR = True
    with django_db_blocker.unblock():
        user = get_user_model().objects.create_superuser(USERNAME, "", PASSWORD)
    yield user
    with django_db_blocker.unblock():
        user.delete()


def sign_in(page, demo):
    page.goto(demo(reverse("wagtailadmin_login")))
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_staff_set_up_an_app_and_sign_in_with_a_recovery_code(chromium, demo, staff_member):
    context = chromium.new_context(locale="en-CA", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems = PageProblems().watch(page)
    policies = {}  # each two-factor screen's policy, as the browser first received it
    page.on(
        "response",
        lambda response: policies.setdefault(
            urlsplit(response.url).path, response.headers.get("content-security-policy", "")
        ),
    )
    try:
        sign_in(page, demo)
        expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
        expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
        secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
        key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        page.get_by_label("Code").fill(f"{totp(key):06d}")
        page.get_by_role("button", name="Confirm and continue").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
        codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
        assert len(codes) == 10
        page.get_by_role("link", name="I have saved them: continue").click()
        page.wait_for_url(demo(reverse("wagtailadmin_home")))

        context.clear_cookies()
        sign_in(page, demo)
        expect(page.get_by_role("heading", level=1)).to_have_text("Enter your sign-in code")
        page.get_by_label("Code").fill(codes[0])
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(re.compile(re.escape(demo(reverse("wagtailadmin_home"))) + "$"))

        page.wait_for_load_state("networkidle")
        problems.collect(page)
        assert not problems, problems.report()
        for name in ("two_factor_setup", "two_factor_recovery", "two_factor_verify"):
            policy = directives(policies[reverse(name)])
            for directive, values in STRICT_STAFF_POLICY.items():
                assert policy[directive] == values, (name, directive)
    finally:
        context.close()
