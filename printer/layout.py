"""The printed ticket as ESC/POS bytes: deterministic, Vietnamese as small raster lines, number and QR native.

Vietnamese lines are rendered one by one from the bundled DejaVu Sans (NFC first), each cropped to its
own width and centred by the printer, so an 80 mm ticket stays small enough for a 9600-baud serial
line; lines in plain ASCII are sent as text. The number is native large text where the profile allows,
the QR native (GS ( k) where supported, raster otherwise. Every job starts with ESC @ and ends with a cut.
"""

from __future__ import annotations

import copy
import textwrap
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from escpos.printer import Dummy
from PIL import Image, ImageDraw, ImageFont

from printer import tcvn3

FONTS = Path(__file__).resolve().parent / "fonts"
ESC, GS = b"\x1b", b"\x1d"
INIT = ESC + b"@"
CENTER = ESC + b"a\x01"
LEFT = ESC + b"a\x00"


@dataclass(frozen=True)
class Profile:
    """What a printer can do. `text_mode` is "raster" (any printer) or "tcvn3" (verified models only)."""

    name: str
    width_dots: int
    native_number: bool = True
    native_qr: bool = True
    text_mode: str = "raster"

    def __post_init__(self) -> None:
        if self.text_mode not in ("raster", "tcvn3"):
            raise ValueError(f"text_mode must be raster or tcvn3, not {self.text_mode!r}")


PROFILES = {
    "80mm": Profile("80mm", 576),
    "58mm": Profile("58mm", 384),
    "80mm-raster": Profile("80mm-raster", 576, native_number=False, native_qr=False),
    "58mm-raster": Profile("58mm-raster", 384, native_number=False, native_qr=False),
    "80mm-tcvn3": Profile("80mm-tcvn3", 576, text_mode="tcvn3"),
}


def profile_from_name(spec: str) -> Profile:
    """`80mm`, `58mm`, `80mm-raster`, … optionally with `+rasterqr` / `+rasternumber` / `+tcvn3`."""
    name, *flags = spec.split("+")
    if name not in PROFILES:
        raise ValueError(f"unknown printer profile {name!r}; known: {', '.join(PROFILES)}")
    profile = PROFILES[name]
    for flag in flags:
        if flag == "rasterqr":
            profile = replace(profile, native_qr=False)
        elif flag == "rasternumber":
            profile = replace(profile, native_number=False)
        elif flag == "tcvn3":
            profile = replace(profile, text_mode="tcvn3")
        else:
            raise ValueError(f"unknown printer profile flag {flag!r}")
    return profile


@dataclass(frozen=True)
class Line:
    text: str
    size: int = 24  # pixel height of the font
    bold: bool = False


@dataclass(frozen=True)
class TicketText:
    """Everything printed, already translated: the printer knows layout, not languages."""

    header: tuple[Line, ...]
    service: Line
    number: str
    body: tuple[Line, ...]
    qr_url: str | None = None
    footer: tuple[Line, ...] = field(default=())


@lru_cache(maxsize=32)
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return lines + ([current] if current else [])


# The smallest type printed, in dots (203 dpi): below it the hỏi hook of bold type is a 3-dot diagonal, read
# as a sắc (chỉ as chí), and stacked marks (ẩ, ễ) merge. Tesseract reads every ticket word back at this size.
MIN_TYPE_DOTS = 20


def raster_lines(line: Line, width: int) -> list[Image.Image]:
    """One 1-bit image per wrapped line, cropped to the text (width a multiple of 8).

    Sizes are given for 80 mm paper; narrower paper gets proportionally smaller type (at most 25 %), never
    below MIN_TYPE_DOTS: a long line wraps instead.
    """
    font = _font(max(MIN_TYPE_DOTS, round(line.size * max(0.75, min(1.0, width / 576)))), line.bold)
    ascent, descent = font.getmetrics()
    images = []
    for text in _wrap(unicodedata.normalize("NFC", line.text), font, width):
        text_width = min(width, int(font.getlength(text)) + 2)
        w = max(8, (text_width + 7) // 8 * 8)
        img = Image.new("L", (w, ascent + descent + 4), 255)
        ImageDraw.Draw(img).text(((w - text_width) // 2 + 1, 2), text, font=font, fill=0)
        images.append(img.point(lambda v: 0 if v < 128 else 255, mode="1"))
    return images


def _is_ascii(text: str) -> bool:
    return all(ord(c) < 0x80 for c in text)


def _emit_line(p: Dummy, line: Line, profile: Profile) -> None:
    bold = ESC + (b"E\x01" if line.bold else b"E\x00")
    if _is_ascii(line.text):
        # Font A is 12 dots wide: wrap at word boundaries before the printer breaks a word at its last column.
        for part in textwrap.wrap(line.text, profile.width_dots // 12) or [""]:
            p._raw(bold + part.encode("ascii") + b"\n" + ESC + b"E\x00")
    elif profile.text_mode == "tcvn3":
        page, data = tcvn3.encode_line(line.text)
        p._raw(ESC + b"t" + bytes([page]) + bold + data + b"\n" + ESC + b"E\x00" + ESC + b"t\x00")
    else:
        for img in raster_lines(line, profile.width_dots):
            p.image(img, impl="bitImageRaster", center=False)


def _number_scale(number: str, profile: Profile) -> int:
    """Largest GS ! magnification (1–8) at which the number fits the paper in font A (12 dots wide)."""
    return max(1, min(8, profile.width_dots // (12 * len(number))))


def _dummy(profile: Profile) -> Dummy:
    """An escpos Dummy that knows the paper width (escpos then refuses an image wider than the paper)."""
    p = Dummy()
    data = copy.deepcopy(p.profile.profile_data)
    data.setdefault("media", {}).setdefault("width", {})["pixels"] = profile.width_dots
    p.profile.profile_data = data
    return p


def render_ticket(ticket: TicketText, profile: Profile) -> bytes:
    p = _dummy(profile)
    p._raw(INIT + CENTER)
    for line in ticket.header:
        _emit_line(p, line, profile)
    p._raw(b"\n")
    _emit_line(p, ticket.service, profile)
    if profile.native_number:
        k = _number_scale(ticket.number, profile) - 1
        p._raw(
            ESC
            + b"E\x01"
            + GS
            + b"!"
            + bytes([(k << 4) | k])
            + ticket.number.encode("ascii")
            + b"\n"
            + GS
            + b"!\x00"
            + ESC
            + b"E\x00"
        )
    else:
        for img in raster_lines(
            Line(ticket.number, size=min(180, profile.width_dots // 3), bold=True), profile.width_dots
        ):
            p.image(img, impl="bitImageRaster", center=False)
    for line in ticket.body:
        _emit_line(p, line, profile)
    if ticket.qr_url:
        p._raw(b"\n")
        if profile.native_qr:
            p.qr(ticket.qr_url, size=6 if profile.width_dots >= 576 else 5, native=True)
            p._raw(b"\n")
        else:
            p.qr(ticket.qr_url, size=6 if profile.width_dots >= 576 else 5, native=False)
            p._raw(CENTER)  # the raster QR path resets the code page; keep centring explicit
    for line in ticket.footer:
        _emit_line(p, line, profile)
    p._raw(LEFT)
    p.cut()
    return p.output
