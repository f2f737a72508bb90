"""What the browser tests look for on a page: axe-core, console errors, CSP violations,
failed requests, overflow, focus and tap targets.

Plain functions over a Playwright page, shared by the test modules in this folder.
"""

from dataclasses import dataclass, field

# WCAG 2.2 AA and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# The contrast rules, for the dark colour scheme.
AXE_CONTRAST_RULES = ["color-contrast", "link-in-text-block"]

# Collects every Content-Security-Policy violation the page reports, from the first byte.
# Playwright adds it through the DevTools protocol, so the page's own policy does not apply
# to it.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile || "document"}:${event.lineNumber}) ${event.sample || ""}`.trim()
  );
});
"""


@dataclass
class PageProblems:
    """Console errors, uncaught exceptions, CSP violations and failed requests of a page."""

    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    allowed_status: dict[str, int] = field(default_factory=dict)

    def watch(self, page) -> "PageProblems":
        page.add_init_script(CSP_LISTENER)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)
        return self

    def expect_status(self, url: str, status: int) -> None:
        """The response for `url` is meant to have this status (the 404 page itself)."""
        self.allowed_status[url] = status

    def collect(self, page) -> "PageProblems":
        """Add the violations the page's listener saw (call before leaving the page)."""
        self.csp_violations += page.evaluate("window.__cspViolations || []")
        page.evaluate("window.__cspViolations = []")
        return self

    def clear(self) -> None:
        self.allowed_status.clear()
        self.console_errors.clear()
        self.csp_violations.clear()
        self.failed_requests.clear()

    def _on_console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.csp_violations.append(f"console: {text}")
        elif message.type == "error":
            url = (message.location or {}).get("url", "")
            if text.startswith("Failed to load resource") and url in self.allowed_status:
                return  # the browser's own note of the expected status, e.g. the 404 page
            self.console_errors.append(f"{text} ({url})" if url else text)

    def _on_request_failed(self, request) -> None:
        if request.failure == "net::ERR_ABORTED":
            # The browser itself dropped the request: the page moved on (a form was sent, a
            # link followed) before, say, the favicon arrived. What the server fails shows
            # as a status (_on_response) or as another network error.
            return
        self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def _on_response(self, response) -> None:
        if response.status >= 400 and self.allowed_status.get(response.url) != response.status:
            self.failed_requests.append(
                f"{response.status} {response.request.method} {response.url}"
            )

    def report(self) -> str:
        lines = []
        for title, items in [
            ("console errors", self.console_errors),
            ("CSP violations", self.csp_violations),
            ("failed requests", self.failed_requests),
        ]:
            lines += [f"{title}:"] + [f"  {item}" for item in items] if items else []
        return "\n".join(lines)

    def __bool__(self) -> bool:
        return bool(self.console_errors or self.csp_violations or self.failed_requests)


def axe_violations(
    page, tags: list[str] | None = None, rules: list[str] | None = None
) -> list[dict]:
    """axe-core's violations on the page as it is now: all rules, or those with these tags,
    or these rules (axe-core as bundled with axe-playwright-python)."""
    from axe_playwright_python.base import AXE_SCRIPT

    options: dict = {"resultTypes": ["violations"]}
    if tags:
        options["runOnly"] = {"type": "tag", "values": tags}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate(
        "(options) => axe.run(document, options).then((r) => r.violations)", options
    )


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(str(node["target"][0]) for node in v["nodes"][:5])
        for v in violations
    )


def horizontal_overflow(page) -> dict | None:
    """The page's scroll width against its viewport, and what sticks out, if it scrolls sideways."""
    return page.evaluate(
        """() => {
          const root = document.documentElement;
          if (root.scrollWidth <= root.clientWidth) return null;
          const wide = [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5)
            .slice(0, 5)
            .map((el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim().replace(/\\s+/g, ".") : ""));
          return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
        }"""
    )


def small_targets(page, minimum: float = 24) -> list[str]:
    """Visible links and controls smaller than `minimum` CSS pixels either way.

    Links inside a sentence or paragraph of running text are exempt (WCAG 2.5.8, "inline"),
    as are controls whose size the browser sets (the honeypot hidden off screen).
    """
    return page.evaluate(
        """(minimum) => {
          const inRunningText = (el) =>
            el.tagName === "A" && el.closest("p, li, dd, td, figcaption, blockquote, address")
            && getComputedStyle(el).display === "inline";
          return [...document.querySelectorAll("a[href], button, input, select, textarea, summary")]
            .filter((el) => {
              const box = el.getBoundingClientRect();
              if (!box.width || !box.height || el.closest("[aria-hidden=true]")) return false;
              if (getComputedStyle(el).visibility === "hidden") return false;
              if (el.type === "hidden" || inRunningText(el)) return false;
              return box.width < minimum || box.height < minimum;
            })
            .map((el) => {
              const box = el.getBoundingClientRect();
              const name = (el.textContent || el.name || el.id || "").trim().slice(0, 40);
              return `${el.tagName.toLowerCase()} "${name}" ${box.width.toFixed(0)}x${box.height.toFixed(0)}`;
            });
        }""",
        minimum,
    )


# The focused element's computed outline, and whether it makes a visible ring: an outline of
# 2 px or more in a colour that is not transparent, on the element or on the nearest
# ancestor drawing one for it (a card outlines itself when the link stretched over it has
# focus). A JavaScript expression, for use inside other scripts.
FOCUS_RING_JS = """(() => {
  const ring = (el) => {
    const style = getComputedStyle(el);
    return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
      && !["transparent", "rgba(0, 0, 0, 0)"].includes(style.outlineColor);
  };
  const el = document.activeElement;
  const style = getComputedStyle(el);
  let drawnBy = null;
  for (let node = el, depth = 0; node && depth < 5; node = node.parentElement, depth++) {
    if (ring(node)) { drawnBy = node.tagName.toLowerCase() + "." + node.className; break; }
  }
  return {
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    outlineColor: style.outlineColor,
    visible: drawnBy !== null,
    drawnBy,
  };
})()"""


def focus_ring(page) -> dict:
    """The focused element's outline and whether it is a visible ring (FOCUS_RING_JS)."""
    return page.evaluate(f"() => {FOCUS_RING_JS}")


def load_lazy_images(page) -> None:
    """Load the images below the fold now, so their requests are checked and screenshots whole."""
    page.evaluate(
        """async () => {
          const images = [...document.images];
          images.forEach((img) => { img.loading = "eager"; });
          await Promise.all(images.map((img) => img.complete || new Promise((done) => {
            img.addEventListener("load", done);
            img.addEventListener("error", done);
          })));
        }"""
    )


def hidden_in_print(page, selectors: list[str]) -> list[str]:
    """Of these selectors, those matching an element that is displayed (with print media on)."""
    return page.evaluate(
        """(selectors) => selectors.filter((selector) =>
             [...document.querySelectorAll(selector)].some((el) => el.getClientRects().length > 0))""",
        selectors,
    )
