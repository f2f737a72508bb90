"""Helpers for the staff tests: members of the clinic's groups, requests, admin form data."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from bookings.models import ConsultationRequest

PASSWORD = "a-long-test-password-1"


def member(group_name: str | None, username: str | None = None, **fields):
    """A staff account in one of the groups the migration created (or in none)."""
    username = username or (group_name or "nobody").lower().replace(" ", "-")
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@healinghaven.test", **fields
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


def png_upload(name: str = "room.png", size=(800, 450)) -> SimpleUploadedFile:
    """An image file as a browser uploads it."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (40, 120, 110)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def consultation_request(**fields) -> ConsultationRequest:
    count = ConsultationRequest.objects.count()
    values = {
        "reference": f"HH-STAFF{count:02d}",
        "submission_token": f"staff-token-{count}",
        "full_name": "Example Patient",
        "email": "patient@example.com",
        "phone": "+15877356272",
        "service_title": "Dry needling",
        "contact_method": "phone",
        "consent": True,
    }
    values.update(fields)
    return ConsultationRequest.objects.create(**values)


def post_form(
    *,
    title: str,
    slug: str,
    image,
    action: str = "action-publish",
    date: str = "2026-02-01",
    body_text: str = "Start slowly and build up.",
    **extra,
) -> dict:
    """The admin's add/edit form of a blog post, as the browser would send it."""
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": date,
            "hero_image": image.pk if image else "",
            "intro": "Gentle movement helps recovery.",
            "body": streamfield([("paragraph", rich_text(f"<p>{body_text}</p>"))]),
            **extra,
        }
    )
    if action:
        data[action] = action.removeprefix("action-")
    return data


def is_denied(response) -> bool:
    """Wagtail sends staff without a permission back to the dashboard (or answers 403)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] in ("/admin/", "/admin/login/")
    )
