"""`{% cached_fragment %}`: a part of a page kept for the content generation (fragments.py).

    {% load fragment_tags %}
    {% cached_fragment "content" %}{% block content %}{% endblock %}{% endcached_fragment %}

The argument names the fragment; what it varies by besides the URL and the generation is
in `fragments.VARY_BY`. It is kept only on pages whose type sets `cache_fragments = True` (their parts depend on
content alone), and only where `fragments.key` allows (no preview, no session, ...).
Blocks inside it still take a child template's content.
"""

from django import template
from django.utils.safestring import mark_safe

from healinghaven import fragments

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        page = context.get("page")
        if not getattr(page, "cache_fragments", False):
            return self.nodelist.render(context)
        request = context.get("request")
        name = self.name.resolve(context)
        html = fragments.get(request, name)
        if html is None:
            html = self.nodelist.render(context)
            fragments.store(request, name, html)
        # Rendered by the template engine (escaped then), or that output from the cache.
        return mark_safe(html)  # noqa: S308


@register.tag
def cached_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(
            "Usage: {% cached_fragment name %}...{% endcached_fragment %}"
        )
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, parser.compile_filter(bits[1]))
