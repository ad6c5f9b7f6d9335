"""The city's logo, read from the design system's SVG into PDF paths."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from calendar_app.exports import logo
from calendar_app.exports.logo import LOGO_DIR
from calendar_app.exports.logo import LOGOS
from calendar_app.exports.logo import absolute
from calendar_app.exports.logo import draw_logo
from calendar_app.exports.logo import read_logo


def test_lines_and_closing_become_absolute_segments() -> None:
    assert absolute("M1 2h3v4H0z") == [("M", (1, 2)), ("L", (4, 2)), ("L", (4, 6)),
                                       ("L", (0, 6)), ("Z", ())]


def test_pairs_after_a_move_are_lines_and_relative_moves_start_at_the_last_point() -> None:
    assert absolute("m1 1 2 0Zm1 1l1-1") == [
        ("M", (1, 1)), ("L", (3, 1)), ("Z", ()), ("M", (2, 2)), ("L", (3, 1))]


def test_numbers_written_without_separators_are_split() -> None:
    assert absolute("M.5-.5l1.5.5") == [("M", (0.5, -0.5)), ("L", (2.0, 0.0))]


def test_a_smooth_curve_mirrors_the_previous_control_point() -> None:
    assert absolute("M0 0C1 0 2 1 2 2s1 2 2 2") == [
        ("M", (0, 0)), ("C", (1, 0, 2, 1, 2, 2)), ("C", (2, 3, 3, 4, 4, 4))]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_design_system_logos_are_read_with_their_proportions(language: str) -> None:
    (width, height), paths = read_logo(LOGO_DIR / LOGOS[language])
    assert round(width / height, 1) == 2.9
    assert [fill.upper() for fill, _segments in paths] == ["#EC0000", "#EC0000"]


def test_a_missing_logo_is_left_out_instead_of_failing_the_poster(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logo, "LOGO_DIR", tmp_path)
    canvas = Canvas(io.BytesIO())
    assert draw_logo(canvas, "nl", 0, 100, 40) == 0.0
