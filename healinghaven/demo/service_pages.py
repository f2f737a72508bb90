"""Services and the conditions they treat, written from the clinic's seed material.

The nine conditions first are the ones the clinic's "Dry Needling 101" article lists; the
last three come from the topics of its later posts (whiplash, concussion, dizziness).
"""

from .specs import (
    ConditionSpec,
    ImageSpec,
    IndexPageSpec,
    ServiceSpec,
    benefits,
    call_to_action,
    faq,
    h2,
    h3,
    note,
    rich_text,
    steps,
    text,
    video,
)

PHONE = "(587) 735-6272"

SERVICE_INDEX = IndexPageSpec(
    slug="services",
    title="Services",
    intro=(
        "We help people in Edmonton ease pain and recover from injury, with dry needling, "
        "care after car accidents and support for active people."
    ),
    search_description=(
        "Physiotherapy services at Healing Haven in Edmonton: dry needling, car accident "
        "rehabilitation, whiplash, concussion, balance therapy, sciatica and more."
    ),
    extra={
        "conditions_intro": (
            "Not sure which service fits? Find your condition to see how we can help."
        ),
    },
)

DRY_NEEDLING_CONDITIONS = (
    ConditionSpec(
        "chronic-pain",
        "Chronic pain",
        "Pain that lasts for three months or longer, often after the original injury has healed.",
    ),
    ConditionSpec(
        "tension-headaches",
        "Tension headaches",
        "A dull, tight or pressing pain around the head, often linked to tight muscles in the "
        "neck and shoulders.",
    ),
    ConditionSpec(
        "migraines",
        "Migraines",
        "Strong, throbbing headaches that can last for hours and may come with nausea or "
        "sensitivity to light and sound.",
    ),
    ConditionSpec(
        "joint-pain",
        "Joint pain",
        "Pain, aching or stiffness in a joint such as the knee, hip or shoulder.",
    ),
    ConditionSpec(
        "muscle-spasms",
        "Muscle spasms",
        "A sudden tightening of a muscle that you cannot control, which can be painful and "
        "hard to relax.",
    ),
    ConditionSpec(
        "sciatica",
        "Sciatica",
        "Pain that runs from the lower back through the buttock and down the leg, along the "
        "sciatic nerve.",
    ),
    ConditionSpec(
        "tennis-elbow",
        "Tennis elbow",
        "Pain on the outside of the elbow from overusing the forearm muscles, often when "
        "gripping or lifting.",
    ),
    ConditionSpec(
        "plantar-fasciitis",
        "Plantar fasciitis",
        "Pain under the heel, often at its worst with the first steps in the morning.",
    ),
    ConditionSpec(
        "carpal-tunnel-syndrome",
        "Carpal tunnel syndrome",
        "Numbness, tingling or weakness in the hand, caused by pressure on a nerve at the wrist.",
    ),
)

CONDITIONS = (
    *DRY_NEEDLING_CONDITIONS,
    ConditionSpec(
        "whiplash",
        "Whiplash",
        "A neck injury caused by a sudden back-and-forth movement of the head, as often "
        "happens in a car accident.",
    ),
    ConditionSpec(
        "concussion",
        "Concussion",
        "A brain injury caused by a blow or jolt to the head or body, which can affect "
        "thinking, balance, sleep and mood.",
    ),
    ConditionSpec(
        "dizziness-and-balance-problems",
        "Dizziness and balance problems",
        "Feeling dizzy, unsteady or off balance, which can happen when the balance system of "
        "the inner ear and brain (the vestibular system) is affected.",
    ),
)

CAR_ACCIDENT_CAUTION = note(
    "If your symptoms are severe or getting worse after an accident, see a doctor or go to "
    "an emergency department right away.",
    tone="caution",
)

CONCUSSION_SIGNS = [
    "Headache, or a feeling of pressure in the head",
    "Dizziness or trouble with balance",
    "Feeling foggy, tired or slowed down",
    "Trouble concentrating or remembering",
    "Being bothered by light or noise",
    "Changes in sleep or mood",
]

