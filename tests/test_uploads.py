"""Uploads: only the image and document types the site needs, with size and pixel limits."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def png(size, mode="RGB", noise=False) -> bytes:
    if noise:
        image = PILImage.frombytes(mode, size, os.urandom(size[0] * size[1] * len(mode)))
    else:
        image = PILImage.new(mode, size)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def image_errors(name: str, content: bytes, content_type: str = "image/png") -> list[str]:
    form_class = get_image_form(get_image_model())
    form = form_class(
        data={"title": "Treatment room", "description": "The treatment room"},
        files={"file": SimpleUploadedFile(name, content, content_type=content_type)},
    )
    form.is_valid()
    return [str(e) for e in form.errors.get("file", [])]


def document_errors(name: str, content: bytes, content_type: str) -> list[str]:
    form = get_document_form(get_document_model())(
        data={"title": "Exercise sheet"},
        files={"file": SimpleUploadedFile(name, content, content_type=content_type)},
    )
    form.is_valid()
    return [str(e) for e in form.errors.get("file", [])]


def test_an_ordinary_photo_is_accepted():
    assert image_errors("room.png", png((1600, 900))) == []


def test_svg_from_users_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    errors = image_errors("logo.svg", svg, "image/svg+xml")
    assert any("not a supported image format" in e.lower() for e in errors), errors


def test_an_image_over_the_size_limit_is_refused_with_the_limit_named():
    content = png((2100, 2100), noise=True)
    assert len(content) > 10 * MB
    errors = image_errors("huge.png", content)
    assert any("10.0" in e and "MB" in e for e in errors), errors


def test_a_small_file_that_decodes_to_a_huge_bitmap_is_refused():
    content = png((8000, 6000), mode="1")  # 48 megapixels in a few kilobytes
    assert len(content) < 1 * MB
    errors = image_errors("bomb.png", content)
    assert any("pixels" in e.lower() for e in errors), errors


def test_a_pdf_is_accepted_and_other_documents_are_not():
    pdf = b"%PDF-1.4\n" + b"0" * 1000
    assert document_errors("exercises.pdf", pdf, "application/pdf") == []
    for name, kind in (("macro.docm", "application/msword"), ("run.exe", "application/x-msdos")):
        assert document_errors(name, b"MZ" + b"0" * 100, kind)


def test_a_document_over_the_size_limit_is_refused_with_the_limit_named():
    errors = document_errors("big.pdf", b"%PDF-1.4\n" + b"0" * (21 * MB), "application/pdf")
    assert any("20.0" in e and "MB" in e for e in errors), errors


def gif(size=(200, 100)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 10, 10)).save(buffer, format="GIF")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cut-short.gif", gif()[: len(gif()) // 2]),
        ("header-only.gif", gif()[:20]),
        ("not-a-png.png", b"\x89PNG\r\n\x1a\n" + b"x" * 50),
    ],
    ids=["truncated GIF", "GIF header only", "broken PNG"],
)
def test_a_broken_or_truncated_image_gets_a_form_error_not_a_server_error(
    client, admin_user, name, content
):
    errors = image_errors(name, content, "image/gif")
    assert errors and (
        "not an image we can read" in errors[0] or "Upload a valid image" in errors[0]
    )
    client.force_login(admin_user)
    upload = SimpleUploadedFile(name, content, content_type="image/gif")
    response = client.post(
        "/admin/images/add/",
        {"title": "Broken", "description": "A broken file", "file": upload, "collection": 1},
    )
    assert response.status_code == 200
    assert (
        "not an image we can read" in response.content.decode()
        or "valid image" in response.content.decode()
    )
    upload = SimpleUploadedFile(name, content, content_type="image/gif")
    response = client.post(
        "/admin/images/multiple/add/",
        {"files[]": upload},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert not get_image_model().objects.filter(title="Broken").exists()
