"""Pictures for the demo newsroom, drawn with Pillow: a front-line map and a few illustrations.

Everything is generated, nothing is downloaded: the only font is Pillow's built-in one, and every
random choice comes from a fixed seed, so the same code always draws the same pictures.
"""

import math
import random
from collections.abc import Callable, Sequence
from functools import cache
from io import BytesIO

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

Point = tuple[float, float]
Colour = tuple[int, ...]

MAP_SIZE = (2400, 1600)
PHOTO_SIZE = (1600, 1000)
MAP_CREDIT = "Map: The Meridian Ledger / demo data"

INK = (38, 36, 40)
PAPER = (255, 255, 255)
WATER = (142, 186, 222)
WATER_EDGE = (98, 146, 190)
CLAIMED = (196, 52, 44)
CONTESTED = (226, 128, 34)
ADVANCE = (176, 30, 30)
COUNTER = (34, 86, 170)


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def smooth(points: Sequence[Point], samples: int = 16) -> list[Point]:
    """A Catmull-Rom curve through the points, so rivers and roads bend instead of kinking."""
    padded = [points[0], *points, points[-1]]
    curve: list[Point] = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        for step in range(samples):
            t = step / samples
            curve.append(
                tuple(  # type: ignore[arg-type]
                    0.5
                    * (
                        2 * p1[k]
                        + (p2[k] - p0[k]) * t
                        + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t * t
                        + (3 * p1[k] - p0[k] - 3 * p2[k] + p3[k]) * t * t * t
                    )
                    for k in (0, 1)
                )
            )
    curve.append(points[-1])
    return curve


def dashed(
    draw: ImageDraw.ImageDraw,
    curve: Sequence[Point],
    pattern: Sequence[float],
    fill: Colour,
    width: int,
) -> None:
    """Draw a polyline with a repeating on/off pattern measured along its length."""
    index, remaining, drawing = 0, pattern[0], True
    for (x0, y0), (x1, y1) in zip(curve, curve[1:], strict=False):
        length = math.hypot(x1 - x0, y1 - y0)
        position = 0.0
        while position < length:
            step = min(remaining, length - position)
            if drawing:
                a, b = position / length, (position + step) / length
                draw.line(
                    [
                        (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                        (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b),
                    ],
                    fill=fill,
                    width=width,
                )
            position += step
            remaining -= step
            if remaining <= 0:
                index = (index + 1) % len(pattern)
                remaining, drawing = pattern[index], not drawing


def blob(rng: random.Random, centre: Point, radius: float, points: int = 14) -> list[Point]:
    """An irregular closed outline, for woods and lakes."""
    cx, cy = centre
    outline = []
    for i in range(points):
        angle = 2 * math.pi * i / points
        r = radius * rng.uniform(0.7, 1.1)
        outline.append((cx + r * math.cos(angle), cy + r * 0.75 * math.sin(angle)))
    return smooth([*outline, outline[0], outline[1]], samples=8)[8:-8]


def noise(
    rng: random.Random, size: tuple[int, int], cells: tuple[int, int], blur: float
) -> Image.Image:
    """Soft greyscale noise: random cells scaled up and blurred."""
    small = Image.frombytes("L", cells, rng.randbytes(cells[0] * cells[1]))
    return small.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(blur))


def overlay(base: Image.Image, paint: Callable[[ImageDraw.ImageDraw], None]) -> None:
    """Paint translucent shapes on their own layer, then blend it onto the base."""
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    paint(ImageDraw.Draw(layer))
    base.alpha_composite(layer)


def label(
    draw: ImageDraw.ImageDraw,
    xy: Point,
    text: str,
    size: int,
    fill: Colour = INK,
    anchor: str = "lm",
    halo: int = 5,
) -> None:
    draw.text(
        xy, text, fill=fill, font=font(size), anchor=anchor, stroke_width=halo, stroke_fill=PAPER
    )


def rotated_label(
    base: Image.Image, centre: Point, text: str, size: int, fill: Colour, angle: float
) -> None:
    text_font = font(size)
    left, top, right, bottom = text_font.getbbox(text)
    layer = Image.new("RGBA", (int(right - left + 24), int(bottom - top + 24)), (0, 0, 0, 0))
    ImageDraw.Draw(layer).text((12 - left, 12 - top), text, fill=fill, font=text_font)
    layer = layer.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    base.alpha_composite(
        layer, (int(centre[0] - layer.width / 2), int(centre[1] - layer.height / 2))
    )


def spaced(text: str) -> str:
    return " ".join(text)


def arrow(
    draw: ImageDraw.ImageDraw, points: Sequence[Point], fill: Colour, width: int = 22
) -> None:
    """A curved arrow along the points with a head at the last one, outlined in white."""
    curve = smooth(points)
    (x0, y0), (x1, y1) = curve[-4], curve[-1]
    length = math.hypot(x1 - x0, y1 - y0)
    dx, dy = (x1 - x0) / length, (y1 - y0) / length
    head_length, head_width = width * 3.0, width * 1.6
    neck = (x1 - dx * head_length, y1 - dy * head_length)
    shaft = [p for p in curve if math.hypot(p[0] - x1, p[1] - y1) > head_length] + [neck]

    def head(grow: float) -> list[Point]:
        tip = (x1 + dx * grow, y1 + dy * grow)
        back = (neck[0] - dx * grow, neck[1] - dy * grow)
        spread = head_width + grow
        return [
            tip,
            (back[0] - dy * spread, back[1] + dx * spread),
            (back[0] + dy * spread, back[1] - dx * spread),
        ]

    draw.line(shaft, fill=(255, 255, 255, 235), width=width + 10, joint="curve")
    draw.polygon(head(7), fill=(255, 255, 255, 235))
    draw.line(shaft, fill=(*fill, 225), width=width, joint="curve")
    draw.polygon(head(0), fill=(*fill, 225))


