"""Placeholder images for the demo content, drawn with Pillow (nothing is downloaded).

Each image is a calm abstract composition: a soft gradient, a few blurred shapes in the
clinic's teal, green and sand palette, and a simple line drawing (a motif) for the topic.
The same title always gives the same image, so reloading the demo is repeatable.
"""

import hashlib
import io
import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1600, 900
JPEG_QUALITY = 82

PALETTE = {
    "deep_teal": (31, 95, 91),
    "teal": (42, 127, 122),
    "green": (127, 182, 158),
    "sage": (168, 201, 176),
    "sand": (233, 220, 195),
    "light_sand": (245, 239, 227),
    "clay": (217, 180, 143),
}
BACKGROUNDS = [
    ("light_sand", "sage"),
    ("sand", "green"),
    ("light_sand", "green"),
    ("sage", "teal"),
]
BLOB_COLOURS = ["teal", "green", "sage", "sand", "clay", "light_sand"]

# The motif is drawn on a square canvas three times its final size, then scaled down:
# smooth edges (anti-aliasing) from a drawing library that has none.
MOTIF_CANVAS = 1200
MOTIF_SIZE = MOTIF_CANVAS // 3
LINE = 34  # stroke width on the motif canvas

Draw = ImageDraw.ImageDraw


def _needles(d: Draw, ink) -> None:
    for x, tilt in ((420, -50), (600, 0), (780, 50)):
        d.line([(x, 330), (x + tilt, 960)], fill=ink, width=LINE // 2)
        d.ellipse([x - 45, 240, x + 45, 330], fill=ink)


def _car(d: Draw, ink) -> None:
    d.rounded_rectangle([170, 560, 1030, 800], radius=80, outline=ink, width=LINE)
    d.line([(330, 560), (440, 400), (760, 400), (880, 560)], fill=ink, width=LINE, joint="curve")
    for cx in (370, 830):
        d.ellipse([cx - 110, 720, cx + 110, 940], fill=ink)


def _spine(d: Draw, ink) -> None:
    for i in range(7):
        y = 180 + i * 125
        x = 600 + int(90 * math.sin(i / 6 * math.pi))
        d.rounded_rectangle([x - 150, y, x + 150, y + 90], radius=40, fill=ink)


def _motion(d: Draw, ink) -> None:
    d.ellipse([450, 400, 750, 700], outline=ink, width=LINE)
    d.line([(600, 700), (600, 1000)], fill=ink, width=LINE)
    # A curved, double-headed arrow over the head: back-and-forth movement.
    cx, cy, r = 600, 650, 420
    d.arc([cx - r, cy - r, cx + r, cy + r], 215, 325, fill=ink, width=LINE)
    for angle, turn in ((215, -1), (325, 1)):
        a = math.radians(angle)
        x, y = cx + r * math.cos(a), cy + r * math.sin(a)
        along = (-math.sin(a) * turn, math.cos(a) * turn)  # tangent, pointing off the arc
        across = (math.cos(a), math.sin(a))
        tip = (x + along[0] * 90, y + along[1] * 90)
        base = [(x + across[0] * side * 60, y + across[1] * side * 60) for side in (1, -1)]
        d.polygon([tip, *base], fill=ink)


def _head(d: Draw, ink) -> None:
    d.ellipse([330, 200, 870, 740], outline=ink, width=LINE)
    d.line([(520, 740), (520, 960)], fill=ink, width=LINE)
    d.line([(680, 740), (680, 960)], fill=ink, width=LINE)
    for r in (70, 150):
        d.arc([600 - r, 470 - r, 600 + r, 470 + r], 200, 340, fill=ink, width=LINE // 2)


def _level(d: Draw, ink) -> None:
    d.rounded_rectangle([150, 480, 1050, 720], radius=120, outline=ink, width=LINE)
    d.ellipse([530, 535, 670, 665], fill=ink)
    for x in (470, 730):
        d.line([(x, 500), (x, 700)], fill=ink, width=LINE // 2)
    d.line([(250, 900), (950, 900)], fill=ink, width=LINE // 2)


def _nerve(d: Draw, ink) -> None:
    points = [(600 + int(120 * math.sin(t / 7)), 150 + t * 18) for t in range(0, 46)]
    d.line(points, fill=ink, width=LINE, joint="curve")
    for t, side in ((10, -1), (20, 1), (30, -1), (40, 1)):
        x, y = points[t]
        d.line([(x, y), (x + side * 260, y + 120)], fill=ink, width=LINE // 2)
        d.ellipse([x + side * 260 - 30, y + 90, x + side * 260 + 30, y + 150], fill=ink)


def _briefcase(d: Draw, ink) -> None:
    d.rounded_rectangle([200, 420, 1000, 920], radius=60, outline=ink, width=LINE)
    d.rounded_rectangle([450, 270, 750, 430], radius=40, outline=ink, width=LINE)
    d.line([(200, 620), (1000, 620)], fill=ink, width=LINE // 2)
    d.rounded_rectangle([550, 580, 650, 670], radius=16, fill=ink)


def _stopwatch(d: Draw, ink) -> None:
    d.ellipse([260, 330, 940, 1010], outline=ink, width=LINE)
    d.rounded_rectangle([530, 180, 670, 260], radius=20, fill=ink)
    d.line([(600, 260), (600, 330)], fill=ink, width=LINE)
    d.line([(600, 670), (600, 460)], fill=ink, width=LINE)
    d.line([(600, 670), (760, 760)], fill=ink, width=LINE)


def _steps(d: Draw, ink) -> None:
    points = [(150, 950)]
    for _ in range(4):
        x, y = points[-1]
        points += [(x, y - 170), (x + 220, y - 170)]
    d.line(points, fill=ink, width=LINE, joint="curve")
    d.line([(300, 520), (700, 220)], fill=ink, width=LINE // 2)
    d.polygon([(740, 190), (640, 200), (700, 280)], fill=ink)


def _calendar(d: Draw, ink) -> None:
    d.rounded_rectangle([220, 260, 980, 980], radius=60, outline=ink, width=LINE)
    d.line([(220, 430), (980, 430)], fill=ink, width=LINE)
    for x in (420, 780):
        d.line([(x, 180), (x, 330)], fill=ink, width=LINE)
    d.line([(420, 700), (560, 840), (800, 560)], fill=ink, width=LINE, joint="curve")


def _gift(d: Draw, ink) -> None:
    d.rounded_rectangle([250, 500, 950, 980], radius=40, outline=ink, width=LINE)
    d.rounded_rectangle([200, 380, 1000, 510], radius=30, outline=ink, width=LINE)
    d.line([(600, 380), (600, 980)], fill=ink, width=LINE)
    d.ellipse([380, 220, 600, 390], outline=ink, width=LINE // 2)
    d.ellipse([600, 220, 820, 390], outline=ink, width=LINE // 2)


def _leaf(d: Draw, ink) -> None:
    outline = [
        (600 + int(330 * math.sin(t / 40 * math.pi)) * side, 180 + t * 18)
        for side in (1, -1)
        for t in (range(41) if side == 1 else range(40, -1, -1))
    ]
    d.polygon(outline, outline=ink, width=LINE)
    d.line([(600, 200), (600, 1020)], fill=ink, width=LINE // 2)
    for y in (420, 600, 780):
        d.line([(600, y + 60), (430, y - 60)], fill=ink, width=LINE // 2)
        d.line([(600, y + 60), (770, y - 60)], fill=ink, width=LINE // 2)


def _wall_stretch(d: Draw, ink) -> None:
    d.line([(980, 160), (980, 1000)], fill=ink, width=LINE)  # the wall
    d.line([(150, 1000), (1050, 1000)], fill=ink, width=LINE // 2)  # the floor
    d.ellipse([690, 200, 830, 340], fill=ink)  # the head
    d.line([(700, 350), (520, 640)], fill=ink, width=LINE)  # the body, leaning in
    d.line([(680, 400), (980, 430)], fill=ink, width=LINE // 2)  # arms to the wall
    d.line([(520, 640), (700, 790), (700, 990)], fill=ink, width=LINE, joint="curve")
    d.line([(520, 640), (270, 990)], fill=ink, width=LINE)  # the back leg, stretched


MOTIFS: dict[str, tuple[Callable[[Draw, tuple], None], str]] = {
    # name: (drawing function, what the drawing shows, for the alt text)
    "needles": (_needles, "three thin needles"),
    "car": (_car, "a simple car outline"),
    "spine": (_spine, "a curved column of rounded blocks, like a spine"),
    "motion": (_motion, "a head and neck under a curved, double-headed arrow"),
    "head": (_head, "the outline of a head with soft curved lines inside it"),
    "level": (_level, "a spirit level with its bubble in the centre"),
    "nerve": (_nerve, "a winding line with branches, like a nerve"),
    "briefcase": (_briefcase, "a briefcase"),
    "stopwatch": (_stopwatch, "a stopwatch"),
    "steps": (_steps, "a set of stairs with an arrow pointing up"),
    "calendar": (_calendar, "a calendar page with a check mark"),
    "gift": (_gift, "a gift box with a bow"),
    "leaf": (_leaf, "a leaf"),
    "wall-stretch": (_wall_stretch, "a person leaning on a wall with one leg stretched back"),
}


def describe(motif: str) -> str:
    """Honest alt text for a generated image with this motif."""
    return (
        f"Illustration: a white line drawing of {MOTIFS[motif][1]} in a teal circle, "
        "over soft green and sand shapes."
    )


def _rng(title: str) -> random.Random:
    seed = int.from_bytes(hashlib.sha256(title.encode()).digest()[:8], "big")
    return random.Random(seed)  # noqa: S311 - decoration, not security


def _background(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    width, height = size
    top, bottom = (PALETTE[name] for name in rng.choice(BACKGROUNDS))
    # Rotate a larger gradient and crop its middle, so no corner is left unfilled.
    mask = Image.linear_gradient("L").resize((width * 2, width * 2))
    mask = mask.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)
    left, upper = width // 2, width - height // 2
    mask = mask.crop((left, upper, left + width, upper + height))
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _blobs(image: Image.Image, rng: random.Random) -> Image.Image:
    # Each shape is a blurred mask through which a plain colour is laid over the picture.
    for _ in range(rng.randint(4, 6)):
        mask = Image.new("L", image.size, 0)
        cx, cy = rng.uniform(0, image.width), rng.uniform(0, image.height)
        rx, ry = rng.uniform(40, 140), rng.uniform(30, 110)
        ImageDraw.Draw(mask).ellipse(
            [cx - rx, cy - ry, cx + rx, cy + ry], fill=rng.randint(90, 170)
        )
        colour = Image.new("RGB", image.size, PALETTE[rng.choice(BLOB_COLOURS)])
        image = Image.composite(colour, image, mask.filter(ImageFilter.GaussianBlur(18)))
    return image


def _motif(image: Image.Image, motif: str, rng: random.Random) -> Image.Image:
    draw_motif = MOTIFS[motif][0]
    canvas = Image.new("RGBA", (MOTIF_CANVAS, MOTIF_CANVAS), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    draw.ellipse([40, 40, MOTIF_CANVAS - 40, MOTIF_CANVAS - 40], fill=(*PALETTE["deep_teal"], 150))
    draw_motif(draw, (255, 255, 255, 235))
    badge = canvas.reduce(3)
    x = rng.choice([WIDTH // 2 - MOTIF_SIZE // 2, WIDTH - MOTIF_SIZE - 220, 220])
    y = HEIGHT // 2 - MOTIF_SIZE // 2
    image.alpha_composite(badge, (x, y))
    return image


def render(title: str, motif: str) -> bytes:
    """A JPEG (1600x900, well under 150 KB) for this title, the same bytes every time."""
    rng = _rng(title)
    # Everything but the motif is soft, so it is drawn at a quarter size and scaled up.
    backdrop = _blobs(_background(rng, (WIDTH // 4, HEIGHT // 4)), rng)
    backdrop = backdrop.resize((WIDTH, HEIGHT), Image.BICUBIC).convert("RGBA")
    image = _motif(backdrop, motif, rng)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()
