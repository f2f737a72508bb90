"""The pages' admin form: no publishing with an image that has no alt text; scheduling help."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.images.models import AbstractImage

SCHEDULE_HELP = {
    "go_live_at": (
        "Leave empty to publish at once. To schedule: choose a date and time, save the "
        "schedule, then choose “Schedule to publish”. It goes live on its own within a few "
        "minutes of that time."
    ),
    "expire_at": "Leave empty to keep the page online. At this time it is unpublished on its own.",
}


def has_alt_text(image: AbstractImage) -> bool:
    return bool((image.description or "").strip())


def images_without_alt_text(page) -> list[AbstractImage]:
    """The images a page (as its latest revision has it) chooses that have no alt text."""
    images = []
    for field in page._meta.concrete_fields:
        if field.is_relation and issubclass(field.related_model, AbstractImage):
            image = getattr(page, field.name)
            if image is not None and not has_alt_text(image):
                images.append(image)
    return images


def missing_alt_text_message(image: AbstractImage) -> str:
    return (
        f"The image “{image.title}” has no alt text, so the page cannot be published with it. "
        "Open Images, edit the image, describe what it shows in “Alt text” and save; then "
        "publish again (or choose another image). Saving a draft still works."
    )


class ClinicPageForm(WagtailAdminPageForm):
    """Refuses to publish (or submit for review) a page whose chosen images lack alt text.

    Images uploaded through the admin always have alt text (the field is required, and a
    multiple upload keeps the file aside until it is filled in); this catches images that
    came in any other way. Drafts are still saved, as Wagtail saves drafts with required
    fields empty.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, help_text in SCHEDULE_HELP.items():
            if name in self.fields and not self.fields[name].help_text:
                self.fields[name].help_text = help_text

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation:  # saving a draft
            return cleaned_data
        for name, value in list(cleaned_data.items()):
            if isinstance(value, AbstractImage) and not has_alt_text(value):
                self.add_error(name, ValidationError(missing_alt_text_message(value)))
        return cleaned_data
