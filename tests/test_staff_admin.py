"""The admin as staff see it: dashboard, the clinic's branding, help, previews, content checks."""

import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, InlinePanel, get_edit_handler
from wagtail.images.forms import get_image_form
from wagtail.models import Page

from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage
from bookings.models import ConsultationPage
from healinghaven.blocks import BodyBlock
from healinghaven.image_forms import ClinicImageForm
from healinghaven.models import ClinicSettings, HomePage, SiteImage, StandardPage
from healinghaven.wagtail_hooks import ClinicContentChecker
from services.models import Condition, ServiceIndexPage, ServicePage
from tests import factories
from tests.staff import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return member("Editors", first_name="Clinic", last_name="Editor")


def dashboard(client) -> str:
    return client.get(reverse("wagtailadmin_home")).content.decode()


def panel(html: str, panel_id: str):
    """A dashboard panel by the id given to Wagtail's {% panel %} tag."""
    return BeautifulSoup(html, "html.parser").find(id=f"{panel_id}-section")


# Dashboard ---------------------------------------------------------------------------------


def test_recently_edited_pages_show_who_changed_what(client, editor, blog_index):
    post = factories.BlogPageFactory(parent=blog_index, title="Walking after surgery")
    post.save_revision(user=editor)
    client.force_login(member("Administrators"))

    html = dashboard(client)
    recent = panel(html, "recently-edited-pages")
    assert recent is not None
    assert "Walking after surgery" in recent.text
    assert "Clinic Editor" in recent.text
    assert "Your most recent edits" not in html  # Wagtail's own panel, replaced by this one


def test_scheduled_posts_are_listed_soonest_first(client, editor, blog_index):
    for title, days in [("Later post", 9), ("Sooner post", 2)]:
        post = factories.BlogPageFactory(parent=blog_index, title=title, live=False)
        post.go_live_at = timezone.now() + datetime.timedelta(days=days)
        post.save_revision(user=editor).publish(user=editor)
    client.force_login(editor)

    scheduled = panel(dashboard(client), "scheduled-pages")
    text = scheduled.text
    assert text.index("Sooner post") < text.index("Later post")
    assert "Clinic Editor" in text


def test_nothing_scheduled_says_how_to_schedule(client, editor, home):
    client.force_login(editor)
    assert "Nothing is scheduled" in panel(dashboard(client), "scheduled-pages").text


def test_pages_not_updated_in_a_year_are_listed_but_not_dated_posts(
    client, editor, home, blog_index, service_index
):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    old_service = factories.ServicePageFactory(parent=service_index, title="Old massage page")
    fresh_service = factories.ServicePageFactory(parent=service_index, title="Fresh page")
    old_post = factories.BlogPageFactory(parent=blog_index, title="An old post")
    Page.objects.filter(pk__in=[old_service.pk, old_post.pk]).update(last_published_at=long_ago)
    Page.objects.filter(pk=fresh_service.pk).update(last_published_at=timezone.now())
    client.force_login(editor)

    stale = panel(dashboard(client), "stale-pages")
    assert "Old massage page" in stale.text
    assert "Fresh page" not in stale.text
    assert "An old post" not in stale.text


def test_no_stale_panel_when_everything_is_fresh(client, editor, home):
    client.force_login(editor)
    Page.objects.update(last_published_at=timezone.now())
    assert panel(dashboard(client), "stale-pages") is None


# The clinic's name and logo ---------------------------------------------------------------


def test_the_sign_in_page_shows_the_clinic(client):
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("h1").text.strip() == "Sign in to Healing Haven Physiotherapy"
    assert "Healing Haven admin" in soup.title.text
    logo = soup.select_one(".login-logo-clinic .clinic-logo")
    assert logo is not None and "Healing Haven Physiotherapy" in logo.text
    assert "Sign in to Wagtail" not in html


def test_the_admin_shows_the_clinic_logo_and_name(client, editor, home):
    client.force_login(editor)
    soup = BeautifulSoup(dashboard(client), "html.parser")
    branding = soup.find("template", attrs={"data-wagtail-sidebar-branding-logo": True})
    assert branding is not None and "clinic-logo__mark" in branding.decode_contents()
    assert soup.title.text.strip().endswith("Healing Haven admin")
    assert soup.find("link", rel="icon")["href"].endswith("img/favicon.svg")


# Help text on every field editors see ----------------------------------------------------


EDITED_MODELS = [
    HomePage,
    StandardPage,
    ServiceIndexPage,
    ServicePage,
    BlogIndexPage,
    BlogPage,
    ConsultationPage,
    Condition,
    BlogCategory,
    Author,
    ClinicSettings,
]
NOT_EDITOR_FIELDS = {"comment_notifications"}  # Wagtail's comment toggle, no text field


def panel_fields(panel):
    """(model, field name, panel) for every field panel in an edit handler, inline ones too."""
    if isinstance(panel, InlinePanel):
        yield from panel_fields(panel.child_edit_handler)
    elif isinstance(panel, FieldPanel):
        yield panel.model, panel.field_name, panel
    for child in getattr(panel, "children", []):
        yield from panel_fields(child)


