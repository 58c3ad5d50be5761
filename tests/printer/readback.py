"""Reading a printed ticket back: decode its ESC/POS bytes, OCR every raster line with Tesseract's Vietnamese
model at the printed size (203 dpi, one dot = one pixel), and take native text lines as the printer has them.

Tesseract comes from Debian (`tesseract-ocr tesseract-ocr-vie`, installed by `make system-deps`).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata

from PIL import Image, ImageOps

from printer.escpos_render import decode


def tesseract() -> str:
    """The tesseract command, with its Vietnamese model; a clear failure (never a skip) when absent."""
    path = shutil.which("tesseract")
    assert path, "tesseract is not installed: run `make system-deps` (Debian tesseract-ocr tesseract-ocr-vie)"
    langs = subprocess.run([path, "--list-langs"], capture_output=True, text=True, check=True).stdout.split()
    assert "vie" in langs, "Tesseract's Vietnamese model is missing: apt-get install tesseract-ocr-vie"
    return path


def ocr_line(image: Image.Image) -> str:
    """One printed line as Tesseract reads it, unscaled: a white margin around it, 203 dpi, single-line mode."""
    padded = ImageOps.expand(image.convert("L"), border=16, fill=255)
    png = io.BytesIO()
    padded.save(png, format="PNG", dpi=(203, 203))
    result = subprocess.run(
        [tesseract(), "stdin", "stdout", "-l", "vie", "--psm", "7", "--dpi", "203"],
        input=png.getvalue(),
        capture_output=True,
        check=True,
        timeout=60,
    )
    return unicodedata.normalize("NFC", result.stdout.decode("utf-8")).strip()


def read_back(data: bytes) -> list[str]:
    """Every printed line of a job, top to bottom: raster lines through OCR, native text as sent."""
    lines = []
    for item in decode(data):
        if item.kind == "raster":
            lines.append(ocr_line(item.value))
        elif item.kind == "text" and str(item.value).strip():
            lines.append(str(item.value).strip())
    return lines


def words(text: str) -> list[str]:
    """The words of a text (letters and digits), NFC: punctuation such as – or : is not a word."""
    return re.findall(r"\w+", unicodedata.normalize("NFC", text))