def strike(draw: ImageDraw.ImageDraw, centre: Point, radius: float = 20) -> None:
    """A starburst marking a reported strike."""
    cx, cy = centre
    star = []
    for i in range(16):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = math.pi * i / 8
        star.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon(star, fill=(250, 204, 60), outline=ADVANCE, width=3)


# The fictional Ilvasa valley, in map pixels. West is Halvorian-held, east is claimed by Dastrenia.
RIVER = [
    (1010, -30),
    (1060, 150),
    (1000, 330),
    (1080, 500),
    (1170, 650),
    (1195, 800),
    (1150, 950),
    (1060, 1100),
    (1090, 1300),
    (1010, 1450),
    (1040, 1630),
]
TRIBUTARY = [(240, 1290), (520, 1230), (820, 1170), (980, 1130), (1060, 1100)]
BORDER = [(2180, -30), (2150, 300), (2210, 600), (2170, 900), (2230, 1200), (2200, 1630)]
FRONT_LINE = [
    (1820, -30),
    (1760, 200),
    (1700, 380),
    (1640, 560),
    (1560, 700),
    (1500, 840),
    (1560, 1000),
    (1640, 1160),
    (1620, 1340),
    (1700, 1630),
]
CONTESTED_EDGE = [
    (1700, 380),
    (1500, 450),
    (1380, 560),
    (1270, 680),
    (1226, 800),
    (1262, 940),
    (1350, 1080),
    (1500, 1180),
    (1640, 1160),
]
HIGHWAY = [
    (-30, 850),
    (400, 835),
    (760, 800),
    (1090, 810),
    (1330, 760),
    (1650, 700),
    (1950, 650),
    (2200, 720),
    (2430, 790),
]
ROADS = [
    [(520, 520), (760, 640), (980, 760), (1090, 810)],
    [(1090, 810), (900, 900), (700, 1010), (660, 1300), (640, 1630)],
    [(-30, 470), (250, 560), (520, 520), (700, 400), (820, 320), (900, -30)],
    [(1090, 810), (1030, 600), (1010, 400), (960, 200), (930, -30)],
    [(1330, 760), (1480, 600), (1600, 470), (1660, 250), (1700, -30)],
    [(1330, 760), (1380, 960), (1420, 1240), (1480, 1630)],
    [(1420, 1240), (1600, 1170), (1800, 1080), (1950, 650)],
    [(700, 1010), (860, 1380), (900, 1630)],
]
RAILWAY = [(-30, 990), (400, 960), (800, 905), (1070, 845)]
ADVANCES = [
    [(1990, 560), (1820, 610), (1600, 700), (1420, 765)],
    [(1900, 1010), (1730, 960), (1570, 905), (1440, 850)],
    [(1900, 260), (1780, 330), (1650, 430)],
]
COUNTER_ATTACK = [[(1180, 1090), (1300, 1040), (1420, 1010)]]
STRIKES = [(1120, 840), (1195, 792), (1345, 740), (1290, 880)]
# (name, position, kind): kind is "city", "town" or "village".
PLACES = [
    ("Karveno", (1090, 810), "city"),
    ("Pellina", (1330, 760), "village"),
    ("Solvara", (520, 520), "town"),
    ("Mirenta", (700, 1010), "town"),
    ("Tovenna", (820, 320), "village"),
    ("Ustrano", (1600, 470), "village"),
    ("Castrevo", (1800, 1080), "town"),
    ("Ambrel", (1950, 650), "village"),
    ("Hollin", (1420, 1240), "village"),
    ("Brena", (860, 1380), "village"),
    ("Vorhast", (2300, 752), "town"),
]
WOODS = [
    ((700, 190), 110),
    ((1400, 300), 120),
    ((1900, 1350), 150),
    ((930, 1230), 90),
    ((1880, 420), 100),
    ((360, 760), 120),
    ((1250, 1420), 110),
    ((2050, 1000), 90),
]
LAKE = ((270, 380), 90)


