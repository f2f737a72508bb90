"""The clinic's blog: its "Dry Needling 101" article and ten later posts.

Dates, intros and photo descriptions are the seed's. A stray quote mark is dropped
(25 November 2025), and five intros are reworded to meet the advertising standard of
Alberta's physiotherapy college (healinghaven/editorial/advertising.py), keeping their meaning:
"Edmonton's top therapists" (23 December 2025) and "expert" (3 December and 19 November
2025) lose the superlative; "ensures nothing is overlooked" (17 December 2025), "enhances
your athletic performance" (25 November 2025) and "guide you to full recovery" (19
November 2025) no longer promise a result.
Each later post's body only expands on what its teaser says.
"""

import datetime

from .specs import (
    CategorySpec,
    ImageSpec,
    IndexPageSpec,
    PostSpec,
    call_to_action,
    h2,
    h3,
    note,
    text,
)

PHONE = "(587) 735-6272"
CTA_TEXT = f"Request a consultation online or call us at {PHONE} to get started."

AUTHOR_NAME = "Healing Haven Physiotherapy team"

BLOG_INDEX = IndexPageSpec(
    slug="blog",
    title="Blog",
    intro=(
        "News and advice from the Healing Haven Physiotherapy team: dry needling, recovery "
        "after a car accident, and staying active and well."
    ),
    search_description=(
        "Articles from Healing Haven Physiotherapy in Edmonton on dry needling, car accident "
        "recovery and wellness."
    ),
)

CATEGORIES = (
    CategorySpec("dry-needling", "Dry needling", "How dry needling works and who it can help."),
    CategorySpec(
        "car-accident-recovery",
        "Car accident recovery",
        "Physiotherapy after a car accident: whiplash, concussion, balance, nerve pain and "
        "returning to work.",
    ),
    CategorySpec("wellness", "Wellness", "Everyday health, mobility and goals for the year."),
    CategorySpec(
        "sports-and-activity",
        "Sports and activity",
        "Recovery and staying active, for athletes and everyone who likes to move.",
    ),
)

DRY_NEEDLING_101 = PostSpec(
    slug="dry-needling-101",
    title="Dry Needling 101",
    date=datetime.date(2022, 10, 6),
    intro=(
        "Needles might make you nervous, but dry needling can relieve pain, improve your range "
        "of motion and promote healing. Here’s what it is, how it helps and what it can treat."
    ),
    image=ImageSpec("Dry Needling 101", "needles"),
    categories=("dry-needling",),
    services=("dry-needling",),
    body=[
        text(
            "If you are like most people, the thought of needles anywhere near your skin is "
            "enough to make you break out in a cold sweat. But there is a needle treatment "
            "that may ease your pain and help you move more freely. It is called dry needling, "
            "and more and more physiotherapists use it for muscle and joint pain. Here is what "
            "you need to know about it."
        ),
        h2("What is dry needling?"),
        text(
            "Dry needling is a type of physical therapy that involves inserting thin needles "
            "into the muscles to relieve pain and tension. The needles used in dry needling are "
            "much thinner than the needles used for traditional acupuncture. Dry needling is "
            "sometimes also referred to as trigger point dry needling or myofascial trigger "
            "point dry needling.",
            "The theory behind dry needling is that by inserting needles into tight, knotted "
            "muscles (known as “trigger points”), we can release the muscle tension and improve "
            "the range of motion. Many people feel some relief soon after treatment, though "
            "how much, and for how long, differs from person to person.",
        ),
        h2("Dry needling benefits"),
        h3("May improve range of motion"),
        text(
            "One of the benefits people notice most is that they can move more easily. When "
            "tight, knotted muscles relax, stiffness often eases, which may improve flexibility "
            "and range of motion in the affected area for some people."
        ),
        h3("May ease pain and tension"),
        text(
            "When a professional therapist inserts the thin needles into the muscle tissue, it "
            "triggers a local twitch response. This response causes the muscle to temporarily "
            "contract and relax, which may ease tension and pain. Some research suggests the "
            "needles also prompt the release of endorphins, the body’s own painkillers. If "
            "you are struggling with tension, dry needling for neck pain and headaches may be "
            "worth considering as a potential treatment option."
        ),
        h3("Part of your recovery"),
        text(
            "Although the needles used in dry needling are much thinner than those used in "
            "traditional acupuncture, the two therapies share some similarities. Both dry "
            "needling and acupuncture are based on the belief that stimulating certain points "
            "in the body can help with pain. We use dry needling as one part of a plan that "
            "includes exercise and advice, so you keep improving between visits."
        ),
        h3("Conditions it is used for"),
        text(
            "Physiotherapists use dry needling for many kinds of muscle and joint pain, including:",
            [
                "Chronic pain",
                "Tension headaches",
                "Migraines",
                "Joint pain",
                "Muscle spasms",
                "Sciatica",
                "Tennis elbow",
                "Plantar fasciitis",
                "Carpal tunnel syndrome",
            ],
        ),
        h2("Are you ready to feel better?"),
        text(
            "If you are looking for an alternative or complementary therapy to aid in your "
            "recovery, dry needling may be worth considering. While the thought of needles may "
            "be enough to make some people squeamish, the reality is that dry needling is "
            "relatively painless and can offer relief from chronic pain, tension headaches, "
            "migraines, joint pain, and more."
        ),
        call_to_action(
            "Is dry needling right for you?",
            "If you think dry needling may be right for you, contact us today here at Healing "
            "Haven Physiotherapy. You can request a consultation online or call us at "
            f"{PHONE} to get started.",
        ),
    ],
)

