"""Background tasks of the site as a whole, run by the worker (`manage.py run_worker`)."""

import logging

from django.db import transaction
from django.tasks import task
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError

from .images import ALL_RENDITIONS

logger = logging.getLogger(__name__)


def renditions_make(*, image_id: int) -> int:
    """Make every rendition a public template uses of one image (the ones that exist are
    kept), so no visitor waits for one. Returns how many the image has."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return 0
    try:
        return len(image.get_renditions(*ALL_RENDITIONS))
    except SourceImageIOError:
        logger.warning("Image %s has no file: no renditions made", image_id)
        return 0


@task()
def make_renditions(image_id: int) -> int:
    return renditions_make(image_id=image_id)


def queue_renditions(sender, instance, update_fields=None, **kwargs) -> None:
    """Signal receiver: an uploaded or changed image gets its renditions made by the worker
    once the upload is committed, so the upload stays fast and no visitor waits."""
    if update_fields and "file" not in update_fields and "focal_point_x" not in update_fields:
        return
    transaction.on_commit(lambda: make_renditions.enqueue(instance.pk))
