"""The PDFs' type: Amsterdam Sans when `make fonts` has installed it, else Helvetica."""

from __future__ import annotations

import io
import logging
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from calendar_app.exports import fonts
from calendar_app.exports.fonts import BUILT_IN
from calendar_app.exports.fonts import FILES
from calendar_app.exports.fonts import pdf_fonts
from calendar_app.exports.poster import poster_pdf
from tests.exports.test_poster import LINKS
from tests.exports.test_poster import RAMADAN

INSTALLED = all((fonts.FONT_DIR / name).is_file() for name in FILES.values())


def _font_names(data: bytes) -> set[str]:
    page = PdfReader(io.BytesIO(data)).pages[0]
    resources = page["/Resources"]["/Font"]
    return {str(resources[name].get_object()["/BaseFont"]) for name in resources}


def _poster() -> bytes:
    return poster_pdf([RAMADAN], first=date(2026, 2, 1), last=date(2026, 2, 28),
                      title="Februari", **LINKS, language="nl", size="A4")


def test_without_the_font_files_the_pdfs_print_in_helvetica(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert pdf_fonts(tmp_path) == BUILT_IN
    monkeypatch.setattr(fonts, "FONT_DIR", tmp_path)
    assert {name.lstrip("/") for name in _font_names(_poster())} <= {
        "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"}


def test_a_damaged_font_file_falls_back_to_helvetica(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    for name in FILES.values():
        (tmp_path / name).write_bytes(b"not a font")
    logger = logging.getLogger(fonts.__name__)
    logger.addHandler(caplog.handler)  # the app's logging setup may stop propagation
    try:
        assert pdf_fonts(tmp_path) == BUILT_IN
    finally:
        logger.removeHandler(caplog.handler)
    assert "could not be read" in caplog.text


@pytest.mark.skipif(not INSTALLED, reason="Amsterdam Sans is not installed (make fonts)")
def test_with_amsterdam_sans_installed_the_poster_embeds_it() -> None:
    names = _font_names(_poster())
    assert any(name.endswith("+AmsterdamSans-Bold") for name in names), names
    assert any(name.endswith("+AmsterdamSans-Regular") for name in names), names
    assert not any("Helvetica" in name for name in names), names
