"""The image form of the admin, with help text on Wagtail's own fields too."""

from wagtail.images.forms import BaseImageForm

IMAGE_HELP = {
    "title": "A name to find the image by in the library (not shown to patients).",
    "collection": "The folder of the image library it goes in.",
    "tags": "Words to find the image by later, e.g. 'treatment room'. Optional.",
}


class ClinicImageForm(BaseImageForm):
    """Wagtail's image form with help text on its own fields too (alt text has its own)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, help_text in IMAGE_HELP.items():
            if name in self.fields and not self.fields[name].help_text:
                self.fields[name].help_text = help_text
