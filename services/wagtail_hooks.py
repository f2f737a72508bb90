"""Conditions are edited in the admin as snippets (under Snippets)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Condition


class ConditionViewSet(SnippetViewSet):
    model = Condition
    icon = "list-ul"
    menu_label = "Conditions"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]


register_snippet(ConditionViewSet)
