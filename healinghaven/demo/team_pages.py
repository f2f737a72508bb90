"""The team page. The seed material names no one, so the demo content invents no people:
the page says how patients can check a physiotherapist's registration, and staff add
practitioners (Snippets → Practitioners) with their own details."""

from .specs import IndexPageSpec

TEAM_PAGE = IndexPageSpec(
    slug="team",
    title="Our team",
    intro=(
        "The physiotherapists who will treat you at Healing Haven Physiotherapy. Every "
        "physiotherapist in Alberta must be registered with the College of Physiotherapists "
        "of Alberta."
    ),
    search_description=(
        "The physiotherapists of Healing Haven Physiotherapy in Edmonton and their "
        "registration with the College of Physiotherapists of Alberta."
    ),
)
