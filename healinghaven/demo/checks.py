"""The demo content held to the profession's advertising rules (healinghaven/editorial/advertising.py).

Only the text an editor would write is read: titles, summaries, intros and bodies, not
slugs, image motifs or block settings.
"""

import dataclasses
from collections.abc import Iterator

from healinghaven.editorial import advertising

from . import blog_posts, service_pages, site_pages, team_pages

NOT_TEXT = {
    *("slug", "motif", "categories", "services", "conditions", "level", "tone", "type"),
    *("url", "duration"),
}


def demo_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every piece of text in the demo content."""
    for module in (site_pages, service_pages, blog_posts, team_pages):
        for name in dir(module):
            if name.isupper():
                yield from _walk(
                    getattr(module, name), f"{module.__name__.rsplit('.', 1)[-1]}.{name}"
                )


def _walk(value, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            if field.name not in NOT_TEXT:
                yield from _walk(getattr(value, field.name), f"{where}.{field.name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_TEXT:
                yield from _walk(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _walk(item, f"{where}[{index}]")


def advertising_problems() -> list[advertising.Problem]:
    return advertising.find_problems_in(demo_texts())