def render_front_line_map() -> Image.Image:
    """The Karveno front as both sides describe it: control, advances, strikes, towns, roads."""
    rng = random.Random(1184)
    width, height = MAP_SIZE
    land = ImageOps.colorize(
        noise(rng, MAP_SIZE, (40, 27), blur=40), black=(222, 216, 198), white=(246, 243, 233)
    )
    canvas = land.convert("RGBA")
    draw = ImageDraw.Draw(canvas)

    for centre, radius in WOODS:
        draw.polygon(blob(rng, centre, radius), fill=(206, 222, 190))
    draw.polygon(blob(rng, *LAKE), fill=WATER, outline=WATER_EDGE, width=3)

    beyond_border = [*smooth(BORDER), (width + 30, height + 30), (width + 30, -30)]
    claimed = [*smooth(FRONT_LINE), *reversed(smooth(BORDER))]
    front = smooth(FRONT_LINE)
    # The contested zone's eastern edge is the front line between its 3rd and 8th points.
    contested = [*smooth(CONTESTED_EDGE), *reversed(front[2 * 16 : 7 * 16 + 1])]
    overlay(canvas, lambda d: d.polygon(beyond_border, fill=(150, 140, 130, 70)))
    overlay(canvas, lambda d: d.polygon(claimed, fill=(*CLAIMED, 62)))
    hatch = Image.new("RGBA", MAP_SIZE, (*CONTESTED, 40))
    hatch_draw = ImageDraw.Draw(hatch)
    for offset in range(-height, width, 26):
        hatch_draw.line([(offset, height), (offset + height, 0)], fill=(*CONTESTED, 150), width=6)
    mask = Image.new("L", MAP_SIZE, 0)
    ImageDraw.Draw(mask).polygon(contested, fill=255)
    canvas.alpha_composite(Image.composite(hatch, Image.new("RGBA", MAP_SIZE, (0, 0, 0, 0)), mask))

    draw.line(smooth(TRIBUTARY), fill=WATER_EDGE, width=14, joint="curve")
    draw.line(smooth(TRIBUTARY), fill=WATER, width=9, joint="curve")
    draw.line(smooth(RIVER), fill=WATER_EDGE, width=34, joint="curve")
    draw.line(smooth(RIVER), fill=WATER, width=27, joint="curve")

    for road in ROADS:
        draw.line(smooth(road), fill=(150, 146, 140), width=11, joint="curve")
    for road in ROADS:
        draw.line(smooth(road), fill=PAPER, width=6, joint="curve")
    highway = smooth(HIGHWAY)
    draw.line(highway, fill=(140, 96, 40), width=17, joint="curve")
    draw.line(highway, fill=(246, 196, 104), width=11, joint="curve")
    railway = smooth(RAILWAY)
    draw.line(railway, fill=INK, width=8, joint="curve")
    dashed(draw, railway, [22, 22], PAPER, 4)

    # The Karveno bridge: two brackets either side of the highway where it crosses the river.
    bridge, direction = (1192, 790), (240, -50)
    length = math.hypot(*direction)
    ux, uy = direction[0] / length, direction[1] / length
    for side in (-1, 1):
        ox, oy = -uy * 15 * side, ux * 15 * side
        draw.line(
            [
                (bridge[0] - ux * 44 + ox + ox * 0.6, bridge[1] - uy * 44 + oy + oy * 0.6),
                (bridge[0] - ux * 34 + ox, bridge[1] - uy * 34 + oy),
                (bridge[0] + ux * 34 + ox, bridge[1] + uy * 34 + oy),
                (bridge[0] + ux * 44 + ox + ox * 0.6, bridge[1] + uy * 44 + oy + oy * 0.6),
            ],
            fill=INK,
            width=5,
        )

    dashed(draw, smooth(BORDER), [34, 12, 8, 12], (88, 70, 110), 6)
    draw.line(front, fill=(255, 255, 255), width=13, joint="curve")
    draw.line(front, fill=(128, 22, 22), width=7, joint="curve")

    def advances(d: ImageDraw.ImageDraw) -> None:
        for points in ADVANCES:
            arrow(d, points, ADVANCE)
        for points in COUNTER_ATTACK:
            arrow(d, points, COUNTER, width=18)

    overlay(canvas, advances)
    for point in STRIKES:
        strike(draw, point)

    for name, (x, y), kind in PLACES:
        if kind == "city":
            draw.rectangle([x - 16, y - 16, x + 16, y + 16], fill=INK, outline=PAPER, width=4)
            label(draw, (x - 28, y - 6), name, 46, anchor="rm", halo=6)
        elif kind == "town":
            draw.ellipse([x - 13, y - 13, x + 13, y + 13], fill=INK, outline=PAPER, width=4)
            if x > width - 300:
                label(draw, (x, y - 24), name, 36, anchor="ms")
            else:
                label(draw, (x + 22, y - 4), name, 36)
        else:
            draw.ellipse([x - 9, y - 9, x + 9, y + 9], fill=PAPER, outline=INK, width=4)
            label(draw, (x + 18, y - 4), name, 30)
    label(draw, (1196, 748), "Karveno bridge", 26, fill=(70, 60, 60), anchor="mb", halo=4)
    for text, (x, y) in (("H7", (560, 832)), ("H7", (1790, 676)), ("R12", (800, 662))):
        shield = font(24)
        left, top, right, bottom = draw.textbbox((x, y), text, font=shield, anchor="mm")
        draw.rounded_rectangle([left - 10, top - 7, right + 10, bottom + 7], 6, fill=(140, 96, 40))
        draw.text((x, y), text, fill=PAPER, font=shield, anchor="mm")

    rotated_label(canvas, (1122, 1220), spaced("ILVASA"), 32, (*WATER_EDGE, 255), angle=90)
    rotated_label(canvas, (900, 1128), "Sora", 28, (*WATER_EDGE, 255), angle=12)
    rotated_label(canvas, (2318, 1180), spaced("DASTRENIA"), 54, (112, 100, 120, 255), angle=90)
    label(draw, (170, 700), spaced("HALVORIA"), 58, fill=(128, 116, 98), anchor="lm", halo=0)

    draw_title(draw)
    draw_legend(draw)
    draw_locator(draw)
    draw_north_arrow(draw, (1860, 150))
    draw_scale_bar(draw, (1930, 1500), pixels_per_km=40)
    draw.text((width - 36, height - 28), MAP_CREDIT, fill=(70, 66, 62), font=font(28), anchor="rs")
    draw.rectangle([0, 0, width - 1, height - 1], outline=INK, width=6)
    return canvas.convert("RGB")


