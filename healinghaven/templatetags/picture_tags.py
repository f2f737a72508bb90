"""`{% picture %}` as Wagtail's, with each filter spec parsed once per process.

Wagtail's tag builds new Filter objects on every render, and each parses its operations
again (a few milliseconds per <picture> of six renditions). Load this library after
wagtailimages_tags: `{% load wagtailimages_tags picture_tags %}`.
"""

from functools import lru_cache

from django import template
from wagtail.images.models import Filter
from wagtail.images.templatetags.wagtailimages_tags import PictureNode, image

register = template.Library()


@lru_cache(maxsize=256)
def filters_for(specs: tuple[str, ...]) -> tuple[Filter, ...]:
    return tuple(Filter(spec=spec) for spec in Filter.expand_spec(list(specs)))


class CachedPictureNode(PictureNode):
    def get_filters(self):
        return list(filters_for(tuple(self.filter_specs)))


@register.tag("picture")
def picture(parser, token):
    node = image(parser, token)
    node.__class__ = CachedPictureNode
    return node
