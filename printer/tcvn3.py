"""Unicode → TCVN-3 (VN3, the "ABC" font encoding) for printers whose code page 30 is verified to be TCVN-3.

Only the VN3 half (0xA0–0xFF) is used: lowercase letters with their tones and the seven base capitals.
Capitals carrying a tone mark exist only in the capitals page (ESC t 31), where the same bytes print
the capital forms; so a line written wholly in capitals is sent on that page, lower-cased. In a mixed
line a toned capital falls back to its lowercase form. Raster printing (the default) has none of these
limits; this mode exists for printers too slow for images.
"""

from __future__ import annotations

import unicodedata

# byte: character, for 0xA1..0xFE (TCVN 5712:1993, VN3).
_VN3 = {
    0xA1: "Ă",
    0xA2: "Â",
    0xA3: "Ê",
    0xA4: "Ô",
    0xA5: "Ơ",
    0xA6: "Ư",
    0xA7: "Đ",
    0xA8: "ă",
    0xA9: "â",
    0xAA: "ê",
    0xAB: "ô",
    0xAC: "ơ",
    0xAD: "ư",
    0xAE: "đ",
    0xB5: "à",
    0xB6: "ả",
    0xB7: "ã",
    0xB8: "á",
    0xB9: "ạ",
    0xBB: "ằ",
    0xBC: "ẳ",
    0xBD: "ẵ",
    0xBE: "ắ",
    0xC6: "ặ",
    0xC7: "ầ",
    0xC8: "ẩ",
    0xC9: "ẫ",
    0xCA: "ấ",
    0xCB: "ậ",
    0xCC: "è",
    0xCE: "ẻ",
    0xCF: "ẽ",
    0xD0: "é",
    0xD1: "ẹ",
    0xD2: "ề",
    0xD3: "ể",
    0xD4: "ễ",
    0xD5: "ế",
    0xD6: "ệ",
    0xD7: "ì",
    0xD8: "ỉ",
    0xDC: "ĩ",
    0xDD: "í",
    0xDE: "ị",
    0xDF: "ò",
    0xE1: "ỏ",
    0xE2: "õ",
    0xE3: "ó",
    0xE4: "ọ",
    0xE5: "ồ",
    0xE6: "ổ",
    0xE7: "ỗ",
    0xE8: "ố",
    0xE9: "ộ",
    0xEA: "ờ",
    0xEB: "ở",
    0xEC: "ỡ",
    0xED: "ớ",
    0xEE: "ợ",
    0xEF: "ù",
    0xF1: "ủ",
    0xF2: "ũ",
    0xF3: "ú",
    0xF4: "ụ",
    0xF5: "ừ",
    0xF6: "ử",
    0xF7: "ữ",
    0xF8: "ứ",
    0xF9: "ự",
    0xFA: "ỳ",
    0xFB: "ỷ",
    0xFC: "ỹ",
    0xFD: "ý",
    0xFE: "ỵ",
}
_ENCODE = {char: byte for byte, char in _VN3.items()}
_PUNCTUATION = {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "\u00a0": " "}
PAGE_LOWER = 30
PAGE_CAPITALS = 31


def encode_line(text: str) -> tuple[int, bytes]:
    """The code page (30 or 31) and bytes for one line of Vietnamese text."""
    text = unicodedata.normalize("NFC", "".join(_PUNCTUATION.get(c, c) for c in text))
    if any(c.isalpha() for c in text) and text == text.upper():
        return PAGE_CAPITALS, _encode(text.lower())
    return PAGE_LOWER, _encode(text)


def _encode(text: str) -> bytes:
    out = bytearray()
    for char in text:
        if ord(char) < 0x80:
            out.append(ord(char))
        elif char in _ENCODE:
            out.append(_ENCODE[char])
        elif char.lower() in _ENCODE:
            out.append(_ENCODE[char.lower()])
        else:
            base = unicodedata.normalize("NFD", char)[0]
            out.append(ord(base) if ord(base) < 0x80 else ord("?"))
    return bytes(out)