def draw_title(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle([36, 36, 930, 214], fill=PAPER, outline=INK, width=3)
    draw.rectangle([36, 36, 48, 214], fill=ADVANCE)
    draw.text((76, 58), "Fighting around the Karveno bridge", fill=INK, font=font(50))
    draw.text(
        (78, 130),
        "Areas of control as claimed by both sides. Positions are",
        fill=(80, 76, 72),
        font=font(28),
    )
    draw.text(
        (78, 168), "approximate and not independently verified.", fill=(80, 76, 72), font=font(28)
    )


def draw_legend(draw: ImageDraw.ImageDraw) -> None:
    left, top, right, bottom = 36, 990, 630, 1534
    draw.rectangle([left, top, right, bottom], fill=PAPER, outline=INK, width=3)
    draw.text((left + 28, top + 22), "Key", fill=INK, font=font(36))
    row_font = font(26)
    y = top + 86

    def row(text: str, swatch: Callable[[int, int], None]) -> None:
        nonlocal y
        swatch(left + 28, y)
        draw.text((left + 130, y + 17), text, fill=INK, font=row_font, anchor="lm")
        y += 44

    def area(fill: Colour, hatched: bool = False) -> Callable[[int, int], None]:
        def paint(x: int, y: int) -> None:
            draw.rectangle([x, y, x + 80, y + 34], fill=fill, outline=(120, 110, 100), width=2)
            if hatched:
                for offset in range(-34, 80, 13):
                    a, b = max(offset, 0), min(offset + 34, 80)
                    draw.line(
                        [(x + a, y + 34 - (a - offset)), (x + b, y + 34 - (b - offset))],
                        fill=CONTESTED,
                        width=4,
                    )

        return paint

    def line(fill: Colour, width: int, casing: Colour | None = None) -> Callable[[int, int], None]:
        def paint(x: int, y: int) -> None:
            if casing:
                draw.line([(x, y + 17), (x + 80, y + 17)], fill=casing, width=width + 6)
            draw.line([(x, y + 17), (x + 80, y + 17)], fill=fill, width=width)

        return paint

    def small_arrow(fill: Colour) -> Callable[[int, int], None]:
        def paint(x: int, y: int) -> None:
            draw.line([(x, y + 17), (x + 56, y + 17)], fill=fill, width=12)
            draw.polygon([(x + 80, y + 17), (x + 52, y + 2), (x + 52, y + 32)], fill=fill)

        return paint

    def railway(x: int, y: int) -> None:
        draw.line([(x, y + 17), (x + 80, y + 17)], fill=INK, width=8)
        dashed(draw, [(x, y + 17), (x + 80, y + 17)], [14, 14], PAPER, 4)

    def border(x: int, y: int) -> None:
        dashed(draw, [(x, y + 17), (x + 80, y + 17)], [24, 8, 6, 8], (88, 70, 110), 6)

    row("Area claimed by the Dastrenian army", area((236, 196, 180)))
    row("Contested", area((244, 224, 200), hatched=True))
    row("Dastrenia", area((214, 206, 196)))
    row("Approximate front line", line((128, 22, 22), 7, casing=PAPER))
    row("Reported Dastrenian advance", small_arrow(ADVANCE))
    row("Halvorian counter-attack (claimed)", small_arrow(COUNTER))
    row("Reported strike", lambda x, y: strike(draw, (x + 40, y + 17), 17))
    row("Main road / local road", line((246, 196, 104), 9, casing=(140, 96, 40)))
    row("Railway", railway)
    row("International border", border)


def draw_locator(draw: ImageDraw.ImageDraw) -> None:
    """A small inset of the two countries with the area of the main map outlined."""
    left, top, right, bottom = 1980, 36, 2364, 330
    draw.rectangle([left, top, right, bottom], fill=(222, 232, 240), outline=INK, width=3)
    halvoria = [
        (2000, 120),
        (2060, 70),
        (2160, 80),
        (2200, 150),
        (2190, 250),
        (2120, 310),
        (2030, 300),
        (2005, 220),
    ]
    dastrenia = [
        (2160, 80),
        (2250, 60),
        (2345, 110),
        (2345, 300),
        (2120, 310),
        (2190, 250),
        (2200, 150),
    ]
    draw.polygon(halvoria, fill=(246, 243, 233), outline=(120, 110, 100), width=2)
    draw.polygon(dastrenia, fill=(214, 206, 196), outline=(120, 110, 100), width=2)
    draw.rectangle([2150, 170, 2196, 204], outline=ADVANCE, width=4)
    draw.ellipse([2062, 176, 2074, 188], fill=INK)
    draw.text((2076, 192), "Velmora", fill=INK, font=font(18), anchor="lt")
    draw.text((2090, 140), "HALVORIA", fill=(90, 84, 76), font=font(20), anchor="mm")
    draw.text((2275, 200), "DASTRENIA", fill=(90, 84, 76), font=font(20), anchor="mm")
    draw.text((left + 12, bottom - 10), "Area shown", fill=ADVANCE, font=font(18), anchor="ls")


def draw_north_arrow(draw: ImageDraw.ImageDraw, centre: Point) -> None:
    x, y = centre
    draw.ellipse([x - 62, y - 62, x + 62, y + 62], fill=PAPER, outline=INK, width=3)
    draw.polygon([(x, y - 48), (x - 20, y + 34), (x, y + 20)], fill=INK)
    draw.polygon([(x, y - 48), (x + 20, y + 34), (x, y + 20)], fill=PAPER, outline=INK, width=3)
    draw.text(
        (x, y - 74), "N", fill=INK, font=font(38), anchor="ms", stroke_width=5, stroke_fill=PAPER
    )


def draw_scale_bar(draw: ImageDraw.ImageDraw, origin: Point, pixels_per_km: int) -> None:
    x, y = origin
    segment_km = 2.5
    segment = pixels_per_km * segment_km
    draw.rectangle([x - 22, y - 58, x + 4 * segment + 70, y + 42], fill=PAPER, outline=INK, width=2)
    for i in range(4):
        draw.rectangle(
            [x + i * segment, y, x + (i + 1) * segment, y + 16],
            fill=INK if i % 2 == 0 else PAPER,
            outline=INK,
            width=2,
        )
    for km in (0, 5, 10):
        draw.text(
            (x + km / segment_km * segment, y - 10), str(km), fill=INK, font=font(26), anchor="ms"
        )
    draw.text((x + 4 * segment + 14, y - 10), "km", fill=INK, font=font(26), anchor="ls")


def vertical_gradient(size: tuple[int, int], stops: Sequence[tuple[float, Colour]]) -> Image.Image:
    """A top-to-bottom blend through colour stops given as (position 0..1, colour)."""
    width, height = size
    column = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / (height - 1)
        for (t0, c0), (t1, c1) in zip(stops, stops[1:], strict=False):
            if t0 <= t <= t1:
                f = (t - t0) / (t1 - t0) if t1 > t0 else 0
                column.putpixel(
                    (0, y), tuple(round(a + (b - a) * f) for a, b in zip(c0, c1, strict=True))
                )
                break
    return column.resize(size)


def ridge(
    rng: random.Random, width: int, base: float, roughness: float, step: int = 80
) -> list[Point]:
    """A skyline of hills from left to right, closed along the bottom of the frame."""
    height = base
    points = []
    for x in range(-step, width + 2 * step, step):
        height += rng.uniform(-roughness, roughness)
        height = base + (height - base) * 0.7
        points.append((float(x), height))
    return [*smooth(points, samples=10), (width + step, 5000), (-step, 5000)]


def finish_photo(image: Image.Image, rng: random.Random) -> Image.Image:
    """Darken the corners and add a little grain so the drawing reads as a picture."""
    width, height = image.size
    # radial_gradient is 0 at the centre and 181 at the middle of each edge.
    vignette = Image.radial_gradient("L").point(
        lambda v: int(150 * max(0.0, min(1.0, (v / 181 - 0.55) / 0.9)) ** 1.5)
    )
    shade = Image.new("RGB", image.size, (10, 8, 16))
    image = Image.composite(shade, image, vignette.resize(image.size, Image.Resampling.BICUBIC))
    grain = Image.frombytes("L", image.size, rng.randbytes(width * height)).convert("RGB")
    return Image.blend(image, grain, 0.035)


def glow(
    image: Image.Image, centre: Point, radius: float, colour: Colour, strength: int = 160
) -> None:
    """A soft light: a blurred disc blended onto the image, drawn only around its centre."""
    reach = int(radius * 2.5)
    left, top = int(centre[0]) - reach, int(centre[1]) - reach
    layer = Image.new("RGBA", (2 * reach, 2 * reach), (*colour, 0))
    ImageDraw.Draw(layer).ellipse(
        [reach - radius, reach - radius, reach + radius, reach + radius], fill=(*colour, strength)
    )
    layer = layer.filter(ImageFilter.GaussianBlur(radius / 2))
    crop_left, crop_top = max(0, -left), max(0, -top)
    image.alpha_composite(layer, (left + crop_left, top + crop_top), (crop_left, crop_top))


def photo_bridge_at_dusk(rng: random.Random) -> Image.Image:
    width, height = PHOTO_SIZE
    image = vertical_gradient(
        PHOTO_SIZE,
        [(0, (36, 40, 86)), (0.35, (132, 82, 118)), (0.55, (238, 150, 104)), (1, (238, 150, 104))],
    ).convert("RGBA")
    glow(image, (1180, 560), 90, (255, 214, 150), 230)
    draw = ImageDraw.Draw(image)
    draw.polygon(ridge(rng, width, 520, 60), fill=(120, 84, 112))
    draw.polygon(ridge(rng, width, 575, 40), fill=(78, 58, 90))
    water = vertical_gradient((width, height - 600), [(0, (214, 132, 104)), (1, (40, 36, 70))])
    image.paste(water, (0, 600))
    for _ in range(140):
        y = rng.uniform(610, height)
        x = rng.uniform(-100, width)
        draw.line([(x, y), (x + rng.uniform(40, 200), y)], fill=(250, 190, 140, 90), width=2)
    draw.polygon(
        [(-10, 560), (300, 548), (380, 600), (520, 640), (500, 1010), (-10, 1010)],
        fill=(30, 26, 44),
    )
    draw.polygon(
        [(1200, 620), (1320, 548), (1610, 560), (1610, 1010), (1150, 1010)], fill=(30, 26, 44)
    )
    deck_y = 520
    draw.rectangle([240, deck_y, 1380, deck_y + 28], fill=(24, 20, 34))
    for pier in (560, 810, 1060):
        draw.rectangle([pier - 16, deck_y, pier + 16, 690], fill=(24, 20, 34))
    for span in range(4):
        x0 = 310 + span * 250
        peaks = [(x0 + i * 50, deck_y - (70 if i % 2 else 0)) for i in range(6)]
        draw.line(peaks, fill=(24, 20, 34), width=8)
        draw.line([(x0 + 50, deck_y - 70), (x0 + 200, deck_y - 70)], fill=(24, 20, 34), width=8)
    return finish_photo(image.convert("RGB"), rng)


def photo_field_hospital_at_night(rng: random.Random) -> Image.Image:
    width, height = PHOTO_SIZE
    image = vertical_gradient(
        PHOTO_SIZE, [(0, (8, 12, 32)), (0.62, (34, 46, 82)), (1, (34, 46, 82))]
    ).convert("RGBA")
    draw = ImageDraw.Draw(image)
    for _ in range(260):
        x, y = rng.uniform(0, width), rng.uniform(0, 560)
        r = rng.choice((1, 1, 1, 2))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(230, 232, 255, rng.randint(120, 255)))
    draw.polygon(ridge(rng, width, 640, 25), fill=(20, 24, 34))
    draw.rectangle([0, 700, width, height], fill=(22, 24, 28))
    for left, right, roof in ((120, 640, 470), (760, 1240, 500), (1300, 1700, 540)):
        mid = (left + right) / 2
        draw.polygon(
            [
                (left, 760),
                (left + 40, roof + 80),
                (mid, roof),
                (right - 40, roof + 80),
                (right, 760),
            ],
            fill=(52, 62, 58),
        )
        draw.polygon(
            [(mid - 60, 760), (mid - 60, 640), (mid + 60, 640), (mid + 60, 760)],
            fill=(255, 206, 140),
        )
        glow(image, (mid, 700), 140, (255, 190, 120), 110)
    for x in (700, 1270):
        draw.line([(x, 760), (x, 380)], fill=(40, 40, 46), width=8)
        glow(image, (x, 380), 60, (255, 244, 220), 200)
    draw.rounded_rectangle([420, 770, 760, 880], 12, fill=(30, 34, 38))
    draw.rounded_rectangle([640, 720, 760, 800], 10, fill=(30, 34, 38))
    for wheel in (480, 700):
        draw.ellipse([wheel - 36, 846, wheel + 36, 918], fill=(12, 12, 14))
    return finish_photo(image.convert("RGB"), rng)


