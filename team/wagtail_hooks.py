"""Practitioners and restricted activities are edited in the admin as snippets."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Practitioner, RestrictedActivity, TeamPage


class PractitionerViewSet(SnippetViewSet):
    model = Practitioner
    icon = "user"
    menu_label = "Practitioners"
    list_display = ["name", "designation", "registration_number", "show_on_team_page"]
    search_fields = ["name", "designation"]


class RestrictedActivityViewSet(SnippetViewSet):
    model = RestrictedActivity
    icon = "list-ul"
    menu_label = "Restricted activities"
    list_display = ["name"]
    ordering = ["name"]


register_snippet(PractitionerViewSet)
register_snippet(RestrictedActivityViewSet)


@hooks.register("main_navigation_pages")
def hide_the_team_page_until_someone_is_on_it(pages):
    """No "Our team" link to a page without practitioners."""
    return pages if Practitioner.objects.on_team_page().exists() else pages.not_type(TeamPage)
