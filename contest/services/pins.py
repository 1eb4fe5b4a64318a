"""The PIN of a roster official: made, stored as a salted hash, checked in constant time.

A PIN of a few digits is no secret against someone holding the database: the hash keeps
it out of plain sight in dumps and backups; what stops guessing is the attempt limit of
the join (`participants.py`).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

PIN_LENGTH = 6
SCHEME = "sha256"
_DUMMY = f"{SCHEME}${'0' * 32}${'0' * 64}"  # checked when there is no PIN, for equal timing


def new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_LENGTH))


def hash_pin(pin: str) -> str:
    salt = secrets.token_hex(16)
    return f"{SCHEME}${salt}${_digest(salt, pin)}"


def check_pin(stored: str | None, pin: object) -> bool:
    """True when ``pin`` is the one stored; the same work whether or not one is stored."""
    scheme, salt, digest = (stored or _DUMMY).split("$")
    given = pin if isinstance(pin, str) and len(pin) <= 20 else ""
    same = hmac.compare_digest(_digest(salt, given.strip()), digest)
    return same and stored is not None and scheme == SCHEME and bool(given.strip())


def _digest(salt: str, pin: str) -> str:
    return hashlib.sha256(f"{salt}:{pin}".encode()).hexdigest()