def pylon(
    draw: ImageDraw.ImageDraw, x: float, ground: float, scale: float, colour: Colour
) -> list[Point]:
    """A lattice pylon; returns where its three cables hang."""
    top = ground - 420 * scale
    legs = 60 * scale
    draw.line([(x - legs, ground), (x, top)], fill=colour, width=max(2, int(8 * scale)))
    draw.line([(x + legs, ground), (x, top)], fill=colour, width=max(2, int(8 * scale)))
    for i in range(1, 7):
        y = ground - i * 60 * scale
        half = legs * (1 - i / 7)
        draw.line(
            [(x - half, y), (x + half, y + 60 * scale)], fill=colour, width=max(1, int(3 * scale))
        )
        draw.line(
            [(x + half, y), (x - half, y + 60 * scale)], fill=colour, width=max(1, int(3 * scale))
        )
    arms = []
    for level, reach in ((0.78, 120), (0.9, 90)):
        y = ground - 420 * scale * level
        draw.line(
            [(x - reach * scale, y), (x + reach * scale, y)],
            fill=colour,
            width=max(2, int(7 * scale)),
        )
        arms += [(x - reach * scale, y), (x + reach * scale, y)]
    return arms


def photo_power_lines_at_dawn(rng: random.Random) -> Image.Image:
    width, height = PHOTO_SIZE
    image = vertical_gradient(
        PHOTO_SIZE, [(0, (132, 154, 196)), (0.58, (242, 204, 170)), (1, (242, 204, 170))]
    ).convert("RGBA")
    glow(image, (420, 590), 70, (255, 236, 196), 240)
    draw = ImageDraw.Draw(image)
    draw.polygon(ridge(rng, width, 600, 14), fill=(140, 130, 140))
    field = vertical_gradient((width, height - 620), [(0, (112, 108, 84)), (1, (58, 52, 40))])
    image.paste(field, (0, 620))
    for i in range(-30, 31):
        draw.line([(800, 620), (800 + i * 90, height)], fill=(84, 78, 60), width=2)
    overlay(image, lambda d: d.rectangle([0, 560, width, 680], fill=(246, 226, 210, 70)))
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    draw = ImageDraw.Draw(image)
    previous = None
    for x, ground, scale in (
        (1420, 960, 1.5),
        (1040, 760, 0.8),
        (820, 686, 0.48),
        (690, 648, 0.3),
        (610, 632, 0.19),
    ):
        arms = pylon(draw, x, ground, scale, (34, 32, 38))
        if previous:
            for (x0, y0), (x1, y1) in zip(previous, arms, strict=True):
                sag = 28 * (x0 - x1) / 400
                cable = [
                    (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t + sag * 4 * t * (1 - t))
                    for t in [i / 20 for i in range(21)]
                ]
                draw.line(cable, fill=(40, 38, 44), width=2)
        previous = arms
    return finish_photo(image.convert("RGB"), rng)


