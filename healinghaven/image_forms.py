"""The image form of the admin: help text on Wagtail's own fields too, and a form error,
not a server error, for a file that is not a whole image."""

from wagtail.images.forms import BaseImageForm

IMAGE_HELP = {
    "title": "A name to find the image by in the library (not shown to patients).",
    "collection": "The folder of the image library it goes in.",
    "tags": "Words to find the image by later, e.g. 'treatment room'. Optional.",
}
UNREADABLE_IMAGE = (
    "This file is not an image we can read: it may be damaged or cut short. Upload it "
    "again, or open it and save it as a JPEG or PNG first."
)


class ClinicImageForm(BaseImageForm):
    """Wagtail's image form with help text on its own fields too (alt text has its own)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, help_text in IMAGE_HELP.items():
            if name in self.fields and not self.fields[name].help_text:
                self.fields[name].help_text = help_text

    def full_clean(self):
        # Wagtail's image field opens the file to measure it; a truncated or broken image
        # makes Pillow raise there (OSError, or SyntaxError from some decoders).
        try:
            super().full_clean()
        except (OSError, SyntaxError):
            if not hasattr(self, "cleaned_data"):
                raise
            self.add_error("file", UNREADABLE_IMAGE)
