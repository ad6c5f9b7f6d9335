"""The city's logo on a PDF, drawn from the design system's own SVG file.

ReportLab cannot read SVG, and the logo is only filled paths (three crosses and the
word mark), so the few path commands it uses are translated here into canvas paths:
the printed logo stays vector, sharp at any size, and identical to the one on the
pages. A logo we cannot read is left out rather than drawn wrong.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

from reportlab.pdfgen.canvas import Canvas

LOGO_DIR = Path(__file__).resolve().parents[1] / "web" / "static" / "ads" / "assets" / "logo"
LOGOS = {"nl": "amsterdam-logo.svg", "en": "amsterdam-english-logo.svg"}
SVG = "{http://www.w3.org/2000/svg}"
TOKEN = re.compile(r"[MmLlHhVvCcSsZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
ARGUMENTS = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Z": 0}

Segment = tuple[str, tuple[float, ...]]


@lru_cache(maxsize=4)
def read_logo(path: Path) -> tuple[tuple[float, float], tuple[tuple[str, list[Segment]], ...]]:
    """(width, height) of the viewBox and, per path, its fill and absolute segments."""
    root = ElementTree.parse(path).getroot()
    _x, _y, width, height = (float(value) for value in root.attrib["viewBox"].split())
    paths = tuple((element.attrib.get("fill", "#000000"), absolute(element.attrib["d"]))
                  for element in root.iter(f"{SVG}path"))
    return (width, height), paths


def absolute(data: str) -> list[Segment]:
    """SVG path data as M, L, C and Z segments in absolute coordinates (y down)."""
    tokens = TOKEN.findall(data)
    segments: list[Segment] = []
    x = y = start_x = start_y = 0.0
    control: tuple[float, float] | None = None
    command, index = "M", 0
    while index < len(tokens):
        if tokens[index].isalpha():
            command, index = tokens[index], index + 1
        upper, relative = command.upper(), command.islower()
        count = ARGUMENTS[upper]
        values = [float(token) for token in tokens[index:index + count]]
        index += count
        dx, dy = (x, y) if relative else (0.0, 0.0)
        if upper == "Z":
            segments.append(("Z", ()))
            x, y, control = start_x, start_y, None
            continue
        if upper in "ML":
            x, y = values[0] + dx, values[1] + dy
            segments.append((upper, (x, y)))
            if upper == "M":
                start_x, start_y = x, y
                command = "l" if relative else "L"  # further pairs are lines
            control = None
        elif upper in "HV":
            x, y = (values[0] + dx, y) if upper == "H" else (x, values[0] + dy)
            segments.append(("L", (x, y)))
            control = None
        else:
            if upper == "S":  # the first control point mirrors the previous curve's last
                first = (2 * x - control[0], 2 * y - control[1]) if control else (x, y)
                values = [first[0] - dx, first[1] - dy, *values]
            points = [value + (dx if number % 2 == 0 else dy)
                      for number, value in enumerate(values)]
            segments.append(("C", tuple(points)))
            control = (points[2], points[3])
            x, y = points[4], points[5]
    return segments


def draw_logo(canvas: Canvas, language: str, x: float, top: float, height: float) -> float:
    """The logo with its top left corner at (x, top), `height` high; returns its width."""
    try:
        (width, view_height), paths = read_logo(LOGO_DIR / LOGOS[language])
    except (OSError, KeyError, ValueError, ElementTree.ParseError):
        return 0.0
    scale = height / view_height
    canvas.saveState()
    canvas.translate(x, top)
    canvas.scale(scale, -scale)  # SVG's y axis points down
    for fill, segments in paths:
        path = canvas.beginPath()
        for command, points in segments:
            if command == "M":
                path.moveTo(*points)
            elif command == "L":
                path.lineTo(*points)
            elif command == "C":
                path.curveTo(*points)
            else:
                path.close()
        canvas.setFillColor(fill)
        canvas.drawPath(path, stroke=0, fill=1, fillMode=1)  # nonzero, as in SVG
    canvas.restoreState()
    return width * scale
