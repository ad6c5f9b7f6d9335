"""The type of the PDFs: the city's Amsterdam Sans when it is installed, else Helvetica.

Amsterdam Sans is proprietary (Bold Monday, licensed to the city): `make fonts` copies
it from the design system's package into static/ads/font/, which git ignores. Only the
web fonts (WOFF2) are shipped, so they are unpacked to TrueType in memory (fontTools)
and embedded as subsets; a machine without them prints with ReportLab's built-in
Helvetica, which needs no file at all.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

#: Where `make fonts` puts Amsterdam Sans (read as files; the exports import no web code).
FONT_DIR = Path(__file__).resolve().parents[1] / "web" / "static" / "ads" / "font"
FAMILY = "AmsterdamSans"
FILES = {"regular": "AmsterdamSans-Regular.woff2", "bold": "AmsterdamSans-Bold.woff2",
         "italic": "AmsterdamSans-Italic.woff2", "bold_italic": "AmsterdamSans-BoldItalic.woff2"}
STYLES = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bold_italic": "-BoldItalic"}

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fonts:
    """The ReportLab font names to draw with."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


BUILT_IN = Fonts("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique")


def pdf_fonts(folder: Path | None = None) -> Fonts:
    """Amsterdam Sans from `folder` (FONT_DIR) when all its styles are there, else Helvetica."""
    return _load(folder or FONT_DIR)


@lru_cache(maxsize=4)
def _load(folder: Path) -> Fonts:
    """Registered once per process: unpacking the fonts takes a moment, a poster does not."""
    paths = {style: folder / name for style, name in FILES.items()}
    if not all(path.is_file() for path in paths.values()):
        return BUILT_IN
    # ReportLab's font registry is global: a name per folder keeps two folders apart.
    family = f"{FAMILY}-{hashlib.sha256(str(folder).encode()).hexdigest()[:8]}"
    names = {style: family + suffix for style, suffix in STYLES.items()}
    try:
        for style, path in paths.items():
            pdfmetrics.registerFont(TTFont(names[style], _truetype(path)))
    except Exception:  # a damaged or unexpected font file must not stop a poster
        log.warning("Amsterdam Sans in %s could not be read; printing with Helvetica",
                    folder, exc_info=True)
        return BUILT_IN
    for bold, italic, style in ((0, 0, "regular"), (1, 0, "bold"), (0, 1, "italic"),
                                (1, 1, "bold_italic")):
        addMapping(family, bold, italic, names[style])
    return Fonts(**names)


def _truetype(path: Path) -> io.BytesIO:
    """The WOFF2 file as plain TrueType, which is what ReportLab embeds."""
    from fontTools.ttLib import TTFont as FontFile

    font = FontFile(str(path))
    font.flavor = None
    buffer = io.BytesIO()
    font.save(buffer)
    buffer.seek(0)
    buffer.name = path.with_suffix(".ttf").name  # type: ignore[attr-defined]
    return buffer
