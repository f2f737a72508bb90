"""Publishing safely: alt text, scheduled posts, review before publishing, revisions."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import (
    Collection,
    Revision,
    TaskState,
    UploadedFile,
    Workflow,
    WorkflowPage,
)
from wagtail.test.utils.form_data import nested_form_data, streamfield

from blog.models import BlogPage
from healinghaven.models import SiteImage
from healinghaven.periodic import run_periodic_jobs
from tests import factories
from tests.staff import member, png_upload, post_form

pytestmark = pytest.mark.django_db

EDMONTON = ZoneInfo("America/Edmonton")


@pytest.fixture
def editor():
    return member("Editors")


@pytest.fixture
def administrator():
    return member("Administrators")


def add_post_url(blog_index) -> str:
    return reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk])


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


# Alt text ----------------------------------------------------------------------------------


def test_a_multiple_upload_makes_no_image_until_its_alt_text_is_written(client, editor):
    """Files dropped on "Add images" wait, as uploads, for their alt text."""
    client.force_login(editor)
    collection = Collection.get_first_root_node()
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": png_upload("IMG_2041.png"), "collection": collection.pk},
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["success"]
    assert not SiteImage.objects.exists()  # not usable anywhere yet
    upload = UploadedFile.objects.get()
    assert "Alt text" in data["form"]

    url = reverse("wagtailimages:create_multiple_from_uploaded_image", args=[upload.pk])
    prefix = f"uploaded-image-{upload.pk}"
    response = client.post(url, {f"{prefix}-title": "Stretch", f"{prefix}-description": ""})
    assert not json.loads(response.content)["success"]
    assert not SiteImage.objects.exists()

    response = client.post(
        url,
        {
            f"{prefix}-title": "Stretch",
            f"{prefix}-description": "A woman stretches her calf against a wall",
            f"{prefix}-collection": collection.pk,
        },
    )
    assert json.loads(response.content)["success"], response.content.decode()[:1000]
    image = SiteImage.objects.get()
    assert image.description == "A woman stretches her calf against a wall"
    assert not UploadedFile.objects.exists()


def test_a_post_with_an_image_without_alt_text_is_not_published(client, editor, blog_index):
    """Images that came in another way (a script, an import) can lack alt text."""
    image = factories.SiteImageFactory(title="Knee brace", description="")
    client.force_login(editor)

    response = client.post(
        add_post_url(blog_index), post_form(title="Knee care", slug="knee", image=image)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["hero_image"]
    assert "“Knee brace” has no alt text" in errors[0]
    assert "Saving a draft still works" in errors[0]
    assert not BlogPage.objects.filter(slug="knee").exists()

    response = client.post(
        add_post_url(blog_index),
        post_form(title="Knee care", slug="knee", image=image, action=None),  # save draft
    )
    assert response.status_code == 302
    post = BlogPage.objects.get(slug="knee")
    assert not post.live

    image.description = "A knee brace on a wooden table"
    image.save()
    response = client.post(edit_url(post), post_form(title="Knee care", slug="knee", image=image))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.live


def test_an_image_in_the_body_needs_alt_text_or_to_be_marked_decorative(client, editor, blog_index):
    hero = factories.SiteImageFactory()
    figure = factories.SiteImageFactory()
    client.force_login(editor)

    def body_with_figure(alt_text, decorative):
        image = {"image": figure.pk, "alt_text": alt_text, "decorative": decorative}
        return streamfield([("image", {"image": image, "caption": ""})])

    data = post_form(title="Posture", slug="posture", image=hero)
    data.update(nested_form_data({"body": body_with_figure("", False)}))
    response = client.post(add_post_url(blog_index), data)
    assert response.status_code == 200
    assert not BlogPage.objects.filter(slug="posture").exists()
    assert "alt text" in response.content.decode()

    data.update(nested_form_data({"body": body_with_figure("A person sits upright", False)}))
    response = client.post(add_post_url(blog_index), data)
    assert response.status_code == 302
    assert BlogPage.objects.get(slug="posture").live


def test_the_image_editor_offers_a_focal_point(client, editor):
    image = factories.SiteImageFactory()
    client.force_login(editor)
    html = client.get(reverse("wagtailimages:edit", args=[image.pk])).content.decode()
    assert 'class="focal-point-chooser"' in html
    assert 'name="focal_point_x"' in html
    assert "Alt text" in html


def test_a_focal_point_is_saved_and_crops_around_it(client, editor):
    image = factories.SiteImageFactory(file=factories.image_file(size=(1600, 900)))
    client.force_login(editor)
    response = client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": image.title,
            "description": image.description,
            "collection": image.collection_id,
            "focal_point_x": "1400",
            "focal_point_y": "450",
            "focal_point_width": "200",
            "focal_point_height": "200",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert (image.focal_point_x, image.focal_point_y) == (1400, 450)
    assert image.get_focal_point() is not None


# Scheduled publishing ---------------------------------------------------------------------


def test_a_new_post_is_dated_today_in_the_clinics_time_zone(client, editor, blog_index):
    """At 11 p.m. in Edmonton it is already the next day in UTC: the post takes Edmonton's."""
    client.force_login(editor)
    with time_machine.travel(datetime.datetime(2026, 3, 1, 23, 0, tzinfo=EDMONTON), tick=False):
        response = client.get(add_post_url(blog_index))
    assert response.context["form"]["date"].value() == datetime.date(2026, 3, 1)
    assert 'value="2026-03-01"' in response.content.decode()


