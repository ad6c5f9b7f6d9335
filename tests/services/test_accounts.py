"""Passwords: Argon2id at the library's recommended cost, upgraded on login."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

from argon2 import PasswordHasher
from argon2 import Type
from sqlalchemy.orm import Session

from calendar_app.services import accounts

NOW = datetime(2026, 11, 23, tzinfo=UTC)


def test_production_hashing_uses_argon2id_at_owasp_cost() -> None:
    # The suite swaps in a cheap hasher (tests/conftest.py); production builds its own.
    default = PasswordHasher()
    assert default.type is Type.ID
    assert default.memory_cost >= 19 * 1024 and default.time_cost >= 2


def test_a_weak_hash_is_upgraded_at_the_next_login(session: Session) -> None:
    user = accounts.create_user(session, email="a@example.org", name="A", now=NOW,
                                password="correct horse battery")
    weak = user.password_hash
    strong = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    saved, accounts._hasher = accounts._hasher, strong
    try:
        assert accounts.check_password(user, "correct horse battery")
    finally:
        accounts._hasher = saved
    assert user.password_hash != weak
    assert "m=2048,t=2" in user.password_hash


def test_a_wrong_password_is_refused(session: Session) -> None:
    user = accounts.create_user(session, email="b@example.org", name="B", now=NOW,
                                password="correct horse battery")
    assert not accounts.check_password(user, "wrong horse battery")
