"""The clinic's details, the home page and the standard pages (about, privacy policy,
accessibility statement).

Only what the seed material says: the clinic is in Edmonton, its phone number, and what it
treats. No street address, email or opening hours are given, so none are set.
"""

from .specs import (
    ImageSpec,
    StandardPageSpec,
    call_to_action,
    clinic_contact,
    h2,
    retention_period,
    text,
)

CLINIC_NAME = "Healing Haven Physiotherapy"
PHONE = "(587) 735-6272"

CLINIC_SETTINGS = {
    "name": CLINIC_NAME,
    "tagline": "Physiotherapy in Edmonton",
    "phone": PHONE,
    "locality": "Edmonton",
    "region": "AB",
}

HOME = {
    "slug": "home",
    "title": "Home",
    "search_description": (
        f"{CLINIC_NAME} in Edmonton: dry needling and physiotherapy after car accidents, "
        f"for sports and for everyday pain. Call {PHONE}."
    ),
    "hero_heading": "Physiotherapy in Edmonton to help you move with less pain",
    "hero_text": (
        f"{CLINIC_NAME} helps you recover from pain, injury and car accidents, with care "
        "that fits your needs and goals."
    ),
    "featured_services_heading": "How we can help",
    "featured_services_intro": (
        "From dry needling to care after a car accident, we build your treatment around you."
    ),
    "latest_posts_heading": "From our blog",
}

HOME_IMAGE = ImageSpec(CLINIC_NAME, "leaf")

HOME_FACTS = [
    ("In Edmonton", "A physiotherapy clinic in Edmonton, Alberta."),
    ("Call us", f"Reach us at {PHONE} to ask a question or request a consultation."),
    ("Dry needling", "Very thin needles release tight, knotted muscles to ease pain and tension."),
    (
        "After a car accident",
        "Care for whiplash, concussion, dizziness and nerve pain, and help returning to work.",
    ),
]

ABOUT = StandardPageSpec(
    slug="about",
    title="About",
    show_in_menus=True,
    intro=(
        f"{CLINIC_NAME} is a physiotherapy clinic in Edmonton, Alberta. We help people ease "
        "pain, recover from injury and get back to the things they enjoy."
    ),
    search_description=f"About {CLINIC_NAME}, a physiotherapy clinic in Edmonton, Alberta.",
    body=[
        h2("What we do"),
        text(
            "Our physiotherapists treat pain and injury with care that is personalized to each "
            "person. Our work includes:",
            [
                "Dry needling, to release tight muscles and ease pain and tension",
                "Rehabilitation after car accidents, including whiplash, concussion, dizziness "
                "and balance problems, and sciatica and nerve pain",
                "Help returning to work and your normal activities after an injury",
                "Recovery for athletes and active people",
                "Support for mobility and independence",
            ],
        ),
        h2("How we work"),
        text(
            "Recovery is a partnership. We explain what we find in plain words and guide you "
            "through your care, and you take an active part in it. Your own part is key to "
            "getting better and to keeping problems from becoming long-lasting."
        ),
        h2("Get in touch"),
        text(f"Call us at {PHONE} or request a consultation online."),
        call_to_action(
            "Ready to get started?",
            f"Request a consultation online or call us at {PHONE}.",
        ),
    ],
)

