"""Exercise videos without tracking: the address an editor pastes, what the page holds before
play (a link and a still of our own, no frame), the transcript, and the CSP's frame-src.
The browser test of what is fetched before and after play is tests/e2e/test_video.py."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from healinghaven.blocks import BodyBlock, VideoBlock
from healinghaven.videos import PLAYERS, video_at
from tests import factories

PLAYER_ORIGINS = {"https://www.youtube-nocookie.com", "https://player.vimeo.com"}


@pytest.mark.parametrize(
    ("url", "page_url", "player_url"),
    [
        (
            "https://www.youtube.com/watch?v=Hh7kQ2mVx4E&t=10s",
            "https://www.youtube.com/watch?v=Hh7kQ2mVx4E",
            "https://www.youtube-nocookie.com/embed/Hh7kQ2mVx4E?autoplay=1&rel=0",
        ),
        (
            "https://youtu.be/Hh7kQ2mVx4E?si=abc",
            "https://www.youtube.com/watch?v=Hh7kQ2mVx4E",
            "https://www.youtube-nocookie.com/embed/Hh7kQ2mVx4E?autoplay=1&rel=0",
        ),
        (
            "https://m.youtube.com/shorts/Hh7kQ2mVx4E",
            "https://www.youtube.com/watch?v=Hh7kQ2mVx4E",
            "https://www.youtube-nocookie.com/embed/Hh7kQ2mVx4E?autoplay=1&rel=0",
        ),
        (
            "https://www.youtube-nocookie.com/embed/Hh7kQ2mVx4E",
            "https://www.youtube.com/watch?v=Hh7kQ2mVx4E",
            "https://www.youtube-nocookie.com/embed/Hh7kQ2mVx4E?autoplay=1&rel=0",
        ),
        (
            "https://vimeo.com/76979871",
            "https://vimeo.com/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
        ),
        (
            "https://vimeo.com/76979871/0a1b2c3d4e",  # unlisted: the hash goes with it
            "https://vimeo.com/76979871/0a1b2c3d4e",
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=0a1b2c3d4e",
        ),
        (
            "https://player.vimeo.com/video/76979871?h=0a1b2c3d4e",
            "https://vimeo.com/76979871/0a1b2c3d4e",
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=0a1b2c3d4e",
        ),
    ],
)
def test_a_youtube_or_vimeo_address_gives_the_page_and_the_private_player(
    url, page_url, player_url
):
    video = video_at(url)
    assert (video.page_url, video.player_url) == (page_url, player_url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/watch?v=Hh7kQ2mVx4E",
        "https://www.youtube.com/@healinghaven",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/playlist?list=PL0123456789",
        "https://youtube.com.example.net/watch?v=Hh7kQ2mVx4E",
        "https://vimeo.com/channels/staffpicks",
        "https://vimeo.com/76979871/not-a-hash",
        "javascript:alert(1)//youtu.be/Hh7kQ2mVx4E",
    ],
)
def test_other_addresses_are_refused_with_a_clear_error(url):
    value = VideoBlock().to_python(
        {"url": url, "title": "Calf stretch", "duration": "2:45", "poster": None}
    )
    with pytest.raises(ValidationError) as refused:
        VideoBlock().clean(value)
    errors = refused.value.block_errors
    assert "url" in errors
    assert "not the address of a YouTube or Vimeo video" in str(errors["url"])


@pytest.mark.django_db
def test_a_transcript_and_a_length_as_minutes_and_seconds_are_required():
    image = factories.SiteImageFactory()
    value = VideoBlock().to_python(
        {
            "url": "https://youtu.be/Hh7kQ2mVx4E",
            "title": "Calf stretch",
            "duration": "about 3 minutes",
            "poster": image.pk,
            "transcript": "",
        }
    )
    with pytest.raises(ValidationError) as refused:
        VideoBlock().clean(value)
    errors = refused.value.block_errors
    assert set(errors) == {"duration", "transcript"}
    assert "minutes:seconds" in str(errors["duration"])


def video_body(image, url="https://www.youtube.com/watch?v=Hh7kQ2mVx4E"):
    return BodyBlock().to_python(
        [
            {
                "type": "video",
                "value": {
                    "url": url,
                    "title": "Calf stretch against a wall",
                    "duration": "1:02:45",
                    "poster": image.pk,
                    "transcript": "<p>Stand an arm's length from a wall.</p>",
                },
            }
        ]
    )


@pytest.fixture
def video_page(clinic, service_index):
    page = factories.ServicePageFactory(parent=service_index, slug="sports-recovery")
    page.body = video_body(factories.SiteImageFactory())
    page.save_revision().publish()
    return page


def test_before_play_the_page_holds_a_link_and_our_own_still_and_nothing_of_the_host(
    client, video_page
):
    response = client.get(video_page.url)
    soup = BeautifulSoup(response.content, "html.parser")
    video = soup.select_one(".video")

    link = video.select_one("a.video__screen")
    assert link["href"] == "https://www.youtube.com/watch?v=Hh7kQ2mVx4E"
    assert link["aria-label"] == "Watch on YouTube: Calf stretch against a wall"
    assert link.get_text(strip=True) == "Watch on YouTube"  # the start of its name (2.5.3)
    assert video["data-video-player"].startswith("https://www.youtube-nocookie.com/embed/")
    assert video.select_one(".video__title").get_text() == "Calf stretch against a wall"
    assert video.select_one("time")["datetime"] == "PT1H2M45S"
    assert video.select_one("time").get_text() == "1:02:45"
    summary = video.select_one("details summary")
    assert summary.get_text() == "Transcript: Calf stretch against a wall"
    assert "Stand an arm's length from a wall." in video.select_one("details").get_text()
    # Nothing to load from another site: no frame, and every source is our own.
    assert soup.select("iframe") == []
    sources = [
        url
        for tag in soup.select("[src], [srcset]")
        for url in [tag.get("src", ""), *tag.get("srcset", "").split()]
    ]
    assert [url for url in sources if url.startswith("http")] == []
    assert video.select("img") and all(img["src"].startswith("/") for img in video.select("img"))


def test_public_pages_may_frame_the_two_players_and_nothing_else(client, video_page):
    policy = directives(client.get(video_page.url)["Content-Security-Policy"])
    assert set(policy["frame-src"]) == PLAYER_ORIGINS == set(PLAYERS.values())
    assert policy["default-src"] == ["'self'"]


def test_the_admin_may_frame_its_previews_and_the_players(admin_client, home):
    editor = directives(admin_client.get(reverse("wagtailadmin_home"))["Content-Security-Policy"])
    sign_in = directives(admin_client.get(reverse("wagtailadmin_login"))["Content-Security-Policy"])
    assert set(editor["frame-src"]) == {"'self'", *PLAYER_ORIGINS}
    assert sign_in["frame-src"] == ["'self'"]


def test_only_the_players_may_start_a_video_on_their_own(client, video_page):
    policy = client.get(video_page.url)["Permissions-Policy"]
    assert 'autoplay=("https://www.youtube-nocookie.com" "https://player.vimeo.com")' in policy
    assert "camera=()" in policy


def directives(policy: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }
