"""Diversiteitskalender: the diversity calendar of the inclusion workgroups.

This package imports nothing on purpose, so the scheduler and the CLI can load
the domain core without building the Flask application.
"""

__version__ = "0.1.0"
