"""Image renditions the templates use, named once so querysets can prefetch them and an
uploaded image can have them made at once (see healinghaven/tasks.py)."""

from django.db.models import Prefetch
from wagtail.images import get_image_model
from wagtail.images.models import Filter

# Formats of every <picture>: AVIF, then WebP, then JPEG for the oldest browsers.
PICTURE_FORMATS = "format-{avif,webp,jpeg}"
# The hero image of the home page, a service and a post (templates: {% picture %}).
HERO_SIZES = "fill-{800x450,1280x720}"
# components/service_card.html and components/post_card.html
CARD_SIZES = "fill-{480x270,800x450}"
# Open Graph and Twitter previews, JSON-LD and feed images: the 1.91:1 size they ask for.
SOCIAL_RENDITION = "fill-1200x630"
# Kept for code that wants one card-sized rendition (feeds, the admin).
CARD_RENDITION = "fill-800x450"
# Images in a page's body (templates/healinghaven/blocks/figure_block.html)
FIGURE_SIZES = "width-{800,1280}"

HERO_RENDITIONS = Filter.expand_spec([HERO_SIZES, PICTURE_FORMATS])
CARD_RENDITIONS = Filter.expand_spec([CARD_SIZES, PICTURE_FORMATS])
FIGURE_RENDITIONS = Filter.expand_spec([FIGURE_SIZES, PICTURE_FORMATS])
# Every rendition a public template may ask for: made when an image is uploaded.
ALL_RENDITIONS = [
    *HERO_RENDITIONS,
    *CARD_RENDITIONS,
    *FIGURE_RENDITIONS,
    SOCIAL_RENDITION,
    CARD_RENDITION,
]


def prefetch_card_image(field: str = "hero_image") -> Prefetch:
    """Fetch the card image and its renditions in two queries for a whole list of pages."""
    return prefetch_image(field, *CARD_RENDITIONS)


def prefetch_image(field: str, *filter_specs: str) -> Prefetch:
    """Fetch an image field and these renditions of it for a whole list of objects."""
    return Prefetch(field, queryset=get_image_model().objects.prefetch_renditions(*filter_specs))


def attach_renditions(images, *filter_specs: str) -> None:
    """Fetch these renditions of several images in one query and hand each image its own,
    so the template tags find them without asking the database again."""
    by_pk: dict[int, list] = {}
    for image in images:
        if image is not None:
            by_pk.setdefault(image.pk, []).append(image)
    if not by_pk or not filter_specs:
        return
    rendition_model = get_image_model().get_rendition_model()
    found: dict[int, list] = {pk: [] for pk in by_pk}
    for rendition in rendition_model.objects.filter(
        image_id__in=list(by_pk), filter_spec__in=filter_specs
    ):
        found[rendition.image_id].append(rendition)
    for pk, same_image in by_pk.items():
        for rendition in found[pk]:
            rendition.image = same_image[0]  # the template tags read it: no query
        for image in same_image:
            image.prefetched_renditions = found[pk] + list(
                getattr(image, "prefetched_renditions", None) or []
            )


def body_images(stream) -> list:
    """The images of a StreamField's figure blocks (already fetched in bulk by Wagtail)."""
    images = []
    for block in stream or []:
        if block.block_type == "image":
            image = block.value.get("image")
            if image is not None:
                images.append(image)
    return images


def hero_of(page):
    """The page's hero image, fetched with its renditions in one query when it has them:
    the template's <picture>, Open Graph and JSON-LD then ask nothing more."""
    image_id = getattr(page, "hero_image_id", None)
    if image_id is None:
        return None
    renditions = list(
        get_image_model()
        .get_rendition_model()
        .objects.filter(image_id=image_id, filter_spec__in=[*HERO_RENDITIONS, SOCIAL_RENDITION])
        .select_related("image")
    )
    if not renditions:
        return page.hero_image  # not made yet: the template tags make them
    image = page.hero_image = renditions[0].image
    for rendition in renditions:
        rendition.image = image
    image.prefetched_renditions = renditions
    return image


def attach_page_renditions(page, *, cards=(), hero=True) -> None:
    """Every rendition a page shows: its hero's (with the image itself), then in one query
    its body's figures and its cards' images (each selected with the card's page)."""
    card_images = [getattr(card, "hero_image", None) for card in cards]
    if hero:
        hero_of(page)
    figures = body_images(getattr(page, "body", None))
    specs = []
    if any(card_images):
        specs += CARD_RENDITIONS
    if figures:
        specs += FIGURE_RENDITIONS
    attach_renditions([*card_images, *figures], *specs)
