"""The site-wide StreamField blocks: one BodyBlock that every page body uses.

Each block has an icon, a description and a preview value, so editors see what a block
is for and what it looks like before they pick it.
"""

from collections.abc import Iterable, Iterator

from wagtail import blocks, hooks
from wagtail.images.blocks import ImageBlock, ImageChooserBlock

from .videos import validate_video_url, video_at

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


def stream_strings(data) -> Iterator[str]:
    """Every string inside a StreamField's raw data (text, rich text, list items) or a demo
    body (lists of pairs): what an editor wrote, for counting words or checking phrases."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        # A stream child is {"type", "value", "id"}: only its value holds words.
        values = [data["value"]] if "type" in data and "value" in data else data.values()
        for value in values:
            yield from stream_strings(value)
    elif isinstance(data, Iterable):  # lists, tuples, a StreamValue's raw data
        for item in data:
            yield from stream_strings(item)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, help_text="Keep headings short: they are signposts.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (H2)"), ("h3", "Sub-heading (H3)")],
        default="h2",
        help_text="Use H2 for a new section and H3 inside a section; never skip a level.",
    )

    class Meta:
        icon = "title"
        label = "Heading"
        template = "healinghaven/blocks/heading_block.html"
        description = "A section heading that also appears in the page outline."
        preview_value = {"text": "What is dry needling?", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Text"
        template = "healinghaven/blocks/paragraph_block.html"
        description = "Paragraphs of text with bold, italic, links and lists."
        preview_value = (
            "<p>Dry needling uses thin needles to release tight, knotted muscles "
            "(trigger points) and ease pain.</p>"
        )


def newest_image():
    """The newest image with alt text in the library, so the block picker shows one."""
    from wagtail.images import get_image_model

    return get_image_model().objects.exclude(description="").order_by("-pk").first()


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(help_text="Alt text describes the image for people who cannot see it.")
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        label = "Image"
        template = "healinghaven/blocks/figure_block.html"
        description = "An image across the text column, with an optional caption."

    def get_preview_value(self):
        image = newest_image()
        if image is None:
            return None
        return self.normalize(
            {
                "image": {"image": image, "alt_text": image.description, "decorative": False},
                "caption": "A caption says where or when the photo was taken.",
            }
        )

    @property
    def is_previewable(self):
        return True


class TitledItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=100)
    text = blocks.TextBlock(max_length=600)


class BenefitsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Benefits")
    items = blocks.ListBlock(TitledItemBlock(), min_num=1, label="Benefits")

    class Meta:
        icon = "tick-inverse"
        label = "Benefits"
        template = "healinghaven/blocks/benefits_block.html"
        description = "A short list of benefits, each with a title and a sentence or two."
        preview_value = {
            "heading": "Benefits",
            "items": [
                {
                    "title": "Improves range of motion",
                    "text": "Releasing tight muscles helps joints move freely.",
                },
                {
                    "title": "Relieves pain and tension",
                    "text": "A local twitch response helps knots of tension let go.",
                },
            ],
        }


class StepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="What to expect")
    steps = blocks.ListBlock(TitledItemBlock(), min_num=1, label="Steps")

    class Meta:
        icon = "list-ol"
        label = "What to expect"
        template = "healinghaven/blocks/steps_block.html"
        description = "Numbered steps, such as what happens at a first visit."
        preview_value = {
            "heading": "What to expect",
            "steps": [
                {
                    "title": "Assessment",
                    "text": "Your physiotherapist asks about your pain and checks how you move.",
                },
                {
                    "title": "Treatment",
                    "text": "Thin needles are placed in tight muscles for a short time.",
                },
            ],
        }


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)


class FAQBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Frequently asked questions")
    questions = blocks.ListBlock(QuestionBlock(), min_num=1)

    class Meta:
        icon = "help"
        label = "Questions and answers"
        template = "healinghaven/blocks/faq_block.html"
        description = "Common questions with answers that open when tapped."
        preview_value = {
            "heading": "Frequently asked questions",
            "questions": [
                {
                    "question": "Does dry needling hurt?",
                    "answer": "<p>Most people feel little more than a brief twitch or ache.</p>",
                },
            ],
        }


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    button_label = blocks.CharBlock(max_length=60, default="Request a consultation")
    page = blocks.PageChooserBlock(
        required=False, help_text="Leave empty to send people to the clinic's booking page."
    )

    class Meta:
        icon = "pick"
        label = "Call to action"
        template = "healinghaven/blocks/call_to_action_block.html"
        description = "A highlighted box inviting the reader to book or call."
        preview_value = {
            "heading": "Are you ready to feel better?",
            "text": "Send us a request or call us to get started.",
            "button_label": "Request a consultation",
        }


class NoteBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("caution", "Caution")], default="info"
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        label = "Note"
        template = "healinghaven/blocks/note_block.html"
        description = "A highlighted note, e.g. when to see a doctor first."
        preview_value = {
            "tone": "caution",
            "text": "<p>If you have sudden, severe pain after an accident, seek urgent care first.</p>",
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=500)
    source = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = "Quote"
        template = "healinghaven/blocks/quote_block.html"
        description = "A short quotation with its source."
        preview_value = {"quote": "Movement is medicine.", "source": ""}


class VideoValue(blocks.StructValue):
    @property
    def video(self):
        """The video at the address (videos.Video): its page, player and host."""
        return video_at(self["url"])

    @property
    def duration_iso(self) -> str:
        """The length for <time datetime>: 4:30 is PT4M30S."""
        *hours, minutes, seconds = (int(part) for part in self["duration"].split(":"))
        return f"PT{f'{hours[0]}H' if hours else ''}{minutes}M{seconds}S"


class VideoBlock(blocks.StructBlock):
    url = blocks.URLBlock(
        label="Video address",
        validators=[validate_video_url],
        help_text="The video's address on YouTube or Vimeo, e.g. https://www.youtube.com/watch?v=…",
    )
    title = blocks.CharBlock(
        max_length=120, help_text="What the video shows, e.g. 'Calf stretch against a wall'."
    )
    duration = blocks.RegexBlock(
        regex=r"^(\d{1,2}:)?[0-5]?\d:[0-5]\d$",
        label="Length",
        help_text="How long the video runs, in minutes and seconds, e.g. 4:30.",
        error_messages={
            "invalid": "Write the length as minutes:seconds, e.g. 4:30 (1:05:00 for over an hour)."
        },
    )
    poster = ImageChooserBlock(
        label="Still image",
        help_text=(
            "Shown, from this site, until the patient presses play: a frame of the video or "
            "a photo of the exercise. Nothing is loaded from YouTube or Vimeo before."
        ),
    )
    transcript = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        label="Transcript",
        help_text=(
            "Required: everything the video says and shows, step by step, for people who "
            "cannot hear or see it. Shown under the video."
        ),
    )

    class Meta:
        icon = "media"
        label = "Video"
        template = "healinghaven/blocks/video_block.html"
        value_class = VideoValue
        description = (
            "A YouTube or Vimeo video, such as a home exercise, with its transcript. Nothing "
            "loads from YouTube or Vimeo until the patient presses play."
        )

    def get_preview_value(self):
        return self.normalize(
            {
                "url": "https://www.youtube.com/watch?v=aaaaaaaaaaa",
                "title": "Calf stretch against a wall",
                "duration": "2:30",
                "poster": newest_image(),
                "transcript": "<p>Stand facing a wall with your hands on it at shoulder height.</p>",
            }
        )

    @property
    def is_previewable(self):
        return True


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = FigureBlock()
    benefits = BenefitsBlock()
    steps = StepsBlock()
    faq = FAQBlock()
    call_to_action = CallToActionBlock()
    note = NoteBlock()
    quote = QuoteBlock()
    video = VideoBlock()

    class Meta:
        block_counts = {"faq": {"max_num": 1}}


class ClinicContactBlock(blocks.StaticBlock):
    class Meta:
        icon = "mail"
        label = "The clinic's phone and email"
        template = "healinghaven/blocks/clinic_contact_block.html"
        admin_text = "Shows the phone number and email address from the clinic settings."
        preview_value = None  # nothing to fill in: the preview shows the settings' details
        description = "The clinic's phone and email, as the clinic settings have them now."


class PageBodyBlock(BodyBlock):
    """A standard page's blocks (about, privacy policy, accessibility statement): an
    article's and the clinic's contact details, plus the blocks apps lend to such pages
    with a `standard_page_blocks` hook returning (name, block) pairs (bookings' retention
    period, for the privacy policy). StandardPage builds it when first used, once every
    app is loaded: the site's base knows no app."""

    clinic_contact = ClinicContactBlock()

    def __init__(self, local_blocks=None, **kwargs):
        lent = [pair for hook in hooks.get_hooks("standard_page_blocks") for pair in hook()]
        super().__init__([*(local_blocks or []), *lent], **kwargs)


class ClinicFactBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=60)
    text = blocks.TextBlock(max_length=200)

    class Meta:
        icon = "info-circle"
        label = "Fact"
        template = "healinghaven/blocks/clinic_fact_block.html"
        description = "A short fact about the clinic."
        preview_value = {"title": "In Edmonton", "text": "A clinic close to home."}
