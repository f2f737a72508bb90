"""The clinic's editor guide (docs/editor-guide.md) inside the admin, with its screenshots.

Staff find it under Help and on the dashboard; it is the same file the repository holds,
so the guide staff read and the one developers keep are never two.
"""

import re
from pathlib import Path

import markdown
from django.conf import settings
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.urls import reverse

GUIDE = Path(settings.BASE_DIR) / "docs" / "editor-guide.md"
IMAGES = GUIDE.parent / "img"
IMAGE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.png")


def editor_guide(request):
    html = markdown.markdown(GUIDE.read_text(encoding="utf-8"), extensions=["tables", "toc"])
    images = reverse("clinic_editor_guide_image", args=["x.png"]).removesuffix("x.png")
    html = html.replace('src="img/', f'src="{images}')
    return TemplateResponse(
        request, "wagtailadmin/editor_guide.html", {"guide": html, "page_title": "Editor guide"}
    )


def editor_guide_image(request, name: str):
    path = IMAGES / name
    if not IMAGE_NAME.fullmatch(name) or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")
