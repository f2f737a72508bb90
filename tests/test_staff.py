"""Staff groups: each can do what its job needs in the admin, and nothing more.

The groups come from a data migration (healinghaven 0004): Editors, Front desk and
Administrators. These tests use the groups as the migration left them.
"""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
)

from blog.models import Author, BlogCategory, BlogPage
from bookings.models import ConsultationRequest
from healinghaven.models import SiteImage
from services.models import Condition
from tests import factories
from tests.staff import consultation_request, is_denied, member, png_upload, post_form

pytestmark = pytest.mark.django_db

group_migration = importlib.import_module(
    "healinghaven.migrations.0004_staff_groups_and_post_review"
)
visits_migration = importlib.import_module("visits.migrations.0002_staff_see_visits")


def define_groups():
    """The migrations that give the groups their permissions, as `migrate` runs them."""
    group_migration.forwards(django_apps, None)
    visits_migration.grant(django_apps, None)


SNIPPET_PERMISSIONS = {
    f"{app}.{action}_{model}"
    for app, model in [("services", "condition"), ("blog", "blogcategory"), ("blog", "author")]
    for action in ("add", "change", "delete", "view")
}
EDITORS = {
    "model": {
        "wagtailadmin.access_admin",
        "healinghaven.change_clinicsettings",
        "visits.view_pageviews",  # the visits report
    }
    | SNIPPET_PERMISSIONS,
    "page": {"add_page", "change_page", "publish_page"},
    "collection": {
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    },
}
FRONT_DESK = {
    "model": {
        "wagtailadmin.access_admin",
        "bookings.view_consultationrequest",
        "bookings.change_consultationrequest",
    },
    "page": set(),
    "collection": set(),
}
ADMINISTRATORS = {
    "model": EDITORS["model"]
    | FRONT_DESK["model"]
    | {"bookings.delete_consultationrequest"}
    | {
        f"{app}.{action}_{model}"
        for app, model in [
            ("wagtailredirects", "redirect"),
            ("wagtailcore", "workflow"),
            ("wagtailcore", "task"),
            ("auth", "user"),
        ]
        for action in ("add", "change", "delete")
    },
    "page": EDITORS["page"] | {"bulk_delete_page", "lock_page", "unlock_page"},
    "collection": EDITORS["collection"],
}


def granted(group: Group) -> dict[str, set[str]]:
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    page_permissions = GroupPagePermission.objects.filter(group=group)
    collection_permissions = GroupCollectionPermission.objects.filter(group=group)
    assert set(page_permissions.values_list("page", flat=True)) <= {root_page.pk}
    assert set(collection_permissions.values_list("collection", flat=True)) <= {root_collection.pk}
    return {
        "model": {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        },
        "page": set(page_permissions.values_list("permission__codename", flat=True)),
        "collection": set(collection_permissions.values_list("permission__codename", flat=True)),
    }


# The groups and their exact permissions ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Editors", EDITORS), ("Front desk", FRONT_DESK), ("Administrators", ADMINISTRATORS)],
)
def test_group_has_exactly_its_permissions(name, expected):
    assert granted(Group.objects.get(name=name)) == expected


def test_only_the_clinics_groups_exist():
    """Wagtail's default Moderators group and its workflow on the whole tree are gone."""
    assert set(Group.objects.values_list("name", flat=True)) == {
        "Editors",
        "Front desk",
        "Administrators",
    }
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not WorkflowPage.objects.exists()  # no page is under review until staff say so


def test_the_post_review_workflow_waits_to_be_switched_on():
    workflow = Workflow.objects.get(name="Post review")
    assert workflow.active
    [task] = [task.specific for task in workflow.tasks]
    assert isinstance(task, GroupApprovalTask)
    assert list(task.groups.values_list("name", flat=True)) == ["Administrators"]
    assert not WorkflowPage.objects.filter(workflow=workflow).exists()


def test_the_migration_can_run_again_and_repairs_the_groups():
    editors = Group.objects.get(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="delete_user"))
    GroupPagePermission.objects.filter(group=editors).delete()

    define_groups()
    define_groups()

    assert granted(editors) == EDITORS
    assert Group.objects.count() == 3
    assert Workflow.objects.filter(name="Post review").count() == 1
    assert GroupApprovalTask.objects.filter(name="Review by an administrator").count() == 1


