"""Every public page type in a real browser: WCAG 2.2 AA (axe-core), no console errors, no
Content-Security-Policy violations, no failed requests, reflow, zoom, dark scheme, print.

A full-page screenshot of each page type at each width goes to tests/e2e/screenshots/
(git-ignored), for a person to look at.
"""

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.browser_checks import (
    AXE_CONTRAST_RULES,
    AXE_TAGS,
    axe_violations,
    describe,
    hidden_in_print,
    horizontal_overflow,
    load_lazy_images,
    small_targets,
)
from tests.e2e.page_types import BY_NAME, PAGE_TYPES, ids

pytestmark = pytest.mark.e2e

SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(scope="module", autouse=True)
def _screenshots_folder():
    SCREENSHOTS.mkdir(exist_ok=True)


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=ids(PAGE_TYPES))
def test_page_meets_wcag_22_aa_without_errors(visit, page_type, width):
    page, problems = visit(page_type, width=width)
    load_lazy_images(page)
    page.screenshot(path=SCREENSHOTS / f"{page_type.name}-{width}.png", full_page=True)

    violations = axe_violations(page, AXE_TAGS)
    problems.collect(page)

    assert violations == [], describe(violations)
    assert not problems, problems.report()
    # 2.5.8: links and controls at least 24 by 24 px, but for links in running text.
    assert small_targets(page) == []


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=ids(PAGE_TYPES))
def test_dark_scheme_and_reduced_motion_keep_contrast(visit, page_type):
    page, problems = visit(page_type, width=375, color_scheme="dark", reduced_motion="reduce")

    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 26, 25)", "the dark scheme is not applied"
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    assert page.evaluate(MOVING) == []
    violations = axe_violations(page, rules=AXE_CONTRAST_RULES)
    problems.collect(page)

    assert violations == [], describe(violations)
    assert not problems, problems.report()


@pytest.mark.parametrize("width", [375, 1280])
def test_form_showing_its_errors_meets_wcag_22_aa(visit, width):
    page, problems = visit(BY_NAME["consultation"], width=width, fresh=True)
    page.wait_for_timeout(1100)  # longer than the minimum fill time
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".error-summary")).to_be_focused()
    page.screenshot(path=SCREENSHOTS / f"consultation-errors-{width}.png", full_page=True)

    violations = axe_violations(page, AXE_TAGS)
    problems.collect(page)

    assert violations == [], describe(violations)
    assert not problems, problems.report()
    assert small_targets(page) == []


def test_smooth_scrolling_only_without_a_reduced_motion_preference(visit):
    page, _ = visit(BY_NAME["home"], reduced_motion="no-preference")
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "smooth"


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=ids(PAGE_TYPES))
def test_no_horizontal_scrolling_at_320_px(visit, page_type):
    page, _ = visit(page_type, width=320, height=640)
    assert horizontal_overflow(page) is None


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=ids(PAGE_TYPES))
def test_text_is_readable_at_200_percent_zoom(visit, page_type):
    """A 1280 px window zoomed to 200 %: 640 CSS px wide at two device pixels per CSS pixel."""
    page, _ = visit(page_type, width=640, height=400, device_scale_factor=2)

    assert horizontal_overflow(page) is None
    assert page.evaluate(CLIPPED_TEXT) == []
    smallest = page.evaluate(SMALLEST_TEXT)
    assert smallest["size"] >= 16, f"text at {smallest['size']}px: {smallest['text']}"
    assert small_targets(page) == []


@pytest.mark.parametrize("name", ["service", "blog-post", "condition", "standard-about"])
def test_printed_page_is_the_content_only(visit, name):
    page, problems = visit(BY_NAME[name], fresh=True)
    page.emulate_media(media="print")

    assert hidden_in_print(page, PRINT_HIDDEN) == []
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator("main").inner_text().strip()
    page.pdf(path=SCREENSHOTS / f"{name}-print.pdf")
    assert not problems.collect(page), problems.report()


