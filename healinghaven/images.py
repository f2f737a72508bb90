"""Image renditions the templates use, named once so querysets can prefetch them."""

from django.db.models import Prefetch
from wagtail.images import get_image_model

# components/service_card.html and components/post_card.html
CARD_RENDITION = "fill-800x450"


def prefetch_card_image(field: str = "hero_image") -> Prefetch:
    """Fetch the card image and its rendition in two queries for a whole list of pages."""
    return Prefetch(field, queryset=get_image_model().objects.prefetch_renditions(CARD_RENDITION))