CONCUSSION_SIGNS = [
    "Headache, or a feeling of pressure in the head",
    "Dizziness or trouble with balance",
    "Feeling foggy, tired or slowed down",
    "Trouble concentrating or remembering",
    "Being bothered by light or noise",
    "Changes in sleep or mood",
]


def _photo(title: str, motif: str, seed_description: str) -> ImageSpec:
    """The post's image: alt text is the seed's description of the post's photo."""
    return ImageSpec(title, motif, alt=seed_description)


LATER_POSTS = (
    PostSpec(
        slug="returning-to-work-after-a-car-accident",
        title="Returning to work after a car accident",
        date=datetime.date(2026, 1, 27),
        intro=(
            "Our team helps you safely return to work and normal activities after car accident "
            "injuries with focused physiotherapy care."
        ),
        image=_photo(
            "Returning to work after a car accident",
            "briefcase",
            "Woman at desk, holding her back in pain, looking at a computer.",
        ),
        categories=("car-accident-recovery",),
        services=("return-to-work", "car-accident-rehabilitation"),
        body=[
            text(
                "Getting back to work is an important step after a car accident. For many "
                "people, work is part of feeling like themselves again. Going back safely, with "
                "a plan, matters as much as going back."
            ),
            h2("Care focused on what you need to do"),
            text(
                "Our team focuses your physiotherapy on the things you need to do each day. "
                "Your physiotherapist looks at the tasks that matter to you, such as sitting at "
                "a desk, lifting or driving, and helps you build up to them safely."
            ),
            h2("Your normal activities too"),
            text(
                "Work is only part of life. We also help you get back to your normal everyday "
                "activities, at a pace that suits your recovery."
            ),
            call_to_action("Ready to plan your return to work?", CTA_TEXT),
        ],
    ),
    PostSpec(
        slug="car-accident-rehabilitation-back-hips-and-more",
        title="Car accident rehabilitation for your back, hips and more",
        date=datetime.date(2026, 1, 21),
        intro=(
            "Car accidents can impact your back, hips, and more. Learn how complete "
            "rehabilitation at Healing Haven targets all affected areas."
        ),
        image=_photo(
            "Car accident rehabilitation for your back, hips and more",
            "spine",
            "Woman in car clutching lower back, indicating pain. Red highlight, brown seat.",
        ),
        categories=("car-accident-recovery",),
        services=("car-accident-rehabilitation",),
        body=[
            text(
                "A car accident can affect many parts of your body at once. Pain in your back "
                "may be the first thing you notice, but your hips, neck and other areas can be "
                "affected too."
            ),
            h2("Looking at every affected area"),
            text(
                "Complete rehabilitation means caring for every area the accident affected, not "
                "only the one that hurts most. At Healing Haven, your physiotherapist checks how "
                "your back, hips and other areas move, and builds a plan that covers all of "
                "them."
            ),
            h2("Why it matters"),
            text(
                "Your body works as a whole. When one area is sore, other areas may work harder "
                "to make up for it. Caring for all the affected areas helps your body recover "
                "together."
            ),
            call_to_action("Hurt in a car accident?", CTA_TEXT),
        ],
    ),
    PostSpec(
        slug="your-active-part-in-recovery-after-an-accident",
        title="Your active part in recovery after an accident",
        date=datetime.date(2026, 1, 13),
        intro=(
            "Discover why your active participation, guided by Healing Haven’s team, is key to "
            "preventing chronic issues after an accident."
        ),
        image=_photo(
            "Your active part in recovery after an accident",
            "steps",
            "Man in black attire bends over, touching knee, possibly injured, on a paved path "
            "with trees in the background.",
        ),
        categories=("car-accident-recovery",),
        services=("car-accident-rehabilitation",),
        body=[
            text(
                "After an accident, it is natural to want to rest and wait for the pain to pass. "
                "Rest has its place, but recovery also depends on you taking an active part."
            ),
            h2("Why taking part matters"),
            text(
                "Your active participation, guided by our team, is key to preventing chronic "
                "(long-lasting) problems after an accident. Staying involved in your care helps "
                "you rebuild strength and movement, and lets your physiotherapist adjust your "
                "plan as you improve."
            ),
            h2("What taking part looks like"),
            text(
                [
                    "Coming to your appointments",
                    "Doing the exercises your physiotherapist shows you at home",
                    "Telling us how you feel, including what is hard",
                    "Asking questions when something is not clear",
                ]
            ),
            call_to_action("Let’s work on your recovery together", CTA_TEXT),
        ],
    ),
    PostSpec(
        slug="new-years-goals-for-mobility-pain-relief-and-fitness",
        title="New Year’s goals for mobility, pain relief and fitness",
        date=datetime.date(2026, 1, 7),
        intro=(
            "Kickstart 2026 right! Set achievable New Year’s goals for better mobility, pain "
            "relief, and fitness with Healing Haven’s physiotherapists."
        ),
        image=_photo(
            "New Year’s goals for mobility, pain relief and fitness",
            "calendar",
            "A physical therapist guides a woman using a resistance band in a therapy session.",
        ),
        categories=("wellness", "sports-and-activity"),
        services=("sports-recovery",),
        body=[
            text(
                "A new year is a good time to set goals for your health. The trick is to choose "
                "goals you can reach, so you can build on each success."
            ),
            h2("Start with achievable goals"),
            text(
                "Big goals are easier to reach when you break them into small steps. Instead of "
                "“get fit this year”, you might aim to walk for 20 minutes three times a week, "
                "or to get through your workday with less back pain."
            ),
            h2("Goals for mobility, pain relief and fitness"),
            text(
                [
                    "Mobility: move more easily, for example when reaching, bending or "
                    "climbing stairs.",
                    "Pain relief: ease pain that gets in the way of work, sleep or the things "
                    "you enjoy.",
                    "Fitness: build strength and stamina safely, at a pace that suits you.",
                ],
                "Our physiotherapists can help you set goals that fit your body and your life, "
                "and a plan to work toward them.",
            ),
            call_to_action("Start the year with a plan", CTA_TEXT),
        ],
    ),
    PostSpec(
        slug="supporting-loved-ones-mobility-this-christmas",
        title="Supporting a loved one’s mobility and independence this Christmas",
        date=datetime.date(2025, 12, 23),
        intro=(
            "Support loved ones’ mobility and independence this Christmas with personalized "
            "physiotherapy care from our team of physiotherapists in Edmonton."
        ),
        image=_photo(
            "Supporting a loved one’s mobility and independence this Christmas",
            "gift",
            "Man in wheelchair lifts weights with help of caregiver. Blue walls, neutral setting.",
        ),
        categories=("wellness",),
        body=[
            text(
                "The holidays are a time to be together. They can also be a time when we notice "
                "that a parent, grandparent or friend is finding it harder to get around."
            ),
            h2("Mobility and independence"),
            text(
                "Being able to move around safely helps people stay independent at home and "
                "take part in family life. Physiotherapy care that is personalized to a "
                "person’s needs and goals can support their mobility and independence."
            ),
            h2("How you can help"),
            text(
                "If someone you love is struggling to get around, talk with them about how they "
                "are feeling and encourage them to get support. You are welcome to call us "
                "together to ask questions or request a consultation."
            ),
            call_to_action(
                "Support someone you love",
                f"Request a consultation online or call us at {PHONE} to talk about how we can help.",
            ),
        ],
    ),
    PostSpec(
        slug="subtle-signs-of-concussion-after-a-car-accident",
        title="Subtle signs of concussion after a car accident",
        date=datetime.date(2025, 12, 17),
        intro=(
            "Learn the subtle signs of post-MVA concussion and how our thorough approach "
            "looks for each of them."
        ),
        image=_photo(
            "Subtle signs of concussion after a car accident",
            "head",
            "Woman holding her jaw in pain, gray shirt, light background.",
        ),
        categories=("car-accident-recovery",),
        services=("concussion-care", "car-accident-rehabilitation"),
        body=[
            text(
                "After a motor vehicle accident (MVA), the injuries you can see or feel right "
                "away often get the most attention. A concussion can be easier to miss: its "
                "signs can be subtle and may take time to show."
            ),
            h2("Subtle signs to watch for"),
            text(CONCUSSION_SIGNS),
            h2("Our comprehensive approach"),
            text(
                "When we see you after an accident, we look at the whole picture: your neck, "
                "your back, your balance and the signs of a concussion. Checking all of these "
                "together helps us notice problems that are easy to miss."
            ),
            note(
                "Get emergency care right away if a headache gets worse, you vomit more than "
                "once, you feel weak or numb, your speech is slurred, or you become very drowsy "
                "or confused.",
                tone="caution",
            ),
            call_to_action("Worried about a concussion?", CTA_TEXT),
        ],
    ),
    PostSpec(
        slug="dizziness-and-balance-after-a-car-accident",
        title="Dizziness and balance problems after a car accident",
        date=datetime.date(2025, 12, 9),
        intro=(
            "Car accidents often affect the vestibular system. See how balance and dizziness "
            "therapy is integrated into your physiotherapy care."
        ),
        image=_photo(
            "Dizziness and balance problems after a car accident",
            "level",
            "Physical therapist examining a woman's neck in a clinic.",
        ),
        categories=("car-accident-recovery",),
        services=("vestibular-therapy", "car-accident-rehabilitation"),
        body=[
            text(
                "Car accidents often affect the vestibular system, the part of your inner ear "
                "and brain that helps you keep your balance. If you have felt dizzy or unsteady "
                "since an accident, this may be part of the reason."
            ),
            h2("Signs your balance system may be affected"),
            text(
                [
                    "Dizziness or a spinning feeling",
                    "Feeling unsteady on your feet",
                    "Blurry or jumpy vision when you move your head",
                    "Feeling sick when you move",
                ]
            ),
            h2("Part of your physiotherapy care"),
            text(
                "At Healing Haven, balance and dizziness therapy (vestibular therapy) is part of "
                "your physiotherapy care. Rather than treating it on its own, we include it in "
                "your plan along with care for your neck, back and other injuries."
            ),
            call_to_action("Feeling dizzy since an accident?", CTA_TEXT),
        ],
    ),
    PostSpec(
        slug="sciatica-and-nerve-pain-after-a-car-accident",
        title="Sciatica and nerve pain after a car accident or whiplash",
        date=datetime.date(2025, 12, 3),
        intro=(
            "Recent car accident or whiplash injury? Discover how Healing Haven Physiotherapy "
            "in Edmonton treats sciatica and nerve pain following MVAs, to help you regain "
            "comfort, function, and confidence."
        ),
        image=_photo(
            "Sciatica and nerve pain after a car accident or whiplash",
            "nerve",
            "A physical therapist assisting a woman with a leg stretch on an examination table.",
        ),
        categories=("car-accident-recovery",),
        services=("sciatica-and-nerve-pain", "whiplash"),
        body=[
            text(
                "A recent car accident or whiplash injury can leave you with more than a sore "
                "neck. Some people develop sciatica or other nerve pain afterward."
            ),
            h2("What sciatica feels like"),
            text(
                "Sciatica is pain along the sciatic nerve, which runs from the lower back down "
                "the leg. It can feel sharp or burning, and may come with numbness or tingling "
                "in the leg or foot."
            ),
            h2("How we help"),
            text(
                "At Healing Haven Physiotherapy in Edmonton, we look at where your nerve pain "
                "comes from and treat it as part of your recovery from the accident. Our aim is "
                "to help you regain comfort, function and confidence in your daily life."
            ),
            call_to_action("Living with nerve pain after an accident?", CTA_TEXT),
        ],
    ),
    PostSpec(
        slug="dry-needling-for-athletes",
        title="Dry needling for athletes",
        date=datetime.date(2025, 11, 25),
        intro=(
            "Athlete in Edmonton? See how dry needling aids recovery, reduces muscle tension, "
            "and can support your training and sport at Healing Haven."
        ),
        image=_photo(
            "Dry needling for athletes",
            "stopwatch",
            "Person's back with acupuncture needles attached to red and black alligator clips, "
            "likely for electroacupuncture therapy.",
        ),
        categories=("dry-needling", "sports-and-activity"),
        services=("dry-needling", "sports-recovery"),
        body=[
            text(
                "If you train or compete in Edmonton, tight, sore muscles can hold you back. "
                "Dry needling is one of the ways we help athletes recover."
            ),
            h2("How dry needling helps"),
            text(
                "Dry needling uses very thin needles to release tight, knotted muscles, known as "
                "trigger points. The muscle gives a small twitch and then relaxes, which helps "
                "ease tension. Some athletes find it eases soreness after hard training."
            ),
            h2("Recovery and performance"),
            text(
                "Muscles that are less tense and move through their full range can help you "
                "train and compete. Dry needling can be one part of a wider recovery plan with "
                "your physiotherapist."
            ),
            call_to_action("Ready to get back to training?", CTA_TEXT),
        ],
    ),
    PostSpec(
        slug="whiplash-causes-symptoms-and-recovery",
        title="Whiplash: causes, symptoms and recovery",
        date=datetime.date(2025, 11, 19),
        intro=(
            "Learn about whiplash causes, symptoms, and how Healing Haven’s physiotherapists "
            "guide your recovery after an accident."
        ),
        image=_photo(
            "Whiplash: causes, symptoms and recovery",
            "motion",
            "Man in car clutching shoulder, appearing in pain after a car accident.",
        ),
        categories=("car-accident-recovery",),
        services=("whiplash", "car-accident-rehabilitation"),
        body=[
            h2("What causes whiplash?"),
            text(
                "Whiplash happens when the head is thrown quickly backward and then forward. "
                "This often happens in car accidents, especially when a car is hit from behind."
            ),
            h2("Common symptoms"),
            text(
                [
                    "Neck pain and stiffness",
                    "Headaches, often starting at the base of the skull",
                    "Pain or tightness in the shoulders or upper back",
                    "Trouble turning or tilting your head",
                ],
                "Symptoms do not always start right away. Some people notice them hours or days "
                "after the accident.",
            ),
            h2("Recovering from whiplash"),
            text(
                "Our physiotherapists guide you through each stage of your recovery. We start by "
                "checking how your neck moves, then build a plan of treatment and exercise to "
                "ease pain and help you move more easily, so you can get back to your daily "
                "life."
            ),
            call_to_action("Hurt your neck in an accident?", CTA_TEXT),
        ],
    ),
)

POSTS = (DRY_NEEDLING_101, *LATER_POSTS)