# Elements that animate or transition for longer than an instant.
MOVING = """() => [...document.querySelectorAll("*")]
  .filter((el) => {
    const style = getComputedStyle(el);
    const longest = (value) => Math.max(...value.split(",").map((part) => parseFloat(part) || 0));
    return longest(style.transitionDuration) > 0.01 || longest(style.animationDuration) > 0.01;
  })
  .map((el) => el.tagName.toLowerCase() + "." + el.className)"""

PRINT_HIDDEN = [
    ".skip-link",
    ".site-nav",
    ".nav-toggle",
    ".site-header__search",
    ".site-header__actions",
    ".breadcrumbs",
    ".site-footer",
    ".cta",
    ".related",
]

# Visible text cut off by a box that hides its overflow. Text for screen readers only is
# clipped on purpose: the visually-hidden pattern (clip-path: inset(50%)), whether by its
# class or in a media query, and anything aria-hidden.
CLIPPED_TEXT = """() => {
  const hiddenOnPurpose = (el) => {
    for (let e = el; e; e = e.parentElement) {
      if (getComputedStyle(e).clipPath === "inset(50%)" || e.getAttribute("aria-hidden") === "true") return true;
    }
    return false;
  };
  return [...document.querySelectorAll("body *")]
  .filter((el) => {
    const style = getComputedStyle(el);
    if (!["hidden", "clip"].includes(style.overflowX) && !["hidden", "clip"].includes(style.overflowY)) return false;
    if (hiddenOnPurpose(el) || !el.textContent.trim()) return false;
    return el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
  })
  .map((el) => el.tagName.toLowerCase() + "." + el.className);
}"""

# The smallest computed font size of any visible text.
SMALLEST_TEXT = """() => {
  let smallest = {size: Infinity, text: ""};
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el.getClientRects().length) continue;
    if (el.closest(".visually-hidden, [aria-hidden=true], script, style, template")) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < smallest.size) smallest = {size, text: node.textContent.trim().slice(0, 60)};
  }
  return smallest;
}"""


# Layout shifts, recorded from the first paint: Lighthouse's CLS, in the browser itself.
RECORD_SHIFTS = """
window.__layoutShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) {
      window.__layoutShifts.push({
        value: entry.value,
        nodes: entry.sources.map((source) => source.node && source.node.nodeName),
      });
    }
  }
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize(
    "page_type",
    [BY_NAME[name] for name in ("home", "service", "blog-index", "blog-post", "standard-about")],
    ids=lambda page_type: page_type.name,
)
def test_nothing_moves_as_the_page_loads_on_a_phone(chromium, demo, page_type):
    """The menu folded by CSS from the first paint, images with their sizes, no late
    content: a layout shift here cost the mobile Lighthouse score (CLS 0.097)."""
    context = chromium.new_context(
        viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True, locale="en-CA"
    )
    try:
        page = context.new_page()
        page.add_init_script(RECORD_SHIFTS)

        def slow_script(route):
            # As on a phone's connection: the page paints before its deferred script runs.
            time.sleep(0.6)
            route.continue_()

        page.route("**/js/site*.js", slow_script)
        page.goto(demo(page_type.path), wait_until="load")
        page.wait_for_timeout(500)  # scripts run, the clock's parts are filled in
        shifts = page.evaluate("window.__layoutShifts")
    finally:
        context.close()
    assert sum(shift["value"] for shift in shifts) < 0.01, shifts


def test_without_javascript_the_menu_is_open_and_the_button_gone(chromium, demo):
    context = chromium.new_context(
        viewport={"width": 375, "height": 800}, java_script_enabled=False, locale="en-CA"
    )
    try:
        page = context.new_page()
        page.goto(demo("/"))
        navigation = page.get_by_role("navigation", name="Main")
        expect(navigation).to_be_visible()
        expect(navigation.get_by_role("link", name="Blog")).to_be_visible()
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    finally:
        context.close()