def photo_parliament(rng: random.Random) -> Image.Image:
    width, height = PHOTO_SIZE
    image = vertical_gradient(
        PHOTO_SIZE, [(0, (92, 140, 200)), (0.6, (190, 214, 236)), (1, (190, 214, 236))]
    ).convert("RGBA")
    for _ in range(9):
        glow(
            image,
            (rng.uniform(0, width), rng.uniform(60, 300)),
            rng.uniform(60, 130),
            (255, 255, 255),
            120,
        )
    draw = ImageDraw.Draw(image)
    stone, shadow = (226, 214, 192), (178, 164, 142)
    draw.rectangle([0, 760, width, height], fill=(176, 170, 160))
    for i in range(-12, 13):
        draw.line([(800, 700), (800 + i * 180, height)], fill=(160, 154, 146), width=3)
    draw.ellipse([640, 140, 960, 460], fill=stone, outline=shadow, width=4)
    draw.rectangle([660, 300, 940, 420], fill=stone, outline=shadow, width=3)
    draw.line([(800, 140), (800, 40)], fill=(80, 80, 84), width=6)
    draw.polygon([(800, 44), (900, 50), (800, 84)], fill=(120, 28, 48))
    draw.polygon([(900, 50), (900, 82), (800, 84)], fill=(64, 112, 120))
    draw.rectangle([200, 420, 1400, 720], fill=stone, outline=shadow, width=4)
    draw.polygon([(480, 420), (800, 300), (1120, 420)], fill=stone, outline=shadow, width=4)
    for i in range(8):
        x = 520 + i * 80
        draw.rectangle([x - 16, 440, x + 16, 700], fill=(238, 228, 208), outline=shadow, width=2)
    for side in (260, 1160):
        for row in range(3):
            for col in range(3):
                wx, wy = side + col * 70, 460 + row * 80
                draw.rectangle([wx, wy, wx + 40, wy + 52], fill=(96, 104, 120))
    for step in range(5):
        draw.rectangle(
            [460 - step * 20, 700 + step * 14, 1140 + step * 20, 714 + step * 14],
            fill=stone,
            outline=shadow,
        )
    for x in (90, 1510):
        draw.polygon(blob(rng, (x, 620), 150), fill=(62, 98, 64))
        draw.rectangle([x - 10, 660, x + 10, 780], fill=(70, 56, 44))
    return finish_photo(image.convert("RGB"), rng)


