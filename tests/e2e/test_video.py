"""The exercise video in a real browser: nothing is asked of another site until play is
pressed, then only the video's player; without JavaScript, a link to the video.

Every request the page makes is logged. Requests leaving the live server are refused at
once (the machine reaches no other host anyway): what counts is that they were attempted.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.browser_checks import CSP_LISTENER, focus_ring

pytestmark = pytest.mark.e2e

VIDEO_PAGE = "/services/sports-recovery/"
TITLE = "Calf stretch against a wall"
ELSEWHERE = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")


@pytest.fixture
def tab(chromium, demo):
    """A page of its own, with every request's address logged and other hosts refused."""

    def _open(**options):
        context = chromium.new_context(locale="en-CA", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.add_init_script(CSP_LISTENER)
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.route(ELSEWHERE, lambda route: route.abort())
        page.goto(demo(VIDEO_PAGE))
        page.evaluate("document.querySelectorAll('img').forEach((img) => img.loading = 'eager')")
        page.wait_for_load_state("networkidle")
        return page, requested

    contexts = []
    yield _open
    for context in contexts:
        context.close()


def other_hosts(urls: list[str]) -> set[str]:
    return {urlsplit(url).hostname for url in urls if ELSEWHERE.match(url)}


def test_only_the_player_is_asked_for_and_only_after_play(tab):
    page, requested = tab()
    assert requested and other_hosts(requested) == set()
    expect(page.locator("iframe")).to_have_count(0)

    play = page.get_by_role("button", name=f"Play video: {TITLE}")
    play.focus()
    assert focus_ring(page)["visible"]
    page.keyboard.press("Enter")

    player = page.get_by_title(f"Video: {TITLE}")
    expect(player).to_be_focused()
    expect(player).to_have_attribute(
        "src", re.compile(r"^https://www\.youtube-nocookie\.com/embed/\w")
    )
    page.wait_for_load_state("networkidle")
    assert other_hosts(requested) == {"www.youtube-nocookie.com"}
    assert page.evaluate("window.__cspViolations") == []  # frame-src lets the player in


def test_without_javascript_the_video_is_a_link_to_its_page(tab):
    page, requested = tab(java_script_enabled=False)

    link = page.get_by_role("link", name=f"Watch on YouTube: {TITLE}")
    expect(link).to_have_attribute("href", re.compile(r"^https://www\.youtube\.com/watch\?v="))
    expect(page.get_by_role("button", name=re.compile("Play video"))).to_have_count(0)
    page.get_by_text("Transcript").click()
    expect(page.get_by_text("Hold for 30 seconds")).to_be_visible()
    assert other_hosts(requested) == set()