def test_the_scheduling_fields_say_which_time_they_mean(client, editor, blog_index):
    client.force_login(editor)
    html = client.get(add_post_url(blog_index)).content.decode()
    assert "Go live date/time (Edmonton time)" in html
    assert "Expiry date/time (Edmonton time)" in html


def test_a_scheduled_post_goes_live_when_publish_scheduled_runs(client, editor, blog_index):
    hero = factories.SiteImageFactory()
    client.force_login(editor)
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, 0, tzinfo=EDMONTON), tick=False):
        data = post_form(title="Spring running", slug="spring", image=hero)
        data["go_live_at"] = "2026-03-02 09:00"
        response = client.post(add_post_url(blog_index), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        post = BlogPage.objects.get(slug="spring")
        assert not post.live
        revision = post.scheduled_revision
        assert revision.approved_go_live_at == datetime.datetime(2026, 3, 2, 9, 0, tzinfo=EDMONTON)

        dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "Scheduled to go live" in dashboard and "Spring running" in dashboard

        call_command("publish_scheduled")  # too early: nothing happens
        post.refresh_from_db()
        assert not post.live

    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 4, tzinfo=EDMONTON), tick=False):
        call_command("publish_scheduled")
    post.refresh_from_db()
    assert post.live
    assert post.first_published_at == datetime.datetime(2026, 3, 2, 9, 4, tzinfo=EDMONTON)
    assert not Revision.page_revisions.filter(approved_go_live_at__isnull=False).exists()


def test_the_worker_publishes_scheduled_posts_without_a_cron(blog_index):
    """`run_worker` runs the periodic jobs every few minutes; publishing is one of them."""
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, 0, tzinfo=EDMONTON), tick=False):
        post = factories.BlogPageFactory(parent=blog_index, live=False)
        post.go_live_at = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=EDMONTON)
        post.save_revision().publish()
        post.refresh_from_db()
        assert not post.live
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, 1, tzinfo=EDMONTON), tick=False):
        results = run_periodic_jobs()
    assert not isinstance(results["publish_scheduled"], Exception)
    post.refresh_from_db()
    assert post.live


# Review before publishing ------------------------------------------------------------------


@pytest.fixture
def post_review(blog_index):
    """The migration's workflow, switched on for the blog as the guide says."""
    workflow = Workflow.objects.get(name="Post review")
    WorkflowPage.objects.create(page=blog_index, workflow=workflow)
    return workflow


def test_without_review_editors_publish_directly(client, editor, blog_index):
    client.force_login(editor)
    html = client.get(add_post_url(blog_index)).content.decode()
    assert 'name="action-publish"' in html
    assert 'name="action-submit"' not in html


