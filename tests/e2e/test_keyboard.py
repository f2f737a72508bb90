"""The site with a keyboard only: the skip link, a sensible tab order, focus always visible,
the mobile menu, the consultation form, and no keyboard trap."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser_checks import FOCUS_RING_JS, focus_ring
from tests.e2e.page_types import BY_NAME, PAGE_TYPES, ids

pytestmark = pytest.mark.e2e

# More Tab presses than any page has stops: reaching it means focus never got out.
MAX_TAB_STOPS = 250

# Where focus is now, described in a way that identifies it in the tab order, and whether
# it is in view: measured as frames are drawn, for up to half a second (the browser applies
# :focus styles, such as the skip link's, and scrolls to the element a frame or two later).
FOCUSED = """async () => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const inView = () => {
    const box = el.getBoundingClientRect();
    return box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
  };
  const started = performance.now();
  while (!inView() && performance.now() - started < 500) {
    await new Promise((done) => requestAnimationFrame(done));
  }
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    cls: typeof el.className === "string" ? el.className : "",
    name: (el.getAttribute("aria-label") || el.textContent || el.value || "").trim().replace(/\\s+/g, " ").slice(0, 60),
    href: el.getAttribute("href") || "",
    region: el.matches(".skip-link") ? "skip" : el.closest("header.site-header") ? "header"
      : el.closest("main") ? "main" : el.closest("footer.site-footer") ? "footer" : "other",
    inViewport: inView(),
    ring: FOCUS_RING,
  };
}""".replace("FOCUS_RING", FOCUS_RING_JS)


def tab_through(page) -> list[dict]:
    """Press Tab from the top of the page until focus leaves the page; every stop on the way.

    Fails when focus is still inside after MAX_TAB_STOPS presses (a keyboard trap).
    """
    stops = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (stops and same_element(focused, stops[0])):
            return stops
        stops.append(focused)
    pytest.fail(f"focus is still in the page after {MAX_TAB_STOPS} Tab presses: a keyboard trap")


def same_element(stop: dict, other: dict) -> bool:
    return all(stop[key] == other[key] for key in ("tag", "id", "cls", "name", "href"))


def label(stop: dict) -> str:
    return f"{stop['region']} {stop['tag']}.{stop['cls']} “{stop['name']}”"


@pytest.mark.parametrize("width", [375, 1280])
def test_skip_link_is_the_first_stop_visible_and_moves_focus_to_main(visit, width):
    page, problems = visit(BY_NAME["service"], width=width)
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).not_to_be_in_viewport()

    page.keyboard.press("Tab")

    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport(ratio=1)
    ring = focus_ring(page)
    assert ring["visible"] and ring["drawnBy"].startswith("a.skip-link"), ring

    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()
    expect(page).to_have_url(re.compile("#main$"))
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["region"] == "main"  # the header's links are skipped
    assert not problems.collect(page), problems.report()


def test_tab_order_follows_the_page_header_main_then_footer(visit):
    page, _ = visit(BY_NAME["service"], width=1280)
    stops = tab_through(page)
    names = [label(stop) for stop in stops]

    def first(predicate) -> int:
        return next(i for i, stop in enumerate(stops) if predicate(stop))

    skip = first(lambda s: s["name"] == "Skip to main content")
    home = first(lambda s: "brand" in s["cls"])
    nav = first(lambda s: "site-nav__link" in s["cls"])
    search = first(lambda s: s["tag"] == "input" and s["id"] == "site-search-q")
    booking = first(lambda s: s["region"] == "header" and s["name"] == "Request a consultation")
    main = first(lambda s: s["region"] == "main")
    footer = first(lambda s: s["region"] == "footer")
    assert skip == 0, names
    assert skip < home < nav < search < booking < main < footer, names
    regions = [stop["region"] for stop in stops]
    assert regions == sorted(regions, key=["skip", "header", "main", "footer"].index), names


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=ids(PAGE_TYPES))
def test_focus_is_always_visible_and_never_trapped(visit, page_type):
    """Every tab stop shows a focus ring of at least 2 px (2.4.11, 2.4.13) and is in view.

    With reduced motion, so the page scrolls to the focused element at once, not smoothly.
    """
    page, _ = visit(page_type, width=1280, reduced_motion="reduce")
    stops = tab_through(page)

    assert len(stops) > 5
    hidden = [label(stop) for stop in stops if not stop["ring"]["visible"]]
    assert hidden == [], "no visible focus ring on: " + "; ".join(hidden)
    out_of_view = [label(stop) for stop in stops if not stop["inViewport"]]
    assert out_of_view == [], "focused but out of view: " + "; ".join(out_of_view)


def test_mobile_menu_opens_with_enter_or_space_and_closes_with_escape(visit):
    page, problems = visit(BY_NAME["home"], width=375)
    button = page.get_by_role("button", name="Menu")
    navigation = page.get_by_role("navigation", name="Main")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(navigation).to_be_hidden()

    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(navigation).to_be_visible()
    page.keyboard.press("Tab")
    expect(navigation.get_by_role("link").first).to_be_focused()

    page.keyboard.press("Escape")  # from inside the menu
    expect(navigation).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()

    page.keyboard.press("Space")
    expect(navigation).to_be_visible()
    page.keyboard.press("Space")
    expect(navigation).to_be_hidden()
    page.keyboard.press("Space")
    page.keyboard.press("Escape")
    expect(navigation).to_be_hidden()
    expect(button).to_be_focused()
    assert not problems.collect(page), problems.report()


def test_questions_and_answers_open_with_the_keyboard(visit):
    page, _ = visit(BY_NAME["service"], width=375)
    question = page.locator(".faq summary").first
    answer = page.locator(".faq__answer").first
    expect(answer).to_be_hidden()

    question.focus()
    page.keyboard.press("Enter")
    expect(answer).to_be_visible()
    page.keyboard.press("Space")
    expect(answer).to_be_hidden()


def test_consultation_form_can_be_sent_with_the_keyboard_only(visit):
    page, problems = visit(BY_NAME["consultation"], width=375, fresh=True)
    page.get_by_label("Full name").focus()

    # An empty form first: the error summary takes focus, and its links lead to the fields.
    page.wait_for_timeout(1100)  # longer than the minimum fill time
    page.locator("form.consultation-form button[type=submit]").focus()
    page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Full name")).to_be_focused()

    page.keyboard.type("Example Patient")
    page.keyboard.press("Tab")
    page.keyboard.type("patient@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("(587) 735-6272")
    page.keyboard.press("Tab")
    service = page.get_by_label("Which service are you interested in?")
    expect(service).to_be_focused()
    page.keyboard.press("ArrowDown")  # a closed select changes its choice with the arrows
    expect(service).to_have_value("dry-needling")
    page.keyboard.press("Tab")  # into the contact method radio group: the first choice
    page.keyboard.press("Space")
    expect(page.locator("input[name=contact_method]:checked")).to_have_count(1)
    consent = page.get_by_label("I agree that the clinic may contact me")
    while not page.evaluate("() => document.activeElement.type === 'checkbox'"):
        page.keyboard.press("Tab")
    expect(consent).to_be_focused()
    page.keyboard.press("Space")
    expect(consent).to_be_checked()
    page.keyboard.press("Tab")  # past the privacy link to the button
    while page.evaluate("() => document.activeElement.type !== 'submit'"):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/book-a-consultation/thank-you/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    assert not problems.collect(page), problems.report()
