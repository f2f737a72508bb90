"""An editor writes, previews, publishes and unpublishes a post in a real browser (Chromium).

The screenshots in docs/editor-guide.md come from these tests. They are written to the
git-ignored tests/e2e/screenshots/ on every run, and to docs/img/ only when
UPDATE_DOCS_SCREENSHOTS=1 is set, so CI never rewrites the committed ones:

    UPDATE_DOCS_SCREENSHOTS=1 .venv/bin/python -m pytest tests/e2e/test_editor.py
"""

import datetime
import io
import mimetypes
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Page, Site

from blog.models import BlogPage
from bookings.models import ConsultationPage
from healinghaven.models import ClinicSettings, HomePage, OpeningHours
from tests import factories
from tests.e2e.browser_checks import axe_violations, describe
from tests.staff import PASSWORD, consultation_request, member

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
DOCS_IMAGES = ROOT / "docs" / "img"
TEST_SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
MAX_SCREENSHOT_BYTES = 150_000

POST_TITLE = "Five stretches for a stiff neck"


def save_screenshot(page, name: str, *, clip_to=None) -> Path:
    """A small PNG of the admin as it is now: the whole viewport, or one element of it."""
    from PIL import Image

    # Focusing a field can scroll the editor sideways; a person would not see that.
    page.evaluate(
        "() => document.querySelectorAll('*').forEach((el) => { if (el.scrollLeft) el.scrollLeft = 0; })"
    )
    target = page.locator(clip_to) if clip_to else page
    png = target.screenshot(animations="disabled", caret="hide")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.quantize(colors=96, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    folder = DOCS_IMAGES if os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1" else TEST_SCREENSHOTS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    image.save(path, optimize=True)
    assert path.stat().st_size < MAX_SCREENSHOT_BYTES, f"{path.name} is too big"
    return path


def serve_media(page) -> None:
    """Uploaded images, as the web server in front of the site serves them in production."""

    def fulfil(route):
        path = Path(settings.MEDIA_ROOT) / route.request.url.split("/media/", 1)[1]
        if not path.is_file():
            return route.fulfill(status=404)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return route.fulfill(status=200, body=path.read_bytes(), content_type=content_type)

    page.route(re.compile(r".*/media/.*"), fulfil)


@pytest.fixture
def site(transactional_db):
    """A small clinic site: home, services, blog, the consultation page, and the staff."""
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    root.refresh_from_db()
    home = root.add_child(
        instance=HomePage(title="Home", slug="home", hero_heading="Feel better, move better")
    )
    Site.objects.all().delete()
    site = Site.objects.create(
        hostname="localhost",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name="Healing Haven",
    )
    services = factories.ServiceIndexPageFactory(parent=home)
    factories.ServicePageFactory(parent=services, title="Dry needling", slug="dry-needling")
    blog = factories.BlogIndexPageFactory(parent=home)
    factories.BlogPageFactory(
        parent=blog, title="Dry Needling 101", date=datetime.date(2022, 10, 6)
    )
    booking = home.add_child(instance=ConsultationPage(title="Book a consultation", slug="book"))
    clinic = ClinicSettings.for_site(site)
    clinic.phone = "(587) 735-6272"
    clinic.booking_page = booking
    clinic.save()
    OpeningHours.objects.create(
        settings=clinic, weekdays=[0, 1, 2, 3, 4], opens=datetime.time(8), closes=datetime.time(19)
    )
    factories.SiteImageFactory(
        title="Neck stretch",
        description="A woman tilts her head to stretch the side of her neck",
        file=factories.image_file("neck.png", size=(1200, 800), colour=(200, 170, 150)),
    )
    return {"home": home, "blog": blog, "clinic": clinic}


@pytest.fixture
def admin_page(browser, live_server):
    context = browser.new_context(locale="en-CA", viewport=VIEWPORT, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(20_000)
    serve_media(page)
    yield page
    context.close()


def log_in(page, username: str, *, screenshot: str | None = None) -> None:
    page.goto("/admin/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign in to Healing Haven Physiotherapy"
    )
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    if screenshot:
        save_screenshot(page, screenshot)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def open_actions_menu(page) -> None:
    """The arrow beside "Save draft" opens Publish, Unpublish and the others."""
    page.locator("footer").get_by_role("button", name="More actions").click()


def test_editor_writes_previews_publishes_and_unpublishes_a_post(site, admin_page, live_server):
    page = admin_page
    member("Editors", "editor", first_name="Clinic", last_name="Editor")
    log_in(page, "editor", screenshot="sign-in")
    expect(page.get_by_role("heading", name="Recently edited pages")).to_be_visible()

    # Pages > Blog > Add child page
    page.goto(f"/admin/pages/{site['blog'].pk}/")
    save_screenshot(page, "blog-in-pages")
    page.get_by_role("link", name="Add child page").first.click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/blog/blogpage/\d+/$"))

    page.get_by_role("textbox", name="Title*").fill(POST_TITLE)
    post_date = page.get_by_role("textbox", name="Post date*")
    expect(post_date).to_have_value(timezone.localdate().isoformat())  # today, to start with
    post_date.fill("2026-02-03")
    page.get_by_role("button", name="Choose an image").click()
    modal = page.locator(".modal-content")
    modal.get_by_role("link", name="Neck stretch").click()
    expect(modal).to_be_hidden()
    page.get_by_role("textbox", name="Intro*").fill(
        "Desk work stiffens the neck. These five gentle stretches take two minutes."
    )

    # The body: a text block from the block picker, which previews each block.
    page.locator("[data-streamfield-stream-container]").get_by_role(
        "button", name="Insert a block"
    ).first.click()
    picker = page.locator(".w-combobox")
    expect(picker).to_be_visible()
    benefits = picker.locator(
        ".w-combobox__option-row", has=page.get_by_role("option", name="Benefits")
    )
    benefits.locator(".w-combobox__option-preview").click()
    block_preview = page.frame_locator("iframe[src*='block-preview']")
    expect(block_preview.get_by_text("Improves range of motion")).to_be_visible()
    save_screenshot(page, "block-picker")
    picker.get_by_role("option", name="Text").click()
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.click()
    editor.type("Sit tall, relax your shoulders and breathe out as you stretch.")
    save_screenshot(page, "writing-a-post")

    # A sub-heading straight under the title skips a level: the checks say so while writing.
    page.locator("[data-streamfield-stream-container]").get_by_role(
        "button", name="Insert a block"
    ).last.click()
    picker.get_by_role("option", name="Heading").click()
    heading = page.locator("[data-contentpath=body] [data-contentpath=text] input").last
    heading.fill("Stretch 1: the side bend")
    level = page.locator("[data-contentpath=body] [data-contentpath=level] select").last
    level.select_option(label="Sub-heading (H3)")
    page.get_by_role("button", name="Toggle checks").click()
    checks = page.locator("[data-side-panel=checks]")
    # The checks run axe on a fresh preview: give them the time a busy machine needs.
    expect(checks.get_by_text("A heading level is skipped")).to_be_visible(timeout=15_000)
    save_screenshot(page, "checks")
    level.select_option(label="Section heading (H2)")
    expect(checks.get_by_text("A heading level is skipped")).to_have_count(0, timeout=10_000)
    page.get_by_role("button", name="Toggle checks").click()

    # Preview as on a phone and as on a computer, before publishing.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text(POST_TITLE)
    expect(preview.get_by_text("Sit tall, relax your shoulders")).to_be_visible()
    expect(preview.get_by_role("heading", level=2, name="Stretch 1: the side bend")).to_be_visible()
    save_screenshot(page, "preview-phone")
    page.get_by_role("radio", name="Preview as on a computer").check()
    expect(preview.get_by_role("heading", level=1)).to_have_text(POST_TITLE)
    save_screenshot(page, "preview-computer")
    page.get_by_role("button", name="Toggle preview").click()

    open_actions_menu(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("published")
    post = BlogPage.objects.get(title=POST_TITLE)
    assert post.live and post.owner.username == "editor"
    save_screenshot(page, "published")
    page.goto("/admin/")
    expect(page.locator("#recently-edited-pages-section")).to_contain_text(POST_TITLE)
    save_screenshot(page, "dashboard")

    # It is on the blog, and in the blog's RSS feed.
    page.goto("/blog/")
    expect(page.get_by_role("link", name=POST_TITLE)).to_be_visible()
    feed = page.request.get(live_server.url + "/blog/feed/")
    assert feed.ok and POST_TITLE in feed.text()

    # Unpublish: gone from the blog and the feed, kept as a draft.
    page.goto(f"/admin/pages/{post.pk}/edit/")
    open_actions_menu(page)
    page.get_by_role("link", name="Unpublish").click()
    expect(page.get_by_role("button", name="Yes, unpublish it")).to_be_visible()
    save_screenshot(page, "unpublish")
    page.get_by_role("button", name="Yes, unpublish it").click()
    expect(page.locator(".messages")).to_contain_text("unpublished")
    post.refresh_from_db()
    assert not post.live
    page.goto("/blog/")
    expect(page.get_by_role("link", name=POST_TITLE)).to_have_count(0)
    assert POST_TITLE not in page.request.get(live_server.url + "/blog/feed/").text()


def test_the_guides_other_tasks_schedule_service_hours_and_requests(site, admin_page):
    """Screenshots for the guide's other tasks; the front desk handles a request."""
    page = admin_page
    member("Administrators", "administrator", first_name="Clinic", last_name="Administrator")
    member("Front desk", "front-desk", first_name="Front", last_name="Desk")
    request = consultation_request(
        reference="HH-7K3M9Q", message="Neck pain after a car accident two weeks ago."
    )
    log_in(page, "administrator")

    # Scheduling a post: the status panel's "Set schedule".
    page.goto(f"/admin/pages/add/blog/blogpage/{site['blog'].pk}/")
    page.get_by_role("button", name="Toggle status").click()
    page.get_by_role("button", name="Set schedule").click()
    dialog = page.get_by_role("dialog", name="Set publishing schedule")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("goes live on its own within a few minutes")
    expect(dialog.get_by_label("Go live date/time (Edmonton time)")).to_be_visible()
    save_screenshot(page, "schedule")
    page.keyboard.press("Escape")

    service_index = Page.objects.get(slug="services")
    page.goto(f"/admin/pages/add/services/servicepage/{service_index.pk}/")
    page.get_by_role("textbox", name="Title*").fill("Vestibular therapy")
    page.get_by_role("textbox", name="Summary*").fill(
        "Exercises that ease dizziness and help your balance."
    )
    save_screenshot(page, "new-service")

    page.goto("/admin/settings/healinghaven/clinicsettings/")
    hours = page.get_by_role("heading", name="Opening hours").first
    hours.evaluate("heading => heading.scrollIntoView({block: 'start'})")  # the days and times
    expect(page.get_by_role("checkbox", name="Friday").first).to_be_checked()
    save_screenshot(page, "opening-hours")

    # The front desk sees the requests, and nothing else.
    page.context.clear_cookies()
    log_in(page, "front-desk")
    sidebar = page.locator("#wagtail-sidebar")
    expect(sidebar.get_by_role("link", name="Requests (1 new)")).to_be_visible()
    expect(sidebar.get_by_role("button", name="Pages")).to_have_count(0)
    page.goto("/admin/consultation-requests/")
    expect(page.get_by_role("link", name="HH-7K3M9Q")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    save_screenshot(page, "requests")
    page.get_by_role("link", name="HH-7K3M9Q").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request HH-7K3M9Q")
    expect(page.get_by_text("Neck pain after a car accident")).to_be_visible()
    expect(page.get_by_role("link", name=request.email)).to_have_attribute(
        "href", f"mailto:{request.email}"
    )
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    save_screenshot(page, "request")
    page.get_by_label("Add a note").fill("Called back; first visit booked for Tuesday 9:00.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".messages")).to_contain_text("HH-7K3M9Q updated")
    page.get_by_role("button", name="Mark as contacted").click()
    expect(page.get_by_role("region", name="Notes and history")).to_contain_text("New → Contacted")
    save_screenshot(page, "request-update")
    request.refresh_from_db()
    assert request.status == "contacted"
    assert request.notes.get().author.username == "front-desk"


def test_checks_panel_explains_the_advertising_rules(site, admin_page):
    """Wording the College's advertising standard forbids is flagged while writing, with
    the rule; honest wording clears it, and publishing stays possible throughout."""
    page = admin_page
    member("Editors", "editor", first_name="Clinic", last_name="Editor")
    log_in(page, "editor")
    service = Page.objects.get(slug="dry-needling")
    page.goto(f"/admin/pages/{service.pk}/edit/")

    summary = page.get_by_role("textbox", name="Summary*")
    summary.fill("The best dry needling in Edmonton, with results guaranteed.")
    page.get_by_role("button", name="Toggle checks").click()
    checks = page.locator("[data-side-panel=checks]")
    expect(checks.get_by_text("Superlative or comparison")).to_be_visible()
    expect(checks.get_by_text("Promise of results")).to_be_visible()
    expect(checks.get_by_text("does not allow guarantees")).to_be_visible()
    save_screenshot(page, "checks-advertising")

    # Wagtail's preview updates at intervals and now and then misses a change made while
    # it is still loading the last one; a person typing on would not notice. Type on.
    honest = "Very thin needles release tight, knotted muscles to ease pain and tension."
    lead = page.frame_locator("#w-preview-iframe").locator("p.lead")
    for ending in ("", " ", ""):
        summary.fill(honest + ending)
        try:
            expect(lead).to_contain_text(honest, timeout=8_000)
            break
        except AssertionError:
            continue
    expect(lead).to_contain_text(honest)
    expect(checks.get_by_text("Superlative or comparison")).to_have_count(0, timeout=10_000)
    expect(checks.get_by_text("Promise of results")).to_have_count(0)
    page.get_by_role("button", name="Toggle checks").click()
    open_actions_menu(page)
    expect(page.get_by_role("button", name="Publish")).to_be_visible()