def test_with_review_switched_on_a_post_is_submitted_then_approved(
    client, editor, administrator, blog_index, post_review
):
    hero = factories.SiteImageFactory()
    client.force_login(editor)
    html = client.get(add_post_url(blog_index)).content.decode()
    assert 'name="action-publish"' not in html
    assert "Submit to Post review" in html

    # A "Publish" sent anyway submits the post for review instead.
    data = post_form(title="Better sleep", slug="sleep", image=hero)
    response = client.post(add_post_url(blog_index), data)
    assert response.status_code == 302
    notices = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("“Publish” submits them for review" in notice for notice in notices)
    post = BlogPage.objects.get(slug="sleep")
    assert not post.live
    assert post.workflow_in_progress

    # While in review, the editor cannot change or publish it.
    client.post(edit_url(post), post_form(title="Changed", slug="sleep", image=hero))
    post.refresh_from_db()
    assert not post.live
    assert post.get_latest_revision_as_object().title == "Better sleep"

    client.force_login(administrator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Better sleep" in dashboard  # "Awaiting your review"
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", task_state.pk])
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.live and post.title == "Better sleep"


def test_reviewers_may_still_publish_directly(client, administrator, blog_index, post_review):
    client.force_login(administrator)
    html = client.get(add_post_url(blog_index)).content.decode()
    assert 'name="action-publish"' in html
    hero = factories.SiteImageFactory()
    response = client.post(
        add_post_url(blog_index), post_form(title="Hips", slug="hips", image=hero)
    )
    assert response.status_code == 302
    assert BlogPage.objects.get(slug="hips").live


def test_review_covers_the_blog_only(client, editor, dry_needling, blog_index, post_review):
    client.force_login(editor)
    html = client.get(edit_url(dry_needling)).content.decode()
    assert 'name="action-publish"' in html


# Bulk publishing follows the same rules ---------------------------------------------------


def bulk_publish(client, *pages):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    query = "&".join(f"id={page.pk}" for page in pages)
    return client.post(f"{url}?{query}&next=/admin/", {"include_descendants": ""})


def draft_post(client, blog_index, slug, image):
    client.post(
        add_post_url(blog_index), post_form(title=slug, slug=slug, image=image, action=None)
    )
    return BlogPage.objects.get(slug=slug)


def test_bulk_publishing_refuses_a_page_with_an_image_without_alt_text(client, editor, blog_index):
    client.force_login(editor)
    fine = draft_post(client, blog_index, "fine", factories.SiteImageFactory())
    missing = draft_post(
        client, blog_index, "missing", factories.SiteImageFactory(title="Brace", description="")
    )

    response = bulk_publish(client, fine, missing)

    assert response.status_code == 302
    notices = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("“Brace” has no alt text" in notice for notice in notices)
    assert not BlogPage.objects.get(slug="missing").live
    assert not BlogPage.objects.get(slug="fine").live  # nothing half-done: none published
    bulk_publish(client, fine)
    assert BlogPage.objects.get(slug="fine").live


def test_bulk_publishing_does_not_skip_review(client, editor, administrator, blog_index):
    client.force_login(editor)
    post = draft_post(client, blog_index, "sleep", factories.SiteImageFactory())
    workflow = Workflow.objects.get(name="Post review")
    WorkflowPage.objects.create(page=blog_index, workflow=workflow)

    response = bulk_publish(client, post)

    notices = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("reviewed before they go live" in notice for notice in notices)
    assert not BlogPage.objects.get(slug="sleep").live

    client.force_login(administrator)  # a reviewer may
    bulk_publish(client, post)
    assert BlogPage.objects.get(slug="sleep").live


# Revisions ---------------------------------------------------------------------------------


def test_a_revision_can_be_compared_and_reverted(client, editor, blog_index):
    hero = factories.SiteImageFactory()
    client.force_login(editor)
    client.post(
        add_post_url(blog_index),
        post_form(title="Ice or heat?", slug="ice", image=hero, body_text="Ice first."),
    )
    post = BlogPage.objects.get(slug="ice")
    first = post.latest_revision
    client.post(
        edit_url(post),
        post_form(title="Ice or heat?", slug="ice", image=hero, body_text="Heat first."),
    )
    post.refresh_from_db()
    second = post.latest_revision
    assert first != second

    compare = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[post.pk, first.pk, second.pk])
    )
    assert compare.status_code == 200
    html = compare.content.decode()
    assert "Ice first." in html and "Heat first." in html

    revert = client.get(reverse("wagtailadmin_pages:revisions_revert", args=[post.pk, first.pk]))
    assert revert.status_code == 200
    assert "Ice first." in revert.content.decode()

    response = client.post(
        reverse("wagtailadmin_pages:revisions_revert", args=[post.pk, first.pk]),
        post_form(title="Ice or heat?", slug="ice", image=hero, body_text="Ice first."),
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert "Ice first." in str(post.body)
    assert post.live and post.revisions.count() == 3
