"""The page tree's rules: which page types go where."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from blog.models import BlogIndexPage, BlogPage
from bookings.models import ConsultationPage
from healinghaven.models import HomePage, StandardPage
from services.models import ServiceIndexPage, ServicePage
from team.models import TeamPage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_and_holds_the_sections(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedSubpageTypes(
            HomePage, {ServiceIndexPage, BlogIndexPage, StandardPage, ConsultationPage, TeamPage}
        )

    def test_services_live_only_under_the_service_index(self):
        self.assertAllowedParentPageTypes(ServicePage, {ServiceIndexPage})
        self.assertAllowedSubpageTypes(ServiceIndexPage, {ServicePage})
        self.assertAllowedSubpageTypes(ServicePage, set())
        self.assertCanNotCreateAt(HomePage, ServicePage)
        self.assertCanNotCreateAt(StandardPage, ServicePage)

    def test_posts_live_only_under_the_blog_index(self):
        self.assertAllowedParentPageTypes(BlogPage, {BlogIndexPage})
        self.assertAllowedSubpageTypes(BlogIndexPage, {BlogPage})
        self.assertAllowedSubpageTypes(BlogPage, set())
        self.assertCanNotCreateAt(HomePage, BlogPage)

    def test_section_indexes_only_under_home(self):
        self.assertAllowedParentPageTypes(ServiceIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(BlogIndexPage, {HomePage})

    def test_team_page_lives_under_home_and_holds_no_pages(self):
        self.assertAllowedParentPageTypes(TeamPage, {HomePage})
        self.assertAllowedSubpageTypes(TeamPage, set())

    def test_standard_pages_nest_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_only_one_of_each_singleton(self):
        for model in (HomePage, ServiceIndexPage, BlogIndexPage):
            self.assertEqual(model.max_count, 1, model.__name__)
