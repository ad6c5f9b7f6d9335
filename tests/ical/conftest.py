"""The ical.js fixture (`icaljs`) lives in tests/conftest.py, shared with the web tests."""

from tests.conftest import ParseJs  # noqa: F401  (re-exported for helpers)