PRIVACY = StandardPageSpec(
    slug="privacy-policy",
    title="Privacy policy",
    intro=(
        f"How {CLINIC_NAME} collects, uses and protects the personal information you share "
        "through this website."
    ),
    search_description=f"The privacy policy of {CLINIC_NAME}'s website.",
    body=[
        h2("What we collect"),
        text(
            "When you ask for a consultation through our online form, we collect:",
            [
                "your name",
                "your email address",
                "your phone number",
                "the service you are interested in",
                "how and when you prefer us to contact you",
                "a message, if you choose to add one",
            ],
            "Please keep your message short. You do not need to describe your health on the "
            "form; we can talk about it when we contact you.",
        ),
        h2("Why we collect it"),
        text(
            "We use this information only to reply to your request, arrange your consultation "
            "and contact you in the way you prefer. We do not sell it, and we do not use it "
            "for advertising."
        ),
        h2("Who sees it"),
        text(
            "Only clinic staff who handle consultation requests can see your request. When a "
            "request arrives, staff receive a short email notice; the request itself stays in "
            "the staff area of our website, which needs a staff login. We do not share your "
            "information with anyone outside the clinic unless the law requires it."
        ),
        h2("How long we keep it"),
        retention_period(),
        text(
            "If you become our patient, your health record is kept separately, as the law and "
            "our professional standards require.",
        ),
        h2("The laws that protect your information"),
        text(
            "In Alberta, personal information held by private organizations is protected by "
            "the Personal Information Protection Act (PIPA). Health information is also "
            "protected by the Health Information Act (HIA) where that act applies. We collect, "
            "use and protect your information in line with these laws."
        ),
        h2("Counting visits"),
        text(
            "To learn which pages help patients, our website counts how many times each page "
            "is viewed each day and, when you follow a link from another website, the name "
            "of that website (for example example.org, never the page you were on there). It "
            "does this itself: no analytics company, no cookie, and no record of your address "
            "(IP), your browser or your device, so a visit cannot be traced back to you. "
            "These daily totals are deleted after two years.",
            "When you ask for a consultation, your request notes the page of our website you "
            "were reading when you chose to ask (a service, a blog post or another page). It "
            "is deleted with your request.",
        ),
        h2("Cookies"),
        text(
            "The consultation form uses a security cookie that helps protect it from misuse. "
            "It is not used to track you. Reading our pages sets no cookie."
        ),
        h2("Questions and your choices"),
        text(
            "You can ask to see or correct the personal information we hold about you, or ask "
            "us to delete your consultation request. If you have a question or a concern about "
            f"your privacy, call us at {PHONE}.",
            "If you are not satisfied with our answer, you can contact the Office of the "
            "Information and Privacy Commissioner of Alberta.",
        ),
    ],
)

ACCESSIBILITY = StandardPageSpec(
    slug="accessibility",
    title="Accessibility statement",
    intro=(
        "We want everyone to be able to use this website. This page says which standard we "
        "test it to, how we test it, what we know is not right yet, and how to tell us about "
        "a problem."
    ),
    search_description=f"How {CLINIC_NAME} makes its website accessible, and how to report a barrier.",
    body=[
        h2("The standard we test to"),
        text(
            "We test this website to the Web Content Accessibility Guidelines (WCAG) 2.2 at "
            "level AA. Every page works with a keyboard and without JavaScript, text can be "
            "enlarged to twice its size without scrolling sideways, and the site follows your "
            "device's dark mode and reduced-motion settings."
        ),
        h2("How we test it"),
        text(
            "Automated tests run in a real browser each time the website's code changes. They "
            "check every type of page:",
            [
                "with axe-core, a widely used accessibility checker, on phone and desktop "
                "screen sizes, in light and dark mode",
                "with the Nu HTML Checker, the W3C's checker of the HTML behind each page",
                "with the keyboard alone: the skip link, the order of links and buttons, a "
                "visible focus outline, the menu and the consultation form",
                "at 320 pixels wide and at 200% zoom, for reading without sideways scrolling",
            ],
            "Automated tests cannot find every barrier. They cannot tell, for example, whether "
            "the description of an image says what matters about it.",
        ),
        h2("What we know is not right yet"),
        text(
            [
                "Videos play in YouTube's or Vimeo's own player once you press play. We do not "
                "control how accessible those players are. Every video has a written "
                "transcript under it.",
                "PDF documents that we add to pages, such as forms, are not checked by our "
                "tests and may be hard to use with a screen reader. Ask us and we will give "
                "you the information in another way.",
                "The tests run on sample pages. A page or post we write later can still have a "
                "problem, such as an unclear link or image description, until someone notices it.",
                "Links to maps and social media lead to other websites that we do not control.",
            ]
        ),
        h2("Tell us about a barrier"),
        text(
            "If something on this website is hard or impossible for you to use, please tell "
            "us. Say which page it was and what you were trying to do. We will help you "
            "another way, such as by phone, and fix the problem where we can."
        ),
        clinic_contact(),
    ],
)

CONSULTATION = {
    "slug": "book-a-consultation",
    "title": "Request a consultation",
    "search_description": (
        f"Ask {CLINIC_NAME} in Edmonton for a consultation online, or call {PHONE}."
    ),
}
