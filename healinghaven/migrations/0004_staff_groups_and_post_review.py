"""The clinic's staff groups, their exact permissions, and the optional post review workflow.

- Editors write and publish pages (the whole tree), images, documents and the snippets
  (conditions, blog categories, authors), and change the clinic settings (opening hours).
- Front desk see and update consultation requests, nothing else.
- Administrators: everything above, plus deleting requests, redirects, workflows and users.
  (The site owner's account is a superuser.)

Wagtail's own "Moderators" group and its "Moderators approval" workflow on the whole tree
are removed while nobody uses them: Editors publish directly, and review is the "Post
review" workflow, created here but assigned to no page. An administrator switches it on by
assigning it to the blog (Settings > Workflows > Post review).

Running it again sets the groups back to these permissions. Reversing it deletes the groups
and the workflow it created and leaves Editors as they are.
"""

from django.db import migrations

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin")


def model_perms(app_label, model, *actions):
    return [(app_label, model, f"{action}_{model}") for action in actions]


SNIPPETS = [
    *model_perms("services", "condition", "add", "change", "delete", "view"),
    *model_perms("blog", "blogcategory", "add", "change", "delete", "view"),
    *model_perms("blog", "author", "add", "change", "delete", "view"),
]

EDITORS = {
    "model": [ACCESS_ADMIN, *SNIPPETS, ("healinghaven", "clinicsettings", "change_clinicsettings")],
    "page": ["add_page", "change_page", "publish_page"],
    "collection": [
        ("wagtailimages", "image", "add_image"),
        ("wagtailimages", "image", "change_image"),
        ("wagtailimages", "image", "choose_image"),
        ("wagtaildocs", "document", "add_document"),
        ("wagtaildocs", "document", "change_document"),
        ("wagtaildocs", "document", "choose_document"),
    ],
}

FRONT_DESK = {
    "model": [
        ACCESS_ADMIN,
        ("bookings", "consultationrequest", "view_consultationrequest"),
        ("bookings", "consultationrequest", "change_consultationrequest"),
    ],
    "page": [],
    "collection": [],
}

ADMINISTRATORS = {
    "model": [
        *EDITORS["model"],
        *FRONT_DESK["model"][1:],
        ("bookings", "consultationrequest", "delete_consultationrequest"),
        *model_perms("wagtailredirects", "redirect", "add", "change", "delete"),
        *model_perms("wagtailcore", "workflow", "add", "change", "delete"),
        *model_perms("wagtailcore", "task", "add", "change", "delete"),
        *model_perms("auth", "user", "add", "change", "delete"),
    ],
    "page": [*EDITORS["page"], "bulk_delete_page", "lock_page", "unlock_page"],
    "collection": EDITORS["collection"],
}

GROUPS = {"Editors": EDITORS, "Front desk": FRONT_DESK, "Administrators": ADMINISTRATORS}
CREATED_GROUPS = ["Front desk", "Administrators"]

REVIEW_WORKFLOW = "Post review"
REVIEW_TASK = "Review by an administrator"
REVIEWER_GROUPS = ["Administrators"]


def get_permission(apps, app_label, model, codename):
    """The permission, created if Django has not made it yet (it does so after migrating)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def set_up_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()

    for name, spec in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([get_permission(apps, *perm) for perm in spec["model"]])

        GroupPagePermission.objects.filter(group=group).delete()
        if root_page is not None:
            for codename in spec["page"]:
                GroupPagePermission.objects.create(
                    group=group,
                    page=root_page,
                    permission=get_permission(apps, "wagtailcore", "page", codename),
                )

        GroupCollectionPermission.objects.filter(group=group).delete()
        if root_collection is not None:
            for perm in spec["collection"]:
                GroupCollectionPermission.objects.create(
                    group=group, collection=root_collection, permission=get_permission(apps, *perm)
                )


def remove_unused_moderators(apps, schema_editor):
    """Wagtail's default Moderators group and workflow, unless someone already uses them."""
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    workflow = Workflow.objects.filter(name="Moderators approval").first()
    if workflow is not None and not WorkflowState.objects.filter(workflow=workflow).exists():
        task_ids = list(workflow.workflow_tasks.values_list("task_id", flat=True))
        workflow.delete()  # with its page assignments and task links
        unused_tasks = Task.objects.filter(pk__in=task_ids, workflow_tasks__isnull=True)
        unused_tasks.exclude(pk__in=TaskState.objects.values("task_id")).delete()

    moderators = Group.objects.filter(name="Moderators", user__isnull=True).first()
    if moderators is not None and not moderators.groupapprovaltask_set.exists():
        moderators.delete()


def create_review_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=REVIEW_TASK, defaults={"content_type": content_type, "active": True}
    )
    task.groups.set(Group.objects.filter(name__in=REVIEWER_GROUPS))

    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


def forwards(apps, schema_editor):
    set_up_groups(apps, schema_editor)
    remove_unused_moderators(apps, schema_editor)
    create_review_workflow(apps, schema_editor)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW).first()
    if workflow is not None and not WorkflowState.objects.filter(workflow=workflow).exists():
        workflow.delete()
    Task.objects.filter(name=REVIEW_TASK, workflow_tasks__isnull=True).exclude(
        pk__in=TaskState.objects.values("task_id")
    ).delete()
    Group.objects.filter(name__in=CREATED_GROUPS, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("healinghaven", "0003_retention_period_block"),
        ("blog", "0004_retention_period_block"),
        ("services", "0002_retention_period_block"),
        ("bookings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
