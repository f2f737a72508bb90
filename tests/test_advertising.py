"""The College's advertising rules: the phrase list flags what it must and nothing else,
the demo content follows it, and the editor's checks panel gets the same list."""

import re

import pytest
from bs4 import BeautifulSoup

from healinghaven.demo.checks import advertising_problems, demo_texts
from healinghaven.editorial import advertising
from healinghaven.wagtail_hooks import ClinicContentChecker

MUST_FLAG = [
    ("The best physiotherapy in Edmonton", "superlatives"),
    ("Edmonton's top therapists", "superlatives"),
    ("Edmonton’s top therapists", "superlatives"),
    ("A top-rated clinic", "superlatives"),
    ("Voted #1 clinic", "superlatives"),
    ("The number one choice", "superlatives"),
    ("A leading provider of care", "superlatives"),
    ("Better than the rest", "superlatives"),
    ("World-class rehabilitation", "superlatives"),
    ("Our most experienced team", "superlatives"),
    ("Our expert physiotherapists", "expertise"),
    ("A specialist in sports injuries", "expertise"),
    ("We specialize in whiplash", "expertise"),
    ("Results guaranteed", "guarantees"),
    ("We guarantee you will feel better", "guarantees"),
    ("We guide you to full recovery", "guarantees"),
    ("Our approach ensures nothing is overlooked", "guarantees"),
    ("Dry needling enhances your athletic performance", "guarantees"),
    ("Be pain-free in three visits", "guarantees"),
    ("A cure for back pain", "guarantees"),
    ("100% satisfaction", "guarantees"),
    ("Book a free assessment", "free"),
    ("Your first visit is FREE", "free"),
    ("A complimentary posture check", "free"),
    ("Consultations at no cost", "free"),
    ("20% off your first visit", "inducements"),
    ("$25 off massage", "inducements"),
    ("Discounted packages", "inducements"),
    ("Use promo code SPRING", "inducements"),
    ("Refer a friend and win", "inducements"),
    ("Enter our contest for a gift card", "inducements"),
    ("A special offer this month", "inducements"),
    ("Dry needling cures headaches", "guarantees"),
    ("Exercise reverses arthritis", "claims"),
    ("A cleanse that detoxifies your muscles", "claims"),
    ("Massage flushes out toxins", "claims"),
    ("It may also help break up scar tissue", "claims"),
    ("Needles break down scar tissue", "claims"),
    ("Treats a wide range of conditions", "claims"),
    ("Used to treat a wide variety of conditions", "claims"),
    ("Chemicals that help reduce inflammation", "claims"),
    ("Cupping boosts your immune system", "claims"),
    ("Acupuncture boosts immunity", "claims"),
    ("Fast-track your healing journey", "claims"),
]

MUST_NOT_FLAG = [
    "Dry needling can help relieve pain and tension.",
    "Move more freely after your treatment.",
    "Feel free to call us with questions.",
    "We look at the top of your foot and your ankle.",
    "Stand up straight and reach to the top shelf.",
    "Our physiotherapists guide your recovery after an accident.",
    "Results differ from person to person.",
    "Recovery takes an active part from you.",
    "The treatment can support your training and sport.",
    "We bill your insurer directly where your plan allows it.",
    "Request a consultation online or call us.",
    "Dry needling may help reduce pain in the short term for some people.",
    "Scar tissue after surgery can make a joint stiff.",
    "Inflammation is part of how the body heals.",
    "We treat people with many kinds of muscle and joint pain.",
    "Reverse lunges strengthen the legs.",
    "Number of visits depends on your progress.",
    "Discover how care helps after a car accident.",
    "A leaf-shaped logo.",
    "Reading time: 1 minute.",
]


@pytest.mark.parametrize(("text", "rule"), MUST_FLAG)
def test_flags_what_breaks_the_rules(text, rule):
    assert rule in {problem.rule.key for problem in advertising.find_problems(text)}, text


@pytest.mark.parametrize("text", MUST_NOT_FLAG)
def test_leaves_honest_wording_alone(text):
    assert advertising.find_problems(text) == [], text


