"""Errors a service raises for input it cannot accept.

The message is meant for the person who typed the input: the CLI prints it as one
line, the web shows it beside the form.
"""

from __future__ import annotations


class ServiceError(Exception):
    """A use case refused its input."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(ServiceError):
    """Something named in the input does not exist."""


class Conflict(ServiceError):
    """The input clashes with what exists (a taken e-mail address or slug)."""
