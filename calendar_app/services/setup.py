"""The one-time setup address that creates the first administrator in the browser.

`run` prints `/setup/<token>` while no administrator exists. Only the token's sha256
is kept (a file in the instance folder, so no schema change): whoever reads the folder
or a backup learns nothing they can use. The token works only while no administrator
exists, and it is removed once used, so the address is good for one administrator.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import User

TOKEN_FILE = "setup_token.sha256"


def has_admin(session: Session) -> bool:
    return session.scalar(select(User.id).where(User.is_admin).limit(1)) is not None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue_setup_token(instance_path: Path) -> str:
    """A fresh token (the previous one stops working); only its hash is written."""
    token = secrets.token_urlsafe(32)
    instance_path.mkdir(parents=True, exist_ok=True)
    path = instance_path / TOKEN_FILE
    path.write_text(_digest(token) + "\n", encoding="ascii")
    path.chmod(0o600)
    return token


def setup_token_valid(session: Session, instance_path: Path, token: str) -> bool:
    """Whether `token` is the issued one and no administrator exists yet."""
    path = instance_path / TOKEN_FILE
    try:
        stored = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    return hmac.compare_digest(stored, _digest(token)) and not has_admin(session)


def claim_setup_token(instance_path: Path) -> Path | None:
    """Take the token file away before creating the administrator; None if gone already.

    A rename is atomic, also between web workers: of two POSTs sent at the same moment
    (with two different addresses, so no unique e-mail stops the second) exactly one
    gets the file, and only one administrator is created this way.
    """
    claimed = instance_path / f"{TOKEN_FILE}.claimed-{secrets.token_hex(8)}"
    try:
        (instance_path / TOKEN_FILE).rename(claimed)
    except FileNotFoundError:
        return None
    return claimed


def release_setup_token(claimed: Path) -> None:
    """Put a claimed token back (creating the administrator was refused)."""
    claimed.rename(claimed.parent / TOKEN_FILE)


def retire_setup_token(claimed: Path) -> None:
    """Forget a claimed token, so its address stops working (it was used)."""
    claimed.unlink(missing_ok=True)
