"""Content-Security-Policy: strict on the public site, looser (documented) in the admin,
and neither blocks anything a patient or an editor uses."""

import re
import urllib.error
import urllib.request

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.browser_checks import PageProblems, axe_violations, describe
from tests.e2e.conftest import STAFF_PASSWORD, STAFF_USERNAME

pytestmark = pytest.mark.e2e

PUBLIC_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; "
    "frame-src https://www.youtube-nocookie.com https://player.vimeo.com; "
    "frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'"
)


def policy_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (the live server)
        return response.headers["Content-Security-Policy"]


def directives(policy: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", ["/", "/services/dry-needling/", "/book-a-consultation/"])
def test_public_pages_send_the_strict_policy(demo, path):
    assert policy_of(demo(path)) == PUBLIC_POLICY


def test_csrf_failure_page_gets_a_nonce_for_its_style_and_nothing_else(demo):
    form = demo("/book-a-consultation/")
    request = urllib.request.Request(form, data=b"", method="POST")  # noqa: S310 (live server)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)  # noqa: S310 (the live server)
    policy = directives(refused.value.headers["Content-Security-Policy"])
    html = refused.value.read().decode()

    assert refused.value.code == 403
    (nonce,) = re.findall(r"<style nonce=\"([^\"]+)\"", html)
    assert policy["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["script-src"] == ["'self'"]


def test_admin_gets_inline_scripts_and_styles_and_nothing_more(demo):
    admin = directives(policy_of(demo(reverse("wagtailadmin_password_reset"))))
    public = directives(PUBLIC_POLICY)

    assert admin["script-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["style-src"] == ["'self'", "'unsafe-inline'"]
    for name in ["default-src", "connect-src", "frame-ancestors", "form-action", "base-uri"]:
        assert admin[name] == public[name], name
    assert admin["object-src"] == ["'none'"]


@pytest.fixture(scope="module")
def editor(chromium, demo):
    """A browser tab signed in to the admin as a staff member."""
    context = chromium.new_context(locale="en-CA", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems = PageProblems().watch(page)
    page.goto(demo(reverse("wagtailadmin_login")))
    page.get_by_label("Username").fill(STAFF_USERNAME)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(demo(reverse("wagtailadmin_home")))
    problems.collect(page)
    assert not problems, problems.report()
    yield page, problems
    context.close()


def test_page_editor_and_its_preview_load_without_csp_errors(editor, demo):
    page, problems = editor
    problems.clear()
    page.goto(demo(reverse("wagtailadmin_pages:edit", args=[demo.page_ids["dry-needling"]])))
    page.get_by_role("button", name="Toggle preview").click()
    # The panel loads the preview into a second frame, which then takes the first one's place.
    preview = page.locator("iframe#w-preview-iframe[src*='/edit/preview/']").content_frame
    expect(preview.get_by_role("heading", level=1)).to_have_text("Dry needling")
    page.wait_for_load_state("networkidle")
    problems.collect(page)
    assert not problems, problems.report()


def admin_paths(demo) -> dict[str, str]:
    from bookings.viewsets import consultation_request_viewset

    ids = demo.page_ids
    return {
        "dashboard": reverse("wagtailadmin_home"),
        "explorer": reverse("wagtailadmin_explore", args=[ids["home"]]),
        "new blog post": reverse("wagtailadmin_pages:add", args=["blog", "blogpage", ids["blog"]]),
        "images": reverse("wagtailimages:index"),
        "image upload": reverse("wagtailimages:add_multiple"),
        "conditions": reverse("wagtailsnippets_services_condition:list"),
        "clinic settings": reverse("wagtailsettings:edit", args=["healinghaven", "clinicsettings"]),
        "consultation requests": reverse(consultation_request_viewset.get_url_name("index")),
        "visits report": reverse("visits_report"),
    }


def test_admin_screens_load_without_csp_errors(editor, demo):
    page, problems = editor
    found = {}
    for name, path in admin_paths(demo).items():
        problems.clear()
        response = page.goto(demo(path))
        assert response.ok, f"{name}: {response.status}"
        page.wait_for_load_state("networkidle")
        problems.collect(page)
        if problems:
            found[name] = problems.report()
    assert found == {}


def test_signed_in_editor_sees_the_userbar_without_csp_errors(editor, demo):
    page, problems = editor
    problems.clear()
    page.goto(demo("/services/dry-needling/"))
    page.locator("wagtail-userbar").get_by_role("button").first.click()
    page.wait_for_load_state("networkidle")
    problems.collect(page)
    assert not problems, problems.report()


STRICT_STAFF_POLICY = {
    "script-src": ["'self'"],
    "style-src": ["'self'"],
}


def test_the_sign_in_and_the_screens_with_patients_data_run_under_the_strict_policy(
    chromium, demo, patient_state
):
    """No inline script or style where patients' data is shown, nor at the sign-in."""
    context = chromium.new_context(locale="en-CA", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems = PageProblems().watch(page)
    found = {}

    def check(name: str, response) -> None:
        policy = directives(response.headers["content-security-policy"])
        for directive, values in STRICT_STAFF_POLICY.items():
            assert policy[directive] == values, (name, directive, policy[directive])
        page.wait_for_load_state("networkidle")
        problems.collect(page)
        if problems:
            found[name] = problems.report()
        problems.clear()

    check("sign-in", page.goto(demo(reverse("wagtailadmin_login"))))
    page.get_by_label("Username").fill(STAFF_USERNAME)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(demo(reverse("wagtailadmin_home")))
    problems.clear()
    check("request list", page.goto(demo(reverse("consultation_requests:index"))))
    with page.expect_navigation() as opened:
        page.locator("table a[href*='/inspect/']").first.click()
    check("request screen", opened.value)
    for export in ("csv", "xlsx"):
        response = page.request.get(
            demo(reverse("consultation_requests:index") + f"?export={export}")
        )
        policy = directives(response.headers["content-security-policy"])
        assert policy["script-src"] == ["'self'"], export
    context.close()
    assert found == {}


def test_the_visits_report_and_its_dashboard_panel_pass_axe(editor, demo):
    """The screens the visits feature adds, with numbers in them: no axe violation and no
    CSP error (the charts are SVG drawn on the server, with no inline style)."""
    from django.utils import timezone
    from wagtail.models import Page

    from visits.models import PageViews, Referrals

    page, problems = editor
    today = timezone.localdate()
    service = Page.objects.get(pk=demo.page_ids["dry-needling"])
    PageViews.objects.create(day=today, path=service.url, page=service, views=12)
    Referrals.objects.create(day=today, domain="example.org", visits=3)
    try:
        for path, text in [
            (reverse("wagtailadmin_home"), "Visits this week"),
            (reverse("visits_report") + "?days=30", "example.org"),
        ]:
            problems.clear()
            page.goto(demo(path))
            expect(page.get_by_text(text).first).to_be_visible()
            violations = axe_violations(page)
            assert violations == [], describe(violations)
            problems.collect(page)
            assert not problems, problems.report()
    finally:
        PageViews.objects.all().delete()
        Referrals.objects.all().delete()
