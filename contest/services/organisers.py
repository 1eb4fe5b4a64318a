"""Organiser accounts and their API tokens."""
from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from contest.errors import N_, DomainError
from contest.extensions import db
from contest.models import ApiToken, Organiser


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_organiser(name: str, password: str) -> Organiser:
    name = name.strip()
    if not name or len(password) < 8:
        raise DomainError("bad_payload", N_("Tên không được trống, mật khẩu tối thiểu 8 ký tự."))
    if db.session.scalar(sa.select(Organiser).where(Organiser.name == name)):
        raise DomainError("conflict", N_("Đã có người tổ chức tên “%(name)s”.", name=name))
    organiser = Organiser(name=name)
    organiser.set_password(password)
    db.session.add(organiser)
    db.session.commit()
    return organiser


def find_organiser(name: str) -> Organiser:
    organiser = db.session.scalar(sa.select(Organiser).where(Organiser.name == name.strip()))
    if organiser is None:
        raise DomainError("not_found", N_("Không có người tổ chức “%(name)s”.", name=name))
    return organiser


def authenticate(name: str, password: str) -> Organiser | None:
    organiser = db.session.scalar(sa.select(Organiser).where(Organiser.name == name.strip()))
    if organiser is None or not organiser.check_password(password):
        return None
    return organiser


def issue_token(organiser_id: int, label: str | None = None) -> str:
    """A new bearer token; only its hash is stored, so it is shown this once."""
    token = "ct_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(organiser_id=organiser_id, token_hash=_hash_token(token), label=label))
    db.session.commit()
    return token


def organiser_for_token(token: str) -> Organiser | None:
    row = db.session.scalar(
        sa.select(ApiToken).where(ApiToken.token_hash == _hash_token(token), ApiToken.revoked.is_(False))
    )
    return row.organiser if row else None


def revoke_tokens(organiser_id: int) -> int:
    result = db.session.execute(
        sa.update(ApiToken).where(ApiToken.organiser_id == organiser_id).values(revoked=True)
    )
    db.session.commit()
    return result.rowcount


CONSOLE_SALT = "host-console"
CONSOLE_MAX_AGE = 12 * 3600


def make_console_token(secret_key: str, organiser_id: int) -> str:
    """A short-lived credential for the console page's /host socket (no API token in a page)."""
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(secret_key, salt=CONSOLE_SALT).dumps(organiser_id)


def organiser_for_console_token(secret_key: str, token: str) -> Organiser | None:
    from itsdangerous import BadSignature, URLSafeTimedSerializer

    try:
        organiser_id = URLSafeTimedSerializer(secret_key, salt=CONSOLE_SALT).loads(
            token, max_age=CONSOLE_MAX_AGE)
    except BadSignature:
        return None
    return db.session.get(Organiser, organiser_id) if isinstance(organiser_id, int) else None
