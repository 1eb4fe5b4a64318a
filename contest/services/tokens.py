"""Credentials of organisers besides the password: API tokens, sign-in sessions, and the
console token that the console page hands to its /host socket.

An API token is kept only as its SHA-256; it may expire, is listed with its last use,
and can be revoked. A console token names a sign-in session: logging out (or disabling
the account) ends the session, and the console token with it.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from itsdangerous import BadSignature, URLSafeTimedSerializer

from contest.errors import N_, DomainError
from contest.extensions import db
from contest.models import ApiToken, LoginSession, Organiser
from contest.services.clock import now_ms

DAY_MS = 24 * 3600 * 1000
MAX_TOKEN_DAYS = 3650
LAST_USE_EVERY_MS = 60_000  # a token used every second is written down once a minute
CONSOLE_SALT = "host-console"
CONSOLE_MAX_AGE = 12 * 3600


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# API tokens --------------------------------------------------------------------------------

def issue_token(organiser_id: int, label: str | None = None, days: int | None = None,
                now: int | None = None) -> str:
    """A new bearer token, valid ``days`` days (None or 0: until revoked); only its hash is
    stored, so it is shown this once."""
    if days is not None and (isinstance(days, bool) or not isinstance(days, int)
                             or not 0 <= days <= MAX_TOKEN_DAYS):
        raise DomainError("bad_payload", N_("Số ngày hiệu lực cần từ 0 đến %(max)d.", max=MAX_TOKEN_DAYS),
                          field="days")
    token = "ct_" + secrets.token_urlsafe(32)
    expires = (now or _now()) + days * DAY_MS if days else None
    db.session.add(ApiToken(organiser_id=organiser_id, token_hash=_hash(token),
                            label=(label or "")[:100] or None, expires_ms=expires))
    db.session.commit()
    return token


def organiser_for_token(token: str, now: int | None = None) -> Organiser | None:
    """The active organiser of a genuine, unrevoked, unexpired token (its last use noted)."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    row = db.session.scalar(sa.select(ApiToken).where(
        ApiToken.token_hash == _hash(token), ApiToken.revoked.is_(False)))
    now = now or _now()
    if row is None or (row.expires_ms is not None and row.expires_ms <= now) or not row.organiser.active:
        return None
    if row.last_used_ms is None or now - row.last_used_ms >= LAST_USE_EVERY_MS:
        row.last_used_ms = now
        db.session.commit()
    return row.organiser


def list_tokens(organiser_id: int, now: int | None = None) -> list[dict]:
    now = now or _now()
    rows = db.session.scalars(sa.select(ApiToken).where(ApiToken.organiser_id == organiser_id)
                              .order_by(ApiToken.id.desc()))
    return [{"token_id": t.id, "label": t.label, "created_ms": _ms(t.created_at),
             "expires_ms": t.expires_ms, "last_used_ms": t.last_used_ms, "revoked": t.revoked,
             "expired": t.expires_ms is not None and t.expires_ms <= now} for t in rows]


def revoke_token(organiser_id: int, token_id: int) -> None:
    """One token of this organiser; another organiser's token is not_found."""
    row = db.session.get(ApiToken, token_id) if isinstance(token_id, int) else None
    if row is None or row.organiser_id != organiser_id:
        raise DomainError("not_found", N_("Không có mã truy cập này."))
    row.revoked = True
    db.session.commit()


def revoke_tokens(organiser_id: int) -> int:
    result = db.session.execute(
        sa.update(ApiToken).where(ApiToken.organiser_id == organiser_id, ApiToken.revoked.is_(False))
        .values(revoked=True))
    db.session.commit()
    return result.rowcount


# sign-in sessions and the console token ------------------------------------------------------

def start_session(organiser_id: int, address: str | None = None) -> str:
    """A new sign-in; its secret goes into the signed session cookie."""
    secret = secrets.token_urlsafe(32)
    db.session.add(LoginSession(organiser_id=organiser_id, secret_hash=_hash(secret),
                                address=(address or "")[:64] or None, started_ms=_now()))
    db.session.commit()
    return secret


def session_of(secret: object) -> LoginSession | None:
    """The open sign-in session of this secret, if its organiser is still active."""
    if not isinstance(secret, str) or not secret or len(secret) > 100:
        return None
    row = db.session.scalar(sa.select(LoginSession).where(
        LoginSession.secret_hash == _hash(secret), LoginSession.ended_ms.is_(None)))
    if row is None or not _active(row.organiser_id):
        return None
    return row


def end_session(secret: object) -> None:
    row = session_of(secret)
    if row is not None:
        row.ended_ms = _now()
        db.session.commit()


def end_sessions(organiser_id: int) -> None:
    db.session.execute(sa.update(LoginSession).where(
        LoginSession.organiser_id == organiser_id, LoginSession.ended_ms.is_(None))
        .values(ended_ms=_now()))
    db.session.commit()


def make_console_token(secret_key: str, session: LoginSession) -> str:
    """The console page's credential for its /host socket: valid while the sign-in lasts."""
    return URLSafeTimedSerializer(secret_key, salt=CONSOLE_SALT).dumps(
        {"o": session.organiser_id, "s": session.id})


def organiser_for_console_token(secret_key: str, token: str) -> Organiser | None:
    try:
        data = URLSafeTimedSerializer(secret_key, salt=CONSOLE_SALT).loads(token, max_age=CONSOLE_MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        return None
    row = db.session.get(LoginSession, data["s"])
    if row is None or row.ended_ms is not None or row.organiser_id != data.get("o"):
        return None
    return _active(row.organiser_id)


def _active(organiser_id: int) -> Organiser | None:
    organiser = db.session.get(Organiser, organiser_id)
    return organiser if organiser is not None and organiser.active else None


def _now() -> int:
    return now_ms()


def _ms(moment: datetime | None) -> int | None:
    """Stored as UTC; SQLite gives it back without its zone."""
    if moment is None:
        return None
    return int((moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp() * 1000)
