"""The shapes of the demo content, and small helpers to write StreamField bodies as data.

A body is a list of ``(block_type, value)`` pairs in the form Wagtail's ``BodyBlock``
accepts when assigned to a StreamField, e.g. ``[h2("What is it?"), text("A paragraph.")]``.
"""

import datetime
from dataclasses import dataclass, field
from html import escape

from . import images

Block = tuple[str, object]


@dataclass(frozen=True)
class ImageSpec:
    """A generated placeholder image. Found again by its title on later runs."""

    title: str
    motif: str
    alt: str = ""  # empty: describe the generated drawing

    @property
    def description(self) -> str:
        return self.alt or images.describe(self.motif)


@dataclass(frozen=True)
class ConditionSpec:
    slug: str
    name: str
    summary: str


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class ServiceSpec:
    slug: str
    title: str
    summary: str
    image: ImageSpec
    body: list[Block]
    conditions: tuple[str, ...] = ()  # Condition slugs


@dataclass(frozen=True)
class PostSpec:
    slug: str
    title: str
    date: datetime.date
    intro: str
    image: ImageSpec
    body: list[Block]
    categories: tuple[str, ...] = ()  # BlogCategory slugs
    services: tuple[str, ...] = ()  # ServicePage slugs


@dataclass(frozen=True)
class StandardPageSpec:
    slug: str
    title: str
    intro: str
    body: list[Block]
    show_in_menus: bool = False
    search_description: str = ""


@dataclass(frozen=True)
class IndexPageSpec:
    slug: str
    title: str
    intro: str
    search_description: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # other text fields of the page


def heading(text: str, level: str = "h2") -> Block:
    return ("heading", {"text": text, "level": level})


def h2(text: str) -> Block:
    return heading(text, "h2")


def h3(text: str) -> Block:
    return heading(text, "h3")


def rich_text(*parts: str | list[str]) -> str:
    """Rich text HTML: each string a paragraph, each list a bulleted list."""
    html = []
    for part in parts:
        if isinstance(part, list):
            items = "".join(f"<li>{escape(item, quote=False)}</li>" for item in part)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append(f"<p>{escape(part, quote=False)}</p>")
    return "".join(html)


def text(*parts: str | list[str]) -> Block:
    return ("paragraph", rich_text(*parts))


def benefits(heading_text: str, items: list[tuple[str, str]]) -> Block:
    return (
        "benefits",
        {"heading": heading_text, "items": [{"title": t, "text": x} for t, x in items]},
    )


def steps(heading_text: str, items: list[tuple[str, str]]) -> Block:
    return (
        "steps",
        {"heading": heading_text, "steps": [{"title": t, "text": x} for t, x in items]},
    )


def faq(items: list[tuple[str, str]], heading_text: str = "Frequently asked questions") -> Block:
    questions = [{"question": q, "answer": rich_text(a)} for q, a in items]
    return ("faq", {"heading": heading_text, "questions": questions})


def call_to_action(
    heading_text: str, body: str, button_label: str = "Request a consultation"
) -> Block:
    """A call to action; with no page chosen it leads to the clinic's booking page."""
    return (
        "call_to_action",
        {"heading": heading_text, "text": body, "button_label": button_label, "page": None},
    )


def retention_period() -> Block:
    return ("retention_period", None)


def video(url: str, title: str, duration: str, poster: ImageSpec, transcript: str) -> Block:
    """A video; the loader draws its still (an ImageSpec) and puts the image in its place."""
    return (
        "video",
        {
            "url": url,
            "title": title,
            "duration": duration,
            "poster": poster,
            "transcript": transcript,
        },
    )


def clinic_contact() -> Block:
    return ("clinic_contact", None)


def note(body: str, tone: str = "info") -> Block:
    return ("note", {"tone": tone, "text": rich_text(body)})