def photo_lakeside_city(rng: random.Random) -> Image.Image:
    width, height = PHOTO_SIZE
    image = vertical_gradient(
        PHOTO_SIZE, [(0, (150, 178, 210)), (0.55, (226, 222, 224)), (1, (226, 222, 224))]
    ).convert("RGBA")
    draw = ImageDraw.Draw(image)
    peaks = [
        (-50, 520),
        (180, 300),
        (360, 420),
        (560, 240),
        (760, 400),
        (980, 280),
        (1200, 430),
        (1420, 310),
        (1650, 460),
    ]
    draw.polygon([*peaks, (1650, 700), (-50, 700)], fill=(116, 132, 160))
    for (x0, y0), (x1, y1), (x2, y2) in zip(peaks, peaks[1:], peaks[2:], strict=False):
        if y1 < y0 and y1 < y2:
            draw.polygon(
                [
                    (x1, y1),
                    (x1 - (x1 - x0) * 0.28, y1 + (y0 - y1) * 0.28),
                    (x1 + (x2 - x1) * 0.28, y1 + (y2 - y1) * 0.28),
                ],
                fill=(244, 246, 250),
            )
    skyline = Image.new("RGBA", (width, 680), (0, 0, 0, 0))
    sky_draw = ImageDraw.Draw(skyline)
    x = -20
    while x < width:
        w = rng.randint(40, 110)
        h = rng.choice((rng.randint(60, 160), rng.randint(60, 160), rng.randint(180, 300)))
        shade = rng.randint(70, 110)
        sky_draw.rectangle([x, 640 - h, x + w, 640], fill=(shade, shade + 6, shade + 18, 255))
        for wy in range(640 - h + 14, 630, 26):
            for wx in range(x + 8, x + w - 10, 20):
                if rng.random() < 0.3:
                    sky_draw.rectangle([wx, wy, wx + 8, wy + 12], fill=(250, 226, 170, 255))
        x += w + rng.randint(0, 12)
    image.alpha_composite(skyline, (0, 0))
    lake = vertical_gradient(
        (width, height - 640), [(0, (128, 150, 178)), (1, (58, 74, 104))]
    ).convert("RGBA")
    reflection = (
        ImageOps.flip(skyline)
        .crop((0, 40, width, 40 + height - 640))
        .filter(ImageFilter.GaussianBlur(3))
    )
    reflection.putalpha(reflection.getchannel("A").point(lambda a: int(a * 0.45)))
    lake.alpha_composite(reflection)
    lake_draw = ImageDraw.Draw(lake)
    for _ in range(220):
        ripple_y = rng.uniform(0, height - 640)
        ripple_x = rng.uniform(-100, width)
        lake_draw.line(
            [(ripple_x, ripple_y), (ripple_x + rng.uniform(30, 160), ripple_y)],
            fill=(200, 214, 230, 80),
            width=2,
        )
    image.paste(lake, (0, 640))
    return finish_photo(image.convert("RGB"), rng)


