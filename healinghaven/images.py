"""Image renditions the templates use, named once so querysets can prefetch them."""

from django.db.models import Prefetch
from wagtail.images import get_image_model

# components/service_card.html and components/post_card.html
CARD_RENDITION = "fill-800x450"
# Open Graph and Twitter previews, JSON-LD and feed images: the 1.91:1 size they ask for.
SOCIAL_RENDITION = "fill-1200x630"


def prefetch_card_image(field: str = "hero_image") -> Prefetch:
    """Fetch the card image and its rendition in two queries for a whole list of pages."""
    return prefetch_image(field, CARD_RENDITION)


def prefetch_image(field: str, *filter_specs: str) -> Prefetch:
    """Fetch an image field and these renditions of it for a whole list of objects."""
    return Prefetch(field, queryset=get_image_model().objects.prefetch_renditions(*filter_specs))
