"""The consultation request form (public) and the staff update form (admin)."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError

from bookings.phone import InvalidPhoneNumber, normalise_phone
from bookings.records import ConsultationRequest
from services.models import ServicePage

NOT_SURE = "not-sure"
NOT_SURE_LABEL = "Not sure – help me choose"


def validate_single_line(value: str) -> None:
    """No line breaks, tabs or other control characters (they have no place in a name)."""
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise ValidationError(
            "Enter your name on one line, without line breaks or special characters.",
            code="control_characters",
        )


def published_services():
    """The services a patient can choose: published service pages, in menu order."""
    return ServicePage.objects.live().public().order_by("path").only("id", "title", "slug")


class ConsultationForm(forms.Form):
    """What a patient tells us. Spam checks (honeypot, fill time, rate limit) are separate."""

    full_name = forms.CharField(
        label="Full name",
        max_length=100,
        validators=[validate_single_line],
        error_messages={
            "required": "Enter your full name.",
            "max_length": "Enter a name of up to 100 characters.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We send a confirmation here.",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.com.",
            "max_length": "Enter an email address of up to 254 characters.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=30,
        help_text="With area code, e.g. (780) 555-0123.",
        error_messages={
            "required": "Enter your phone number.",
            "max_length": "Enter a phone number like (780) 555-0123.",
        },
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    service = forms.ChoiceField(
        label="Which service are you interested in?",
        error_messages={
            "required": "Choose a service, or “Not sure”.",
            "invalid_choice": "Choose a service from the list, or “Not sure”.",
        },
    )
    contact_method = forms.ChoiceField(
        label="How should we contact you?",
        choices=ConsultationRequest.ContactMethod.choices,
        initial=ConsultationRequest.ContactMethod.EITHER,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how we should contact you.",
            "invalid_choice": "Choose how we should contact you.",
        },
    )
    preferred_times = forms.CharField(
        label="Preferred days and times (optional)",
        max_length=200,
        required=False,
        help_text="For example: weekday mornings, or Tuesdays after 4 p.m.",
        error_messages={"max_length": "Keep this to 200 characters or fewer."},
    )
    message = forms.CharField(
        label="Anything else we should know? (optional)",
        max_length=1000,
        required=False,
        help_text=(
            "A sentence or two is plenty. Please do not include detailed health history: "
            "we will ask about that in person."
        ),
        error_messages={"max_length": "Keep your message to 1,000 characters or fewer."},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label="I agree that the clinic may contact me about this request.",
        help_text="How we look after your details is explained in our privacy policy.",
        error_messages={"required": "Tick the box so that we may contact you about your request."},
    )

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        if services is None:
            services = published_services()
        self.services = {page.slug: page for page in services}
        self.fields["service"].choices = [
            ("", "Choose a service"),
            *((slug, page.title) for slug, page in self.services.items()),
            (NOT_SURE, NOT_SURE_LABEL),
        ]

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except InvalidPhoneNumber:
            raise ValidationError(
                "Enter a North American phone number with its area code, "
                "like (780) 555-0123 or 780-555-0123.",
                code="invalid",
            ) from None

    def clean_service(self) -> ServicePage | None:
        """The chosen service page, or None for 'Not sure'."""
        value = self.cleaned_data["service"]
        return None if value == NOT_SURE else self.services[value]

    def has_service(self, slug: str) -> bool:
        return slug in self.services or slug == NOT_SURE


class ConsultationRequestUpdateForm(forms.ModelForm):
    """Staff: change the status and add a note."""

    note = forms.CharField(
        label="Add a note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Seen by staff only. Write what was agreed, not health details.",
    )

    class Meta:
        model = ConsultationRequest
        fields = ["status"]
        widgets = {"status": forms.RadioSelect}
