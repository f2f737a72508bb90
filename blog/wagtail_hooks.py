"""Blog categories and authors are edited in the admin as snippets (under Snippets)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author, BlogCategory


class BlogCategoryViewSet(SnippetViewSet):
    model = BlogCategory
    icon = "tag"
    menu_label = "Blog categories"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    list_display = ["name", "role"]
    search_fields = ["name"]
    ordering = ["name"]


register_snippet(BlogCategoryViewSet)
register_snippet(AuthorViewSet)
