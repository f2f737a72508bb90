"""The profession's advertising rules, as one list of phrases with the rule each breaks.

The College of Physiotherapists of Alberta's advertising standard does not allow
superlatives or comparisons with other providers, claims of being a specialist or expert,
promises of results, clinical claims that cannot be supported, "free" services, or
discounts and other inducements. This list feeds:

- the editor's content check (`wagtail_hooks.ClinicContentChecker`), as axe-core rules run
  in the page preview: staff see the rule before publishing, and can still publish;
- `find_problems()`, used by the tests and by `check_advertising` over the demo content
  and the live pages.

Patterns are regular expressions over lower-case text, written in the common subset of
Python's and JavaScript's syntax (the browser runs them too): no flags, no named groups.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import strip_tags

from healinghaven.blocks import stream_strings


@dataclass(frozen=True)
class AdvertisingRule:
    key: str  # also the axe rule id, after "clinic-advertising-"
    name: str  # what the editor sees as the problem
    explanation: str  # why, and what to write instead
    patterns: tuple[str, ...]

    @property
    def pattern(self) -> str:
        return "|".join(f"(?:{pattern})" for pattern in self.patterns)

    @property
    def regex(self) -> re.Pattern:
        return re.compile(self.pattern)

    @property
    def axe_rule_id(self) -> str:
        return f"clinic-advertising-{self.key}"


RULES: tuple[AdvertisingRule, ...] = (
    AdvertisingRule(
        key="superlatives",
        name="Superlative or comparison",
        explanation=(
            "The College's advertising standard does not allow superlatives or comparisons "
            "with other clinics ('best', 'top', '#1', 'leading', 'better than'). Say what you "
            "do, plainly."
        ),
        patterns=(
            r"\bbest\b",
            r"\btop(?:-| )?(?:rated|notch|ranked|quality|choice)\b",
            r"(?:edmonton|alberta|canada|city|area)(?:'|’)s top\b",
            r"\btop (?:physio\w*|therapists?|clinics?|care|practitioners?)\b",
            r"#\s?1\b",
            r"\bnumber (?:one|1)\b",
            r"\bno\. ?1\b",
            r"\bleading\b",
            r"\bfinest\b",
            r"\bgreatest\b",
            r"\bbetter than\b",
            r"\bsuperior\b",
            r"\bunmatched\b",
            r"\bunrivall?ed\b",
            r"\bunparalleled\b",
            r"\bworld(?:-| )class\b",
            r"\bpremier\b",
            r"\bmost (?:experienced|trusted|qualified|effective|advanced)\b",
        ),
    ),
    AdvertisingRule(
        key="expertise",
        name="Claim to be an expert or specialist",
        explanation=(
            "Physiotherapists in Alberta may not call themselves experts or specialists in "
            "advertising: there is no recognised specialty. Name the training or the "
            "treatment instead."
        ),
        patterns=(r"\bexperts?\b", r"\bexpertise\b", r"\bspeciali[sz](?:t|ts|e|es|ed|ing)\b"),
    ),
    AdvertisingRule(
        key="guarantees",
        name="Promise of results",
        explanation=(
            "The advertising standard does not allow guarantees or promises of results. "
            "Say what treatment can help with and that results differ from person to person."
        ),
        patterns=(
            r"\bguarantee(?:s|d)?\b",
            r"\b100 ?%",
            r"\b(?:full|complete|total|permanent) (?:recovery|relief|cure)\b",
            r"\bcures?\b",
            r"\bcured\b",
            r"\bensures?\b",
            r"\bwill (?:fix|cure|eliminate|end|get rid of)\b",
            r"\b(?:enhances?|boosts?|maximi[sz]es?) your (?:\w+ )?performance\b",
            r"\bpain(?:-| )free\b",
            r"\b(?:instant|immediate|rapid|quick) results\b",
            r"\bproven (?:to|results)\b",
            r"\bmiracle\b",
        ),
    ),
    AdvertisingRule(
        key="claims",
        name="Clinical claim that needs evidence",
        explanation=(
            "The advertising standard asks for claims that can be supported. Avoid saying "
            "that treatment reverses, detoxifies, breaks up scar tissue, reduces "
            "inflammation, boosts immunity or treats a wide range of conditions; say what it "
            "may help with, for whom, and that results differ from person to person."
        ),
        patterns=(
            r"\brevers(?:es|ed|ing)\b",
            r"\bdetox\w*",
            r"\btoxins?\b",
            r"\bbreak(?:s|ing)? (?:up|down) scar tissue\b",
            r"\btreat(?:s|ed|ing)? (?:a )?(?:wide|broad|whole) (?:range|variety)\b",
            r"\b(?:reduces?|reducing|fights?|eliminates?) inflammation\b",
            r"\bboost(?:s|ing)? (?:your )?(?:immun\w*|immune system)\b",
            r"\b(?:fast-tracks?|speeds? up) (?:your )?(?:healing|recovery)\b",
        ),
    ),
    AdvertisingRule(
        key="free",
        name="A service offered free",
        explanation=(
            "The advertising standard does not allow 'free' services (a free assessment, "
            "consultation or session). Describe the service without a price promise."
        ),
        patterns=(
            r"(?<!feel )\bfree\b(?![- ]?(?:of pain|from pain|parking))",
            r"\bno (?:charge|cost)\b",
            r"\bat no cost\b",
            r"\bcomplimentary\b",
            r"\bon the house\b",
        ),
    ),
    AdvertisingRule(
        key="inducements",
        name="Discount or inducement",
        explanation=(
            "The advertising standard does not allow discounts, coupons, gifts, contests or "
            "other inducements to book treatment."
        ),
        patterns=(
            r"\bdiscount(?:s|ed)?\b",
            r"\d+ ?% off\b",
            r"\$\d+ off\b",
            r"\bcoupons?\b",
            r"\bpromo(?:tion)? codes?\b",
            r"\bspecial offers?\b",
            r"\blimited(?:-| )time\b",
            r"\bgift cards?\b",
            r"\bgiveaways?\b",
            r"\bcontests?\b",
            r"\bprizes?\b",
            r"\brefer a friend\b",
            r"\breferral (?:bonus|reward|credit)s?\b",
            r"\bon sale\b",
            r"\bbuy one\b",
        ),
    ),
)

BY_KEY = {rule.key: rule for rule in RULES}


@dataclass(frozen=True)
class Problem:
    rule: AdvertisingRule
    phrase: str  # the words found, as written
    where: str = ""  # e.g. "Title" or a page's address


def normalise(value: str) -> str:
    """Plain, lower-case text with single spaces: what the patterns read."""
    return re.sub(r"\s+", " ", strip_tags(str(value or ""))).strip().lower()


def find_problems(value: str, where: str = "") -> list[Problem]:
    """Every phrase in `value` (text or HTML) that breaks a rule, in rule order."""
    text = normalise(value)
    problems = []
    for rule in RULES:
        for match in rule.regex.finditer(text):
            problems.append(Problem(rule=rule, phrase=match.group(0), where=where))
    return problems


def find_problems_in(texts: Iterable[tuple[str, str]]) -> list[Problem]:
    """Problems in (where, text) pairs."""
    return [problem for where, text in texts for problem in find_problems(text, where)]


def page_texts(page) -> list[tuple[str, str]]:
    """What an editor wrote on a page: title, summary or intro, search description, body."""
    texts = [("Title", page.title), ("Search description", page.search_description or "")]
    for field in ("summary", "intro", "hero_heading", "hero_text"):
        value = getattr(page, field, "")
        if isinstance(value, str) and value:
            texts.append((field.replace("_", " ").capitalize(), value))
    body = getattr(page, "body", None)
    if body is not None:
        raw = getattr(body, "raw_data", body)
        texts.append(("Body", " ".join(stream_strings(list(raw)))))
    return texts


# The editor check --------------------------------------------------------------------------
# axe-core takes no functions from the server, and the preview's Content-Security-Policy
# allows no eval, so each rule is axe's own "matches-definition" check with an attribute
# matcher: the preview template puts the lower-case text of the title, the summary and the
# body into `data-advertising-text` on the elements that show them (preview only, see
# `advertising_text` in site_tags), and the rule's pattern runs over that attribute.

ATTRIBUTE = "data-advertising-text"


def axe_custom_rules() -> list[dict]:
    return [
        {
            "id": rule.axe_rule_id,
            "impact": "serious",
            "selector": f"[{ATTRIBUTE}]",
            "tags": ["clinic-advertising"],
            "all": [],
            "any": [],
            "none": [f"{rule.axe_rule_id}-check"],
            "enabled": True,
        }
        for rule in RULES
    ]


def axe_custom_checks() -> list[dict]:
    return [
        {
            "id": f"{rule.axe_rule_id}-check",
            "evaluate": "matches-definition-evaluate",
            # axe reads "/.../" as a regular expression (without flags).
            "options": {"matcher": {"attributes": {ATTRIBUTE: f"/{rule.pattern}/"}}},
        }
        for rule in RULES
    ]


def axe_messages() -> dict[str, dict[str, str]]:
    return {
        rule.axe_rule_id: {"error_name": rule.name, "help_text": rule.explanation} for rule in RULES
    }