def photo_ministry_at_night(rng: random.Random) -> Image.Image:
    width, height = PHOTO_SIZE
    image = vertical_gradient(PHOTO_SIZE, [(0, (16, 22, 40)), (1, (40, 44, 62))]).convert("RGBA")
    draw = ImageDraw.Draw(image)
    draw.polygon([(60, 80), (1540, 20), (1540, 1010), (60, 920)], fill=(46, 50, 66))
    halo = Image.new("RGBA", PHOTO_SIZE, (255, 210, 150, 0))
    halo_draw = ImageDraw.Draw(halo)
    for row in range(9):
        for col in range(14):
            u, v = col / 14, row / 9
            top_edge = 80 + (20 - 80) * u
            bottom_edge = 920 + (1010 - 920) * u
            x = 110 + u * 1400
            y = top_edge + 40 + v * (bottom_edge - top_edge - 60)
            h = (bottom_edge - top_edge - 60) / 9 * 0.62
            lit = rng.random() < 0.34
            colour = (
                rng.choice(((255, 214, 150), (240, 236, 220), (255, 196, 120)))
                if lit
                else (28, 32, 46)
            )
            draw.rectangle([x, y, x + 62, y + h], fill=colour)
            if lit:
                halo_draw.rectangle([x - 16, y - 16, x + 78, y + h + 16], fill=(*colour, 70))
    image.alpha_composite(halo.filter(ImageFilter.GaussianBlur(18)))
    glow(image, (300, 960), 160, (255, 190, 110), 120)
    return finish_photo(image.convert("RGB"), rng)


def photo_road_at_first_light(rng: random.Random) -> Image.Image:
    width, height = PHOTO_SIZE
    horizon = 520
    image = vertical_gradient(
        PHOTO_SIZE, [(0, (120, 146, 186)), (0.52, (246, 214, 176)), (1, (246, 214, 176))]
    ).convert("RGBA")
    glow(image, (1100, horizon), 80, (255, 240, 200), 240)
    draw = ImageDraw.Draw(image)
    fields = vertical_gradient(
        (width, height - horizon), [(0, (150, 140, 92)), (1, (120, 104, 52))]
    )
    image.paste(fields, (0, horizon))
    for i in range(-40, 41):
        draw.line([(800, horizon), (800 + i * 70, height)], fill=(138, 122, 70), width=2)
    draw.polygon([(792, horizon), (808, horizon), (1180, height), (420, height)], fill=(92, 90, 94))
    vanishing = (800, horizon)
    for i in range(12):
        t0, t1 = (i / 12) ** 2, ((i + 0.5) / 12) ** 2
        draw.line(
            [(800, horizon + t0 * (height - horizon)), (800, horizon + t1 * (height - horizon))],
            fill=(232, 226, 210),
            width=max(2, int(10 * t1)),
        )
    # Poplars line the verges; t is the depth, 0 at the horizon and 1 at the bottom of the frame.
    for side in (-1, 1):
        for i in range(14, 0, -1):
            t = 0.6 * (i / 14) ** 2
            ground = horizon + t * (height - horizon)
            x = vanishing[0] + side * (t * 380 + 14 + t * 160)
            tree_height = 8 + t * 720
            crown = tree_height * 0.13
            draw.line(
                [(x, ground), (x, ground - tree_height * 0.2)],
                fill=(58, 46, 36),
                width=max(1, int(crown * 0.25)),
            )
            draw.ellipse(
                [x - crown, ground - tree_height, x + crown, ground - tree_height * 0.12],
                fill=(44, 60, 40),
            )
    mist = Image.new("RGBA", PHOTO_SIZE, (250, 236, 220, 0))
    ImageDraw.Draw(mist).rectangle(
        [0, horizon - 30, width, horizon + 50], fill=(250, 236, 220, 110)
    )
    image.alpha_composite(mist.filter(ImageFilter.GaussianBlur(40)))
    return finish_photo(image.filter(ImageFilter.GaussianBlur(0.8)).convert("RGB"), rng)


PHOTO_SCENES: dict[str, Callable[[random.Random], Image.Image]] = {
    "bridge-at-dusk": photo_bridge_at_dusk,
    "field-hospital-at-night": photo_field_hospital_at_night,
    "power-lines-at-dawn": photo_power_lines_at_dawn,
    "parliament": photo_parliament,
    "lakeside-city": photo_lakeside_city,
    "ministry-at-night": photo_ministry_at_night,
    "road-at-first-light": photo_road_at_first_light,
}


def render_photo(scene: str) -> Image.Image:
    seed = sum(ord(character) * (i + 1) for i, character in enumerate(scene))
    return PHOTO_SCENES[scene](random.Random(seed))


def png_bytes(image: Image.Image) -> bytes:
    """A 256-colour PNG: flat drawings lose nothing visible, and the file is a quarter the size
    and several times faster for Wagtail to re-encode into renditions."""
    palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = BytesIO()
    palette.save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(image: Image.Image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=86, optimize=True, progressive=True)
    return buffer.getvalue()


@cache
def picture_bytes(scene: str | None) -> bytes:
    """The encoded file for a photo scene, or for the map when scene is None.

    Drawing is deterministic, so a process draws each picture at most once.
    """
    if scene is None:
        return png_bytes(render_front_line_map())
    return jpeg_bytes(render_photo(scene))
