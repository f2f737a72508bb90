"""Conditions and funding options are edited in the admin as snippets (under Snippets)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Condition, FundingOption


class ConditionViewSet(SnippetViewSet):
    model = Condition
    icon = "list-ul"
    menu_label = "Conditions"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]


class FundingOptionViewSet(SnippetViewSet):
    model = FundingOption
    icon = "doc-full"
    menu_label = "Funding and billing"
    list_display = ["name", "kind"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


register_snippet(ConditionViewSet)
register_snippet(FundingOptionViewSet)