def test_problems_name_the_words_and_read_html():
    problems = advertising.find_problems("<p>The <b>BEST</b> care, <em>free</em>!</p>", "Body")
    assert [(p.rule.key, p.phrase, p.where) for p in problems] == [
        ("superlatives", "best", "Body"),
        ("free", "free", "Body"),
    ]


def test_every_rule_explains_itself_and_uses_no_flags():
    for rule in advertising.RULES:
        assert rule.name and len(rule.explanation) > 60, rule.key
        # The browser reads the pattern between slashes, without flags: none inline either.
        assert "(?i" not in rule.pattern and "/" not in rule.pattern, rule.key
        re.compile(rule.pattern)


def test_the_demo_content_follows_the_rules():
    texts = list(demo_texts())
    assert len(texts) > 100  # titles, intros and bodies of every demo page were read
    problems = advertising_problems()
    assert problems == [], [(p.where, p.phrase) for p in problems]


def test_the_seed_wording_we_replaced_would_be_flagged():
    seed_intros = [
        "Learn about whiplash causes, symptoms, and how Healing Haven’s expert "
        "physiotherapists guide you to full recovery after an accident.",
        "Athlete in Edmonton? See how dry needling aids recovery, reduces muscle tension, "
        "and enhances your athletic performance at Healing Haven.",
        "Learn the subtle signs of post-MVA concussion and how our comprehensive approach "
        "ensures nothing is overlooked.",
    ]
    for intro in seed_intros:
        assert advertising.find_problems(intro), intro


# The editor's checks panel --------------------------------------------------------------


def test_editor_checker_runs_a_rule_per_advertising_rule_with_its_explanation():
    checker = ClinicContentChecker(in_editor=True)
    config = checker.get_axe_configuration(request=None)
    rule_ids = {rule.axe_rule_id for rule in advertising.RULES}
    assert rule_ids <= set(config["options"]["runOnly"])
    spec_rules = {rule["id"]: rule for rule in config["spec"]["rules"]}
    checks = {check["id"]: check for check in config["spec"]["checks"]}
    for rule in advertising.RULES:
        axe_rule = spec_rules[rule.axe_rule_id]
        assert axe_rule["selector"] == "[data-advertising-text]"
        check = checks[axe_rule["none"][0]]
        assert check["evaluate"] == "matches-definition-evaluate"
        pattern = check["options"]["matcher"]["attributes"]["data-advertising-text"]
        assert pattern == f"/{rule.pattern}/"
        assert config["messages"][rule.axe_rule_id] == {
            "error_name": rule.name,
            "help_text": rule.explanation,
        }
    # Wagtail's own checks are still there.
    assert "alt-text-quality" in spec_rules and "check-image-alt-text" in checks


@pytest.mark.django_db
def test_preview_carries_the_text_to_check_and_the_live_page_does_not(client, clinic, dry_needling):
    dry_needling.summary = "The BEST treatment, guaranteed."
    dry_needling.save_revision().publish()

    live = client.get(dry_needling.url).content.decode()
    assert "data-advertising-text" not in live

    response = dry_needling.make_preview_request()  # as the editor's preview panel does
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    lead = soup.select_one("p.lead")
    assert lead["data-advertising-text"].startswith("the best treatment, guaranteed.")
    assert soup.select_one("h1")["data-advertising-text"] == dry_needling.title.lower()
    # What the browser's check will match, with the same pattern the editor gets.
    superlatives = advertising.BY_KEY["superlatives"]
    assert re.search(superlatives.pattern, lead["data-advertising-text"])


@pytest.mark.django_db
def test_check_advertising_command_lists_live_pages_wording(clinic, dry_needling):
    from io import StringIO

    from django.core.management import CommandError, call_command

    call_command("check_advertising", "--demo", stdout=StringIO())  # the demo copy is clean
    dry_needling.summary = "Free assessment with Edmonton's best team."
    dry_needling.save_revision().publish()
    out = StringIO()
    with pytest.raises(CommandError, match="2 wording problem"):
        call_command("check_advertising", stdout=out)
    assert "/home/services/dry-needling/ Summary: “best” (Superlative or comparison)" in (
        out.getvalue()
    )