def test_the_migration_reverses_cleanly():
    group_migration.backwards(django_apps, None)
    assert set(Group.objects.values_list("name", flat=True)) == {"Editors"}
    assert not Workflow.objects.filter(name="Post review").exists()
    define_groups()
    assert granted(Group.objects.get(name="Administrators")) == ADMINISTRATORS


# Editors -----------------------------------------------------------------------------------


@pytest.fixture
def editor():
    return member("Editors")


@pytest.fixture
def front_desk():
    return member("Front desk")


@pytest.fixture
def administrator():
    return member("Administrators")


@pytest.fixture
def a_request():
    return consultation_request(message="Sore shoulder since the winter")


def add_post_url(blog_index) -> str:
    return reverse("wagtailadmin_pages:add", args=["blog", "blogpage", blog_index.pk])


def test_editor_writes_and_publishes_a_post(client, editor, blog_index):
    client.force_login(editor)
    image = factories.SiteImageFactory()
    response = client.post(
        add_post_url(blog_index), post_form(title="Desk stretches", slug="desk", image=image)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post = BlogPage.objects.get(slug="desk")
    assert post.live and post.owner == editor

    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[post.pk]))
    assert response.status_code == 302
    post.refresh_from_db()
    assert not post.live


def test_editor_edits_and_publishes_a_service_page(client, editor, dry_needling):
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[dry_needling.pk])
    assert client.get(edit_url).status_code == 200
    assert dry_needling.permissions_for_user(editor).can_publish()
    assert dry_needling.get_parent().permissions_for_user(editor).can_add_subpage()


def test_editor_uploads_images_and_documents(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Treatment room",
            "file": png_upload(),
            "description": "A bright treatment room with a padded table",
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = SiteImage.objects.get(title="Treatment room")
    assert client.get(reverse("wagtailimages:edit", args=[image.pk])).status_code == 200
    assert client.get(reverse("wagtaildocs:index")).status_code == 200
    assert client.get(reverse("wagtailimages_chooser:choose")).status_code == 200


def test_editor_manages_conditions_categories_and_authors(client, editor):
    client.force_login(editor)
    for url_name, data, model in [
        (
            "wagtailsnippets_services_condition:add",
            {"name": "Sciatica", "slug": "sciatica"},
            Condition,
        ),
        (
            "wagtailsnippets_blog_blogcategory:add",
            {"name": "Sports", "slug": "sports"},
            BlogCategory,
        ),
        (
            "wagtailsnippets_blog_author:add",
            {"name": "Example Physiotherapist", "role": "Physiotherapist"},
            Author,
        ),
    ]:
        response = client.post(reverse(url_name), data)
        assert response.status_code == 302, (url_name, response.content.decode()[:1000])
        assert model.objects.count() == 1


def test_editor_changes_the_opening_hours(client, editor, clinic):
    client.force_login(editor)
    url = reverse("wagtailsettings:edit", args=["healinghaven", "clinicsettings", clinic.site_id])
    response = client.get(url)
    assert response.status_code == 200
    assert "Opening hours" in response.content.decode()


def test_editor_sees_no_consultation_requests(client, editor, a_request, home):
    client.force_login(editor)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Consultation requests" not in dashboard
    assert "New consultation requests" not in dashboard
    assert a_request.reference not in dashboard
    for name in ("index", "inspect", "edit", "delete"):
        args = [] if name == "index" else [a_request.pk]
        response = client.get(reverse(f"consultation_requests:{name}", args=args))
        assert is_denied(response), name
        assert "Example Patient" not in response.content.decode()
    response = client.post(
        reverse("consultation_requests:edit", args=[a_request.pk]), {"status": "closed"}
    )
    assert is_denied(response)
    a_request.refresh_from_db()
    assert a_request.status == ConsultationRequest.Status.NEW


def test_editor_cannot_manage_users_workflows_redirects_or_sites(client, editor):
    client.force_login(editor)
    for name in (
        "wagtailusers_users:index",
        "wagtailusers_groups:index",
        "wagtailadmin_workflows:index",
        "wagtailredirects:index",
        "wagtailsites:index",
    ):
        assert is_denied(client.get(reverse(name))), name


# Front desk --------------------------------------------------------------------------------


def test_front_desk_sees_and_updates_requests(client, front_desk, a_request, home):
    client.force_login(front_desk)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "New consultation requests" in dashboard
    assert a_request.reference in dashboard

    assert client.get(reverse("consultation_requests:index")).status_code == 200
    inspect = client.get(reverse("consultation_requests:inspect", args=[a_request.pk]))
    assert "Sore shoulder" in inspect.content.decode()

    response = client.post(
        reverse("consultation_requests:edit", args=[a_request.pk]),
        {"status": "contacted", "note": "Called back, booked for Tuesday."},
    )
    assert response.status_code == 302
    a_request.refresh_from_db()
    assert a_request.status == ConsultationRequest.Status.CONTACTED
    assert a_request.notes.get().author == front_desk


def test_front_desk_cannot_delete_requests(client, front_desk, a_request):
    client.force_login(front_desk)
    response = client.post(reverse("consultation_requests:delete", args=[a_request.pk]))
    assert is_denied(response)
    assert ConsultationRequest.objects.filter(pk=a_request.pk).exists()


def test_front_desk_cannot_edit_or_publish_pages(client, front_desk, blog_index):
    post = factories.BlogPageFactory(parent=blog_index, title="Old title")
    client.force_login(front_desk)
    assert not post.permissions_for_user(front_desk).can_edit()
    assert is_denied(client.get(reverse("wagtailadmin_explore", args=[blog_index.pk])))
    assert is_denied(client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])))
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        post_form(title="Changed", slug=post.slug, image=post.hero_image),
    )
    assert is_denied(response)
    response = client.post(
        add_post_url(blog_index),
        post_form(title="New", slug="new", image=post.hero_image),
    )
    assert is_denied(response)
    post.refresh_from_db()
    assert post.title == "Old title"
    assert not BlogPage.objects.filter(slug="new").exists()
    assert is_denied(client.post(reverse("wagtailadmin_pages:unpublish", args=[post.pk])))
    post.refresh_from_db()
    assert post.live


