"""The bookings app's models, where Django finds them: the consultation page (the form: GET
shows it, POST takes a request; and the thank-you page), and the requests themselves,
which live in `records.py` because the form and the actions need them without the page."""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers, patch_cache_control
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from bookings import actions, conf, spam
from bookings.forms import ConsultationForm
from bookings.records import (
    ConsultationRequest,
    ConsultationRequestNote,
    ConsultationRequestStatusChange,
    new_reference,
)
from healinghaven.forms import ClinicPageForm
from healinghaven.previews import PreviewSizesMixin

__all__ = [
    "ConsultationPage",
    "ConsultationRequest",
    "ConsultationRequestNote",
    "ConsultationRequestStatusChange",
    "new_reference",
]

logger = logging.getLogger(__name__)

SESSION_REFERENCE_KEY = "bookings_reference"

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ConsultationPage(PreviewSizesMixin, RoutablePageMixin, Page):
    """The consultation request form, its thank-you page and the texts around them."""

    intro = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        default=(
            "<p>Tell us what you would like help with and how to reach you. "
            "We will contact you to find a time that suits you.</p>"
        ),
        help_text="Shown above the form.",
    )
    what_happens_next = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        default=(
            "<ol><li>A member of our team reads your request.</li>"
            "<li>We call or email you, as you prefer, to find a time for your first visit.</li>"
            "<li>At your first visit your physiotherapist asks about your health, assesses "
            "you and explains the treatment plan. Wear comfortable clothes.</li></ol>"
        ),
        help_text="Shown beside the form and on the thank-you page.",
    )
    thank_you_text = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        default=(
            "<p>Thank you. We have your request and will contact you soon. "
            "We are also sending you a confirmation by email.</p>"
        ),
        help_text="Shown on the thank-you page, above the reference.",
    )
    privacy_notice = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        default=(
            "<p>We ask for these details only to arrange your consultation. Only our clinic "
            "team can see them. They are not shared or used for marketing.</p>"
        ),
        help_text=(
            "Why we collect the details and who sees them. The retention period from the "
            "site's settings is added after it."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("what_happens_next"),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=(
                        "The form's fields are fixed. Services come from the published "
                        "service pages, plus 'Not sure'."
                    )
                ),
                FieldPanel("privacy_notice"),
            ],
            heading="Form",
        ),
        FieldPanel("thank_you_text"),
    ]

    base_form_class = ClinicPageForm
    parent_page_types = ["healinghaven.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    @path("")
    def form_view(self, request: HttpRequest) -> HttpResponse:
        """Show the form (GET) or take a request (POST, then redirect to the thank-you)."""
        if request.method == "POST":
            return self._take_request(request)
        form = ConsultationForm()
        service = request.GET.get("service", "")
        if service and form.has_service(service):
            form.initial["service"] = service
        token = spam.FormToken.new(came_from=self.page_asked_from(request.GET.get("from", "")))
        return self._render_form(request, form=form, token=token)

    @path("thank-you/", name="thank_you")
    def thank_you_view(self, request: HttpRequest) -> HttpResponse:
        reference = request.session.get(SESSION_REFERENCE_KEY)
        if not reference:
            return private_response(HttpResponseRedirect(self.get_url(request)))
        response = self.render(
            request,
            template="bookings/consultation_page_thank_you.html",
            context_overrides={
                "reference": reference,
                "breadcrumb_current": "Request sent",
            },
        )
        return private_response(response)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["retention_days"] = conf.get("CONSULTATION_RETENTION_DAYS")
        return context

    def page_asked_from(self, value: str) -> int | None:
        """The live page named by the form link's `from` (booking_url), else None."""
        if not value.isdigit() or len(value) > 18:
            return None
        pages = Page.objects.live().exclude(pk=self.pk).filter(pk=int(value))
        return pages.values_list("pk", flat=True).first()

    def _take_request(self, request: HttpRequest) -> HttpResponse:
        """Field errors first; the spam rules only ever decide about an otherwise valid
        request, and only accepted requests count against the rate limit."""
        expired = False
        try:
            token = spam.read_form_token(request.POST.get(spam.TOKEN_FIELD, ""))
        except spam.TokenExpired:
            token, expired = None, True

        if token is not None:
            # A double click, a refresh or a resubmission: the same request, not a new one.
            existing = (
                ConsultationRequest.objects.filter(submission_token=token.value)
                .values_list("reference", flat=True)
                .first()
            )
            if existing:
                return self._redirect_to_thank_you(request, existing)

        form = ConsultationForm(request.POST)
        if not form.is_valid():
            return self._render_form(request, form=form, token=token or spam.FormToken.new())

        client = spam.client_digest(request)
        refusal = spam.refusal(
            request.POST,
            token=token,
            expired=expired,
            accepted_lately=ConsultationRequest.objects.from_client(client),
        )
        if refusal is not None:
            logger.info("Consultation form refused (%s)", refusal.value)
            # The patient's input stays in the form; sent too fast, the next press sends it.
            too_fast = refusal is spam.Refusal.TOO_FAST
            came_from = token.came_from if token else None
            next_token = (
                spam.asked_once(token) if too_fast else spam.FormToken.new(came_from=came_from)
            )
            return self._render_form(
                request,
                form=form,
                token=next_token,
                refusal=refusal,
                status=spam.REFUSAL_STATUS.get(refusal, 200),
            )
        consultation_request, _ = actions.consultation_request_create(
            form_data=form.cleaned_data,
            submission_token=token.value,
            client_digest=client,
            came_from_id=token.came_from,
        )
        return self._redirect_to_thank_you(request, consultation_request.reference)

    def _render_form(self, request, *, form, token, refusal=None, status=200) -> HttpResponse:
        response = self.render(
            request,
            context_overrides={
                "form": form,
                "form_token": token.sign(),
                "token_field": spam.TOKEN_FIELD,
                "honeypot_field": spam.HONEYPOT_FIELD,
                "refusal_message": spam.REFUSAL_MESSAGES[refusal] if refusal else "",
                # Sent too soon: nothing wrong with it, one sentence asks to send it again.
                "refusal_soft": refusal is spam.Refusal.TOO_FAST,
                "error_summary": error_summary(form) if form.is_bound else [],
            },
        )
        response.status_code = status
        return private_response(response)

    def _redirect_to_thank_you(self, request, reference: str) -> HttpResponse:
        request.session[SESSION_REFERENCE_KEY] = reference
        response = HttpResponseRedirect(self.get_url(request) + self.reverse_subpage("thank_you"))
        response.status_code = 303  # See Other: the browser GETs the thank-you page
        return private_response(response)


def private_response(response: HttpResponse) -> HttpResponse:
    """Never cached, by the browser or anything between: it holds personal data."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def error_summary(form) -> list[dict]:
    """The errors in field order, each with the id of the field to jump to."""
    items = [{"href": "", "message": error} for error in form.non_field_errors()]
    for field in form:
        if not field.errors:
            continue
        target = field.id_for_label or field.auto_id
        if getattr(field.field.widget, "input_type", None) == "radio":
            target = f"{field.auto_id}_0"
        items.extend({"href": f"#{target}", "message": error} for error in field.errors)
    return items