def fields_without_help(model) -> list[str]:
    # Pages and snippets have their own (tabbed) edit handler; settings use the generic one.
    edit_handler = (
        model.get_edit_handler() if hasattr(model, "get_edit_handler") else get_edit_handler(model)
    )
    kwargs = {"instance": model()}
    if issubclass(model, Page):
        kwargs["parent_page"] = Page.get_first_root_node()
    form = edit_handler.get_form_class()(**kwargs)
    missing = []
    for panel_model, name, panel in panel_fields(edit_handler):
        if name in NOT_EDITOR_FIELDS or panel.help_text:
            continue
        if panel_model is model:
            help_text = form.fields[name].help_text
        else:  # a row of an inline panel (opening hours, social links, featured services)
            help_text = panel_model._meta.get_field(name).help_text
        if not str(help_text).strip():
            missing.append(f"{panel_model.__name__}.{name}")
    return missing


@pytest.mark.parametrize("model", EDITED_MODELS, ids=lambda model: model.__name__)
def test_every_field_has_help_text(model, home):
    assert fields_without_help(model) == []


def test_the_image_form_has_help_on_every_field():
    form = get_image_form(SiteImage)()  # the form Wagtail builds from the site's base
    assert isinstance(form, ClinicImageForm)
    visible = [name for name, field in form.fields.items() if not field.widget.is_hidden]
    assert "description" in visible
    assert [name for name in visible if not str(form.fields[name].help_text).strip()] == []


def test_scheduling_fields_explain_themselves(client, editor, blog_index):
    post = factories.BlogPageFactory(parent=blog_index)
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content.decode()
    assert "goes live on its own within a few minutes" in html
    assert "Schedule to publish" in html


# Previews -----------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [m for m in EDITED_MODELS if issubclass(m, Page)])
def test_pages_preview_as_on_a_phone_and_a_computer(model):
    page = model()
    assert [size["name"] for size in page.preview_sizes] == ["mobile", "desktop"]
    assert page.default_preview_size == "mobile"


def test_the_editor_offers_both_preview_sizes(client, editor, blog_index):
    post = factories.BlogPageFactory(parent=blog_index, title="Shoulder care")
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content.decode()
    assert "Preview as on a phone" in html
    assert "Preview as on a computer" in html
    response = post.make_preview_request()
    assert response.status_code == 200
    assert "Shoulder care" in response.content.decode()


def test_every_block_has_a_preview_in_the_block_picker(client, editor, home):
    factories.SiteImageFactory(description="A physiotherapist checks a runner's knee")
    client.force_login(editor)
    blocks = BlogPage.body.field.stream_block.child_blocks
    for name, block in blocks.items():
        assert block.is_previewable, name
        assert block.get_description(), name
        response = client.get(
            reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
        )
        assert response.status_code == 200, name
    image_preview = client.get(
        reverse("wagtailadmin_block_preview"), {"id": blocks["image"].definition_prefix}
    ).content.decode()
    assert 'alt="A physiotherapist checks a runner' in image_preview


def test_articles_offer_article_blocks_only():
    """The privacy policy's retention-period block stays out of posts' and services' pickers."""
    assert "retention_period" in StandardPage.body.field.stream_block.child_blocks
    for model in (BlogPage, ServicePage):
        assert set(model.body.field.stream_block.child_blocks) == set(BodyBlock().child_blocks)


def test_the_image_block_preview_works_with_an_empty_library(client, editor, home):
    client.force_login(editor)
    block = BlogPage.body.field.stream_block.child_blocks["image"]
    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200


# Content checks -----------------------------------------------------------------------------


SITE_RULES = {"heading-order", "empty-heading", "image-alt", "alt-text-quality", "link-name"}


def axe_configuration(html: str) -> dict:
    script = BeautifulSoup(html, "html.parser").find(id="checker-axe-configuration")
    assert script is not None, "no content checker on this page"
    return json.loads(script.string)


def test_the_checker_runs_the_sites_rules_on_the_main_content():
    options = ClinicContentChecker().get_axe_configuration(None)
    assert set(options["options"]["runOnly"]) >= SITE_RULES
    assert options["context"]["include"] == ["main"]
    [alt_check] = [c for c in options["spec"]["checks"] if c["id"] == "check-image-alt-text"]
    assert "image|photo" in alt_check["options"]["pattern"]


def test_the_alt_text_pattern_flags_file_names_and_image_of():
    pattern = re.compile(ClinicContentChecker.axe_custom_checks[0]["options"]["pattern"], re.I)
    for bad in ["IMG_2041.jpg", "photo", "Image of a knee", "DSC 0042", "runner_knee"]:
        assert pattern.search(bad), bad
    for good in ["A physiotherapist checks a runner's knee", "Photos on the wall of the gym"]:
        assert not pattern.search(good), good


def test_the_editors_checks_panel_uses_the_sites_rules(client, editor, blog_index):
    post = factories.BlogPageFactory(parent=blog_index)
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content.decode()
    configuration = axe_configuration(html)
    assert set(configuration["options"]["runOnly"]) >= SITE_RULES
    assert configuration["messages"]["heading-order"]["error_name"] == "A heading level is skipped"


def test_the_userbar_on_the_site_checks_with_the_sites_rules(client, editor, blog_index):
    post = factories.BlogPageFactory(parent=blog_index)
    client.force_login(editor)
    html = client.get(post.url).content.decode()
    assert "image-alt" in axe_configuration(html)["options"]["runOnly"]