def test_front_desk_sees_nothing_else(client, front_desk, clinic):
    client.force_login(front_desk)
    for name, args in [
        ("wagtailimages:index", []),
        ("wagtailimages:add", []),
        ("wagtaildocs:index", []),
        ("wagtailsnippets_services_condition:list", []),
        ("wagtailsnippets_blog_blogcategory:list", []),
        ("wagtailsnippets_blog_author:list", []),
        ("wagtailsettings:edit", ["healinghaven", "clinicsettings", clinic.site_id]),
        ("wagtailusers_users:index", []),
        ("wagtailadmin_workflows:index", []),
        ("wagtailredirects:index", []),
    ]:
        assert is_denied(client.get(reverse(name, args=args))), name
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    for panel in ("Recently edited pages", "Scheduled to go live", "Pages not updated"):
        assert panel not in dashboard


# Administrators and others ----------------------------------------------------------------


def test_administrators_do_both_jobs_and_run_the_site(client, administrator, a_request, clinic):
    client.force_login(administrator)
    for name, args in [
        ("consultation_requests:index", []),
        ("consultation_requests:inspect", [a_request.pk]),
        ("wagtailimages:index", []),
        ("wagtailsnippets_services_condition:list", []),
        ("wagtailsettings:edit", ["healinghaven", "clinicsettings", clinic.site_id]),
        ("wagtailusers_users:index", []),
        ("wagtailadmin_workflows:index", []),
        ("wagtailredirects:index", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    response = client.post(reverse("consultation_requests:delete", args=[a_request.pk]))
    assert response.status_code == 302
    assert not ConsultationRequest.objects.filter(pk=a_request.pk).exists()
    # Groups decide what everyone else may do: only superusers change them.
    assert is_denied(client.get(reverse("wagtailusers_groups:index")))


def test_staff_in_no_group_cannot_enter_the_admin(client, home):
    client.force_login(member(None, "former-employee"))
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
