"""Read ESC/POS bytes back: decode the commands we emit, and draw the paper a printer would produce.

Used by the preview transport (a PNG next to each ticket's .bin) and by the tests, which decode the
exact bytes instead of trusting the code that wrote them. Unknown commands raise: nothing is skipped.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import qrcode
from PIL import Image, ImageDraw, ImageFont

from printer import tcvn3

FONTS = Path(__file__).resolve().parent / "fonts"
_TCVN3_DECODE = {byte: char for char, byte in tcvn3._ENCODE.items()}


class DecodeError(ValueError):
    pass


@dataclass
class Item:
    kind: str  # init, align, bold, codepage, size, text, raster, qr, feed, cut
    value: Any = None
    bold: bool = False
    scale: tuple[int, int] = (1, 1)


def decode(data: bytes) -> list[Item]:
    items: list[Item] = []
    i, text = 0, bytearray()
    bold, scale, page = False, (1, 1), 0
    qr_data, qr_size = b"", 3

    def flush() -> None:
        if text:
            items.append(Item("text", _decode_text(bytes(text), page), bold, scale))
            text.clear()

    while i < len(data):
        b = data[i]
        if b == 0x1B:  # ESC
            flush()
            cmd = data[i + 1 : i + 2]
            if cmd == b"@":
                items.append(Item("init"))
                bold, scale, page = False, (1, 1), 0
                i += 2
            elif cmd in (b"a", b"E", b"t", b"d"):
                n = data[i + 2]
                if cmd == b"a":
                    items.append(Item("align", n))
                elif cmd == b"E":
                    bold = bool(n)
                elif cmd == b"t":
                    page = n
                    items.append(Item("codepage", n))
                else:
                    items.append(Item("feed", n))
                i += 3
            else:
                raise DecodeError(f"unknown ESC command {cmd!r} at {i}")
        elif b == 0x1D:  # GS
            flush()
            cmd = data[i + 1 : i + 2]
            if cmd == b"!":
                n = data[i + 2]
                scale = ((n >> 4) + 1, (n & 0x0F) + 1)
                i += 3
            elif cmd == b"v" and data[i + 2] == 0x30:
                xb = data[i + 4] | data[i + 5] << 8
                yd = data[i + 6] | data[i + 7] << 8
                raw = data[i + 8 : i + 8 + xb * yd]
                if len(raw) != xb * yd:
                    raise DecodeError("truncated raster image")
                # ESC/POS: a set bit prints (black); PIL mode "1" with bit set is white, so invert.
                img = Image.frombytes("1", (xb * 8, yd), bytes(255 - x for x in raw))
                items.append(Item("raster", img))
                i += 8 + xb * yd
            elif cmd == b"(" and data[i + 2 : i + 3] == b"k":
                length = data[i + 3] | data[i + 4] << 8
                body = data[i + 5 : i + 5 + length]
                fn = body[1:2]
                if fn == b"C":
                    qr_size = body[2]
                elif fn == b"P":
                    qr_data = body[3:]
                elif fn == b"Q":
                    items.append(Item("qr", (qr_data.decode("utf-8"), qr_size)))
                i += 5 + length
            elif cmd == b"V":
                items.append(Item("cut"))
                i += 3 if data[i + 2] in (0, 1, 48, 49) else 4
            else:
                raise DecodeError(f"unknown GS command {cmd!r} at {i}")
        elif b == 0x0A:
            text.append(b)
            flush()
        elif b < 0x20:
            raise DecodeError(f"unexpected control byte {b:#04x} at {i}")
        else:
            text.append(b)
            i += 1
            continue
        if b == 0x0A:
            i += 1
    flush()
    return items


def _decode_text(raw: bytes, page: int) -> str:
    if page in (tcvn3.PAGE_LOWER, tcvn3.PAGE_CAPITALS):
        text = "".join(_TCVN3_DECODE.get(b, chr(b)) if b >= 0x80 else chr(b) for b in raw)
        return text.upper() if page == tcvn3.PAGE_CAPITALS else text
    return raw.decode("cp437")


def texts(items: list[Item]) -> list[str]:
    """The native text lines, without their line feeds."""
    return [str(i.value).rstrip("\n") for i in items if i.kind == "text" and str(i.value).strip()]


@functools.cache
def _drawing_font(bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), 40)


def _font_a(line: str, bold: bool, sx: int, sy: int, width: int) -> Image.Image:
    """A line of the printer's own Font A: every character in a cell of the same 12 x 24 dots (magnified by GS !),
    centred in it, as the printer sets them, not run together as a proportional font would."""
    font = _drawing_font(bold)  # read once: a preview draws every line of every ticket
    cells = Image.new("L", (len(line) * 36, 48), 255)  # drawn wide, then narrowed to the printer's tall cells
    pen = ImageDraw.Draw(cells)
    for i, char in enumerate(line):
        pen.text((i * 36 + 18, 24), char, font=font, fill=0, anchor="mm")
    return cells.resize((min(width, len(line) * 12 * sx), 24 * sy))


def draw(data: bytes, width: int) -> Image.Image:
    """The paper: every raster, text line and QR placed as the printer would, on a white strip."""
    pieces: list[tuple[Image.Image, int]] = []
    align = 0
    for item in decode(data):
        if item.kind == "align":
            align = int(item.value)
        elif item.kind == "raster":
            pieces.append((item.value.convert("L"), align))
        elif item.kind == "text":
            line = str(item.value).rstrip("\n")
            sx, sy = item.scale
            height = 24 * sy
            if not line:
                pieces.append((Image.new("L", (8, height), 255), align))
                continue
            pieces.append((_font_a(line, item.bold, sx, sy, width), align))
        elif item.kind == "qr":
            url, size = item.value
            qr = qrcode.QRCode(box_size=size, border=1)
            qr.add_data(url)
            qr.make(fit=True)
            pieces.append((qr.make_image().get_image().convert("L"), align))
        elif item.kind == "feed":
            pieces.append((Image.new("L", (8, 24 * int(item.value)), 255), align))
        elif item.kind == "cut":
            break
    height = sum(p.height for p, _ in pieces) + 16
    paper = Image.new("L", (width, height), 255)
    y = 8
    for piece, where in pieces:
        piece = piece if piece.width <= width else piece.crop((0, 0, width, piece.height))
        x = {0: 0, 1: (width - piece.width) // 2, 2: width - piece.width}.get(where, 0)
        paper.paste(piece, (x, y))
        y += piece.height
    return paper
