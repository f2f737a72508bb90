"""Videos on YouTube or Vimeo, shown without tracking (the video block in blocks.py).

An editor pastes a video's address as they find it. `video_at` reads which video it is and
gives the two addresses the site uses: the video's page on its host (the link shown without
JavaScript) and its player on the host's privacy-enhanced domain (YouTube's no-cookie
domain, Vimeo's player with do-not-track), loaded only when the patient presses play.
The Content-Security-Policy's frame-src allows those two players' origins only (settings).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError

PLAYERS = {"YouTube": "https://www.youtube-nocookie.com", "Vimeo": "https://player.vimeo.com"}
YOUTUBE_HOSTS = {"youtube.com", "m.youtube.com", "youtube-nocookie.com", "youtu.be"}
YOUTUBE_ID = re.compile(r"[\w-]{11}")
VIMEO_HASH = re.compile(r"[0-9a-f]+")


@dataclass(frozen=True)
class Video:
    host: str  # "YouTube" or "Vimeo", as patients know it
    page_url: str  # the video on its host's own site
    player_url: str  # the player alone, started at once: loaded after the press on play


def video_at(url: str) -> Video | None:
    """The YouTube or Vimeo video at this address, or None for any other address."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    path = [part for part in parts.path.split("/") if part]
    query = parse_qs(parts.query)
    if parts.scheme not in ("http", "https"):
        return None
    if host in YOUTUBE_HOSTS:
        if host == "youtu.be":
            path = ["embed", *path]
        video_id = query.get("v", [""])[0] if path == ["watch"] else ""
        if len(path) == 2 and path[0] in ("embed", "shorts", "live"):
            video_id = path[1]
        if YOUTUBE_ID.fullmatch(video_id):
            return Video(
                "YouTube",
                f"https://www.youtube.com/watch?v={video_id}",
                f"{PLAYERS['YouTube']}/embed/{video_id}?autoplay=1&rel=0",
            )
    elif host in ("vimeo.com", "player.vimeo.com"):
        if host == "player.vimeo.com" and path[:1] == ["video"]:
            path = path[1:]
        # An unlisted video's address carries its hash: vimeo.com/123/abc or ?h=abc.
        video_hash = path[1] if len(path) == 2 else query.get("h", [""])[0]
        if 1 <= len(path) <= 2 and path[0].isdigit() and VIMEO_HASH.fullmatch(video_hash or "0"):
            video_id = path[0]
            return Video(
                "Vimeo",
                f"https://vimeo.com/{video_id}" + (f"/{video_hash}" if video_hash else ""),
                f"{PLAYERS['Vimeo']}/video/{video_id}?dnt=1&autoplay=1"
                + (f"&h={video_hash}" if video_hash else ""),
            )
    return None


def validate_video_url(url: str) -> None:
    if url and video_at(url) is None:
        raise ValidationError(
            "This is not the address of a YouTube or Vimeo video. Open the video on YouTube "
            "or Vimeo and paste its address, e.g. https://www.youtube.com/watch?v=… or "
            "https://vimeo.com/…: videos from other sites cannot be shown without tracking."
        )