CONCUSSION_RED_FLAGS = note(
    "Get emergency care right away if a headache gets worse, you vomit more than once, you "
    "feel weak or numb, your speech is slurred, or you become very drowsy or confused.",
    tone="caution",
)

SERVICES = (
    ServiceSpec(
        slug="dry-needling",
        title="Dry needling",
        summary=(
            "Very thin needles release tight, knotted muscles (trigger points) to ease pain "
            "and tension, help you move more freely and support healing."
        ),
        image=ImageSpec("Dry needling", "needles"),
        conditions=tuple(condition.slug for condition in DRY_NEEDLING_CONDITIONS),
        body=[
            h2("What is dry needling?"),
            text(
                "Dry needling is a type of physiotherapy treatment. Your physiotherapist "
                "places very thin needles into tight, knotted muscles, called trigger points, "
                "to relieve pain and tension. You may also hear it called trigger point dry "
                "needling or myofascial trigger point dry needling.",
                "When a needle reaches a trigger point, the muscle often gives a small twitch "
                "and then relaxes. This helps release the knot, ease pain and let you move "
                "more freely. How much it helps, and for how long, differs from person to "
                "person.",
            ),
            benefits(
                "How dry needling can help",
                [
                    (
                        "May ease pain and tension",
                        "Research suggests dry needling can reduce muscle pain in the short "
                        "term for some people, most of all alongside exercise.",
                    ),
                    (
                        "May help you move more easily",
                        "When tight, knotted muscles relax, stiffness often eases, so the area "
                        "can move more freely.",
                    ),
                    (
                        "Part of a wider plan",
                        "We use it with exercise and advice, not on its own, to help you get "
                        "back to what you want to do.",
                    ),
                    (
                        "Used for many kinds of muscle pain",
                        "People come to us with headaches, sciatica, tennis elbow, plantar "
                        "fasciitis and other muscle and joint pain. We will tell you honestly "
                        "whether it is likely to help you.",
                    ),
                ],
            ),
            steps(
                "What to expect",
                [
                    (
                        "We talk and assess",
                        "Your physiotherapist asks about your pain, your health and your goals, "
                        "and checks how you move.",
                    ),
                    (
                        "We find the tight spots",
                        "They feel for tight, knotted areas in your muscles (trigger points) "
                        "that may be adding to your pain.",
                    ),
                    (
                        "Dry needling",
                        "Very thin needles are placed into those muscles. You may feel a brief "
                        "twitch as a muscle tightens and then relaxes.",
                    ),
                    (
                        "Next steps",
                        "Your physiotherapist checks how you feel and how you move, and talks "
                        "with you about what comes next.",
                    ),
                ],
            ),
            faq(
                [
                    (
                        "Does dry needling hurt?",
                        "Most people find dry needling relatively painless. The needles are "
                        "very thin, and you may feel a brief twitch when one reaches a tight "
                        "muscle. You can tell your physiotherapist how you are feeling at any "
                        "time.",
                    ),
                    (
                        "How is dry needling different from acupuncture?",
                        "The needles used for dry needling are much thinner than those used in "
                        "traditional acupuncture. The two share an idea: both are based on the "
                        "belief that stimulating certain points in the body can help promote "
                        "healing. Dry needling focuses on tight, knotted muscles (trigger "
                        "points) to release tension and ease pain.",
                    ),
                    (
                        "What conditions can it help with?",
                        "Dry needling can be used for chronic pain, tension headaches, "
                        "migraines, joint pain, muscle spasms, sciatica, tennis elbow, plantar "
                        "fasciitis and carpal tunnel syndrome, among others.",
                    ),
                    (
                        "Can I have dry needling along with other treatment?",
                        "Yes. Dry needling can be an alternative to other therapy or work "
                        "alongside it as part of your recovery. Your physiotherapist will talk "
                        "with you about what suits you.",
                    ),
                    (
                        "How do I get started?",
                        f"Request a consultation online or call us at {PHONE}.",
                    ),
                ]
            ),
            call_to_action(
                "Is dry needling right for you?",
                f"Request a consultation or call us at {PHONE} to talk about your pain and your "
                "goals.",
            ),
        ],
    ),
    ServiceSpec(
        slug="car-accident-rehabilitation",
        title="Car accident rehabilitation",
        summary=(
            "Physiotherapy after a motor vehicle accident (MVA): care for whiplash, back and "
            "hip pain, concussion, dizziness and nerve pain, and help returning to work."
        ),
        image=ImageSpec("Car accident rehabilitation", "car"),
        conditions=(
            "whiplash",
            "concussion",
            "dizziness-and-balance-problems",
            "sciatica",
            "joint-pain",
        ),
        body=[
            h2("Care after a car accident"),
            text(
                "A car accident can affect more than one part of your body. Your neck, back, "
                "hips and more can all be hurt, and some problems, such as a concussion or "
                "dizziness, can be easy to miss.",
                "Our care looks at every area the accident affected, not only the one that "
                "hurts most.",
            ),
            benefits(
                "What we help with",
                [
                    (
                        "Whiplash and neck pain",
                        "Care for the neck after the sudden back-and-forth movement of a crash.",
                    ),
                    (
                        "Back and hip pain",
                        "Treatment for your back, hips and the other areas an accident can affect.",
                    ),
                    (
                        "Concussion",
                        "We watch for the subtle signs of a concussion so they are not overlooked.",
                    ),
                    (
                        "Dizziness and balance",
                        "Balance and dizziness therapy, built into your care when the accident "
                        "has affected your balance.",
                    ),
                    (
                        "Sciatica and nerve pain",
                        "Care for nerve pain that can follow an accident or a whiplash injury.",
                    ),
                    (
                        "Returning to work",
                        "Help getting back to work and your normal activities safely.",
                    ),
                ],
            ),
            h2("Your part in recovery"),
            text(
                "Your own part in your recovery is key. Your physiotherapist guides you, and "
                "you take an active part through the exercises and activities you agree on "
                "together. This can help keep problems from becoming chronic (long-lasting)."
            ),
            CAR_ACCIDENT_CAUTION,
            call_to_action(
                "Recovering from a car accident?",
                f"Request a consultation or call us at {PHONE}. We will talk about what happened "
                "and how you are feeling now.",
            ),
        ],
    ),
    ServiceSpec(
        slug="whiplash",
        title="Whiplash",
        summary=(
            "Physiotherapy for whiplash after a car accident: we explain what is going on, "
            "ease your symptoms and guide your recovery step by step."
        ),
        image=ImageSpec("Whiplash", "motion"),
        conditions=("whiplash",),
        body=[
            h2("What is whiplash?"),
            text(
                "Whiplash is a neck injury. It happens when the head is thrown quickly "
                "backward and forward, as often happens in a car accident. The sudden "
                "movement can strain the muscles and other soft tissues of the neck."
            ),
            h3("Common symptoms"),
            text(
                [
                    "Neck pain and stiffness",
                    "Headaches, often starting at the base of the skull",
                    "Pain or tightness in the shoulders or upper back",
                    "Trouble turning or tilting your head",
                ],
                "Symptoms do not always start right away. Some people notice them hours or "
                "days after the accident.",
            ),
            steps(
                "How we help",
                [
                    (
                        "Assessment",
                        "We ask about the accident and your symptoms, and check how your neck "
                        "and back move.",
                    ),
                    (
                        "A plan for you",
                        "We explain what we find in plain words and agree on a plan with clear "
                        "goals.",
                    ),
                    (
                        "Treatment and exercise",
                        "Your physiotherapist treats the sore areas and guides you through "
                        "exercises to help your neck move more easily. Dry needling may be part "
                        "of your care if it suits you.",
                    ),
                    (
                        "Back to daily life",
                        "As you improve, we help you return to work and the activities you enjoy.",
                    ),
                ],
            ),
            CAR_ACCIDENT_CAUTION,
            call_to_action(
                "Hurt your neck in an accident?",
                f"Request a consultation or call us at {PHONE} to get started.",
            ),
        ],
    ),
    ServiceSpec(
        slug="concussion-care",
        title="Concussion care",
        summary=(
            "Physiotherapy for concussion after a car accident, with a careful look for the "
            "subtle signs that are easy to miss."
        ),
        image=ImageSpec("Concussion care", "head"),
        conditions=("concussion",),
        body=[
            h2("Concussion after a car accident"),
            text(
                "A concussion can happen in a car accident even if you did not hit your head: "
                "a hard jolt to the body can be enough. The signs can be subtle and may not "
                "show up right away, so they are easy to overlook among other injuries."
            ),
            h3("Signs to watch for"),
            text(CONCUSSION_SIGNS),
            h2("Our approach"),
            text(
                "When we see you after an accident, we look for these signs as part of a "
                "full assessment, along with your neck, back and balance. If we find signs of "
                "a concussion, we include them in your care plan so they are not overlooked."
            ),
            CONCUSSION_RED_FLAGS,
            call_to_action(
                "Worried about a concussion?",
                f"Request a consultation or call us at {PHONE} to talk about your symptoms.",
            ),
        ],
    ),
    ServiceSpec(
        slug="vestibular-therapy",
        title="Vestibular and balance therapy",
        summary=(
            "Therapy for dizziness and balance problems after a car accident, built into your "
            "physiotherapy care."
        ),
        image=ImageSpec("Vestibular and balance therapy", "level"),
        conditions=("dizziness-and-balance-problems",),
        body=[
            h2("What is the vestibular system?"),
            text(
                "The vestibular system, in your inner ear and brain, helps you keep your "
                "balance and keep your vision steady when you move. A car accident can affect "
                "this system and leave you feeling dizzy or unsteady."
            ),
            h3("Signs it may be affected"),
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
                "When dizziness or balance is part of the problem, we include vestibular "
                "therapy in your physiotherapy care, so it is treated along with your other "
                "injuries rather than on its own.",
                "Vestibular therapy uses exercises for the eyes, head and balance, chosen for "
                "your symptoms and built up step by step.",
            ),
            call_to_action(
                "Feeling dizzy since an accident?",
                f"Request a consultation or call us at {PHONE} to get started.",
            ),
        ],
    ),
    ServiceSpec(
        slug="sciatica-and-nerve-pain",
        title="Sciatica and nerve pain",
        summary=(
            "Physiotherapy for sciatica and nerve pain, including after a car accident or "
            "whiplash injury, to help you regain comfort, function and confidence."
        ),
        image=ImageSpec("Sciatica and nerve pain", "nerve"),
        conditions=("sciatica",),
        body=[
            h2("What is sciatica?"),
            text(
                "Sciatica is pain along the sciatic nerve, which runs from your lower back "
                "through your buttock and down your leg. It can feel sharp, burning or like an "
                "electric shock, and may come with numbness or tingling."
            ),
            h2("Nerve pain after a car accident"),
            text(
                "A car accident or whiplash injury can irritate the nerves in your back and "
                "neck. We look at where your pain comes from and treat it as part of your "
                "overall care."
            ),
            benefits(
                "What we work toward",
                [
                    (
                        "Comfort",
                        "Easing pain so you can sit, sleep and move with less discomfort.",
                    ),
                    ("Function", "Getting back the movement you need for work and daily life."),
                    (
                        "Confidence",
                        "Helping you trust your body again as you return to your usual activities.",
                    ),
                ],
            ),
            text("Dry needling can be part of treatment for sciatica when it suits you."),
            call_to_action(
                "Living with nerve pain?",
                f"Request a consultation or call us at {PHONE} to talk about your symptoms.",
            ),
        ],
    ),
    ServiceSpec(
        slug="return-to-work",
        title="Return to work",
        summary=(
            "Focused physiotherapy to help you return to work and your normal activities "
            "safely after a car accident injury."
        ),
        image=ImageSpec("Return to work", "briefcase"),
        body=[
            h2("Getting back to work after an injury"),
            text(
                "After a car accident, going back to work can feel like a big step, whether "
                "your job keeps you at a desk or on your feet. We help you get there safely, "
                "at a pace that suits your recovery."
            ),
            steps(
                "How we help",
                [
                    (
                        "Understand your work",
                        "We ask about the tasks your job and your daily life involve.",
                    ),
                    (
                        "Build up step by step",
                        "Your physiotherapist guides exercises that build the strength and "
                        "movement those tasks need.",
                    ),
                    (
                        "Return safely",
                        "We help you plan your return and adjust the plan as you go.",
                    ),
                ],
            ),
            call_to_action(
                "Planning your return to work?",
                f"Request a consultation or call us at {PHONE} to get started.",
            ),
        ],
    ),
    ServiceSpec(
        slug="sports-recovery",
        title="Sports recovery",
        summary=(
            "Physiotherapy and dry needling for athletes in Edmonton, to help you recover, "
            "reduce muscle tension and get back to your sport."
        ),
        image=ImageSpec("Sports recovery", "stopwatch"),
        conditions=("muscle-spasms", "tennis-elbow", "plantar-fasciitis", "joint-pain"),
        body=[
            h2("Recovery for active people"),
            text(
                "Training and competing ask a lot of your muscles. Whether you are recovering "
                "from an injury or dealing with tight, sore muscles, physiotherapy can help "
                "you recover and get back to your sport."
            ),
            benefits(
                "How dry needling can help athletes",
                [
                    (
                        "May help recovery",
                        "Some athletes find their muscles feel less tight and sore after "
                        "treatment, which can make training easier.",
                    ),
                    (
                        "Reduces muscle tension",
                        "Releasing tight, knotted muscles can ease tension and soreness.",
                    ),
                    (
                        "Supports performance",
                        "Better range of motion can help you move the way your sport asks you to.",
                    ),
                ],
            ),
            h2("A stretch to do at home"),
            text(
                "Your physiotherapist may give you exercises to do between visits. This short "
                "video shows one of them; ask us which exercises suit your own recovery."
            ),
            # The address is a stand-in: the clinic puts one of its own videos there.
            video(
                "https://www.youtube.com/watch?v=Hh7kQ2mVx4E",
                "Calf stretch against a wall",
                "2:45",
                ImageSpec("Calf stretch against a wall", "wall-stretch"),
                rich_text(
                    "A physiotherapist shows a calf stretch, facing a wall.",
                    [
                        "Stand an arm's length from a wall and put both hands on it at shoulder "
                        "height.",
                        "Step one foot back. Keep that leg straight and its heel on the floor.",
                        "Bend your front knee and lean towards the wall until you feel a gentle "
                        "stretch in the calf of your back leg.",
                        "Hold for 30 seconds while breathing normally, then change legs.",
                        "Do the stretch two or three times on each side.",
                    ],
                    "A stretch should feel gentle. Stop if you feel sharp pain, numbness or "
                    "tingling, and tell your physiotherapist.",
                ),
            ),
            call_to_action(
                "Ready to get back to your sport?",
                f"Request a consultation or call us at {PHONE} to get started.",
            ),
        ],
    ),
)

# Shown on the home page, in this order: dry needling first.
FEATURED_SERVICES = (
    "dry-needling",
    "car-accident-rehabilitation",
    "whiplash",
    "vestibular-therapy",
    "sciatica-and-nerve-pain",
    "sports-recovery",
)
