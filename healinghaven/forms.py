"""The pages' admin form: no publishing with an image that has no alt text; scheduling help
in the clinic's time."""

from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.images.models import AbstractImage

from .hours import day_list, overlapping_days

SCHEDULE_HELP = {
    "go_live_at": (
        "Leave empty to publish at once. To schedule: choose a date and time, save the "
        "schedule, then choose “Schedule to publish”. It goes live on its own within a few "
        "minutes of that time."
    ),
    "expire_at": "Leave empty to keep the page online. At this time it is unpublished on its own.",
}


def clinic_time_name() -> str:
    """How staff name the clinic's clock: "Edmonton time" for America/Edmonton."""
    return f"{settings.TIME_ZONE.rsplit('/', 1)[-1].replace('_', ' ')} time"


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
            if field := self.fields.get(name):
                field.label = f"{field.label} ({clinic_time_name()})"
                field.help_text = field.help_text or help_text

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation:  # saving a draft
            return cleaned_data
        for name, value in list(cleaned_data.items()):
            if isinstance(value, AbstractImage) and not has_alt_text(value):
                self.add_error(name, ValidationError(missing_alt_text_message(value)))
        return cleaned_data


class ClinicSettingsForm(WagtailAdminModelForm):
    """Refuses weekly hours that give a day two overlapping times, naming the day."""

    def clean(self):
        cleaned_data = super().clean()
        rows = [
            form
            for form in self.formsets["opening_hours"].forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        for index, form in enumerate(rows):
            for earlier in rows[:index]:
                if days := overlapping_days([earlier.instance, form.instance]):
                    form.add_error(
                        "weekdays",
                        f"These hours overlap another row's on {day_list(days)}: change the "
                        "days or the times of one of the rows.",
                    )
                    break
        return cleaned_data
