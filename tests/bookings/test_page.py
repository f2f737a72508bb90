"""The consultation page in the page tree: where it may go, and that it renders."""

import pytest
from django.test import TestCase
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from bookings.models import ConsultationPage
from healinghaven.models import HomePage, StandardPage
from services.models import ServiceIndexPage
from tests.bookings.helpers import build_booking_site


class ConsultationPageRulesTests(WagtailPageTestCase, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_booking_site()

    def test_lives_under_the_home_page_only_and_has_no_children(self):
        self.assertAllowedParentPageTypes(ConsultationPage, {HomePage})
        self.assertAllowedSubpageTypes(ConsultationPage, {})
        self.assertCanNotCreateAt(StandardPage, ConsultationPage)
        self.assertCanNotCreateAt(ServiceIndexPage, ConsultationPage)

    def test_only_one_per_site(self):
        self.assertFalse(ConsultationPage.can_create_at(self.site.home))

    def test_page_and_thank_you_render(self):
        page = self.site.consultation_page
        self.assertPageIsRenderable(page)
        self.assertPageIsRoutable(page, "thank-you/")
        self.assertPageIsPreviewable(page)


@pytest.mark.django_db
def test_home_page_accepts_a_consultation_page():
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="home-rules", hero_heading="Hi"))
    assert ConsultationPage.can_create_at(home)
